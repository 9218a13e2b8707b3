from django.urls import path

from arrears.recovery import views

app_name = "recovery"
urlpatterns = [
    path("cases/<uuid:public_id>/dossier/", views.dossier, name="dossier"),
]
