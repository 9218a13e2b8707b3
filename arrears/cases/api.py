"""/api/v1/cases: the workbench over HTTP, through the same access rules and actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from arrears.cases import actions
from arrears.cases.access import can_change, get_case_for_user, visible_cases
from arrears.cases.models import Case
from arrears.contacts.models import ContactPoint
from arrears.strategy.today import plan_day, planned_for

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: UUID
    reference: str
    debtor: str
    stage: str
    status: str
    owner: str | None
    days_past_due: int
    overdue_amount: Decimal
    balance: Decimal
    priority: int
    next_action: str
    next_action_on: dt.date | None


def _out(case: Case) -> dict[str, Any]:
    return {
        "id": case.public_id,
        "reference": case.reference,
        "debtor": case.debtor.name,
        "stage": case.stage,
        "status": case.status,
        "owner": case.owner.get_username() if case.owner else None,
        "days_past_due": case.days_past_due,
        "overdue_amount": case.overdue_amount,
        "balance": case.balance,
        "priority": case.priority,
        "next_action": case.next_action,
        "next_action_on": case.next_action_on,
    }


def _writable(request: HttpRequest, case_id: UUID) -> Case:
    case = get_case_for_user(request.user, case_id)
    if not can_change(request.user):
        raise HttpError(403, "your role reads only")
    return case


@router.get("/", response=list[CaseOut])
def my_queue(request: HttpRequest, limit: int = 100) -> list[dict[str, Any]]:
    """The signed-in user's plan for today (on a day off, the next working day's): timed
    callbacks first, then by priority."""
    day = plan_day(timezone.localdate())
    cases = planned_for(visible_cases(request.user), day).select_related("debtor", "owner")[
        : max(1, min(limit, 1000))
    ]
    return [_out(c) for c in cases]


@router.get("/{case_id}", response=CaseOut)
def case_detail(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    return _out(get_case_for_user(request.user, case_id))


class ContactIn(Schema):
    contact_point: UUID
    channel: str = "call"
    outcome: str
    reaction: str = ""
    note: str = ""
    text: str | None = None
    callback_at: dt.datetime | None = None


class Logged(Schema):
    event: int
    allowed: bool


@router.post("/{case_id}/contacts", response={201: Logged, 409: dict, 400: dict})
def log_contact(request: HttpRequest, case_id: UUID, payload: ContactIn) -> Any:
    """Log a contact attempt; the gate decides first. 409 with the decision if blocked."""
    case = _writable(request, case_id)
    point = (
        ContactPoint.objects.filter(public_id=payload.contact_point, person__debtor=case.debtor)
        .select_related("person")
        .first()
    )
    if point is None:
        raise HttpError(404, "no such contact point on this case")
    try:
        event = actions.log_contact(
            case,
            request.user,
            person=point.person,
            contact_point=point,
            channel=payload.channel,
            outcome=payload.outcome,
            reaction=payload.reaction,
            note=payload.note,
            text=payload.text,
            callback_at=payload.callback_at,
        )
    except actions.ContactBlocked as blocked:
        return 409, blocked.decision.to_dict(
            request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else None
        )
    except ValidationError as exc:
        return 400, {"detail": exc.messages}
    return 201, {"event": event.seq, "allowed": True}


class PromiseIn(Schema):
    amount: Decimal
    due_on: dt.date
    channel: str = ""


@router.post("/{case_id}/promises", response={201: dict, 400: dict})
def make_promise(request: HttpRequest, case_id: UUID, payload: PromiseIn) -> Any:
    case = _writable(request, case_id)
    try:
        promise = actions.make_promise(
            case, request.user, amount=payload.amount, due_on=payload.due_on, channel=payload.channel
        )
    except ValidationError as exc:
        return 400, {"detail": exc.messages}
    return 201, {"id": str(promise.public_id), "status": promise.status}


class NoteIn(Schema):
    note: str


@router.post("/{case_id}/notes", response={201: dict, 400: dict})
def add_note(request: HttpRequest, case_id: UUID, payload: NoteIn) -> Any:
    case = _writable(request, case_id)
    try:
        event = actions.add_note(case, request.user, payload.note)
    except ValidationError as exc:
        return 400, {"detail": exc.messages}
    return 201, {"event": event.seq}
