"""The customer's dunning panel on the case page, credit holds, statements of account.

The panel is an include of the case page (dunning/_case_panel.html, filled by the
`dunning_panel` tag), so the case view itself is unchanged. Every POST goes through an
action of holds.py or statements.py and comes back to the page it came from.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.dunning import holds, statements
from arrears.dunning.access import get_customer_for_user, may_decide, visible_holds
from arrears.dunning.forms import (
    DecideHoldForm,
    ProposeHoldForm,
    ReleaseHoldForm,
    ScheduleForm,
    StatementForm,
)
from arrears.dunning.models import CreditHold, StatementSchedule
from arrears.dunning.panel import value_note


def _back(request: HttpRequest, fallback: str = "dunning:holds") -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _errors(request: HttpRequest, form: object) -> None:
    for errors in form.errors.values():  # type: ignore[attr-defined]
        for error in errors:
            messages.error(request, error)


def _done(request: HttpRequest, work: object, success: str) -> None:
    try:
        work()  # type: ignore[operator]
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


@login_required
def hold_list(request: HttpRequest) -> HttpResponse:
    """The leads' page: holds waiting for a decision, and those in force."""
    if not may_decide(request.user):
        raise PermissionDenied
    scope = visible_holds(request.user).select_related("debtor", "proposed_by", "decided_by")
    proposed = list(scope.filter(status=CreditHold.Status.PROPOSED).order_by("proposed_at"))
    active = list(scope.filter(status=CreditHold.Status.ACTIVE).order_by("-decided_at"))
    for hold in proposed + active:
        hold.value_note = value_note(hold.debtor)  # type: ignore[attr-defined]
    return render(request, "dunning/holds.html", {"proposed": proposed, "active": active})


@login_required
@require_POST
def propose(request: HttpRequest, customer_id: str) -> HttpResponse:
    debtor = get_customer_for_user(request.user, customer_id)
    form = ProposeHoldForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _back(request)
    _done(
        request,
        lambda: holds.propose_hold(debtor, request.user, form.cleaned_data["reason"]),
        _("Credit hold proposed; a lead decides it."),
    )
    return _back(request)


def _hold_for(request: HttpRequest, hold_id: str) -> CreditHold:
    return get_object_or_404(visible_holds(request.user), public_id=hold_id)


@login_required
@require_POST
def decide(request: HttpRequest, hold_id: str) -> HttpResponse:
    hold = _hold_for(request, hold_id)
    form = DecideHoldForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _back(request)
    approve = form.cleaned_data["decision"] == "approve"
    _done(
        request,
        lambda: holds.decide_hold(hold, request.user, approve=approve, note=form.cleaned_data["note"]),
        _("Credit hold approved: supply is stopped.") if approve else _("Credit hold rejected."),
    )
    return _back(request)


@login_required
@require_POST
def release(request: HttpRequest, hold_id: str) -> HttpResponse:
    hold = _hold_for(request, hold_id)
    form = ReleaseHoldForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _back(request)
    _done(
        request,
        lambda: holds.release_hold(hold, request.user, form.cleaned_data["note"]),
        _("Credit hold released."),
    )
    return _back(request)


@login_required
@require_POST
def withdraw(request: HttpRequest, hold_id: str) -> HttpResponse:
    hold = _hold_for(request, hold_id)
    _done(request, lambda: holds.withdraw_hold(hold, request.user), _("Proposal withdrawn."))
    return _back(request)


@login_required
@require_POST
def statement(request: HttpRequest, customer_id: str) -> HttpResponse:
    """Download the customer's statement of account, or email it (through the gate)."""
    debtor = get_customer_for_user(request.user, customer_id)
    form = StatementForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _back(request)
    language = form.cleaned_data["language"]
    if form.cleaned_data["send"] == "email":
        _done(
            request,
            lambda: statements.email_statement(debtor, request.user, language=language),
            _("Statement of account queued by email."),
        )
        return _back(request)
    issued = statements.issue_statement(debtor, request.user, language=language)
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="statement-{debtor.external_id}-{issued.statement.on}.pdf"'
    )
    response["X-Statement-SHA256"] = issued.statement.sha256
    return response


@login_required
@require_POST
def schedule(request: HttpRequest, customer_id: str) -> HttpResponse:
    debtor = get_customer_for_user(request.user, customer_id)
    if not holds.may_propose(request.user):
        raise PermissionDenied
    row = StatementSchedule.objects.filter(debtor=debtor).first() or StatementSchedule(debtor=debtor)
    form = ScheduleForm(request.POST, instance=row)
    if form.is_valid():
        form.save()
        messages.success(request, _("Statement schedule saved."))
    else:
        _errors(request, form)
    return _back(request)
