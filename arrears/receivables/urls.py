from django.urls import path

from arrears.receivables import views

app_name = "receivables"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:key>.<str:fmt>", views.export, name="export"),
]
