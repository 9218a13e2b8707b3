"""Contacts: logging an attempt through the gate, contact data and information repair,
disputes and the debtor's contact preferences."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Channel, Kind, Outcome
from arrears.cases.actions.common import (
    NOTE_LENGTH,
    ContactBlocked,
    User,
    _can_change,
    _local_date,
    _now,
    _replan,
    _text,
    _who,
)
from arrears.cases.actions.gate import _gate, _purpose_for, lock_debtor
from arrears.cases.actions.rules import contact_problems, raise_if
from arrears.cases.actions.tasks import open_task
from arrears.cases.models import REPAIR_NOTE, REPAIR_SOURCES, Case, Dispute, Task
from arrears.contacts.models import ContactPoint, Person, Preference, Relationship
from arrears.contacts.validation import clean_contact_value
from arrears.scripts.labels import REACTIONS


def log_contact(
    case: Case,
    user: User,
    *,
    person: Person,
    channel: str,
    outcome: str,
    contact_point: ContactPoint | None = None,
    at: datetime | None = None,
    reaction: str = "",
    note: str = "",
    text: str | None = None,
    purpose: str | None = None,
    callback_at: datetime | None = None,
) -> Any:
    """Ask the gate, then record one contact attempt and what follows from its outcome.

    Raises ContactBlocked when the gate refuses; the refusal is kept first (a `blocked`
    event and the decision row), since it is evidence too.
    """
    _can_change(user)
    if person.debtor_id != case.debtor_id:
        raise ValidationError(_("This person is not connected to the case's debtor."))
    if contact_point is not None and contact_point.person_id != person.pk:
        raise ValidationError(_("This contact point belongs to someone else."))
    if contact_point is not None and not contact_point.valid:
        # The gate is never asked about a point known to be wrong (a page open since the
        # point was marked, or a crafted request): say so instead of failing.
        raise ValidationError(_("This contact point is marked invalid: it cannot be contacted."))
    if channel not in Channel.values or channel == Channel.VISIT:
        raise ValidationError(_("Record visits through the visit plan."))
    if outcome not in Outcome.values or outcome.startswith("visit_"):
        raise ValidationError(_("Unknown outcome."))
    if reaction and reaction not in REACTIONS:
        raise ValidationError(_("Unknown reaction."))
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"))
    if text is not None:
        text = _text(text, max_length=NOTE_LENGTH, label=_("What will be said")) or None
    if outcome == Outcome.CALLBACK_REQUESTED and callback_at is None:
        raise ValidationError(_("A callback needs the time the debtor asked for."))
    raise_if(contact_problems(channel=channel, point=contact_point, callback_at=callback_at, at=_now(at)))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    purpose = purpose or _purpose_for(person)
    with transaction.atomic():
        # The time of the contact is read once the debtor is ours: a contact that waited for
        # another one to commit is later than it, and so sees it in the history.
        lock_debtor(case.debtor_id)
        if not Case.objects.filter(pk=case.pk, status=Case.Status.OPEN).exists():
            raise ValidationError(_("The case is closed."))  # closed while this call was logged
        at = _now(at)
        checked, kept = _gate(case, user, person, contact_point, channel, at, purpose, text)
        values: dict[str, Any] = {
            "channel": channel,
            "person_id": person.pk,
            "contact_point_id": contact_point.pk if contact_point else None,
            "decision_id": kept.pk,
        }
        if not checked.decision.allowed:
            evidence.append(
                case,
                Kind.BLOCKED,
                actor=user,
                at=at,
                data={
                    "rule_ids": list(checked.decision.rule_ids),
                    "purpose": purpose,
                },
                **values,
            )
        else:
            event = evidence.append(
                case,
                Kind.CONTACT,
                actor=user,
                at=at,
                outcome=outcome,
                reaction=reaction,
                note=note,
                data={"purpose": purpose, **({"text": text} if text else {})},
                **values,
            )
            if outcome in (Outcome.WRONG_NUMBER, Outcome.INVALID_NUMBER) and contact_point is not None:
                mark_contact_point(case, user, contact_point, valid=False, reason=str(Outcome(outcome).label))
            if outcome == Outcome.CALLBACK_REQUESTED and callback_at is not None:
                open_task(case, user, Task.Kind.CALLBACK, due_at=callback_at, note=note)
            _replan(case, _local_date(at))
    if not checked.decision.allowed:
        raise ContactBlocked(checked.decision, kept)
    return event


@transaction.atomic
def add_contact_point(
    case: Case,
    user: User,
    *,
    person: Person,
    kind: str,
    value: str,
    source: str,
    verification: str = ContactPoint.Verification.UNVERIFIED,
    address_kind: str = "",
    is_workplace: bool = False,
) -> ContactPoint:
    _can_change(user)
    if person.debtor_id != case.debtor_id:
        raise ValidationError(_("This person is not connected to the case's debtor."))
    value = _text(value, max_length=300, label=_("The value"), required=_("The value is empty."))
    if kind not in ContactPoint.Kind.values:
        raise ValidationError(_("Choose a phone, an email or an address."))
    if source not in ContactPoint.Source.values:
        raise ValidationError(_("Say where the contact point came from."))
    if verification not in ContactPoint.Verification.values:
        raise ValidationError(_("Unknown verification state."))
    if kind == ContactPoint.Kind.ADDRESS and address_kind not in ContactPoint.AddressKind.values:
        raise ValidationError(_("Say which kind of address it is."))
    if kind != ContactPoint.Kind.ADDRESS:
        address_kind = ""
    # The same reading as the imports: a phone in E.164 for the debtor's jurisdiction, an
    # email that a mail server would take, an address without control characters.
    value = clean_contact_value(kind, value, jurisdiction=case.debtor.jurisdiction)
    point, created = ContactPoint.objects.get_or_create(
        person=person,
        kind=kind,
        value=value,
        defaults={
            "source": source,
            "verification": verification,
            "address_kind": address_kind,
            "is_workplace": is_workplace,
        },
    )
    if created:
        evidence.append(
            case,
            Kind.CONTACT_POINT_ADDED,
            actor=user,
            person_id=person.pk,
            contact_point_id=point.pk,
            data={"kind": kind, "source": source, "verification": verification},
        )
    _replan(case)
    return point


@transaction.atomic
def mark_contact_point(
    case: Case,
    user: User,
    point: ContactPoint,
    *,
    valid: bool | None = None,
    verification: str | None = None,
    reason: str = "",
) -> ContactPoint:
    _can_change(user)
    reason = _text(reason, max_length=200, label=_("The reason"))
    if verification is not None and verification not in ContactPoint.Verification.values:
        raise ValidationError(_("Unknown verification state."))
    changes: dict[str, Any] = {}
    if valid is not None and valid != point.valid:
        point.valid = valid
        point.invalid_reason = "" if valid else reason
        changes["valid"] = valid
    if verification is not None and verification != point.verification:
        point.verification = verification
        changes["verification"] = verification
    if not changes:
        return point
    point.save(update_fields=["valid", "invalid_reason", "verification"])
    evidence.append(
        case,
        Kind.CONTACT_POINT_MARKED,
        actor=user,
        person_id=point.person_id,
        contact_point_id=point.pk,
        note=reason,
        data=changes,
    )
    if changes.get("valid") is False:
        _open_repair_if_unreachable(case, user)
    return point


def _open_repair_if_unreachable(case: Case, user: User) -> Task | None:
    """Every phone of the debtor invalid: open an information-repair task (once)."""
    phones = ContactPoint.objects.filter(
        person__debtor=case.debtor, person__relationship=Relationship.SELF, kind=ContactPoint.Kind.PHONE
    )
    if phones.filter(valid=True).exists() or not phones.exists():
        return None
    return ensure_repair_task(case, user)


def ensure_repair_task(case: Case, user: User) -> Task:
    existing = case.tasks.filter(kind=Task.Kind.INFO_REPAIR, status=Task.Status.OPEN).first()
    if existing is not None:
        return existing
    return open_task(
        case,
        user,
        Task.Kind.INFO_REPAIR,
        checklist=REPAIR_SOURCES,
        # Kept in English, as the evidence is; the case page shows it in the reader's language.
        note=REPAIR_NOTE,
    )


@transaction.atomic
def open_dispute(
    case: Case, user: User, *, summary: str, written: bool = False, at: datetime | None = None
) -> Dispute:
    _can_change(user)
    at = _now(at)
    summary = _text(
        summary, max_length=500, label=_("The dispute"), required=_("Say what the debtor disputes.")
    )
    dispute = Dispute.objects.create(
        case=case,
        raised_at=at,
        written=written,
        summary=summary,
        raised_by=_who(user),
    )
    evidence.append(case, Kind.DISPUTE_OPENED, actor=user, at=at, note=summary, data={"written": written})
    open_task(case, user, Task.Kind.DISPUTE, due_on=_local_date(at) + timedelta(days=5), note=summary)
    return dispute


@transaction.atomic
def record_preference(
    case: Case,
    user: User,
    *,
    kind: str,
    channel: str = "",
    slot: dict[str, Any] | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Preference:
    _can_change(user)
    if kind not in Preference.Kind.values:
        raise ValidationError(_("Unknown preference."))
    if kind == Preference.Kind.OPT_OUT_CHANNEL and channel not in Channel.values:
        raise ValidationError(_("Say which channel."))
    if channel and channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    note = _text(note, max_length=300, label=_("The note"))
    at = _now(at)
    pref = Preference.objects.create(
        debtor=case.debtor,
        kind=kind,
        channel=channel,
        slot=slot,
        note=note,
        recorded_at=at,
        recorded_by=_who(user),
    )
    evidence.append(
        case,
        Kind.PREFERENCE_RECORDED,
        actor=user,
        at=at,
        note=note,
        data={"kind": kind, "channel": channel, "slot": slot},
    )
    return pref
