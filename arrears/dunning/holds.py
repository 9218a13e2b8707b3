"""Credit holds (stop supply), the commercial lever used lawfully: a collector proposes one
with a reason, a lead approves or rejects it, a lead releases it. Maker-checker as approvals
(arrears.cases.actions.approvals): the proposer never decides, here and in the database.

Why not a kind of cases.ApprovalRequest: a request belongs to one case, expires after two
weeks and applies a change to that case at once; a hold belongs to the customer, outlives
its cases (a customer who pays keeps the hold until a lead releases it), and has a third
step (release). Its evidence goes on the customer's open case chain all the same: a `note`
event whose text says what happened in words, with `data.credit_hold` (the hold's id) and
`data.status` for a reader of the chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.models import Case
from arrears.dunning.access import may_decide, may_propose
from arrears.dunning.models import CreditHold
from arrears.portfolio.models import Debtor

REASON_LENGTH = 2000
Status = CreditHold.Status


def _text(value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("Give a reason."))
    if len(value) > REASON_LENGTH:
        raise ValidationError(_("At most %(max)d characters.") % {"max": REASON_LENGTH})
    return value


def _evidence(hold: CreditHold, note: str, user: Any, at: datetime) -> None:
    """On the customer's open case (the newest), if it has one."""
    case = (
        Case.objects.filter(debtor_id=hold.debtor_id, status=Case.Status.OPEN)
        .order_by("-opened_on", "-pk")
        .first()
    )
    if case is None:
        return
    evidence.append(
        case,
        Kind.NOTE,
        actor=user,
        at=at,
        note=note[:500],
        data={"credit_hold": str(hold.public_id), "status": hold.status},
    )


def propose_hold(debtor: Debtor, user: Any, reason: str, *, at: datetime | None = None) -> CreditHold:
    if not may_propose(user):
        raise PermissionDenied(_("Your role may not propose a credit hold."))
    text = _text(reason, required=True)
    now = at or timezone.now()
    try:
        with transaction.atomic():
            hold = CreditHold.objects.create(debtor=debtor, reason=text, proposed_by=user, proposed_at=now)
            _evidence(hold, _("Credit hold proposed: %(reason)s") % {"reason": text}, user, now)
    except IntegrityError:
        raise ValidationError(_("This customer already has a credit hold proposed or in force.")) from None
    return hold


def _locked(hold: CreditHold) -> CreditHold:
    return CreditHold.objects.select_for_update().get(pk=hold.pk)


@transaction.atomic
def decide_hold(
    hold: CreditHold, user: Any, *, approve: bool, note: str = "", at: datetime | None = None
) -> CreditHold:
    """Approve (supply stops) or reject a proposed hold."""
    if not may_decide(user):
        raise PermissionDenied(_("Only a team lead or a manager decides on a credit hold."))
    locked = _locked(hold)
    if locked.status != Status.PROPOSED:
        raise ValidationError(_("This credit hold is no longer waiting for a decision."))
    if locked.proposed_by_id == user.pk:
        raise ValidationError(_("You proposed this credit hold: another lead decides it."))
    now = at or timezone.now()
    locked.status = Status.ACTIVE if approve else Status.REJECTED
    locked.decided_by = user
    locked.decided_at = now
    locked.decision_note = _text(note, required=not approve)
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    said = _("Credit hold approved: supply stopped.") if approve else _("Credit hold rejected.")
    _evidence(locked, f"{said} {locked.decision_note}".strip(), user, now)
    return locked


@transaction.atomic
def release_hold(hold: CreditHold, user: Any, note: str, *, at: datetime | None = None) -> CreditHold:
    """Lift an active hold: supply resumes."""
    if not may_decide(user):
        raise PermissionDenied(_("Only a team lead or a manager releases a credit hold."))
    locked = _locked(hold)
    if locked.status != Status.ACTIVE:
        raise ValidationError(_("Only an active credit hold can be released."))
    now = at or timezone.now()
    locked.status = Status.RELEASED
    locked.released_by = user
    locked.released_at = now
    locked.release_note = _text(note, required=True)
    locked.save(update_fields=["status", "released_by", "released_at", "release_note"])
    _evidence(locked, _("Credit hold released: %(note)s") % {"note": locked.release_note}, user, now)
    return locked


@transaction.atomic
def withdraw_hold(hold: CreditHold, user: Any, *, at: datetime | None = None) -> CreditHold:
    """The proposer takes back a proposal nobody decided yet."""
    locked = _locked(hold)
    if locked.status != Status.PROPOSED:
        raise ValidationError(_("This credit hold is no longer waiting for a decision."))
    if locked.proposed_by_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Only who proposed a credit hold may withdraw it."))
    now = at or timezone.now()
    locked.status = Status.WITHDRAWN
    locked.decided_at = now
    locked.save(update_fields=["status", "decided_at"])
    _evidence(locked, _("Credit hold proposal withdrawn."), user, now)
    return locked
