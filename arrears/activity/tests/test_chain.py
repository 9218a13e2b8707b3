"""The hash chain as pure functions: no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.activity.chain import HASHED, canonical, event_hash, verify_chain

CASE = "0b6f6a1e-8f43-4bd8-9a6c-3f5d8b1d2c10"
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def content(seq: int, **changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "seq": seq,
        "kind": "contact",
        "at": T0 + timedelta(hours=seq),
        "recorded_at": T0 + timedelta(hours=seq, seconds=5),
        "actor_id": 7,
        "channel": "call",
        "person_id": 3,
        "contact_point_id": 4,
        "outcome": "no_answer",
        "reaction": "",
        "connected": False,
        "conversation": False,
        "note": f"attempt {seq}",
        "data": {"purpose": "collect"},
        "decision_id": 100 + seq,
        "corrects_id": None,
    }
    event.update(changes)
    return event


def link(events: list[dict[str, Any]], case: str = CASE) -> list[dict[str, Any]]:
    """Number-free: give each event its prev_hash and hash, in list order."""
    prev = ""
    chained = []
    for event in events:
        digest = event_hash(case, event, prev)
        chained.append({**event, "prev_hash": prev, "hash": digest})
        prev = digest
    return chained


def chain(n: int) -> list[dict[str, Any]]:
    return link([content(seq) for seq in range(1, n + 1)])


# A different value of the same type for every hashed field.
CHANGED: dict[str, Any] = {
    "seq": 2,
    "kind": "note",
    "at": T0 + timedelta(hours=1, microseconds=1),
    "recorded_at": T0 + timedelta(days=1),
    "actor_id": 8,
    "channel": "sms",
    "person_id": None,
    "contact_point_id": 5,
    "outcome": "busy",
    "reaction": "promise_to_pay",
    "connected": True,
    "conversation": True,
    "note": "attempt 1.",
    "data": {"purpose": "location"},
    "decision_id": None,
    "corrects_id": 1,
}


def test_every_hashed_field_has_a_changed_value() -> None:
    assert set(CHANGED) == set(HASHED)


@pytest.mark.parametrize("name", HASHED)
def test_the_hash_changes_when_any_hashed_field_changes(name: str) -> None:
    event = content(1)
    assert CHANGED[name] != event[name]
    assert event_hash(CASE, {**event, name: CHANGED[name]}, "") != event_hash(CASE, event, "")


def test_the_hash_covers_the_case_and_the_previous_hash() -> None:
    event = content(1)
    base = event_hash(CASE, event, "")
    assert event_hash("another-case", event, "") != base
    assert event_hash(CASE, event, "0" * 64) != base


def test_the_hash_is_the_same_for_the_same_instant_in_any_zone() -> None:
    # Canonical instants are UTC: the database may hand the time back in another zone.
    event = content(1)
    shanghai = event["at"].astimezone(ZoneInfo("Asia/Shanghai"))
    assert event_hash(CASE, {**event, "at": shanghai}, "") == event_hash(CASE, event, "")


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        canonical(CASE, content(1, at=datetime(2026, 3, 2, 10, 0)), "")


def test_canonical_json_is_sorted_compact_and_utf8() -> None:
    text = canonical(CASE, content(1, note="已承诺 3 日还款", data={"b": 1, "a": 2}), "").decode()
    assert '"note":"已承诺 3 日还款"' in text
    assert '"data":{"a":2,"b":1}' in text
    assert ": " not in text and ", " not in text
    assert '"at":"2026-03-02T03:00:00.000000Z"' in text


def test_an_intact_chain_verifies() -> None:
    assert verify_chain(CASE, chain(5)) is None
    assert verify_chain(CASE, []) is None


def test_a_chain_verifies_only_for_its_own_case() -> None:
    broken = verify_chain("another-case", chain(3))
    assert broken is not None and broken.seq == 1


def test_a_missing_event_is_a_gap() -> None:
    events = chain(5)
    del events[2]
    broken = verify_chain(CASE, events)
    assert broken is not None
    assert broken.seq == 3 and "missing" in broken.reason


def test_a_missing_first_event_is_a_gap() -> None:
    broken = verify_chain(CASE, chain(3)[1:])
    assert broken is not None and broken.seq == 1


def test_reordered_events_are_found() -> None:
    events = chain(5)
    events[1], events[2] = events[2], events[1]
    broken = verify_chain(CASE, events)
    assert broken is not None and broken.seq == 2


def test_renumbered_events_are_found() -> None:
    # Swapping two events' contents but keeping the numbers in order: the numbers are
    # hashed, so the first swapped one fails.
    events = chain(5)
    events[1], events[2] = {**events[2], "seq": 2}, {**events[1], "seq": 3}
    broken = verify_chain(CASE, events)
    assert broken is not None and broken.seq == 2


def test_an_edited_note_is_found() -> None:
    events = chain(5)
    events[3] = {**events[3], "note": "debtor agreed to pay in full"}
    broken = verify_chain(CASE, events)
    assert broken is not None
    assert broken.seq == 4 and "content" in broken.reason


def test_an_edited_and_rehashed_event_breaks_the_next_link() -> None:
    # Whoever edits an event and recomputes its hash still breaks the link after it.
    events = chain(5)
    edited = {**events[1], "note": "edited"}
    edited["hash"] = event_hash(CASE, edited, edited["prev_hash"])
    events[1] = edited
    broken = verify_chain(CASE, events)
    assert broken is not None
    assert broken.seq == 3 and "previous-hash" in broken.reason


def test_a_broken_prev_link_is_found() -> None:
    events = chain(4)
    events[2] = {**events[2], "prev_hash": "f" * 64}
    broken = verify_chain(CASE, events)
    assert broken is not None
    assert broken.seq == 3 and "previous-hash" in broken.reason


def test_a_replaced_hash_is_found() -> None:
    events = chain(4)
    events[3] = {**events[3], "hash": "0" * 64}
    broken = verify_chain(CASE, events)
    assert broken is not None and broken.seq == 4


# -- property: one edit anywhere is found at that event (or earlier) ----------------------

texts = st.text(max_size=12)
small_ids = st.none() | st.integers(min_value=1, max_value=10**6)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**9) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "kind": st.sampled_from(["contact", "note", "blocked", "promise_made", "assigned"]),
    "at": instants,
    "recorded_at": instants,
    "actor_id": small_ids,
    "channel": st.sampled_from(["", "call", "sms", "email", "visit"]),
    "person_id": small_ids,
    "contact_point_id": small_ids,
    "outcome": st.sampled_from(["", "no_answer", "busy", "right_party_contact"]),
    "reaction": texts,
    "connected": st.booleans(),
    "conversation": st.booleans(),
    "note": texts,
    "data": st.dictionaries(texts, json_values, max_size=3),
    "decision_id": small_ids,
    "corrects_id": small_ids,
}
EDITABLE = (*FIELD_VALUES, "seq", "prev_hash", "hash")


@st.composite
def event_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(min_value=1, max_value=8))
    return [
        {"seq": seq, **{name: draw(values) for name, values in FIELD_VALUES.items()}}
        for seq in range(1, n + 1)
    ]


@settings(max_examples=300, deadline=None)
@given(events=event_lists(), data=st.data())
def test_editing_any_field_of_any_event_is_found_at_that_event(
    events: list[dict[str, Any]], data: st.DataObject
) -> None:
    chained = link(events)
    assert verify_chain(CASE, chained) is None
    index = data.draw(st.integers(min_value=0, max_value=len(chained) - 1), label="event")
    name = data.draw(st.sampled_from(EDITABLE), label="field")
    old = chained[index][name]
    new: Any
    if name == "seq":
        new = data.draw(st.integers(min_value=0, max_value=20).filter(lambda v: v != old), label="new")
    elif name in ("prev_hash", "hash"):
        new = data.draw(st.text("0123456789abcdef", min_size=64, max_size=64).filter(lambda v: v != old))
    else:
        new = data.draw(FIELD_VALUES[name].filter(lambda v: v != old), label="new")
    edited = [dict(e) for e in chained]
    edited[index][name] = new
    broken = verify_chain(CASE, edited)
    assert broken is not None, f"editing {name} of event {index + 1} went unnoticed"
    assert broken.seq <= chained[index]["seq"]
