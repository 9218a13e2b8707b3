"""Properties of the gate over wide inputs: zones, DST, history."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.compliance.profiles import DEFAULTS
from arrears.compliance.tests.helpers import call, decide, req

ZONE_NAMES = ["Asia/Shanghai", "America/Chicago", "America/Los_Angeles", "Europe/London",
              "Europe/Berlin", "Australia/Sydney", "America/St_Johns"]
PROFILES = ["CN", "US", "UK", "GLOBAL-STRICT"]
AT = datetime(2025, 3, 9, 12, 0, tzinfo=UTC)  # a US DST change day


@st.composite
def history_entry(draw: st.DrawFn) -> dict[str, Any]:
    minutes = draw(st.integers(min_value=0, max_value=10 * 24 * 60))
    at = AT - timedelta(minutes=minutes)
    conversation = draw(st.booleans())
    return call(at.isoformat(), connected=conversation or draw(st.booleans()),
                conversation=conversation, person=draw(st.sampled_from(["P1", "P2"])),
                point=draw(st.sampled_from(["M1", "M2"])), debt=draw(st.sampled_from(["D1", "D2"])),
                channel=draw(st.sampled_from(["call", "call", "voicemail", "sms"])))


def _frequency_rules(data: dict[str, Any]) -> set[str]:
    return {f.rule_id for f in decide(data).blocks if f.gate == "frequency"}


@settings(max_examples=300, deadline=None)
@given(profile=st.sampled_from(PROFILES), zone=st.sampled_from(ZONE_NAMES),
       history=st.lists(history_entry(), max_size=25), extra=st.lists(history_entry(), max_size=15))
def test_adding_history_never_turns_a_frequency_block_into_an_allow(
    profile: str, zone: str, history: list[dict[str, Any]], extra: list[dict[str, Any]]
) -> None:
    base = req(profile, AT.isoformat(), recipient={"time_zones": [zone]}, history=history)
    before = _frequency_rules(base)
    after = _frequency_rules({**base, "history": history + extra})
    assert before <= after


@settings(max_examples=400, deadline=None)
@given(profile=st.sampled_from(PROFILES), zone=st.sampled_from(ZONE_NAMES),
       day=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
       fraction=st.integers(min_value=0, max_value=10**6 - 1))
def test_a_time_inside_the_window_never_blocks_on_time_grounds(
    profile: str, zone: str, day: date, fraction: int
) -> None:
    policy = DEFAULTS[profile]
    if day.isoweekday() not in policy.window_weekdays:
        day += timedelta(days=1)
    start = datetime.combine(day, policy.start)
    end = datetime.combine(day, policy.end)
    naive = start + timedelta(seconds=int((end - start).total_seconds() * fraction // 10**6))
    local = naive.replace(tzinfo=ZoneInfo(zone))
    # A wall time that a DST gap skips is not a time inside the window; move past it.
    if local.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) != naive:
        return
    decision = decide(req(profile, local.isoformat(), recipient={"time_zones": [zone]}))
    assert not [f for f in decision.blocks if f.gate == "time"], decision.to_dict("en")


@settings(max_examples=200, deadline=None)
@given(profile=st.sampled_from(PROFILES), zone=st.sampled_from(ZONE_NAMES),
       minutes=st.integers(min_value=0, max_value=7 * 24 * 60))
def test_next_allowed_at_is_itself_allowed_on_time_grounds(profile: str, zone: str, minutes: int) -> None:
    at = AT + timedelta(minutes=minutes)
    decision = decide(req(profile, at.isoformat(), recipient={"time_zones": [zone]}))
    if decision.allowed:
        return
    assert decision.next_allowed_at is not None and decision.next_allowed_at > at
    again = decide(req(profile, decision.next_allowed_at.isoformat(), recipient={"time_zones": [zone]}))
    assert again.allowed, again.to_dict("en")


def test_window_start_is_used_verbatim() -> None:
    assert DEFAULTS["US"].start == time(8, 0)


@st.composite
def slot(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.integers(min_value=0, max_value=47)) * 30
    end = draw(st.integers(min_value=0, max_value=47).filter(lambda e: e * 30 != start)) * 30
    return {"weekdays": draw(st.lists(st.integers(min_value=1, max_value=7), max_size=3, unique=True)),
            "from": f"{start // 60:02d}:{start % 60:02d}", "to": f"{end // 60:02d}:{end % 60:02d}"}


@settings(max_examples=300, deadline=None)
@given(profile=st.sampled_from(PROFILES),
       zones=st.lists(st.sampled_from(ZONE_NAMES), min_size=1, max_size=3, unique=True),
       minutes=st.integers(min_value=0, max_value=7 * 24 * 60),
       history=st.lists(history_entry(), max_size=30),
       agreed=st.lists(slot(), max_size=1), inconvenient=st.lists(slot(), max_size=2),
       consent_hours=st.one_of(st.none(), st.integers(min_value=0, max_value=10 * 24)))
def test_next_allowed_at_is_itself_allowed_with_history_and_preferences(
    profile: str, zones: list[str], minutes: int, history: list[dict[str, Any]],
    agreed: list[dict[str, Any]], inconvenient: list[dict[str, Any]], consent_hours: int | None,
) -> None:
    at = AT + timedelta(minutes=minutes)
    preferences: dict[str, Any] = {"agreed_times": agreed, "inconvenient_times": inconvenient}
    if consent_hours is not None:
        preferences["call_consent_at"] = (at - timedelta(hours=consent_hours)).isoformat()
    data = req(profile, at.isoformat(), recipient={"time_zones": zones}, history=history,
               preferences=preferences)
    decision = decide(data)
    if decision.next_allowed_at is None:
        return
    assert decision.next_allowed_at >= at
    again = decide({**data, "at": decision.next_allowed_at.isoformat()})
    assert again.allowed, (decision.to_dict("en"), again.to_dict("en"))
