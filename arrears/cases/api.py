"""/api/v1/cases: the workbench over HTTP, through the same access rules and actions.

The schemas state every constraint the handlers enforce (arrears.core.api_fields), and
every error answer has the one shape of arrears.core.api_errors.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import ConfigDict, Field

from arrears.activity.models import Channel, Outcome
from arrears.cases import actions
from arrears.cases.access import can_change, get_case_for_user, visible_cases
from arrears.cases.models import Case
from arrears.compliance.api import DecisionOut
from arrears.contacts.models import ContactPoint
from arrears.core.api_errors import ErrorOut, Invalid, error_responses
from arrears.core.api_fields import Day, Instant, Money, PublicId, Strict, optional_text, text
from arrears.core.models import ApiScope
from arrears.core.money import check_amount
from arrears.core.tokens import scoped
from arrears.scripts.labels import REACTIONS
from arrears.strategy.today import plan_day, planned_for

router = Router(tags=["cases"])

READ = scoped(ApiScope.CASES_READ)
WRITE = scoped(ApiScope.CASES_WRITE)

# Visits are planned and recorded through the visit plan, never logged as a contact.
ContactChannel = Literal[tuple(c for c in Channel.values if c != Channel.VISIT)]  # type: ignore[valid-type]
ContactOutcome = Literal[tuple(o for o in Outcome.values if not o.startswith("visit_"))]  # type: ignore[valid-type]
ReactionLabel = Literal[("", *REACTIONS)]  # type: ignore[valid-type]
ContactNote = Annotated[str, optional_text(2000, "What happened, in the collector's words.")]
Said = Annotated[str, text(2000, "What was said or sent, for the content check.")]
NoteText = Annotated[str, text(2000, "The note: not blank.")]
PaymentChannel = Annotated[str, optional_text(40, "How the debtor will pay (e.g. bank transfer).")]
OverBalanceReason = Annotated[
    str, optional_text(300, "Why the promise is above the case's balance (required then; 409 without it).")
]
# A promise is for the coming weeks; a due date beyond a year is a typo.
PROMISE_HORIZON = dt.timedelta(days=366)
CALLBACK_HORIZON = dt.timedelta(days=366)


class CaseOut(Schema):
    id: UUID
    reference: str
    debtor: str
    stage: str
    status: str
    owner: str | None
    days_past_due: int
    overdue_amount: str = Field(description='A decimal string, e.g. "1234.50".')
    balance: str = Field(description='A decimal string, e.g. "1234.50".')
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
        "overdue_amount": f"{case.overdue_amount:.2f}",
        "balance": f"{case.balance:.2f}",
        "priority": case.priority,
        "next_action": case.next_action,
        "next_action_on": case.next_action_on,
    }


def _writable(request: HttpRequest, case_id: UUID) -> Case:
    case = get_case_for_user(request.user, case_id)
    if not can_change(request.user):
        raise HttpError(403, _("Your role reads only."))
    return case


@router.get("/", response={200: list[CaseOut], **error_responses(401, 403, 422)}, auth=READ)
def my_queue(request: HttpRequest, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    """The signed-in user's plan for today (on a day off, the next working day's): timed
    callbacks first, then by priority. Scope `cases:read`."""
    day = plan_day(timezone.localdate(timezone=timezone.get_default_timezone()))
    cases = planned_for(visible_cases(request.user), day).select_related("debtor", "owner")[:limit]
    return [_out(c) for c in cases]


@router.get("/{case_id}", response={200: CaseOut, **error_responses(401, 403, 404, 422)}, auth=READ)
def case_detail(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    """One case in the caller's scope (404 otherwise). Scope `cases:read`."""
    return _out(get_case_for_user(request.user, case_id))


class ContactIn(Strict):
    model_config = ConfigDict(
        extra="forbid",
        # A callback needs the time the debtor asked for (stated here, checked below).
        json_schema_extra={
            "if": {"properties": {"outcome": {"const": "callback_requested"}}, "required": ["outcome"]},
            "then": {"required": ["callback_at"], "properties": {"callback_at": {"type": "string"}}},
        }
    )

    contact_point: PublicId
    channel: ContactChannel = "call"  # type: ignore[valid-type]
    outcome: ContactOutcome  # type: ignore[valid-type]
    reaction: ReactionLabel = ""
    note: ContactNote = ""
    text: Said | None = None
    callback_at: Instant | None = Field(
        None, description="Required when the outcome is callback_requested: within the next year."
    )


class BlockedOut(ErrorOut):
    """409 on logging a contact: when the contact gate blocks it, its decision (the rules
    that block, why, and when the contact becomes allowed); null for other refusals."""

    decision: DecisionOut | None = None


class Logged(Schema):
    event: int
    allowed: bool


@router.post(
    "/{case_id}/contacts",
    response={201: Logged, 409: BlockedOut, **error_responses(401, 403, 404, 422)},
    auth=WRITE,
)
def log_contact(request: HttpRequest, case_id: UUID, payload: ContactIn) -> Any:
    """Log a contact attempt; the gate decides first (409 with the decision if it blocks).
    Scope `cases:write`."""
    case = _writable(request, case_id)
    if payload.outcome == Outcome.CALLBACK_REQUESTED:
        if payload.callback_at is None:
            raise Invalid("callback_at", _("A callback needs the time the debtor asked for."))
        now = timezone.now()
        if not now - dt.timedelta(days=1) <= payload.callback_at <= now + CALLBACK_HORIZON:
            return Status(409, {"detail": _("A callback time must fall within the next year."), "errors": []})
    point = (
        ContactPoint.objects.filter(public_id=payload.contact_point, person__debtor=case.debtor)
        .select_related("person")
        .first()
    )
    if point is None:
        raise HttpError(404, _("No such contact point on this case."))
    if not point.valid:
        # Checked here because the action lets the gate's shell raise a ValueError for it.
        return Status(
            409, {"detail": _("This contact point is marked invalid; it cannot be contacted."), "errors": []}
        )
    try:
        event = actions.log_contact(
            case,
            request.user,
            person=point.person,
            contact_point=point,
            channel=payload.channel,
            outcome=payload.outcome,
            reaction=payload.reaction,
            note=payload.note.strip(),
            text=payload.text,
            callback_at=payload.callback_at,
        )
    except actions.ContactBlocked as blocked:
        decision = blocked.decision.to_dict(getattr(request, "LANGUAGE_CODE", None))
        reasons = "; ".join(r.get("reason", r["reason_en"]) for r in decision["reasons"])
        return Status(
            409,
            {
                "detail": reasons or _("The contact gate blocks this contact."),
                "errors": [],
                "decision": decision,
            },
        )
    return Status(201, {"event": event.seq, "allowed": True})


class PromiseIn(Strict):
    amount: Money
    due_on: Day = Field(
        description="From today (the business's time zone) to the creditor's promise horizon "
        "(30 days unless the creditor sets another); later is refused with 409."
    )
    channel: PaymentChannel = ""
    over_balance_reason: OverBalanceReason = ""


class PromiseOut(Schema):
    id: UUID
    status: str


@router.post(
    "/{case_id}/promises",
    response={201: PromiseOut, **error_responses(401, 403, 404, 409, 422)},
    auth=WRITE,
)
def make_promise(request: HttpRequest, case_id: UUID, payload: PromiseIn) -> Any:
    """Record a promise to pay. Scope `cases:write`."""
    # The pattern already holds the amount to the column's rules; the money check is the
    # one every path goes through (and speaks the reader's language).
    case = _writable(request, case_id)
    amount = _amount(payload.amount)
    if payload.due_on > timezone.localdate(timezone=timezone.get_default_timezone()) + PROMISE_HORIZON:
        return Status(409, {"detail": _("A promise must fall due within a year."), "errors": []})
    promise = actions.make_promise(
        case,
        request.user,
        amount=amount,
        due_on=payload.due_on,
        channel=payload.channel.strip(),
        over_balance_reason=payload.over_balance_reason,
    )
    return Status(201, {"id": promise.public_id, "status": promise.status})


def _amount(value: str) -> Decimal:
    try:
        return check_amount(Decimal(value))
    except ValidationError as exc:
        raise Invalid("amount", exc.messages[0]) from None


class NoteIn(Strict):
    note: NoteText


class NoteOut(Schema):
    event: int


@router.post(
    "/{case_id}/notes",
    response={201: NoteOut, **error_responses(401, 403, 404, 409, 422)},
    auth=WRITE,
)
def add_note(request: HttpRequest, case_id: UUID, payload: NoteIn) -> Any:
    """Add a note to the case's evidence. Scope `cases:write`."""
    case = _writable(request, case_id)
    event = actions.add_note(case, request.user, payload.note)
    return Status(201, {"event": event.seq})


__all__ = ["ErrorOut", "router"]
