"""/api/v1/messages: a case's messages, and sending one, through the same access rules and
actions as the case page."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from arrears.cases.access import can_change, get_case_for_user
from arrears.cases.actions import NotAllowed
from arrears.contacts.models import ContactPoint
from arrears.messaging import actions
from arrears.messaging.models import Message
from arrears.scripts.models import Script

router = Router(tags=["messages"])


class MessageOut(Schema):
    id: UUID
    channel: str
    template: str
    language: str
    status: str
    text: str
    due_at: dt.datetime
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None
    blocked_by: list[str]
    error: str


def _out(m: Message) -> dict[str, Any]:
    return {
        "id": m.public_id,
        "channel": m.channel,
        "template": m.script_version.script.key,
        "language": m.language,
        "status": m.status,
        "text": m.body,
        "due_at": m.due_at,
        "sent_at": m.sent_at,
        "delivered_at": m.delivered_at,
        "blocked_by": m.rule_ids.split(),
        "error": m.last_error,
    }


@router.get("/cases/{case_id}", response=list[MessageOut])
def case_messages(request: HttpRequest, case_id: UUID, limit: int = 100) -> list[dict[str, Any]]:
    case = get_case_for_user(request.user, case_id)
    rows = (
        Message.objects.filter(case=case)
        .select_related("script_version__script")
        .order_by("-created_at", "-id")
    )
    return [_out(m) for m in rows[: max(1, min(limit, 1000))]]


class SendIn(Schema):
    template: str  # the script's key, e.g. sms-reminder
    language: str = "zh-hans"
    contact_point: UUID


@router.post("/cases/{case_id}", response={201: MessageOut, 400: dict, 409: dict})
def send(request: HttpRequest, case_id: UUID, payload: SendIn) -> Status:
    """Queue a template for one of the case's contact points; the gate decides now and again
    when it is sent. 409 with the gate's decision when it blocks for good."""
    case = get_case_for_user(request.user, case_id)
    if not can_change(request.user):
        raise HttpError(403, "your role reads only")
    script = Script.objects.filter(key=payload.template, language=payload.language).first()
    point = (
        ContactPoint.objects.select_related("person")
        .filter(public_id=payload.contact_point, person__debtor_id=case.debtor_id)
        .first()
    )
    if script is None or point is None:
        raise HttpError(404, "no such template or contact point on this case")
    try:
        message = actions.queue_message(case, request.user, script=script, contact_point=point)
    except actions.MessageRefused as refused:
        return Status(409, refused.decision.to_dict(getattr(request, "LANGUAGE_CODE", None)))
    except (ValidationError, NotAllowed) as exc:
        return Status(400, {"detail": exc.messages if isinstance(exc, ValidationError) else [str(exc)]})
    return Status(201, _out(message))
