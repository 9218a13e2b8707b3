"""Ownership, stages and closing: reassignment, stage moves and their recommendations."""

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
from arrears.cases.models import Assignment, Case, Promise, Stage, StageRecommendation, Task
from arrears.core.models import Role


@transaction.atomic
def reassign(case: Case, owner: Any, user: User, *, reason: str = "") -> Case:
    """A team lead hands a case to another collector of the case's team."""
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in (Role.TEAM_LEAD, Role.ADMIN):
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


@transaction.atomic
def move_stage(
    case: Case, to_stage: str, user: User, *, reason: str, rule: str = "manual", replan: bool = True
) -> Case:
    """Move the case to ``to_stage``. ``replan=False`` leaves the next action to the caller,
    which replans many cases at once (decide_recommendations)."""
    _can_change(user)
    if to_stage not in Stage.values or to_stage == Stage.CLOSED:
        raise ValidationError(_("Unknown stage."))
    _locked_status(Case, case, "status", "stage")
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
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
    if profile is None or profile.role not in (Role.TEAM_LEAD, Role.ADMIN):
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


def decide_recommendations(
    ids: list[int], user: User, *, confirm: bool, reason: str, scope: Any
) -> int:
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

            replan([rec.case.debtor_id for rec in recs], timezone.localdate())
    return len(recs)


@transaction.atomic
def close_case(case: Case, reason: str, user: User, *, on: date | None = None, note: str = "") -> Case:
    """Close by hand: settled, written off or recalled (cured cases close in the nightly run)."""
    _can_change(user)
    if reason not in Case.CloseReason.values:
        raise ValidationError(_("Unknown close reason."))
    _locked_status(Case, case, "status", "stage")
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"))
    on = on or timezone.localdate()
    evidence.append(
        case,
        Kind.CASE_CLOSED,
        actor=user,
        note=note,
        data={"reason": reason, "from": case.stage, "on": on.isoformat()},
    )
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
    return case
