"""Promises to pay and payment plans from the case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.models import Case
from arrears.cases.views.common import _date, _decimal, _post_action


@login_required
@require_POST
def make_promise(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        amount = _decimal(request.POST.get("amount"))
        due_on = _date(request.POST.get("due_on"))
        if amount is None or due_on is None:
            raise ValidationError(_("A promise to pay needs an amount and a date."))
        actions.make_promise(
            case,
            request.user,
            amount=amount,
            due_on=due_on,
            channel=request.POST.get("channel", ""),
            note=request.POST.get("note", ""),
        )
        return _("Promise recorded.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def make_plan(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        rows = []
        for due, amount in zip(request.POST.getlist("due_on"), request.POST.getlist("amount"), strict=False):
            if not due and not amount:
                continue
            d, a = _date(due), _decimal(amount)
            if d is None or a is None:
                raise ValidationError(_("Every instalment needs a date and an amount."))
            rows.append((d, a))
        actions.make_plan(case, request.user, rows, note=request.POST.get("note", ""))
        return _("Payment plan recorded.")

    return _post_action(request, public_id, work)
