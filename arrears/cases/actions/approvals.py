"""Maker-checker approvals (审批): write-offs, settlements, closing as settled, stage skips
and reopening are requests that another user with the authority approves or rejects.

The maker never decides their own request (here, and in the database: a check constraint).
Approving applies the change through the case's actions (close_case, make_promise,
move_stage, reopen_case) in the same transaction as the decision; the request and the
decision are events in the case's chain. Limits: arrears.cases.authority.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Event, Kind
from arrears.cases import authority
from arrears.cases.actions.common import NotAllowed, User, _can_change, _local_date, _now, _who
from arrears.cases.actions.promises import make_promise
from arrears.cases.actions.stages import close_case, move_stage, reopen_case, skips_stages
from arrears.cases.control_models import limits_by_role
from arrears.cases.models import STAGE_ORDER, ApprovalRequest, Case, Stage
from arrears.core.models import APPROVER_ROLES, LEAD_ROLES
from arrears.core.money import check_amount
from arrears.portfolio.models import Account, Creditor

RequestKind = ApprovalRequest.Kind
Status = ApprovalRequest.Status

# A request nobody decided in this many days expires (the balance it was asked on is stale).
EXPIRY_DAYS = 14
# A settlement is paid within this many days of its approval request.
SETTLEMENT_HORIZON_DAYS = 180
REASON_LENGTH = 2000

# Requests that change an open case; a closed case overtakes them.
_ON_OPEN_CASES = frozenset(
    {RequestKind.WRITE_OFF, RequestKind.SETTLEMENT, RequestKind.CLOSE_SETTLED, RequestKind.STAGE_SKIP}
)


def _currency(case: Case) -> str:
    return Account.objects.filter(debtor_id=case.debtor_id).values_list("currency", flat=True).first() or ""


def _reason(text: str, *, required: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(required)
    if len(text) > REASON_LENGTH:
        raise ValidationError(
            _("%(field)s is too long: at most %(max)d characters.") % {"field": label, "max": REASON_LENGTH}
        )
    return text


def limits_for(role: str, creditor: Creditor | None, *, exclude: int | None = None) -> authority.Limits:
    """The limits of `role` for `creditor`: its own row, else the row for every creditor,
    else the built-in defaults (authority.DEFAULTS)."""
    return limits_by_role(creditor, exclude=exclude)[role]


def _locked_case(case: Case) -> Case:
    # The row as it is now, locked until the transaction ends: two requests or decisions
    # on one case queue here instead of both acting on a stale copy.
    return Case.objects.select_for_update().select_related("debtor", "debtor__creditor").get(pk=case.pk)


def _stage_before_closing(case: Case) -> str:
    closed = (
        Event.objects.filter(case=case, kind=Kind.CASE_CLOSED)
        .order_by("-seq")
        .values_list("data", flat=True)
        .first()
    )
    stage = (closed or {}).get("from")
    return stage if stage in STAGE_ORDER and stage != Stage.CLOSED else Stage.PHONE


@transaction.atomic
def request_approval(
    case: Case,
    user: User,
    kind: str,
    *,
    reason: str,
    amount: Decimal | None = None,
    due_on: date | None = None,
    to_stage: str = "",
    at: datetime | None = None,
) -> ApprovalRequest:
    """Ask for a change that needs approval. Write-off and closing as settled take the
    case's balance as the amount; a settlement takes the agreed `amount` and `due_on`; a
    stage skip and a reopening take `to_stage` (a reopening defaults to the stage the case
    was closed from)."""
    _can_change(user)
    if kind not in RequestKind.values:
        raise ValidationError(_("Unknown kind of request."))
    at = _now(at)
    reason = _reason(reason, required=_("Give a reason: the approver reads it."), label=_("The reason"))
    case = _locked_case(case)
    currency = _currency(case)
    values: dict[str, Any] = {"balance": case.balance, "currency": currency, "from_stage": case.stage}
    if kind in _ON_OPEN_CASES and not case.is_open:
        raise ValidationError(_("The case is closed."))
    if kind in (RequestKind.WRITE_OFF, RequestKind.CLOSE_SETTLED):
        values["amount"] = case.balance
    elif kind == RequestKind.SETTLEMENT:
        if amount is None or due_on is None:
            raise ValidationError(_("A settlement needs the agreed amount and the date it is paid by."))
        amount = check_amount(amount, currency=currency)
        if amount >= case.balance:
            raise ValidationError(
                _("The agreed amount covers the whole balance: record a promise to pay instead.")
            )
        today = _local_date(at)
        if not today <= due_on <= today + timedelta(days=SETTLEMENT_HORIZON_DAYS):
            raise ValidationError(
                _("The settlement must be paid between today and %(last)s.")
                % {"last": (today + timedelta(days=SETTLEMENT_HORIZON_DAYS)).isoformat()}
            )
        values.update(amount=amount, due_on=due_on)
    elif kind == RequestKind.STAGE_SKIP:
        profile = getattr(user, "profile", None)
        if profile is None or profile.role not in LEAD_ROLES:
            raise NotAllowed(_("Only a team lead changes the stage."))
        if to_stage not in STAGE_ORDER or to_stage == Stage.CLOSED:
            raise ValidationError(_("Unknown stage."))
        if not skips_stages(case.stage, to_stage):
            raise ValidationError(_("This move does not skip a stage: change the stage directly."))
        values["to_stage"] = to_stage
    elif kind == RequestKind.REOPEN:
        if case.is_open:
            raise ValidationError(_("The case is open."))
        to_stage = to_stage or _stage_before_closing(case)
        if to_stage not in STAGE_ORDER or to_stage == Stage.CLOSED:
            raise ValidationError(_("Unknown stage."))
        values.update(to_stage=to_stage, from_stage="")
        _no_other_open_case(case)
    if ApprovalRequest.objects.filter(case=case, kind=kind, status=Status.PENDING).exists():
        raise ValidationError(_("A request of this kind is already waiting for approval on this case."))
    maker = _who(user)
    if maker is None:
        raise NotAllowed(_("Sign in to make a request."))
    req = ApprovalRequest.objects.create(
        case=case, kind=kind, requested_by=maker, requested_at=at, reason=reason, **values
    )
    evidence.append(case, Kind.APPROVAL_REQUESTED, actor=user, at=at, note=reason, data=_facts(req))
    return req


def _facts(req: ApprovalRequest, **more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"request": str(req.public_id), "kind": req.kind}
    for name in ("amount", "balance"):
        value = getattr(req, name)
        if value is not None:
            data[name] = str(value)
    if req.currency:
        data["currency"] = req.currency
    if req.due_on:
        data["due_on"] = req.due_on.isoformat()
    if req.to_stage:
        data.update({"from": req.from_stage, "to": req.to_stage})
    if req.kind == RequestKind.SETTLEMENT and req.discount_pct is not None:
        data["discount_pct"] = str(req.discount_pct)
    data.update(more)
    return data


def _no_other_open_case(case: Case) -> None:
    other = Case.objects.filter(debtor_id=case.debtor_id, status=Case.Status.OPEN).exclude(pk=case.pk).first()
    if other is not None:
        raise ValidationError(
            _("The debtor has another open case, %(case)s: work that one instead.")
            % {"case": other.reference}
        )


def change_stage(case: Case, to_stage: str, user: User, *, reason: str) -> Case | ApprovalRequest:
    """A lead's stage change: a move to the next or previous stage applies at once; one that
    skips stages (phone -> legal) becomes a request for another approver."""
    if to_stage in STAGE_ORDER and to_stage != Stage.CLOSED and skips_stages(case.stage, to_stage):
        return request_approval(case, user, RequestKind.STAGE_SKIP, reason=reason, to_stage=to_stage)
    return move_stage(case, to_stage, user, reason=reason)


def approver_limits(user: User, case: Case) -> authority.Limits | None:
    """The user's limits on `case`'s creditor, or None if they approve nothing."""
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in APPROVER_ROLES:
        return None
    return limits_for(profile.role, case.debtor.creditor)


def measure(req: ApprovalRequest, case: Case) -> dict[str, Any]:
    """What an approver weighs, as of now: the balance, and for a settlement the discount;
    `covered` is the discount an approved settlement of the case already granted."""
    covered = Decimal(0)
    if req.kind == RequestKind.CLOSE_SETTLED:
        settled = (
            ApprovalRequest.objects.filter(case=case, kind=RequestKind.SETTLEMENT, status=Status.APPROVED)
            .order_by("-decided_at")
            .first()
        )
        if settled is not None and settled.discount is not None:
            covered = settled.discount
    return {"balance": case.balance, "amount": req.amount, "covered": covered}


def refusal_message(refusal: authority.Refusal, limits: authority.Limits | None, currency: str) -> str:
    if refusal == authority.Refusal.WRITE_OFF_ABOVE_LIMIT and limits is not None:
        return _(
            "Above your limit: you may approve write-offs up to %(currency)s %(limit)s."
            " A manager must approve this one."
        ) % {"currency": currency, "limit": f"{limits.max_write_off:,}"}
    if refusal == authority.Refusal.DISCOUNT_ABOVE_LIMIT and limits is not None:
        return _(
            "Above your limit: you may approve settlement discounts up to %(limit)s%%."
            " A manager must approve this one."
        ) % {"limit": limits.max_discount_pct}
    if refusal == authority.Refusal.NO_STAGE_SKIPS:
        return _("Your role may not approve stage skips.")
    if refusal == authority.Refusal.NO_REOPENING:
        return _("Your role may not approve reopening a case.")
    return _("Only a team lead or a manager approves requests.")


def _in_scope(user: User, case: Case) -> bool:
    from arrears.cases.access import visible_cases

    return visible_cases(user).filter(pk=case.pk).exists()


def _lock(req: ApprovalRequest) -> ApprovalRequest:
    return ApprovalRequest.objects.select_for_update().get(pk=req.pk)


def _close_request(
    req: ApprovalRequest,
    user: User,
    status: str,
    note: str,
    at: datetime,
    *,
    decider: bool = True,
    **more: Any,
) -> None:
    """End a request and write its event. `decider=False` for a withdrawal: the maker acts,
    but is not recorded as its decider (nobody decides their own request)."""
    req.status, req.decided_at, req.decision_note = status, at, note
    req.decided_by = _who(user) if decider else None
    req.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    evidence.append(
        req.case,
        Kind.APPROVAL_DECIDED,
        actor=user,
        at=at,
        note=note,
        data=_facts(req, decision=status, **more),
    )


def decide_approval(
    req: ApprovalRequest, user: User, *, approve: bool, note: str = "", at: datetime | None = None
) -> ApprovalRequest:
    """Approve (the change applies now, in this transaction) or reject a pending request.
    Raises NotAllowed for the maker, a user outside the case's scope or above their limits;
    ValidationError when the request was decided meanwhile, has expired or no longer fits
    the case (both of which are then recorded)."""
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in APPROVER_ROLES:
        raise NotAllowed(_("Only a team lead or a manager approves requests."))
    at = _now(at)
    # A refusal found inside the transaction (expired, overtaken) is recorded, then raised.
    with transaction.atomic():
        req = _lock(req)
        if not _in_scope(user, req.case):
            raise NotAllowed(_("This case is not in your teams."))
        if req.status != Status.PENDING:
            raise ValidationError(_("This request is already decided."))
        if req.requested_by_id == getattr(user, "pk", None):
            raise NotAllowed(
                _(
                    "You made this request: another team lead or a manager must decide it."
                    " You may withdraw it."
                )
            )
        problem = _stale(req, at)
        if problem is not None:
            status, message = problem
            _close_request(req, None, status, message, at)
    if problem is not None:
        raise ValidationError(problem[1])
    with transaction.atomic():
        req = _lock(req)
        if req.status != Status.PENDING:
            raise ValidationError(_("This request is already decided."))
        note = (note or "").strip()
        if len(note) > REASON_LENGTH:
            raise ValidationError(
                _("%(field)s is too long: at most %(max)d characters.")
                % {"field": _("The note"), "max": REASON_LENGTH}
            )
        if not approve:
            if not note:
                raise ValidationError(_("Say why you reject it: the requester reads it."))
            _close_request(req, user, Status.REJECTED, note, at)
            return req
        case = _locked_case(req.case)
        limits = approver_limits(user, case)
        weighed = measure(req, case)
        refused = authority.refusal(
            req.kind, limits, balance=weighed["balance"], amount=weighed["amount"], covered=weighed["covered"]
        )
        if refused is not None:
            raise NotAllowed(refusal_message(refused, limits, req.currency))
        _close_request(req, user, Status.APPROVED, note, at, balance_now=str(case.balance))
        _apply(req, case, user, at)
        _overtake_others(req, case, user, at)
    return req


def _stale(req: ApprovalRequest, at: datetime) -> tuple[str, str] | None:
    """(status, why) when the request can no longer be decided as asked."""
    if req.requested_at < at - timedelta(days=EXPIRY_DAYS):
        return Status.EXPIRED, _(
            "The request is older than %(days)d days: ask again with the case as it is now."
        ) % {"days": EXPIRY_DAYS}
    case = req.case
    if req.kind in _ON_OPEN_CASES and not case.is_open:
        return Status.CANCELLED, _("The case was closed after the request was made.")
    if req.kind == RequestKind.REOPEN and case.is_open:
        return Status.CANCELLED, _("The case is open again.")
    if req.kind == RequestKind.STAGE_SKIP and case.stage != req.from_stage:
        return Status.CANCELLED, _("The case's stage changed after the request was made.")
    if req.kind == RequestKind.SETTLEMENT and req.due_on is not None and req.due_on < _local_date(at):
        return Status.EXPIRED, _("The settlement's payment date has passed: agree a new date and ask again.")
    return None


def _apply(req: ApprovalRequest, case: Case, user: User, at: datetime) -> None:
    # The change's own event carries the maker's reason; the decision event before it, and
    # the `approval` its data names, say who approved it.
    approved = req.reason
    if req.kind == RequestKind.WRITE_OFF:
        close_case(case, Case.CloseReason.WRITTEN_OFF, user, note=approved, approval=req)
    elif req.kind == RequestKind.CLOSE_SETTLED:
        close_case(case, Case.CloseReason.SETTLED, user, note=approved, approval=req)
    elif req.kind == RequestKind.SETTLEMENT:
        assert req.amount is not None and req.due_on is not None
        make_promise(case, user, amount=req.amount, due_on=req.due_on, at=at, note=approved)
    elif req.kind == RequestKind.STAGE_SKIP:
        move_stage(case, req.to_stage, user, reason=approved, rule="approved_skip", approval=req)
    elif req.kind == RequestKind.REOPEN:
        reopen_case(case, user, stage=req.to_stage, reason=approved, approval=req)


def _overtake_others(req: ApprovalRequest, case: Case, user: User, at: datetime) -> None:
    """A request whose approval closed the case overtakes the case's other pending ones."""
    if req.kind not in (RequestKind.WRITE_OFF, RequestKind.CLOSE_SETTLED):
        return
    for other in ApprovalRequest.objects.select_for_update().filter(
        case=case, status=Status.PENDING, kind__in=list(_ON_OPEN_CASES)
    ):
        _close_request(
            other, None, Status.CANCELLED, _("The case was closed by another approved request."), at
        )


@transaction.atomic
def withdraw_approval(req: ApprovalRequest, user: User, *, at: datetime | None = None) -> ApprovalRequest:
    """The maker takes back a pending request."""
    _can_change(user)
    req = _lock(req)
    if req.requested_by_id != getattr(user, "pk", None):
        raise NotAllowed(_("Only who made the request withdraws it."))
    if req.status != Status.PENDING:
        raise ValidationError(_("This request is already decided."))
    _close_request(req, user, Status.CANCELLED, _("Withdrawn by the requester."), _now(at), decider=False)
    return req


def expire_approvals(now: datetime | None = None) -> int:
    """Mark pending requests older than EXPIRY_DAYS expired, each with its event (the
    nightly run calls this). Returns how many."""
    now = now or timezone.now()
    count = 0
    stale = ApprovalRequest.objects.filter(
        status=Status.PENDING, requested_at__lt=now - timedelta(days=EXPIRY_DAYS)
    ).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            req = ApprovalRequest.objects.select_for_update().select_related("case").get(pk=pk)
            if req.status != Status.PENDING:
                continue
            _close_request(
                req,
                None,
                Status.EXPIRED,
                _("Nobody decided it within %(days)d days.") % {"days": EXPIRY_DAYS},
                now,
            )
            count += 1
    return count
