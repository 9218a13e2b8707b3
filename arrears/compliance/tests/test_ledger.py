"""The call ledgers count what a scan of the history counts (the frequency gate relies on it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.compliance.ledger import CallLedger, window
from arrears.compliance.request import Contact

T0 = datetime(2025, 3, 1, tzinfo=UTC)
people = st.sampled_from(["P1", "P2", None])


@st.composite
def contact(draw: st.DrawFn) -> Contact:
    conversation = draw(st.booleans())
    return Contact(at=T0 + timedelta(minutes=draw(st.integers(0, 14 * 24 * 60))), channel="call",
                   person_id=draw(people), contact_point=draw(st.sampled_from(["M1", "M2", None])),
                   debt_id=draw(st.sampled_from(["D1", "D2", None])),
                   connected=conversation or draw(st.booleans()), conversation=conversation)


@settings(max_examples=200, deadline=None)
@given(calls=st.lists(contact(), max_size=40), person=people,
       debt=st.sampled_from(["D1", "D2", None]), per_debt=st.booleans(),
       connected_only=st.booleans(), start=st.integers(0, 14 * 24), hours=st.integers(0, 8 * 24))
def test_every_ledger_window_counts_like_a_scan(
    calls: list[Contact], person: str | None, debt: str | None, per_debt: bool,
    connected_only: bool, start: int, hours: int,
) -> None:
    calls.sort(key=lambda c: c.at)
    ledger = CallLedger(calls)
    lo_at = T0 + timedelta(hours=start)
    hi_at = lo_at + timedelta(hours=hours)

    def scan(keep: Callable[[Contact], bool]) -> int:
        return sum(1 for c in calls if lo_at <= c.at < hi_at and keep(c))

    def same(c: Contact) -> bool:
        return c.person_id == person and (not per_debt or c.debt_id == debt)

    lo, hi = window(ledger.calls(person, debt, per_debt=per_debt, connected_only=connected_only),
                    lo_at, hi_at)
    assert hi - lo == scan(lambda c: same(c) and (c.connected or c.conversation or not connected_only))
    lo, hi = window(ledger.talks(person, debt, per_debt=per_debt), lo_at, hi_at)
    assert hi - lo == scan(lambda c: same(c) and c.conversation)
    lo, hi = window(ledger.point.get("M1", []), lo_at, hi_at)
    assert hi - lo == scan(lambda c: c.contact_point == "M1")
