"""Field visits from the case page: plan, then record."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.models import Case, Visit
from arrears.cases.views.common import _decimal, _local_datetime, _post_action
from arrears.contacts.models import ContactPoint


@login_required
@require_POST
def plan_visit(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        address = (
            ContactPoint.objects.filter(public_id=request.POST.get("address", ""), person__debtor=case.debtor)
            .select_related("person")
            .first()
        )
        if address is None:
            raise ValidationError(_("Choose one of the debtor's addresses."))
        planned_at = _local_datetime(request.POST.get("planned_at"))
        if planned_at is None:
            raise ValidationError(_("Say when the visit is."))
        staff = list(
            get_user_model().objects.filter(
                pk__in=[int(s) for s in request.POST.getlist("staff") if s.isdigit()]
            )
        )
        actions.plan_visit(case, request.user, address=address, planned_at=planned_at, staff=staff)
        return _("Visit planned.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def record_visit(request: HttpRequest, public_id: str, visit_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        visit = get_object_or_404(Visit, public_id=visit_id, case=case)
        actions.record_visit(
            visit,
            request.user,
            status=request.POST.get("status", ""),
            occurred_at=_local_datetime(request.POST.get("occurred_at")) or timezone.now(),
            note=request.POST.get("note", ""),
            latitude=_decimal(request.POST.get("latitude")),
            longitude=_decimal(request.POST.get("longitude")),
        )
        return _("Visit recorded.")

    return _post_action(request, public_id, work)
