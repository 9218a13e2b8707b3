"""Field visits from the case page: plan, then record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.access import get_case_for_user, require_in_house
from arrears.cases.forms import VisitPlanForm, VisitRecordForm
from arrears.cases.models import Case, Visit
from arrears.cases.views.common import _post_action


@login_required
@require_POST
def plan_visit(request: HttpRequest, public_id: str) -> HttpResponse:
    get_case_for_user(request.user, public_id)  # 404 outside the user's scope first
    require_in_house(request.user)
    def work(case: Case, form: VisitPlanForm) -> str:
        data = form.cleaned_data
        actions.plan_visit(
            case,
            request.user,
            address=data["address"],
            planned_at=data["planned_at"],
            staff=list(data["staff"]),
        )
        return _("Visit planned.")

    return _post_action(request, public_id, work, VisitPlanForm)


@login_required
@require_POST
def record_visit(request: HttpRequest, public_id: str, visit_id: str) -> HttpResponse:
    get_case_for_user(request.user, public_id)  # 404 outside the user's scope first
    require_in_house(request.user)
    def work(case: Case, form: VisitRecordForm) -> str:
        visit = get_object_or_404(Visit, public_id=visit_id, case=case)
        data = form.cleaned_data
        actions.record_visit(
            visit,
            request.user,
            status=data["status"],
            occurred_at=data["occurred_at"] or timezone.now(),
            note=data["note"],
            latitude=data["latitude"],
            longitude=data["longitude"],
        )
        return _("Visit recorded.")

    return _post_action(request, public_id, work, VisitRecordForm)
