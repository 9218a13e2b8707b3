"""The imperative shell: build a contact-check request from the database and decide.

The contact history comes in as plain dicts (the request's `history` entries): the activity
app that will own real history does not exist yet, so the caller passes the history it has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from arrears.compliance.actions import Checked, UserLike, check, record_decision
from arrears.compliance.models import ContactDecision
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.portfolio.models import Debtor

# contacts.Relationship -> the request's recipient.role
ROLE_FOR_RELATIONSHIP = {
    Relationship.SELF: "debtor",
    Relationship.SPOUSE: "spouse",
    Relationship.PARENT: "parent",
    Relationship.CHILD: "child",
    Relationship.SIBLING: "sibling",
    Relationship.RELATIVE: "relative",
    Relationship.EMPLOYER: "employer",
    Relationship.COLLEAGUE: "colleague",
    Relationship.REFERENCE: "reference",
    Relationship.GUARANTOR: "guarantor",
    Relationship.CO_BORROWER: "co_obligor",
    # Staff of a company debtor without a part in paying (a receptionist): a third party.
    Relationship.STAFF: "other",
    Relationship.OTHER: "other",
}


def role_for(debtor: Debtor, person: Person) -> str:
    """The request's recipient.role of `person`. A company is reached only through its
    people: those with a part in paying (clerk, finance manager, owner, purchasing contact)
    speak for the customer, as the debtor does; anyone else is who the relationship says."""
    if debtor.kind == Debtor.Kind.COMPANY and person.acts_for_customer:
        return "debtor"
    return ROLE_FOR_RELATIONSHIP[Relationship(person.relationship)]


def build_request(
    debtor: Debtor, person: Person, contact_point: ContactPoint | None, channel: str,
    at: datetime, purpose: str, *, text: str | None = None,
    history: Iterable[Mapping[str, Any]] = (), debt_id: str | None = None,
    account: Mapping[str, Any] | None = None, preferences: Mapping[str, Any] | None = None,
    visitors: int = 0, debtor_self: Person | None = None,
    debtor_points: Iterable[ContactPoint] | None = None,
) -> dict[str, Any]:
    """The public JSON request for one planned contact (docs/contact-check.md).

    `debtor_self` and `debtor_points` (the debtor's own phones) may be passed by a caller
    that checks many contacts of one debtor, so they are read once.
    """
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    if debtor_self is None:
        debtor_self = debtor.people.filter(relationship=Relationship.SELF).first()
    if debtor_points is None:
        debtor_points = (
            list(ContactPoint.objects.filter(person=debtor_self, kind=ContactPoint.Kind.PHONE))
            if debtor_self else []
        )
    debtor_points = [p for p in debtor_points if p.kind == ContactPoint.Kind.PHONE]
    acc = dict(account or {})
    acc.setdefault("company", debtor.kind == Debtor.Kind.COMPANY)
    acc.setdefault("debtor_person_id", str(debtor_self.public_id) if debtor_self else None)
    # CN-PARTY-02: the debtor is unreachable when every phone on file is known invalid.
    acc.setdefault(
        "debtor_contact_points_invalid",
        bool(debtor_points) and all(not p.valid for p in debtor_points),
    )
    prefs = {k: list(v) if isinstance(v, set | frozenset | tuple) else v
             for k, v in (preferences or {}).items()}
    if contact_point is not None and contact_point.opted_out:
        points = set(prefs.get("opted_out_contact_points", []))
        points.add(str(contact_point.public_id))
        prefs["opted_out_contact_points"] = sorted(points)
    request: dict[str, Any] = {
        "profile": debtor.jurisdiction,
        "at": at.isoformat(),
        "channel": channel,
        "purpose": purpose,
        "recipient": {
            "person_id": str(person.public_id),
            "role": role_for(debtor, person),
            "contact_point": str(contact_point.public_id) if contact_point else None,
            "time_zones": [debtor.time_zone] if debtor.time_zone else [],
            "at_workplace": bool(contact_point and contact_point.is_workplace),
        },
        "account": acc,
        "preferences": prefs,
        "history": [dict(h) for h in history],
        "visitors": visitors,
    }
    if debt_id is not None:
        request["debt_id"] = debt_id
    if text is not None:
        request["text"] = text
    if contact_point is not None and not contact_point.valid:
        # An invalid point cannot be dialled; the gate must never be asked to allow it.
        raise ValueError("the contact point is marked invalid")
    return request


def check_contact_for(
    user: UserLike, debtor: Debtor, person: Person, contact_point: ContactPoint | None,
    channel: str, at: datetime, purpose: str, text: str | None = None, *,
    history: Iterable[Mapping[str, Any]] = (), record: bool = True,
    case_reference: str = "", **extra: Any,
) -> Checked:
    """Decide one planned contact and (on a real path) keep the decision with its inputs."""
    request = build_request(debtor, person, contact_point, channel, at, purpose, text=text,
                            history=history, **extra)
    checked = check(request)
    if record:
        record_decision(checked, request, user=user, debtor=debtor,
                        case_reference=case_reference)
    return checked


def check_and_keep(
    user: UserLike, debtor: Debtor, person: Person, contact_point: ContactPoint | None,
    channel: str, at: datetime, purpose: str, text: str | None = None, *,
    history: Iterable[Mapping[str, Any]] = (), case_reference: str = "", **extra: Any,
) -> tuple[Checked, ContactDecision]:
    """`check_contact_for` on a real path, returning the kept decision row as well (the
    evidence trail links each contact event to it)."""
    request = build_request(debtor, person, contact_point, channel, at, purpose, text=text,
                            history=history, **extra)
    checked = check(request)
    kept = record_decision(checked, request, user=user, debtor=debtor, case_reference=case_reference)
    return checked, kept
