"""/api/v1/credit-holds: which customers are on credit hold (stop supply), for an ERP that
blocks new orders. Read only; proposals and decisions are made in the workbench. Scope
`credit_holds:read`; the token's owner sees the customers of its scope (access.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from arrears.core.api_errors import error_responses
from arrears.core.models import ApiScope
from arrears.core.tokens import scoped
from arrears.dunning.access import get_customer_for_user, visible_holds
from arrears.dunning.models import CreditHold

router = Router(tags=["credit holds"])

READ = scoped(ApiScope.CREDIT_HOLDS_READ)
HoldStatus = Literal["proposed", "active", "rejected", "released", "withdrawn"]
assert set(HoldStatus.__args__) == set(CreditHold.Status.values)  # type: ignore[attr-defined]


class HoldOut(Schema):
    id: UUID
    customer: UUID = Field(description="The customer's id (a company debtor).")
    customer_ref: str = Field(description="The customer's number in the creditor's own system (ERP).")
    customer_name: str
    status: HoldStatus = Field(description="`active`: supply is stopped; block new orders.")
    reason: str
    proposed_at: dt.datetime
    decided_at: dt.datetime | None
    released_at: dt.datetime | None


class CustomerHoldOut(Schema):
    customer: UUID
    customer_ref: str
    on_hold: bool = Field(description="True while a credit hold is active: block new orders.")
    hold: HoldOut | None


def _out(hold: CreditHold) -> dict[str, Any]:
    return {
        "id": hold.public_id,
        "customer": hold.debtor.public_id,
        "customer_ref": hold.debtor.external_id,
        "customer_name": hold.debtor.name,
        "status": hold.status,
        "reason": hold.reason,
        "proposed_at": hold.proposed_at,
        "decided_at": hold.decided_at,
        "released_at": hold.released_at,
    }


@router.get("/", response={200: list[HoldOut], **error_responses(401, 403, 422)}, auth=READ)
def list_holds(
    request: HttpRequest,
    customer: Annotated[UUID | None, Query(description="Only this customer's holds.")] = None,
    status: Annotated[HoldStatus | None, Query(description="Only holds in this status.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> list[dict[str, Any]]:
    """Credit holds in the caller's scope, newest first. Scope `credit_holds:read`."""
    holds = visible_holds(request.user).select_related("debtor")
    if customer is not None:
        holds = holds.filter(debtor__public_id=customer)
    if status is not None:
        holds = holds.filter(status=status)
    return [_out(h) for h in holds.order_by("-proposed_at", "-id")[:limit]]


@router.get(
    "/customers/{customer_id}",
    response={200: CustomerHoldOut, **error_responses(401, 403, 404, 422)},
    auth=READ,
)
def customer_hold(request: HttpRequest, customer_id: UUID) -> dict[str, Any]:
    """Is this customer on credit hold now? 404 outside the caller's scope. Scope
    `credit_holds:read`."""
    debtor = get_customer_for_user(request.user, customer_id)
    hold = (
        CreditHold.objects.filter(
            debtor=debtor, status__in=[CreditHold.Status.PROPOSED, CreditHold.Status.ACTIVE]
        )
        .select_related("debtor")
        .order_by("-proposed_at")
        .first()
    )
    return {
        "customer": debtor.public_id,
        "customer_ref": debtor.external_id,
        "on_hold": hold is not None and hold.status == CreditHold.Status.ACTIVE,
        "hold": _out(hold) if hold else None,
    }
