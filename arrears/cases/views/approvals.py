"""Approvals and care holds: requests and holds raised from the case page, and the
approvals page where team leads and managers decide requests within their limits and
review care holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arrears.cases import actions, authority
from arrears.cases.access import (
    get_case_for_user,
    is_approver,
    require_change,
    require_in_house,
    require_lead,
    team_ids,
    visible_cases,
)
from arrears.cases.actions.approvals import measure, refusal_message
from arrears.cases.control_forms import (
    CareHoldForm,
    CloseSettledForm,
    ControlForm,
    DecisionForm,
    ReopenForm,
    ReviewForm,
    SettlementForm,
    WriteOffForm,
)
from arrears.cases.control_models import limits_by_role
from arrears.cases.models import ApprovalRequest, CareHold, Case
from arrears.cases.views.common import _htmx_target, _render_case
from arrears.core.models import Role
from arrears.portfolio.models import Creditor

RequestKind = ApprovalRequest.Kind

REQUEST_FORMS: dict[str, type[ControlForm]] = {
    RequestKind.WRITE_OFF: WriteOffForm,
    RequestKind.SETTLEMENT: SettlementForm,
    RequestKind.CLOSE_SETTLED: CloseSettledForm,
    RequestKind.REOPEN: ReopenForm,
}


def form_error(form: Any) -> str:
    """The line at the top of the page; each field also shows its own error."""
    lines = []
    for name, errors in form.errors.items():
        label = "" if name == NON_FIELD_ERRORS else str(form.fields[name].label or "")
        lines.append(f"{label}{': ' if label else ''}{' '.join(str(e) for e in errors)}")
    return " ".join(lines)


def case_form_post(
    request: HttpRequest, public_id: str, form_class: type[ControlForm], work: Callable[[Case, Any], str]
) -> HttpResponse:
    """A POST of the case page through a form: 404 outside the user's scope, 403 for a
    read-only role, the field errors on the page (400 without HTMX) and nothing written
    unless the form is valid; the action's refusals also come back on the page."""
    case = get_case_for_user(request.user, public_id)
    require_change(request.user)
    status = 200 if _htmx_target(request) is not None else None
    form = form_class(request.POST, case=case)
    kept: dict[str, Any] = {"forms": {form_class.__name__: form}}
    if not form.is_valid():
        return _render_case(request, case, status=status or 400, error=form_error(form), **kept)
    try:
        message = work(case, form)
    except ValidationError as exc:
        return _render_case(request, case, status=status or 400, error=" ".join(exc.messages), **kept)
    except actions.NotAllowed as exc:
        return _render_case(request, case, status=status or 403, error=str(exc), **kept)
    return _render_case(request, case, done=message)


@login_required
@require_POST
def request_approval(request: HttpRequest, public_id: str, kind: str) -> HttpResponse:
    """Ask for a write-off, a settlement, closing as settled or reopening."""
    form_class = REQUEST_FORMS.get(kind)
    if form_class is None:
        raise Http404
    get_case_for_user(request.user, public_id)  # 404 outside the user's scope first
    require_in_house(request.user)

    def work(case: Case, form: Any) -> str:
        data = form.cleaned_data
        actions.request_approval(
            case,
            request.user,
            kind,
            reason=data["reason"],
            amount=data.get("amount"),
            due_on=data.get("due_on"),
            to_stage=data.get("stage", ""),
        )
        return _("Request sent: a team lead or a manager decides it. It shows on this page until then.")

    return case_form_post(request, public_id, form_class, work)


@login_required
@require_POST
def withdraw_approval(request: HttpRequest, public_id: str, request_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    require_change(request.user)
    req = ApprovalRequest.objects.filter(public_id=request_id, case=case).first()
    if req is None:
        raise Http404
    try:
        actions.withdraw_approval(req, request.user)
    except (ValidationError, actions.NotAllowed) as exc:
        status = 403 if isinstance(exc, actions.NotAllowed) else 400
        error = " ".join(getattr(exc, "messages", [str(exc)]))
        return _render_case(
            request, case, status=200 if _htmx_target(request) is not None else status, error=error
        )
    return _render_case(request, case, done=_("Request withdrawn."))


def _limits_table(user: Any) -> list[dict[str, Any]]:
    """The limits of a lead and of a manager for each creditor the user's teams work."""
    teams = team_ids(user)
    creditors = Creditor.objects.order_by("name")
    if teams is not None:
        creditors = creditors.filter(team_id__in=teams)
    rows = []
    for creditor in creditors:
        limits = limits_by_role(creditor)
        rows.append(
            {
                "creditor": creditor,
                "roles": [(role.label, limits[role]) for role in (Role.TEAM_LEAD, Role.MANAGER)],
            }
        )
    return rows


def _pending_rows(user: Any, scope: Any) -> list[dict[str, Any]]:
    rows = []
    pending = (
        ApprovalRequest.objects.filter(status=ApprovalRequest.Status.PENDING, case__in=scope)
        .select_related("case", "case__debtor", "case__debtor__creditor", "requested_by")
        .order_by("requested_at", "pk")[:200]
    )
    for req in pending:
        weighed = measure(req, req.case)
        limits = actions.approver_limits(user, req.case)
        refusal = authority.refusal(
            req.kind, limits, balance=weighed["balance"], amount=weighed["amount"], covered=weighed["covered"]
        )
        own = req.requested_by_id == user.pk
        discount = (
            authority.discount_pct(weighed["balance"], req.amount)
            if req.kind == RequestKind.SETTLEMENT and req.amount is not None
            else None
        )
        rows.append(
            {
                "req": req,
                "balance_now": weighed["balance"],
                "discount_now": discount,
                "covered": weighed["covered"],
                "own": own,
                "within": refusal is None,
                "why_not": refusal_message(refusal, limits, req.currency) if refusal else "",
            }
        )
    return rows


def _approvals_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    scope = visible_cases(request.user)
    now = timezone.now()
    holds = list(
        CareHold.objects.filter(case__in=scope)
        .filter(Q(reviewed_at__isnull=True) | Q(resume_after__gt=now))
        .select_related("case", "case__debtor", "case__owner", "raised_by", "reviewed_by")
        .order_by("reviewed_at", "raised_at")
    )
    decided = list(
        ApprovalRequest.objects.filter(case__in=scope)
        .exclude(status=ApprovalRequest.Status.PENDING)
        .select_related("case", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")[:20]
    )
    context = {
        "holds": holds,
        "pending": _pending_rows(request.user, scope),
        "decided": decided,
        "limits": _limits_table(request.user),
        "can_decide": is_approver(request.user),
        "outcomes": CareHold.Outcome.choices,
        "today": timezone.localdate(timezone=timezone.get_default_timezone()),
        "failed": None,
        **extra,
    }
    return render(request, "cases/approvals.html", context, status=status)


@login_required
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    """Care holds to review and requests to decide, in the user's teams, with their limits."""
    require_lead(request.user)
    return _approvals_page(request)


def _approver_post(request: HttpRequest) -> None:
    require_lead(request.user)
    if not is_approver(request.user):
        raise PermissionDenied("team leads and managers only")


def _refused(request: HttpRequest, target: str, form: Any, exc: Exception | None = None) -> HttpResponse:
    """The approvals page again, with the error next to the form of `target` (a request's or
    a hold's public id): 400 for bad input, 403 for what the user's authority forbids."""
    if exc is None:
        error, status = form_error(form), 400
    else:
        error = " ".join(getattr(exc, "messages", [str(exc)]))
        status = 403 if isinstance(exc, actions.NotAllowed) else 400
    return _approvals_page(request, status, failed={"id": target, "form": form, "error": error})


@login_required
@require_POST
def decide_approval(request: HttpRequest, request_id: str) -> HttpResponse:
    _approver_post(request)
    req = (
        ApprovalRequest.objects.filter(public_id=request_id, case__in=visible_cases(request.user))
        .select_related("case")
        .first()
    )
    if req is None:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, str(req.public_id), form)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        actions.decide_approval(req, request.user, approve=approve, note=form.cleaned_data["note"])
    except (ValidationError, actions.NotAllowed) as exc:
        return _refused(request, str(req.public_id), form, exc)
    done = _("%(case)s: approved and applied.") if approve else _("%(case)s: rejected.")
    messages.success(request, done % {"case": req.case.reference})
    return redirect("cases:approvals")


@login_required
@require_POST
def review_care_hold(request: HttpRequest, hold_id: str) -> HttpResponse:
    _approver_post(request)
    hold = (
        CareHold.objects.filter(public_id=hold_id, case__in=visible_cases(request.user))
        .select_related("case")
        .first()
    )
    if hold is None:
        raise Http404
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, str(hold.public_id), form)
    try:
        actions.review_care_hold(
            hold,
            request.user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            resume_after=form.resume_after(),
        )
    except (ValidationError, actions.NotAllowed) as exc:
        return _refused(request, str(hold.public_id), form, exc)
    messages.success(request, _("%(case)s: the care hold is reviewed.") % {"case": hold.case.reference})
    return redirect("cases:approvals")


@login_required
@require_POST
def raise_care_hold(request: HttpRequest, public_id: str) -> HttpResponse:
    """Mark a crisis by hand on the case page: the case goes on hold at once."""

    def work(case: Case, form: Any) -> str:
        _hold, new = actions.raise_care_hold(
            case, request.user, source=CareHold.Source.MANUAL, reason=form.cleaned_data["reason"]
        )
        if new:
            return _("All contact on this case is paused and the case is sent to your team lead for review.")
        return _("The case was already on hold; your note is added to it.")

    return case_form_post(request, public_id, CareHoldForm, work)
