"""POST /api/v1/assist/classify: the call screen's live assist, a thin adapter."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from arrears.core.api_errors import error_responses
from arrears.core.api_fields import Day, Strict, text
from arrears.core.models import ApiScope
from arrears.core.tokens import scoped
from arrears.scripts.assist import classify_utterance
from arrears.scripts.labels import STAGES, normalise_language

router = Router(tags=["assist"])
Utterance = Annotated[str, text(2000, "One utterance of the debtor.")]
# zh-hans or en, in the spellings transcripts send ("zh", "zh-CN", "EN"); none: detected.
LanguageTag = Annotated[
    str, Field(pattern=r"^[ \t]*([zZ][hH]|[eE][nN])[^\x00]*$", max_length=20, examples=["zh-hans", "en"])
]


class ClassifyIn(Strict):
    text: Utterance
    language: LanguageTag | None = None
    stage: Literal[STAGES] = "phone"  # type: ignore[valid-type]
    today: Day | None = None
    # A business customer's answers take the business labels (payment sent, invoice disputed).
    customer: Literal["person", "company"] = "person"


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


@router.post(
    "/classify",
    response={200: ClassifyOut, **error_responses(401, 403, 422)},
    auth=scoped(ApiScope.ASSIST_CLASSIFY),
)
def classify(request: HttpRequest, payload: ClassifyIn) -> dict[str, Any]:
    """Label a debtor's utterance and suggest what to say and do next. Scope `assist:classify`."""
    try:
        return classify_utterance(
            payload.text.strip(),
            today=payload.today or timezone.localdate(timezone=timezone.get_default_timezone()),
            language=normalise_language(payload.language),
            stage=payload.stage,
            customer=payload.customer,
        )
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None
