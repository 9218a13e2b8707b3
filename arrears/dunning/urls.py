from django.urls import path

from arrears.dunning import views

app_name = "dunning"
urlpatterns = [
    path("team/credit-holds/", views.hold_list, name="holds"),
    path("customers/<uuid:customer_id>/credit-hold/", views.propose, name="propose"),
    path("customers/<uuid:customer_id>/statement/", views.statement, name="statement"),
    path("customers/<uuid:customer_id>/statement-schedule/", views.schedule, name="schedule"),
    path("credit-holds/<uuid:hold_id>/decide/", views.decide, name="decide"),
    path("credit-holds/<uuid:hold_id>/release/", views.release, name="release"),
    path("credit-holds/<uuid:hold_id>/withdraw/", views.withdraw, name="withdraw"),
]
