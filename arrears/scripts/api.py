"""POST /api/v1/assist/classify: the call screen's live assist, a thin adapter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from arrears.scripts.assist import classify_utterance
from arrears.scripts.labels import normalise_language

router = Router(tags=["assist"])


class ClassifyIn(Schema):
    text: str
    language: str | None = None
    stage: str = "phone"
    today: dt.date | None = None


class Suggestion(Schema):
    id: str
    text: str


class Parsed(Schema):
    date: str | None
    amount: str | None


class ClassifyOut(Schema):
    text: str
    language: str
    label: str
    confidence: float
    suggestions: list[Suggestion]
    care_flag: bool
    actions: list[dict[str, Any]]
    parsed: Parsed


@router.post("/classify", response=ClassifyOut)
def classify(request: HttpRequest, payload: ClassifyIn) -> dict[str, Any]:
    """Label a debtor's utterance and suggest what to say and do next."""
    text = payload.text.strip()
    if not text:
        raise HttpError(400, "text is empty")
    if len(text) > 2000:
        raise HttpError(400, "text is longer than 2000 characters; send one utterance")
    try:
        language = normalise_language(payload.language)
        return classify_utterance(
            text,
            today=payload.today or timezone.localdate(),
            language=language,
            stage=payload.stage,
        )
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
