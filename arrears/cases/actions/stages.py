"""Ownership, stages and closing: reassignment, stage moves and their recommendations,
closing and reopening. Closing as written off or settled, a manual move that skips stages
and reopening apply only through an approved request (actions/approvals.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.actions.common import (
    NOTE_LENGTH,
    NotAllowed,
    User,
    _can_change,
    _locked_status,
    _replan,
    _text,
    _who,
)
from arrears.cases.models import (
    STAGE_ORDER,
    ApprovalRequest,
    Assignment,
    Case,
    Promise,
    Stage,
    StageRecommendation,
    Task,
)
from arrears.core.models import LEAD_ROLES, Role
from arrears.portfolio.models import Account


@transaction.atomic
def reassign(case: Case, owner: Any, user: User, *, reason: str = "") -> Case:
    """A team lead hands a case to another collector of the case's team."""
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in LEAD_ROLES:
        raise NotAllowed(_("Only a team lead reassigns cases."))
    reason = _text(reason, max_length=300, label=_("The reason"))
    target = getattr(owner, "profile", None)
    if (
        target is None
        or target.role not in (Role.COLLECTOR, Role.FIELD_COLLECTOR)
        or (case.team_id is not None and target.team_id != case.team_id)
    ):
        raise ValidationError(_("Choose a collector of the case's team."))
    if owner.pk == case.owner_id:
        return case
    previous = case.owner
    Assignment.objects.create(
        case=case,
        owner=owner,
        previous_owner=previous,
        rule=Assignment.Rule.TEAM_LEAD,
        assigned_by=_who(user),
        reason=reason,
        at=timezone.now(),
    )
    case.owner = owner
    case.save(update_fields=["owner"])
    case.tasks.filter(status=Task.Status.OPEN).update(assigned_to=owner)
    evidence.append(
        case,
        Kind.ASSIGNED,
        actor=user,
        note=reason,
        data={
            "owner": owner.pk,
            "previous_owner": previous.pk if previous else None,
            "rule": "team_lead",
        },
    )
    _replan(case)  # into the new collector's days
    return case


def skips_stages(from_stage: str, to_stage: str) -> bool:
    """A move past a stage, up or down the ladder (phone -> legal, legal -> phone)."""
    if Stage.CLOSED in (from_stage, to_stage):
        return False
    return abs(STAGE_ORDER.index(to_stage) - STAGE_ORDER.index(from_stage)) > 1


@transaction.atomic
def move_stage(
    case: Case,
    to_stage: str,
    user: User,
    *,
    reason: str,
    rule: str = "manual",
    replan: bool = True,
    approval: ApprovalRequest | None = None,
) -> Case:
    """Move the case to ``to_stage``. ``replan=False`` leaves the next action to the caller,
    which replans many cases at once (decide_recommendations). A manual move that skips
    stages needs an approved request (`approval`); a rule's move does not (a lead
    confirmed its recommendation)."""
    _can_change(user)
    if to_stage not in Stage.values or to_stage == Stage.CLOSED:
        raise ValidationError(_("Unknown stage."))
    _locked_status(Case, case, "status", "stage")
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    if rule == "manual" and skips_stages(case.stage, to_stage):
        raise NotAllowed(_("A move that skips stages needs approval: request it."))
    _require_approval(approval, ApprovalRequest.Kind.STAGE_SKIP, case, optional=True)
    reason = _text(
        reason, max_length=300, label=_("The reason"), required=_("A stage change needs a reason.")
    )
    if to_stage == case.stage:
        return case
    evidence.append(
        case,
        Kind.STAGE_CHANGED,
        actor=user,
        note=reason,
        data={
            "from": case.stage,
            "to": to_stage,
            "rule": rule,
            **({"approval": str(approval.public_id)} if approval is not None else {}),
        },
    )
    case.stage = to_stage
    case.save(update_fields=["stage"])
    case.recommendations.filter(status=StageRecommendation.Status.PENDING).update(
        status=StageRecommendation.Status.SUPERSEDED
    )
    if replan:
        _replan(case)
    return case


@transaction.atomic
def decide_recommendation(
    rec: StageRecommendation, user: User, *, confirm: bool, reason: str = "", replan: bool = True
) -> StageRecommendation:
    """Confirm (the stage moves) or reject a recommendation; ``reason``, the lead's, goes
    into the case's evidence beside the rule's own."""
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in LEAD_ROLES:
        raise NotAllowed(_("Only a team lead confirms stage moves."))
    _locked_status(StageRecommendation, rec, "status")
    if rec.status != StageRecommendation.Status.PENDING:
        raise ValidationError(_("This recommendation is already decided."))
    rec.status = StageRecommendation.Status.APPLIED if confirm else StageRecommendation.Status.REJECTED
    rec.decided_by, rec.decided_at = _who(user), timezone.now()
    rec.save(update_fields=["status", "decided_by", "decided_at"])
    reason = reason.strip()
    if confirm:
        note = rec.reason
        if reason:
            note = f"{rec.reason}\n" + _("Confirmed by the team lead: %(reason)s") % {"reason": reason}
        move_stage(rec.case, rec.to_stage, user, reason=note, rule=rec.rule, replan=replan)
    else:
        evidence.append(
            rec.case,
            Kind.NOTE,
            actor=user,
            note=_("Stage recommendation rejected") + (f": {reason}" if reason else ""),
            data={"recommendation": rec.pk, "to": rec.to_stage, "reason": reason},
        )
    return rec


def decide_recommendations(ids: list[int], user: User, *, confirm: bool, reason: str, scope: Any) -> int:
    """Decide the pending recommendations among ``ids`` whose case is in ``scope`` (a case
    queryset), in one transaction: each through decide_recommendation (its evidence event,
    the lead's reason), then one replan of all their debtors instead of one per case.
    Returns how many were decided; rows decided meanwhile (a double submit, another lead)
    are skipped, so running it twice decides nothing twice."""
    if not reason.strip():
        raise ValidationError(_("Give a reason: it is recorded on every case."))
    with transaction.atomic():
        # Locked: a second request over the same rows waits, then finds them decided.
        recs = list(
            StageRecommendation.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=StageRecommendation.Status.PENDING, case__in=scope)
            .select_related("case")
            .order_by("pk")
        )
        for rec in recs:
            decide_recommendation(rec, user, confirm=confirm, reason=reason, replan=False)
        if confirm and recs:
            from arrears.strategy.shell import replan

            replan(
                [rec.case.debtor_id for rec in recs],
                timezone.localdate(timezone=timezone.get_default_timezone()),
            )
    return len(recs)


# Close reasons a person may set, and the request each needs (None: a lead closes directly).
MANUAL_CLOSE: dict[str, str | None] = {
    Case.CloseReason.WRITTEN_OFF: ApprovalRequest.Kind.WRITE_OFF,
    Case.CloseReason.SETTLED: ApprovalRequest.Kind.CLOSE_SETTLED,
    Case.CloseReason.RECALLED: None,
}
# What the debtor's open accounts become when their case closes so: the nightly run ages
# only open accounts, so a written-off debt does not open a new case the next night.
_ACCOUNT_STATUS: dict[str, str] = {
    Case.CloseReason.WRITTEN_OFF: Account.Status.WRITTEN_OFF,
    Case.CloseReason.SETTLED: Account.Status.SETTLED,
}


def _require_approval(
    approval: ApprovalRequest | None, kind: str, case: Case, *, optional: bool = False
) -> None:
    if approval is None and optional:
        return
    if (
        approval is None
        or approval.kind != kind
        or approval.case_id != case.pk
        or approval.status != ApprovalRequest.Status.APPROVED
    ):
        raise NotAllowed(
            _("This change needs an approved request: request it, and another person approves it.")
        )


@transaction.atomic
def close_case(
    case: Case,
    reason: str,
    user: User,
    *,
    on: date | None = None,
    note: str = "",
    approval: ApprovalRequest | None = None,
) -> Case:
    """Close by hand (cured cases close in the nightly run): written off or settled through
    an approved request (actions/approvals.py), recalled by a team lead."""
    _can_change(user)
    if reason not in MANUAL_CLOSE:
        raise ValidationError(_("Unknown close reason."))
    _locked_status(Case, case, "status", "stage")
    needed = MANUAL_CLOSE[reason]
    if needed is not None:
        _require_approval(approval, needed, case)
    elif getattr(getattr(user, "profile", None), "role", None) not in LEAD_ROLES:
        raise NotAllowed(_("Only a team lead closes a case the creditor recalled."))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"))
    on = on or timezone.localdate(timezone=timezone.get_default_timezone())
    accounts: list[str] = []
    if reason in _ACCOUNT_STATUS:
        open_accounts = Account.objects.filter(debtor_id=case.debtor_id, status=Account.Status.OPEN)
        accounts = [str(a) for a in open_accounts.values_list("public_id", flat=True)]
        open_accounts.update(status=_ACCOUNT_STATUS[reason])
    data: dict[str, Any] = {"reason": reason, "from": case.stage, "on": on.isoformat()}
    if approval is not None:
        data.update(approval=str(approval.public_id), balance=str(case.balance))
    if accounts:
        data["accounts"] = accounts
    evidence.append(case, Kind.CASE_CLOSED, actor=user, note=note, data=data)
    case.status, case.stage, case.close_reason, case.closed_on = Case.Status.CLOSED, Stage.CLOSED, reason, on
    case.next_action, case.next_action_on, case.next_action_at = "", None, None
    # Only what closing changes: a stale copy must not write back an old owner or amount.
    case.save(
        update_fields=[
            "status",
            "stage",
            "close_reason",
            "closed_on",
            "next_action",
            "next_action_on",
            "next_action_at",
        ]
    )
    case.tasks.filter(status=Task.Status.OPEN).update(status=Task.Status.CANCELLED)
    case.promises.filter(status=Promise.Status.OPEN).update(status=Promise.Status.CANCELLED)
    case.recommendations.filter(status=StageRecommendation.Status.PENDING).update(
        status=StageRecommendation.Status.SUPERSEDED
    )
    return case


@transaction.atomic
def reopen_case(
    case: Case, user: User, *, stage: str, reason: str, approval: ApprovalRequest | None = None
) -> Case:
    """Reopen a closed case in `stage`, through an approved request. The accounts its
    closing marked written off or settled are open again, so the nightly run ages them."""
    _can_change(user)
    _require_approval(approval, ApprovalRequest.Kind.REOPEN, case)
    if case.is_open:
        raise ValidationError(_("The case is open."))
    if stage not in Stage.values or stage == Stage.CLOSED:
        raise ValidationError(_("Unknown stage."))
    if Case.objects.filter(debtor_id=case.debtor_id, status=Case.Status.OPEN).exclude(pk=case.pk).exists():
        raise ValidationError(_("The debtor has another open case: work that one instead."))
    closed = (
        case.events.filter(kind=Kind.CASE_CLOSED).order_by("-seq").values_list("data", flat=True).first()
        or {}
    )
    accounts = [a for a in closed.get("accounts") or [] if isinstance(a, str)]
    restored = Account.objects.filter(
        public_id__in=accounts, debtor_id=case.debtor_id, status__in=list(_ACCOUNT_STATUS.values())
    ).update(status=Account.Status.OPEN)
    evidence.append(
        case,
        Kind.CASE_REOPENED,
        actor=user,
        note=reason,
        data={
            "to": stage,
            "closed_as": case.close_reason,
            "approval": str(approval.public_id) if approval is not None else None,
            "accounts_reopened": restored,
        },
    )
    case.status, case.stage, case.close_reason, case.closed_on = Case.Status.OPEN, stage, "", None
    case.save(update_fields=["status", "stage", "close_reason", "closed_on"])
    _replan(case)
    return case
