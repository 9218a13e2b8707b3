from django.urls import path

from arrears.messaging import views, webhooks

app_name = "messaging"
urlpatterns = [
    path("messages/", views.overview, name="overview"),
    path("messages/campaign/", views.campaign, name="campaign"),
    path("messages/letters/<str:day>/", views.print_file, name="print_file"),
    path("cases/<uuid:public_id>/messages/", views.case_panel, name="case_panel"),
    path("cases/<uuid:public_id>/messages/preview/", views.preview, name="preview"),
    path("cases/<uuid:public_id>/messages/send/", views.send, name="send"),
    path("cases/<uuid:public_id>/messages/<uuid:message_id>/cancel/", views.cancel, name="cancel"),
    path("webhooks/sms/aliyun/<str:token>/report/", webhooks.aliyun_report, name="aliyun_report"),
    path("webhooks/sms/aliyun/<str:token>/reply/", webhooks.aliyun_reply, name="aliyun_reply"),
]
