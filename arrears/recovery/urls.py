from django.urls import path

from arrears.recovery import views

app_name = "recovery"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_placement, name="new"),
    path("league/", views.league_page, name="league"),
    path("league/<slug:per>/<slug:fmt>/", views.league_file, name="league_file"),
    path("batches/<uuid:public_id>/", views.batch_page, name="batch"),
    path("batches/<uuid:public_id>/files/<slug:kind>/<slug:fmt>/", views.batch_file, name="batch_file"),
    path("batches/<uuid:public_id>/recall/", views.recall_batch, name="recall_batch"),
    path("batches/<uuid:public_id>/cases/<uuid:case_id>/recall/", views.recall_one, name="recall_one"),
    path("cases/<uuid:public_id>/notice/", views.notice, name="notice"),
    path("<slug:code>/statement/", views.statement_page, name="statement"),
    path("<slug:code>/statement/<slug:fmt>/", views.statement_file, name="statement_file"),
]
