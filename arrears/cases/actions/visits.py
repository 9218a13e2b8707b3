"""Field visits (外访): planned through the gate with two or more staff, then recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Channel, Kind, Outcome
from arrears.cases.actions.common import ContactBlocked, User, _can_change, _who
from arrears.cases.actions.contacts import mark_contact_point
from arrears.cases.actions.gate import _gate, _purpose_for
from arrears.cases.actions.tasks import complete_task, open_task
from arrears.cases.models import Case, Task, Visit
from arrears.compliance.models import ContactDecision
from arrears.contacts.models import ContactPoint


def plan_visit(
    case: Case, user: User, *, address: ContactPoint, planned_at: datetime, staff: Sequence[Any]
) -> Visit:
    """Plan a visit; the gate checks the time, the profile's rules on visits and the
    number of staff (CN-VISIT-01: never alone)."""
    _can_change(user)
    if address.kind != ContactPoint.Kind.ADDRESS or address.person.debtor_id != case.debtor_id:
        raise ValidationError(_("Choose one of the debtor's addresses."))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    staff = list(dict.fromkeys(staff))
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
    if visit.status != Visit.Status.PLANNED:
        raise ValidationError(_("This visit is already recorded."))
    if status not in VISIT_OUTCOME:
        raise ValidationError(_("Unknown visit outcome."))
    visit.status, visit.occurred_at, visit.note = status, occurred_at, note
    visit.latitude, visit.longitude = latitude, longitude
    visit.save()
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
