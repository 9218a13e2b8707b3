"""POST /api/v1/compliance/check: the contact gate over HTTP, a thin adapter over actions.

The request's schema below is the public document of docs/contact-check.md, field for
field; arrears.compliance.request parses the same body again (strictly, as every other way
in does), so the schema is the contract and the parser the single place that builds the
gate's input. A test keeps the two in step.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import StrictBool

from arrears.compliance.actions import check_and_record
from arrears.compliance.profiles import PROFILE_NAMES
from arrears.compliance.request import CHANNELS, PURPOSES, ROLES, RequestError
from arrears.core.api_errors import error_responses
from arrears.core.api_fields import OPTIONAL_TEXT_PATTERN, Instant, Strict, text, whole_number
from arrears.core.models import ApiScope
from arrears.core.tokens import scoped

router = Router(tags=["compliance"])

Profile = Literal[PROFILE_NAMES]  # type: ignore[valid-type]
ChannelName = Literal[CHANNELS]  # type: ignore[valid-type]
Purpose = Literal[PURPOSES]  # type: ignore[valid-type]
Role = Literal[ROLES]  # type: ignore[valid-type]
Zone = Literal[tuple(sorted(available_timezones()))]  # type: ignore[valid-type]
Id = Annotated[str, Field(min_length=1, max_length=100, pattern=OPTIONAL_TEXT_PATTERN)]
# HH:MM of local wall time.
Weekday = whole_number(1, 7)
Visitors = whole_number(0, 20)
Said = Annotated[str, text(2000, "What will be said or sent.")]
WallTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class RecipientIn(Strict):
    person_id: Id | None = None
    role: Role = "debtor"
    contact_point: Id | None = None
    time_zones: list[Zone] = Field([], max_length=10)  # type: ignore[valid-type]
    at_workplace: StrictBool = False
    offered_to_pay_at: Instant | None = None


class AccountIn(Strict):
    consumer: StrictBool = False
    company: StrictBool = False
    time_barred: StrictBool = False
    debtor_is_minor: StrictBool = False
    validation_notice_at: Instant | None = None
    written_dispute_at: Instant | None = None
    dispute_open: StrictBool = False
    dispute_verified_at: Instant | None = None
    cease_requested_at: Instant | None = None
    refused_in_writing_at: Instant | None = None
    attorney_represented: StrictBool = False
    bankruptcy: StrictBool = False
    deceased: StrictBool = False
    breathing_space_until: Instant | None = None
    mental_capacity_concern: StrictBool = False
    debt_adviser_until: Instant | None = None
    vulnerable: StrictBool = False
    debtor_contact_points_invalid: StrictBool = False
    debtor_person_id: Id | None = None
    care_hold_since: Instant | None = None
    care_resume_after: Instant | None = None


class SlotIn(Strict):
    weekdays: list[Weekday] = Field([], max_length=7)  # type: ignore[valid-type]
    from_: WallTime = Field(alias="from")
    to: WallTime


class PreferencesIn(Strict):
    opted_out_channels: list[ChannelName] = Field([], max_length=len(CHANNELS))
    opted_out_contact_points: list[Id] = Field([], max_length=100)
    inconvenient_times: list[SlotIn] = Field([], max_length=20)
    no_workplace_contact: StrictBool = False
    agreed_times: list[SlotIn] = Field([], max_length=20)
    call_consent_at: Instant | None = None


class PastContactIn(Strict):
    at: Instant
    channel: ChannelName
    person_id: Id | None = None
    contact_point: Id | None = None
    debt_id: Id | None = None
    connected: StrictBool = False
    conversation: StrictBool = False
    by: Id | None = None
    purpose: Purpose | None = None


class RecordingIn(Strict):
    announced: StrictBool = False
    payment_data_masked: StrictBool = False


class CheckIn(Strict):
    """A contact-check request (docs/contact-check.md)."""

    profile: Profile = "GLOBAL-STRICT"
    at: Instant
    channel: ChannelName
    debt_id: Id | None = None
    recipient: RecipientIn | None = None
    purpose: Purpose = "collect"
    visitors: Visitors = 0  # type: ignore[valid-type]
    text: Said | None = None
    account: AccountIn | None = None
    preferences: PreferencesIn | None = None
    history: list[PastContactIn] = Field([], max_length=1000)
    letter_postcard: StrictBool = False
    im_visible_to_others: StrictBool = False
    recording: RecordingIn | None = None


class FindingOut(Schema):
    rule_id: str
    gate: str
    reason_en: str
    reason_zh: str
    source_en: str
    source_zh: str
    values: dict[str, Any]
    reason: str | None = None
    source: str | None = None


class DecisionOut(Schema):
    decision: Literal["allow", "block"]
    allowed: bool
    profile: str
    policy_version: int | None
    at: str
    rule_ids: list[str]
    reasons: list[FindingOut]
    notes: list[FindingOut]
    next_allowed_at: str | None
    local_times: dict[str, str]


@router.post(
    "/check",
    response={200: DecisionOut, **error_responses(401, 403, 422)},
    auth=scoped(ApiScope.COMPLIANCE_CHECK),
)
def check_contact(
    request: HttpRequest, payload: CheckIn, lang: Literal["en", "zh-hans"] | None = None
) -> Any:
    """Evaluate one contact-check request (docs/contact-check.md) and return the decision.

    The decision is recorded with the caller as its user, because an API caller is a real
    path (a dialler, a queue export). `lang` picks the language of `reason` (en, zh-hans).
    Scope `compliance:check`.
    """
    # The request as the schema read it (3.0 is the integer 3 there), fields the caller
    # left out still left out, for the parser that builds the gate's input.
    data = payload.model_dump(mode="json", by_alias=True, exclude_unset=True)
    try:
        checked, _kept = check_and_record(data, user=request.user)
    except RequestError as exc:
        raise HttpError(
            422, _("The contact-check request is not valid: %(errors)s") % {"errors": "; ".join(exc.errors)}
        ) from None
    return checked.decision.to_dict(lang or getattr(request, "LANGUAGE_CODE", "en"))
