from django.urls import path

from arrears.cases import views
from arrears.cases.views import customer

app_name = "cases"
urlpatterns = [
    path("work/", views.queue, name="queue"),
    path("team/", views.team, name="team"),
    path("team/recommendations/", views.decide_group, name="decide_recommendations"),
    path("team/reassign/", views.reassign, name="reassign"),
    path("team/rebalance/", views.rebalance, name="rebalance"),
    path("team/absences/", views.add_absence, name="add_absence"),
    path("team/absences/<int:pk>/delete/", views.remove_absence, name="remove_absence"),
    path("team/reminders/", views.reminders, name="reminders"),
    path("team/approvals/", views.approvals, name="approvals"),
    path("team/approvals/<uuid:request_id>/decide/", views.decide_approval, name="decide_approval"),
    path("team/care-holds/<uuid:hold_id>/review/", views.review_care_hold, name="review_care_hold"),
    path("cases/<uuid:public_id>/", views.case_page, name="case"),
    path("cases/<uuid:public_id>/contact/", views.log_contact, name="log_contact"),
    path("cases/<uuid:public_id>/promise/", views.make_promise, name="promise"),
    path("cases/<uuid:public_id>/plan/", views.make_plan, name="plan"),
    path("cases/<uuid:public_id>/tasks/<uuid:task_id>/done/", views.task_done, name="task_done"),
    path("cases/<uuid:public_id>/contact-points/", views.add_contact_point, name="add_contact_point"),
    path(
        "cases/<uuid:public_id>/contact-points/<uuid:point_id>/mark/",
        views.mark_contact_point,
        name="mark_point",
    ),
    path("cases/<uuid:public_id>/contact-points/<uuid:point_id>/unmask/", views.unmask, name="unmask"),
    path("cases/<uuid:public_id>/visits/", views.plan_visit, name="plan_visit"),
    path("cases/<uuid:public_id>/visits/<uuid:visit_id>/", views.record_visit, name="record_visit"),
    path("cases/<uuid:public_id>/dispute/", views.open_dispute, name="dispute"),
    path("cases/<uuid:public_id>/preference/", views.record_preference, name="preference"),
    path("cases/<uuid:public_id>/note/", views.add_note, name="note"),
    path("cases/<uuid:public_id>/close/", views.close_case, name="close"),
    path("cases/<uuid:public_id>/stage/", views.move_stage, name="stage"),
    path(
        "cases/<uuid:public_id>/requests/<slug:kind>/", views.request_approval, name="request_approval"
    ),
    path(
        "cases/<uuid:public_id>/requests/<uuid:request_id>/withdraw/",
        views.withdraw_approval,
        name="withdraw_approval",
    ),
    path("cases/<uuid:public_id>/care-hold/", views.raise_care_hold, name="care_hold"),
    path("cases/<uuid:public_id>/assist/", views.assist, name="assist"),
    path("cases/<uuid:public_id>/assist/log/", views.assist_log, name="assist_log"),
    path("cases/<uuid:public_id>/assist/script/", views.assist_script, name="assist_script"),
    path("cases/<uuid:public_id>/customer/payment-sent/", customer.payment_sent, name="payment_sent"),
    path("cases/<uuid:public_id>/customer/dispute/", customer.invoice_disputed, name="invoice_disputed"),
]
