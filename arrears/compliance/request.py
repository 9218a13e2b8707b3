"""The contact-check request: a public JSON document (docs/contact-check.md), parsed strictly.

Absent fields mean false or none. Unknown keys and unknown values are errors with a message
naming the field: a typo must never turn into a silent allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from arrears.compliance.ledger import CallLedger
from arrears.compliance.profiles import FALLBACK_PROFILE, PROFILE_NAMES

CHANNELS = ("call", "sms", "email", "letter", "visit", "im", "voicemail")
# Telephone calls in Reg F's sense: a voicemail is left by placing a call.
CALL_CHANNELS = frozenset({"call", "voicemail"})
ROLES = (
    "debtor", "co_obligor", "guarantor", "spouse", "parent", "child", "sibling", "relative",
    "employer", "colleague", "reference", "attorney", "other",
)
PURPOSES = ("collect", "location", "message_only", "cease_confirmation", "dispute_verification")


class RequestError(ValueError):
    """The request cannot be evaluated; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


class Slot(NamedTuple):
    """A weekly slot of local wall time; a named tuple so that it hashes fast (timing.py keys a
    cache on the preferences)."""

    weekdays: frozenset[int]
    start: time
    end: time

    def contains(self, local: datetime) -> bool:
        return self.contains_wall(local.isoweekday(), local.time())

    def contains_wall(self, weekday: int, t: time) -> bool:
        """Whether a local wall time on an ISO weekday falls in the slot."""
        if self.weekdays and weekday not in self.weekdays:
            return False
        if self.start <= self.end:
            return self.start <= t < self.end
        # A slot such as 22:00-07:00 wraps past midnight.
        return t >= self.start or t < self.end


@dataclass(frozen=True, slots=True)
class Recipient:
    person_id: str | None = None
    role: str = "debtor"
    contact_point: str | None = None
    time_zones: tuple[str, ...] = ()
    at_workplace: bool = False
    offered_to_pay_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Account:
    consumer: bool = False
    # The debtor is a company (a business customer's invoices): the B2B profile applies
    # (arrears.compliance.profiles.business_profile), whatever `consumer` says.
    company: bool = False
    time_barred: bool = False
    debtor_is_minor: bool = False
    validation_notice_at: datetime | None = None
    written_dispute_at: datetime | None = None
    dispute_open: bool = False
    dispute_verified_at: datetime | None = None
    cease_requested_at: datetime | None = None
    refused_in_writing_at: datetime | None = None
    attorney_represented: bool = False
    bankruptcy: bool = False
    deceased: bool = False
    breathing_space_until: datetime | None = None
    mental_capacity_concern: bool = False
    debt_adviser_until: datetime | None = None
    vulnerable: bool = False
    debtor_contact_points_invalid: bool = False
    debtor_person_id: str | None = None
    # CARE-HOLD: a self-harm or crisis signal put the case on hold at this instant and no
    # lead has reviewed it yet; after the review, contact resumes only after
    # `care_resume_after` when the lead set a waiting period.
    care_hold_since: datetime | None = None
    care_resume_after: datetime | None = None


@dataclass(frozen=True, slots=True)
class Preferences:
    opted_out_channels: frozenset[str] = frozenset()
    opted_out_contact_points: frozenset[str] = frozenset()
    inconvenient_times: tuple[Slot, ...] = ()
    no_workplace_contact: bool = False
    agreed_times: tuple[Slot, ...] = ()
    call_consent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    at: datetime
    channel: str
    person_id: str | None = None
    contact_point: str | None = None
    debt_id: str | None = None
    connected: bool = False
    conversation: bool = False
    by: str | None = None
    purpose: str | None = None


@dataclass(frozen=True, slots=True)
class ContactRequest:
    profile: str
    at: datetime
    channel: str
    debt_id: str | None = None
    recipient: Recipient = field(default_factory=Recipient)
    purpose: str = "collect"
    visitors: int = 0
    text: str | None = None
    account: Account = field(default_factory=Account)
    preferences: Preferences = field(default_factory=Preferences)
    history: tuple[Contact, ...] = ()
    letter_postcard: bool = False
    im_visible_to_others: bool = False
    recording: dict[str, bool] | None = None
    # The call ledgers (compliance.md §6.3) of the history, built once here so that every
    # frequency rule is a pair of bisections; filled in by __post_init__.
    calls: CallLedger = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.history, key=lambda h: h.at))
        object.__setattr__(self, "history", ordered)
        object.__setattr__(
            self, "calls", CallLedger(h for h in ordered if h.channel in CALL_CHANNELS)
        )


class _Reader:
    """Collects every error instead of stopping at the first, so one reply fixes them all."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def obj(self, data: Any, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.errors.append(f"{where}: must be an object")
            return {}
        for key in data:
            if key not in allowed:
                self.errors.append(f"{where}.{key}: unknown field")
        return data

    def boolean(self, data: dict[str, Any], key: str, where: str) -> bool:
        value = data.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.errors.append(f"{where}.{key}: must be true or false, got {value!r}")
            return False
        return value

    def text(self, data: dict[str, Any], key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.errors.append(f"{where}.{key}: must be a string, got {value!r}")
            return None
        return value

    def choice(self, data: dict[str, Any], key: str, where: str, options: tuple[str, ...],
               default: str | None) -> str | None:
        value = data.get(key)
        if value is None:
            return default
        if value not in options:
            self.errors.append(
                f"{where}.{key}: unknown value {value!r}; expected one of {', '.join(options)}"
            )
            return default
        return str(value)

    def instant(self, data: dict[str, Any], key: str, where: str) -> datetime | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.errors.append(f"{where}.{key}: must be an ISO 8601 string")
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.errors.append(f"{where}.{key}: not an ISO 8601 date-time: {value!r}")
            return None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.errors.append(f"{where}.{key}: needs a UTC offset (e.g. +08:00 or Z): {value!r}")
            return None
        return parsed

    def strings(self, data: dict[str, Any], key: str, where: str,
                options: tuple[str, ...] | None = None) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.errors.append(f"{where}.{key}: must be a list of strings")
            return []
        if options is not None:
            for v in value:
                if v not in options:
                    self.errors.append(f"{where}.{key}: unknown value {v!r}")
        return value

    def slots(self, data: dict[str, Any], key: str, where: str) -> tuple[Slot, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.errors.append(f"{where}.{key}: must be a list")
            return ()
        out = []
        for i, raw in enumerate(value):
            here = f"{where}.{key}[{i}]"
            item = self.obj(raw, here, ("weekdays", "from", "to"))
            days = item.get("weekdays") or []
            if not isinstance(days, list) or not all(
                isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in days
            ):
                self.errors.append(f"{here}.weekdays: must be a list of ISO weekdays 1..7")
                continue
            try:
                start = time.fromisoformat(str(item["from"]))
                end = time.fromisoformat(str(item["to"]))
            except (KeyError, ValueError):
                self.errors.append(f"{here}: needs from and to as HH:MM")
                continue
            if start == end:
                self.errors.append(f"{here}: from and to are equal")
                continue
            out.append(Slot(frozenset(days), start, end))
        return tuple(out)


def parse_request(data: Any) -> ContactRequest:
    """Turn a decoded JSON document into a ContactRequest, or raise RequestError."""
    r = _Reader()
    top = r.obj(data, "request", (
        "profile", "at", "channel", "debt_id", "recipient", "purpose", "visitors", "text",
        "account", "preferences", "history", "letter_postcard", "im_visible_to_others",
        "recording",
    ))
    if not isinstance(data, dict):
        raise RequestError(r.errors)
    profile = r.choice(top, "profile", "request", PROFILE_NAMES, FALLBACK_PROFILE)
    at = r.instant(top, "at", "request")
    if "at" not in top:
        r.errors.append("request.at: required")
    channel = r.choice(top, "channel", "request", CHANNELS, None)
    if "channel" not in top:
        r.errors.append("request.channel: required")
    purpose = r.choice(top, "purpose", "request", PURPOSES, "collect")
    visitors = top.get("visitors", 0)
    if visitors is None:
        visitors = 0
    if not isinstance(visitors, int) or isinstance(visitors, bool) or visitors < 0:
        r.errors.append(f"request.visitors: must be a whole number >= 0, got {visitors!r}")
        visitors = 0

    rec = r.obj(top.get("recipient"), "recipient", (
        "person_id", "role", "contact_point", "time_zones", "at_workplace", "offered_to_pay_at",
    ))
    zones = r.strings(rec, "time_zones", "recipient")
    for zone in zones:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            r.errors.append(f"recipient.time_zones: unknown IANA time zone {zone!r}")
    recipient = Recipient(
        person_id=r.text(rec, "person_id", "recipient"),
        role=r.choice(rec, "role", "recipient", ROLES, "debtor") or "debtor",
        contact_point=r.text(rec, "contact_point", "recipient"),
        time_zones=tuple(zones),
        at_workplace=r.boolean(rec, "at_workplace", "recipient"),
        offered_to_pay_at=r.instant(rec, "offered_to_pay_at", "recipient"),
    )

    acc_fields = tuple(Account.__dataclass_fields__)
    acc = r.obj(top.get("account"), "account", acc_fields)
    values: dict[str, Any] = {}
    for name in acc_fields:
        kind = Account.__dataclass_fields__[name].type
        if name == "debtor_person_id":
            values[name] = r.text(acc, name, "account")
        elif "datetime" in str(kind):
            values[name] = r.instant(acc, name, "account")
        else:
            values[name] = r.boolean(acc, name, "account")
    account = Account(**values)

    pref = r.obj(top.get("preferences"), "preferences", (
        "opted_out_channels", "opted_out_contact_points", "inconvenient_times",
        "no_workplace_contact", "agreed_times", "call_consent_at",
    ))
    preferences = Preferences(
        opted_out_channels=frozenset(r.strings(pref, "opted_out_channels", "preferences", CHANNELS)),
        opted_out_contact_points=frozenset(
            r.strings(pref, "opted_out_contact_points", "preferences")
        ),
        inconvenient_times=r.slots(pref, "inconvenient_times", "preferences"),
        no_workplace_contact=r.boolean(pref, "no_workplace_contact", "preferences"),
        agreed_times=r.slots(pref, "agreed_times", "preferences"),
        call_consent_at=r.instant(pref, "call_consent_at", "preferences"),
    )

    history = _history(r, top.get("history"))
    recording = r.obj(top.get("recording"), "recording", ("announced", "payment_data_masked"))
    text = r.text(top, "text", "request")
    if r.errors or at is None or channel is None:
        raise RequestError(r.errors or ["request: incomplete"])
    return ContactRequest(
        profile=profile or FALLBACK_PROFILE,
        at=at,
        channel=channel,
        debt_id=r.text(top, "debt_id", "request"),
        recipient=recipient,
        purpose=purpose or "collect",
        visitors=visitors,
        text=text,
        account=account,
        preferences=preferences,
        history=history,
        letter_postcard=r.boolean(top, "letter_postcard", "request"),
        im_visible_to_others=r.boolean(top, "im_visible_to_others", "request"),
        recording={
            "announced": r.boolean(recording, "announced", "recording"),
            "payment_data_masked": r.boolean(recording, "payment_data_masked", "recording"),
        } if "recording" in top else None,
    )


def _history(r: _Reader, raw: Any) -> tuple[Contact, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.errors.append("history: must be a list")
        return ()
    out = []
    for i, item in enumerate(raw):
        where = f"history[{i}]"
        h = r.obj(item, where, (
            "at", "channel", "person_id", "contact_point", "debt_id", "connected",
            "conversation", "by", "purpose",
        ))
        at = r.instant(h, "at", where)
        channel = r.choice(h, "channel", where, CHANNELS, None)
        if at is None or channel is None:
            if "at" not in h or "channel" not in h:
                r.errors.append(f"{where}: needs at and channel")
            continue
        out.append(Contact(
            # UTC, so the gate compares instants without a zone lookup per entry.
            at=at.astimezone(UTC),
            channel=channel,
            person_id=r.text(h, "person_id", where),
            contact_point=r.text(h, "contact_point", where),
            debt_id=r.text(h, "debt_id", where),
            connected=r.boolean(h, "connected", where),
            conversation=r.boolean(h, "conversation", where),
            by=r.text(h, "by", where),
            purpose=r.choice(h, "purpose", where, PURPOSES, None),
        ))
    return tuple(out)
