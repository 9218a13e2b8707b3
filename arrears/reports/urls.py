from django.urls import path

from arrears.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>/", views.dashboard, name="dashboard"),
    path("<slug:name>/subscribe/", views.subscribe, name="subscribe"),
    path("subscriptions/<int:pk>/stop/", views.unsubscribe, name="unsubscribe"),
    path("<slug:name>/<slug:key>.<str:fmt>", views.export, name="export"),
]
