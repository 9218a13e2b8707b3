from django.urls import path

from arrears.compliance import views

app_name = "compliance"

urlpatterns = [
    path("policy/", views.policy_index, name="policies"),
    path("policy/<str:profile>/", views.policy_page, name="policy"),
    path("policy/<str:profile>/propose/", views.propose_page, name="propose"),
    path("proposals/<uuid:public_id>/decide/", views.proposal_decide, name="proposal_decide"),
    path("check/", views.check_page, name="check"),
    path("decisions/", views.decision_list, name="decisions"),
    path("review/", views.review_list, name="review"),
    path("review/<int:pk>/decide/", views.review_decide, name="review_decide"),
]
