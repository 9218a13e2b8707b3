"""/api/v1/messages: a case's messages, and sending one, through the same access rules and
actions as the case page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from arrears.cases.access import can_change, get_case_for_user
from arrears.cases.actions import NotAllowed
from arrears.compliance.api import DecisionOut
from arrears.contacts.models import ContactPoint
from arrears.core.api_errors import ErrorOut, error_responses
from arrears.core.api_fields import PublicId, Strict
from arrears.core.models import ApiScope
from arrears.core.tokens import scoped
from arrears.messaging import actions
from arrears.messaging.models import Message
from arrears.scripts.labels import LANGUAGES
from arrears.scripts.models import Script

router = Router(tags=["messages"])

# Reading a case's messages is reading the case; queueing one is a change to it.
READ = scoped(ApiScope.CASES_READ)
WRITE = scoped(ApiScope.CASES_WRITE)
TemplateKey = Annotated[
    str, Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="The script's key.")
]


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


@router.get(
    "/cases/{case_id}", response={200: list[MessageOut], **error_responses(401, 403, 404, 422)}, auth=READ
)
def case_messages(
    request: HttpRequest, case_id: UUID, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[dict[str, Any]]:
    """A case's messages, newest first, with their delivery state. Scope `cases:read`."""
    case = get_case_for_user(request.user, case_id)
    rows = (
        Message.objects.filter(case=case)
        .select_related("script_version__script")
        .order_by("-created_at", "-id")
    )
    return [_out(m) for m in rows[:limit]]


class SendIn(Strict):
    template: TemplateKey
    language: Literal[LANGUAGES] = "zh-hans"  # type: ignore[valid-type]
    contact_point: PublicId


class RefusedOut(ErrorOut):
    """409: the gate refuses the message for good (its decision), or the case's state does."""

    decision: DecisionOut | None = None


@router.post(
    "/cases/{case_id}",
    response={201: MessageOut, 409: RefusedOut, **error_responses(401, 403, 404, 422)},
    auth=WRITE,
)
def send(request: HttpRequest, case_id: UUID, payload: SendIn) -> Status:
    """Queue a template for one of the case's contact points; the gate decides now and again
    when it is sent. 409 with the gate's decision when it blocks for good. Scope
    `cases:write`."""
    case = get_case_for_user(request.user, case_id)
    if not can_change(request.user):
        raise HttpError(403, _("Your role reads only."))
    script = Script.objects.filter(key=payload.template, language=payload.language).first()
    point = (
        ContactPoint.objects.select_related("person")
        .filter(public_id=payload.contact_point, person__debtor_id=case.debtor_id)
        .first()
    )
    if script is None or point is None:
        raise HttpError(404, _("No such template or contact point on this case."))
    try:
        message = actions.queue_message(case, request.user, script=script, contact_point=point)
    except actions.MessageRefused as refused:
        decision = refused.decision.to_dict(getattr(request, "LANGUAGE_CODE", None))
        reasons = "; ".join(r.get("reason", r["reason_en"]) for r in decision["reasons"])
        detail = reasons or _("The contact gate blocks this message.")
        return Status(409, {"detail": detail, "errors": [], "decision": decision})
    except ValidationError as exc:
        return Status(409, {"detail": " ".join(exc.messages), "errors": []})
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    return Status(201, _out(message))
