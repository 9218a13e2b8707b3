"""Care holds: a self-harm or crisis signal stops every contact with the debtor until a team
lead has reviewed the case.

Raising one (from the call panel's care flag, or by hand) writes a `care_hold_raised`
event; while it is open, `gate_context` gives the gate the fact `care_hold_since` and the
gate blocks every contact with CARE-HOLD (web, API, dialer export, messages: they all ask
the gate). A lead or manager other than the raiser reviews it: contact may resume now, or
after a waiting period (`resume_after`, also a gate fact). The queue leaves held cases out.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.actions.common import NotAllowed, User, _can_change, _now, _replan, _who
from arrears.cases.models import CareHold, Case
from arrears.core.models import APPROVER_ROLES

TEXT_LENGTH = 2000


def _text(value: str, *, label: str, required: str = "") -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(required)
    if len(text) > TEXT_LENGTH:
        raise ValidationError(
            _("%(field)s is too long: at most %(max)d characters.") % {"field": label, "max": TEXT_LENGTH}
        )
    return text


def raise_care_hold(
    case: Case,
    user: User,
    *,
    source: str,
    reason: str,
    words: str = "",
    at: datetime | None = None,
) -> tuple[CareHold, bool]:
    """Put the case on hold; returns (the hold, whether it is new). A case already on hold
    keeps its hold; a new signal marked by hand is added to the evidence as a note."""
    _can_change(user)
    if source not in CareHold.Source.values:
        raise ValidationError(_("Unknown source."))
    reason = _text(reason, label=_("The reason"), required=_("Say why the case needs a care hold."))
    words = _text(words, label=_("The debtor's words"))
    at = _now(at)
    with transaction.atomic():
        # The case row's lock orders two signals on one case (evidence.append takes it too).
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
        held = CareHold.objects.open().filter(case=case).first()
        if held is not None and source == CareHold.Source.CALL_PANEL:
            # The panel re-reads the words as they are typed: the hold already keeps the
            # first ones, and a lead reads the case; no event per keystroke.
            return held, False
        if held is not None:
            evidence.append(
                case,
                Kind.NOTE,
                actor=user,
                at=at,
                note=_("Another care signal while the case is on hold: %(reason)s") % {"reason": reason},
                data={"hold": str(held.public_id), "source": source, "words": words},
            )
            return held, False
        raiser = _who(user)
        if raiser is None:
            raise NotAllowed(_("Sign in to raise a care hold."))
        try:
            with transaction.atomic():
                hold = CareHold.objects.create(
                    case=case, raised_by=raiser, raised_at=at, source=source, reason=reason, words=words
                )
        except IntegrityError:  # pragma: no cover - the lock above orders raisers
            raise ValidationError(_("The case is already on hold.")) from None
        evidence.append(
            case,
            Kind.CARE_HOLD_RAISED,
            actor=user,
            at=at,
            note=reason,
            data={"hold": str(hold.public_id), "source": source, "words": words},
        )
    return hold, True


def review_care_hold(
    hold: CareHold,
    user: User,
    *,
    outcome: str,
    note: str,
    resume_after: datetime | None = None,
    at: datetime | None = None,
) -> CareHold:
    """A team lead or manager records the review: contact may resume now, or only after
    `resume_after`. Whoever raised the hold does not review it."""
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in APPROVER_ROLES:
        raise NotAllowed(_("Only a team lead or a manager reviews a care hold."))
    from arrears.cases.access import visible_cases

    at = _now(at)
    note = _text(note, label=_("The note"), required=_("Record what the review found and decided."))
    if outcome not in CareHold.Outcome.values:
        raise ValidationError(_("Choose the outcome of the review."))
    if outcome == CareHold.Outcome.WAIT:
        if resume_after is None or resume_after <= at:
            raise ValidationError(_("A waiting period ends in the future: give the day contact may resume."))
    else:
        resume_after = None
    with transaction.atomic():
        hold = CareHold.objects.select_for_update().select_related("case").get(pk=hold.pk)
        if not visible_cases(user).filter(pk=hold.case_id).exists():
            raise NotAllowed(_("This case is not in your teams."))
        if hold.raised_by_id == getattr(user, "pk", None):
            raise NotAllowed(_("You raised this hold: another team lead or a manager reviews it."))
        if not hold.is_open:
            raise ValidationError(_("This hold is already reviewed."))
        hold.reviewed_by, hold.reviewed_at = _who(user), at
        hold.outcome, hold.review_note, hold.resume_after = outcome, note, resume_after
        hold.save(update_fields=["reviewed_by", "reviewed_at", "outcome", "review_note", "resume_after"])
        evidence.append(
            hold.case,
            Kind.CARE_HOLD_REVIEWED,
            actor=user,
            at=at,
            note=note,
            data={
                "hold": str(hold.public_id),
                "outcome": outcome,
                "resume_after": resume_after.isoformat() if resume_after else None,
            },
        )
        _replan(hold.case)
    return hold
