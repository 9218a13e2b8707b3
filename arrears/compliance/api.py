"""POST /api/v1/compliance/check: the contact gate over HTTP, a thin adapter over actions."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from arrears.compliance.actions import check_and_record
from arrears.compliance.request import RequestError

router = Router(tags=["compliance"])


class ErrorOut(Schema):
    detail: str
    errors: list[str]


@router.post("/check", response={200: dict[str, Any], 400: ErrorOut})
def check_contact(request: HttpRequest, lang: str | None = None) -> Status[Any]:
    """Evaluate one contact-check request (docs/contact-check.md) and return the decision.

    The decision is recorded with the caller as its user, because an API caller is a real
    path (a dialler, a queue export). `lang` picks the language of `reason` (en, zh-hans).
    """
    try:
        data = json.loads(request.body or b"null")
    except json.JSONDecodeError as exc:
        return Status(400, {"detail": "the body is not JSON", "errors": [str(exc)]})
    try:
        checked, _ = check_and_record(data, user=request.user)
    except RequestError as exc:
        return Status(400, {"detail": "invalid contact-check request", "errors": exc.errors})
    return Status(200, checked.decision.to_dict(lang or getattr(request, "LANGUAGE_CODE", "en")))
