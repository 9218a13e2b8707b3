from django.urls import path

from arrears.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("accounts/<uuid:public_id>/", views.account_detail, name="account"),
]
