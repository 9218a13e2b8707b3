from django.urls import path

from arrears.recovery import views

app_name = "recovery"
urlpatterns = [
    path("cases/<uuid:public_id>/dossier/", views.dossier, name="dossier"),
    path("cases/<uuid:public_id>/limitation/", views.limitation_fact, name="limitation_fact"),
    path("team/limitation/", views.limitation_list, name="limitation"),
]
