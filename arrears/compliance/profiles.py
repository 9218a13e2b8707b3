"""Jurisdiction profiles: the parameters of the contact gate, as plain data.

The defaults below are compliance.md §6.1 written as data. The database keeps the active
parameters of each profile as a versioned JSON document (models.PolicyVersion); this module
only knows how to read and validate such a document, so the gate stays free of Django.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROFILE_NAMES = ("CN", "US", "UK", "GLOBAL-STRICT")
# DEF-PROFILE-01: with no profile set, the strictest column applies.
FALLBACK_PROFILE = "GLOBAL-STRICT"


class PolicyError(ValueError):
    """A policy document that the gate cannot apply; never silently replaced by a default."""


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    # Zone used when the request names none (compliance.md §8: CN -> Asia/Shanghai).
    default_zone: str
    # Contact window [window_start, window_end) in the recipient's local time.
    window_start: str
    window_end: str
    # ISO weekdays (1 = Monday) on which the window is open; GLOBAL-STRICT closes Sunday.
    window_weekdays: tuple[int, ...]
    # Whether times the debtor agreed to may lie outside the window (CN-TIME-01's consent
    # exception). GLOBAL-STRICT refuses: a human must assign a profile before any relaxation.
    agreed_times_override: bool
    # CN-FREQ-01: dials per contact point per local day; 0 disables.
    attempts_per_point_per_day: int
    # CN-FREQ-02: conversations per debtor per local day across all collectors; 0 disables.
    conversations_per_day: int
    # US-FREQ-01 style: calls to a person in a rolling 7 local days; 0 disables.
    calls_per_7_days: int
    # Count calls per person *and* per debt (Reg F) rather than per person only.
    calls_counted_per_debt: bool
    # US-FREQ-03 exclusions: unconnected calls, calls inside a 7-day consent window.
    exclude_unconnected: bool
    exclude_consented: bool
    # US-FREQ-02: days (day of the conversation = day 1) without calls after one; 0 disables.
    wait_days_after_conversation: int
    # AU-02 style cap used by GLOBAL-STRICT: conversations in a rolling 7 days; 0 disables.
    conversations_per_7_days: int
    # Third parties: "cn" (only when the debtor is unreachable, ask for contact details or to
    # pass a message), "location" (location-only, once per person), "no_disclosure" (UK).
    third_party_mode: str
    # CN-PARTY-02: consecutive failed attempts that make the debtor unreachable (失联).
    unreachable_after_failed_attempts: int
    # US-3P-01: spouse (and parent of a minor) count as the consumer.
    spouse_is_consumer: bool
    # Visits: allowed at all, and the minimum number of staff attending.
    visits_allowed: bool
    visit_min_staff: int
    # Business (non-consumer) debts fall outside the statute (US-SCOPE-01): only the
    # account-state gates and the DEF-CONTENT rules apply to them.
    business_debts_exempt: bool
    # Which stop triggers apply (compliance.md §6.1 "Stop and suspend triggers").
    cease_applies: bool
    attorney_applies: bool
    uk_suspensions_apply: bool
    # "written": US-DISP-01 (a written dispute inside the validation period);
    # "open": any open dispute suspends demands (CN-DISPUTE-01, UK-DISP-01).
    dispute_mode: str
    # Rule ids this profile cites for each gate, so a reason names the profile's own rule.
    rule_time: str
    rule_inconvenient: str
    rule_opt_out: str
    rule_workplace: str
    rule_frequency: str
    rule_conversation: str
    rule_third_party: str
    rule_dispute: str
    rule_time_barred: str
    rule_visit: str
    rule_postcard: str
    # DEF-CONTENT-07: which identity disclosure a collection call's script must contain:
    # "us_debt_collector" (US-ID-01), "cn_institution" (CN-ID-01, first contact), "any"
    # (either), or "" (none checked).
    required_disclosure: str

    @property
    def start(self) -> time:
        return _hhmm(self.window_start)

    @property
    def end(self) -> time:
        return _hhmm(self.window_end)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["window_weekdays"] = list(self.window_weekdays)
        return data


# The gate reads the window on every decision; parse each "HH:MM" once.
_hhmm = lru_cache(maxsize=256)(time.fromisoformat)


_COMMON: dict[str, Any] = {
    "window_weekdays": (1, 2, 3, 4, 5, 6, 7),
    "agreed_times_override": True,
    "attempts_per_point_per_day": 0,
    "conversations_per_day": 0,
    "calls_per_7_days": 7,
    "calls_counted_per_debt": True,
    "exclude_unconnected": False,
    "exclude_consented": False,
    "wait_days_after_conversation": 0,
    "conversations_per_7_days": 0,
    "unreachable_after_failed_attempts": 3,
    "spouse_is_consumer": False,
    "visits_allowed": True,
    "visit_min_staff": 0,
    "business_debts_exempt": False,
    "cease_applies": False,
    "attorney_applies": False,
    "uk_suspensions_apply": False,
    "dispute_mode": "open",
    "rule_postcard": "US-SOCIAL-01",
    "required_disclosure": "",
}

DEFAULTS: dict[str, Policy] = {
    "CN": Policy(
        **{
            **_COMMON,
            "name": "CN",
            "default_zone": "Asia/Shanghai",
            "window_start": "08:00",
            "window_end": "22:00",
            "attempts_per_point_per_day": 6,
            "conversations_per_day": 3,
            "calls_per_7_days": 0,
            "third_party_mode": "cn",
            "visit_min_staff": 2,
            "rule_time": "CN-TIME-01",
            "rule_inconvenient": "CN-TIME-01",
            "rule_opt_out": "US-MEDIUM-01",
            "rule_workplace": "CN-PARTY-03",
            "rule_frequency": "CN-FREQ-01",
            "rule_conversation": "CN-FREQ-02",
            "rule_third_party": "CN-PARTY-02",
            "rule_dispute": "CN-DISPUTE-01",
            "rule_time_barred": "CN-LIMIT-01",
            "rule_visit": "CN-VISIT-01",
            "rule_postcard": "CN-CONTENT-05",
            "required_disclosure": "cn_institution",
        }
    ),
    "US": Policy(
        **{
            **_COMMON,
            "name": "US",
            "default_zone": "America/New_York",
            "window_start": "08:00",
            "window_end": "21:00",
            "exclude_unconnected": True,
            "exclude_consented": True,
            "wait_days_after_conversation": 7,
            "third_party_mode": "location",
            "spouse_is_consumer": True,
            "business_debts_exempt": True,
            "cease_applies": True,
            "attorney_applies": True,
            "dispute_mode": "written",
            "rule_time": "US-TIME-01",
            "rule_inconvenient": "US-TIME-03",
            "rule_opt_out": "US-MEDIUM-01",
            "rule_workplace": "US-WORK-01",
            "rule_frequency": "US-FREQ-01",
            "rule_conversation": "US-FREQ-02",
            "rule_third_party": "US-LOC-01",
            "rule_dispute": "US-DISP-01",
            "rule_time_barred": "US-TB-01",
            "rule_visit": "US-TIME-01",
            "required_disclosure": "us_debt_collector",
        }
    ),
    "UK": Policy(
        **{
            **_COMMON,
            "name": "UK",
            "default_zone": "Europe/London",
            "window_start": "08:00",
            "window_end": "21:00",
            "wait_days_after_conversation": 7,
            "third_party_mode": "no_disclosure",
            "uk_suspensions_apply": True,
            "rule_time": "UK-TIME-01",
            "rule_inconvenient": "UK-TIME-01",
            "rule_opt_out": "UK-TIME-01",
            "rule_workplace": "UK-TIME-01",
            "rule_frequency": "UK-TIME-01",
            "rule_conversation": "UK-TIME-01",
            "rule_third_party": "UK-3P-01",
            "rule_dispute": "UK-DISP-01",
            "rule_time_barred": "UK-SB-01",
            "rule_visit": "UK-VISIT-01",
            "rule_postcard": "UK-3P-01",
        }
    ),
    "GLOBAL-STRICT": Policy(
        **{
            **_COMMON,
            "name": "GLOBAL-STRICT",
            "default_zone": "UTC",
            "window_start": "09:00",
            "window_end": "20:00",
            "window_weekdays": (1, 2, 3, 4, 5, 6),
            "agreed_times_override": False,
            "calls_counted_per_debt": False,
            "conversations_per_7_days": 3,
            "third_party_mode": "location",
            "visits_allowed": False,
            "cease_applies": True,
            "attorney_applies": True,
            "uk_suspensions_apply": True,
            "rule_time": "DEF-PROFILE-01",
            "rule_inconvenient": "US-TIME-03",
            "rule_opt_out": "US-MEDIUM-01",
            "rule_workplace": "US-TIME-03",
            "rule_frequency": "DEF-PROFILE-01",
            "rule_conversation": "DEF-PROFILE-01",
            "rule_third_party": "US-LOC-01",
            "rule_dispute": "UK-DISP-01",
            "rule_time_barred": "DEF-CONTENT-04",
            "rule_visit": "DEF-PROFILE-01",
            "required_disclosure": "any",
        }
    ),
}

_THIRD_PARTY_MODES = ("cn", "location", "no_disclosure")
_DISPUTE_MODES = ("open", "written")
_DISCLOSURES = ("", "us_debt_collector", "cn_institution", "any")


# -- The B2B profile (issue 19) -------------------------------------------------------------------
# A company debtor (account.company) is a business customer chasing its invoices, not a consumer.
# Which rules of the jurisdiction's profile still apply, and why:
# - Kept everywhere: the content rules (threats, deception, insults, false legal consequences,
#   disclosure and public shaming, improper pressure: DEF-CONTENT-01..06) are the criminal and
#   civil law that binds anyone (刑法 art 293-1 and 民法典 art 1024 protect company staff too,
#   and deception is fraud whoever is deceived); the bankruptcy stop and the care hold
#   (a person in crisis is a person whatever they owe); announcing a recording (IND-REC-03:
#   recording laws protect every caller); the person's own opt-outs and stated inconvenient
#   times (their own request, and a customer we still sell to is worth keeping).
# - Dropped as consumer-only: the CN window and caps (CN-TIME-01, CN-FREQ-01/02: the 银协指引 and
#   GB/T 45251 cover personal consumer loans), third-party preconditions (CN-PARTY-02) and the
#   visit staffing rule (CN-VISIT-01) of the same guideline; the US time, frequency, workplace,
#   cease, attorney, dispute and mini-Miranda rules (FDCPA/Reg F cover consumer debts only,
#   US-SCOPE-01); the UK suspensions, visit and dispute rules (CONC 7 covers regulated consumer
#   credit); CN-DISPUTE-01 (the credit-card measures). A disputed invoice is kept out of
#   dunning per invoice (arrears.receivables), not by stopping every contact with the customer.
# - Added: contact in business hours on business days in the debtor's zone (B2B-TIME-01), the
#   hours a company's finance staff answer; a call outside them reaches no one who can pay.
#   Public holidays are not in the request, so only weekends are closed.
B2B_WINDOW = ("09:00", "18:00")
B2B_WEEKDAYS = (1, 2, 3, 4, 5)


def business_profile(policy: Policy) -> Policy:
    """The jurisdiction's profile with the B2B rules: business hours on business days, no
    consumer-only caps, stops or disclosures (see the notes above). The gate runs its B2B
    path with it (arrears.compliance.gate.evaluate)."""
    return replace(
        policy,
        window_start=B2B_WINDOW[0],
        window_end=B2B_WINDOW[1],
        window_weekdays=B2B_WEEKDAYS,
        # A time the customer's people agreed to (an owner who asks for a call at 19:00) is
        # an appointment, not a consumer consent exception.
        agreed_times_override=True,
        attempts_per_point_per_day=0,
        conversations_per_day=0,
        calls_per_7_days=0,
        wait_days_after_conversation=0,
        conversations_per_7_days=0,
        visits_allowed=True,
        visit_min_staff=0,
        cease_applies=False,
        attorney_applies=False,
        uk_suspensions_apply=False,
        required_disclosure="",
        rule_time="B2B-TIME-01",
        rule_inconvenient="B2B-TIME-01",
        rule_third_party="B2B-3P-01",
    )


def policy_from_dict(data: dict[str, Any]) -> Policy:
    """Build and validate a Policy; every field is required and unknown keys are refused."""
    names = {f.name for f in fields(Policy)}
    unknown = sorted(set(data) - names)
    missing = sorted(names - set(data))
    if unknown:
        raise PolicyError(f"unknown policy parameters: {', '.join(unknown)}")
    if missing:
        raise PolicyError(f"missing policy parameters: {', '.join(missing)}")
    values = dict(data)
    values["window_weekdays"] = tuple(values["window_weekdays"])
    policy = Policy(**values)
    _validate(policy)
    return policy


def _validate(policy: Policy) -> None:
    if policy.name not in PROFILE_NAMES:
        raise PolicyError(f"unknown profile {policy.name!r}")
    try:
        ZoneInfo(policy.default_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PolicyError(f"unknown time zone {policy.default_zone!r}") from exc
    try:
        start, end = policy.start, policy.end
    except ValueError as exc:
        raise PolicyError("window_start and window_end must be HH:MM") from exc
    if not start < end:
        raise PolicyError("window_start must be before window_end")
    if not set(policy.window_weekdays) <= {1, 2, 3, 4, 5, 6, 7}:
        raise PolicyError("window_weekdays must be ISO weekdays 1..7")
    if policy.third_party_mode not in _THIRD_PARTY_MODES:
        raise PolicyError(f"third_party_mode must be one of {', '.join(_THIRD_PARTY_MODES)}")
    if policy.dispute_mode not in _DISPUTE_MODES:
        raise PolicyError(f"dispute_mode must be one of {', '.join(_DISPUTE_MODES)}")
    if policy.required_disclosure not in _DISCLOSURES:
        raise PolicyError("required_disclosure must be one of " + ", ".join(map(repr, _DISCLOSURES)))
    for f in fields(Policy):
        value = getattr(policy, f.name)
        if f.type == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise PolicyError(f"{f.name} must be a whole number >= 0")
        if f.type == "bool" and not isinstance(value, bool):
            raise PolicyError(f"{f.name} must be true or false")


for _policy in DEFAULTS.values():
    _validate(_policy)
