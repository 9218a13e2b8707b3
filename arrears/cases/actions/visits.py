"""Field visits (外访): planned through the gate with two or more staff, then recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Channel, Kind, Outcome
from arrears.cases.actions.common import (
    NOTE_LENGTH,
    ContactBlocked,
    User,
    _can_change,
    _locked_status,
    _text,
    _who,
)
from arrears.cases.actions.contacts import mark_contact_point
from arrears.cases.actions.gate import _gate, _purpose_for
from arrears.cases.actions.rules import raise_if, visit_outcome_problems, visit_plan_problems
from arrears.cases.actions.tasks import complete_task, open_task
from arrears.cases.models import Case, Task, Visit
from arrears.compliance.models import ContactDecision
from arrears.contacts.models import ContactPoint
from arrears.core.models import Role

# Who may go on a visit: people who work cases in the field or on the phone, and their lead.
# Never a compliance officer or an administrator (they do not collect), never another team.
FIELD_ROLES = frozenset({Role.FIELD_COLLECTOR, Role.COLLECTOR, Role.TEAM_LEAD})


def field_staff_for(case: Case) -> Any:
    """Who may staff a visit of `case`: active field-capable users of the case's team."""
    users = get_user_model().objects
    if not case.team_id:
        return users.none()
    return users.filter(
        is_active=True, profile__team_id=case.team_id, profile__role__in=sorted(FIELD_ROLES)
    ).order_by("username")


def _check_staff(case: Case, staff: Sequence[Any]) -> list[Any]:
    """The visit's staff, each an active field-capable user of the case's team; anyone
    else is refused by name, so the gate's count (CN-VISIT-01: never alone) is of people
    who may actually go."""
    wrong = []
    for user in staff:
        profile = getattr(user, "profile", None)
        if (
            not getattr(user, "is_active", False)
            or profile is None
            or profile.role not in FIELD_ROLES
            or case.team_id is None
            or profile.team_id != case.team_id
        ):
            wrong.append(user.get_username())
    if wrong:
        raise ValidationError(
            _(
                "%(names)s cannot staff a visit of this case: only active field collectors, "
                "collectors and team leads of the case's team can."
            )
            % {"names": ", ".join(sorted(wrong))}
        )
    return list(staff)


def plan_visit(
    case: Case, user: User, *, address: ContactPoint, planned_at: datetime, staff: Sequence[Any]
) -> Visit:
    """Plan a visit; the gate checks the time, the profile's rules on visits and the
    number of staff (CN-VISIT-01: never alone)."""
    _can_change(user)
    raise_if(visit_plan_problems(planned_at, timezone.now()))
    if address.kind != ContactPoint.Kind.ADDRESS or address.person.debtor_id != case.debtor_id:
        raise ValidationError(_("Choose one of the debtor's addresses."))
    if not address.valid:
        raise ValidationError(_("This contact point is marked invalid: it cannot be contacted."))
    staff = _check_staff(case, list(dict.fromkeys(staff)))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    with transaction.atomic():
        checked, kept = _gate(
            case,
            user,
            address.person,
            address,
            Channel.VISIT,
            planned_at,
            _purpose_for(address.person),
            None,
            visitors=len(staff),
        )
        if not checked.decision.allowed:
            evidence.append(
                case,
                Kind.BLOCKED,
                actor=user,
                at=planned_at,
                channel=Channel.VISIT,
                person_id=address.person_id,
                contact_point_id=address.pk,
                decision_id=kept.pk,
                data={"rule_ids": list(checked.decision.rule_ids), "visitors": len(staff)},
            )
        else:
            visit = _create_visit(case, user, address, planned_at, staff, kept)
    if not checked.decision.allowed:
        raise ContactBlocked(checked.decision, kept)
    return visit


def _create_visit(
    case: Case,
    user: User,
    address: ContactPoint,
    planned_at: datetime,
    staff: list[Any],
    kept: ContactDecision,
) -> Visit:
    visit = Visit.objects.create(
        case=case,
        address=address,
        address_kind=address.address_kind,
        planned_at=planned_at,
        planned_by=_who(user),
    )
    visit.staff.set(staff)
    evidence.append(
        case,
        Kind.VISIT_PLANNED,
        actor=user,
        at=planned_at,
        channel=Channel.VISIT,
        person_id=address.person_id,
        contact_point_id=address.pk,
        decision_id=kept.pk,
        data={
            "visit": str(visit.public_id),
            "staff": [s.pk for s in staff],
            "address_kind": address.address_kind,
        },
    )
    open_task(case, user, Task.Kind.VISIT, due_at=planned_at, note=address.get_address_kind_display())
    return visit


def _coordinate(value: Decimal | None, bound: int, label: str) -> Decimal | None:
    """A latitude or longitude the column stores (6 decimal places, within ±bound)."""
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite() or abs(value) > bound:
        raise ValidationError(
            _("%(field)s must be a number between -%(bound)d and %(bound)d.")
            % {"field": label, "bound": bound}
        )
    return value.quantize(Decimal("0.000001"))


VISIT_OUTCOME = {
    Visit.Status.DONE: Outcome.VISIT_DONE,
    Visit.Status.NOT_FOUND: Outcome.VISIT_NOT_FOUND,
    Visit.Status.NOT_HOME: Outcome.VISIT_NOT_HOME,
}


@transaction.atomic
def record_visit(
    visit: Visit,
    user: User,
    *,
    status: str,
    occurred_at: datetime,
    note: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Visit:
    _can_change(user)
    _locked_status(Visit, visit, "status")
    if visit.status != Visit.Status.PLANNED:
        raise ValidationError(_("This visit is already recorded."))
    if status not in VISIT_OUTCOME:
        raise ValidationError(_("Unknown visit outcome."))
    raise_if(visit_outcome_problems(occurred_at, timezone.now()))
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"))
    latitude = _coordinate(latitude, 90, _("The latitude"))
    longitude = _coordinate(longitude, 180, _("The longitude"))
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Give both the latitude and the longitude, or neither."))
    visit.status, visit.occurred_at, visit.note = status, occurred_at, note
    visit.latitude, visit.longitude = latitude, longitude
    visit.save(update_fields=["status", "occurred_at", "note", "latitude", "longitude"])
    evidence.append(
        visit.case,
        Kind.VISIT_RECORDED,
        actor=user,
        at=occurred_at,
        channel=Channel.VISIT,
        person_id=visit.address.person_id,
        contact_point_id=visit.address_id,
        outcome=VISIT_OUTCOME[Visit.Status(status)],
        note=note,
        data={
            "visit": str(visit.public_id),
            "location": [str(latitude), str(longitude)] if latitude is not None else None,
        },
    )
    for task in visit.case.tasks.filter(kind=Task.Kind.VISIT, status=Task.Status.OPEN):
        complete_task(task, user)
    if status == Visit.Status.NOT_FOUND:
        mark_contact_point(
            visit.case,
            user,
            visit.address,
            verification=ContactPoint.Verification.FAILED,
            reason=_("Not found at the address"),
        )
    return visit
