from django.urls import path

from arrears.recovery import views

app_name = "recovery"
urlpatterns = [
    path("cases/<uuid:public_id>/dossier/", views.dossier, name="dossier"),
    path("cases/<uuid:public_id>/limitation/", views.limitation_fact, name="limitation_fact"),
    path("team/limitation/", views.limitation_list, name="limitation"),
    path("agencies/", views.index, name="index"),
    path("agencies/new/", views.new_placement, name="new"),
    path("agencies/league/", views.league_page, name="league"),
    path("agencies/league/<slug:per>/<slug:fmt>/", views.league_file, name="league_file"),
    path("agencies/batches/<uuid:public_id>/", views.batch_page, name="batch"),
    path(
        "agencies/batches/<uuid:public_id>/files/<slug:kind>/<slug:fmt>/", views.batch_file, name="batch_file"
    ),
    path("agencies/batches/<uuid:public_id>/recall/", views.recall_batch, name="recall_batch"),
    path(
        "agencies/batches/<uuid:public_id>/cases/<uuid:case_id>/recall/", views.recall_one, name="recall_one"
    ),
    path("agencies/cases/<uuid:public_id>/notice/", views.notice, name="notice"),
    path("agencies/<slug:code>/statement/", views.statement_page, name="statement"),
    path("agencies/<slug:code>/statement/<slug:fmt>/", views.statement_file, name="statement_file"),
]
