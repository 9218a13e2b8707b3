from django.urls import path

from arrears.compliance import views

app_name = "compliance"

urlpatterns = [
    path("check/", views.check_page, name="check"),
    path("decisions/", views.decision_list, name="decisions"),
    path("review/", views.review_list, name="review"),
    path("review/<int:pk>/decide/", views.review_decide, name="review_decide"),
]
