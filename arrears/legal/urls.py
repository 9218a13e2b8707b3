from django.urls import path

from arrears.legal import views

app_name = "legal"
urlpatterns = [
    path("", views.matters, name="matters"),
    path("matters/<uuid:public_id>/", views.matter, name="matter"),
    path("cases/<uuid:public_id>/refer/", views.refer, name="refer"),
    path("cases/<uuid:public_id>/exhibits/", views.attach, name="attach"),
    path("cases/<uuid:public_id>/demand/", views.demand, name="demand"),
    path("referrals/<uuid:public_id>/decide/", views.decide, name="decide"),
    path("referrals/<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
]
