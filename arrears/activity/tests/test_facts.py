"""What a case's events say its state is, and where its rows disagree: no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from arrears.activity.facts import MISSING_ROW, NO_EVENT, Mismatch, compare, fold

P1, P2, P3 = "11111111-0000-0000-0000-000000000001", "11111111-0000-0000-0000-000000000002", "p3"
PLAN = "22222222-0000-0000-0000-000000000001"


def events(*kinds_and_data: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"seq": n, "kind": kind, "data": data} for n, (kind, data) in enumerate(kinds_and_data, 1)]


def case_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "owner": 3,
        "stage": "phone",
        "status": "open",
        "close_reason": "",
        "closed_on": None,
        "opened_on": date(2026, 3, 2),
    }
    return row | changes


def promise_row(ref: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "public_id": ref,
        "plan": None,
        "instalment": None,
        "amount": Decimal("500.00"),
        "due_on": date(2026, 3, 6),
        "status": "open",
        "paid": Decimal("0.00"),
        "checked_on": None,
    }
    return row | changes


OPENED = ("case_opened", {"on": "2026-03-02", "owner": 3, "stage": "phone", "team": 1, "overdue": "900.00"})


def test_a_case_row_that_matches_its_events_has_no_mismatch() -> None:
    facts = fold(events(OPENED, ("contact", {}), ("note", {})))
    assert facts.events == 3
    assert compare(facts, case_row()) == []


def test_the_owner_comes_from_the_last_event_that_sets_it() -> None:
    facts = fold(events(OPENED, ("assigned", {"owner": 7, "previous_owner": 3}), ("note", {})))
    assert compare(facts, case_row(owner=7)) == []
    assert compare(facts, case_row(owner=3)) == [Mismatch("case", None, "owner", 3, 7, 2)]
    assert compare(facts, case_row(owner=None)) == [Mismatch("case", None, "owner", None, 7, 2)]


def test_a_case_opened_without_an_owner_has_a_known_empty_owner() -> None:
    facts = fold(events(("case_opened", {"on": "2026-03-02", "owner": None, "stage": "phone"})))
    assert compare(facts, case_row(owner=None)) == []
    assert compare(facts, case_row(owner=4)) == [Mismatch("case", None, "owner", 4, None, 1)]


def test_the_stage_follows_stage_changes_and_closing() -> None:
    facts = fold(events(OPENED, ("stage_changed", {"from": "phone", "to": "field"})))
    assert compare(facts, case_row(stage="field")) == []
    assert compare(facts, case_row(stage="legal")) == [Mismatch("case", None, "stage", "legal", "field", 2)]
    closed = fold(
        events(
            OPENED,
            ("stage_changed", {"to": "field"}),
            ("case_closed", {"reason": "settled", "on": "2026-03-09"}),
        )
    )
    row = case_row(stage="closed", status="closed", close_reason="settled", closed_on=date(2026, 3, 9))
    assert compare(closed, row) == []
    reopened = row | {"status": "open", "stage": "field", "close_reason": "", "closed_on": None}
    assert {(m.field, m.seq) for m in compare(closed, reopened)} == {
        ("status", 3),
        ("stage", 3),
        ("close_reason", 3),
        ("closed_on", 3),
    }


def test_events_written_before_the_facts_were_added_leave_them_unknown() -> None:
    # A case_opened of the first version carries only its date; a case_closed by hand of
    # that version no date: whatever the row says about those is not a disagreement.
    facts = fold(
        events(("case_opened", {"on": "2026-03-02"}), ("case_closed", {"reason": "settled", "from": "phone"}))
    )
    row = case_row(
        owner=99, stage="closed", status="closed", close_reason="settled", closed_on=date(2030, 1, 1)
    )
    assert compare(facts, row) == []
    # ... but what those events did say still counts.
    assert [m.field for m in compare(facts, row | {"close_reason": "written_off"})] == ["close_reason"]
    assert [m.field for m in compare(facts, row | {"opened_on": date(2026, 1, 1)})] == ["opened_on"]


def test_a_case_without_events_has_nothing_to_compare() -> None:
    assert compare(fold([]), case_row(owner=42), [promise_row(P1)]) == []


def test_unreadable_facts_are_unknown() -> None:
    facts = fold(events(("case_opened", {"on": "not a date", "owner": "three", "stage": 5})))
    assert compare(facts, case_row(owner=1, stage="legal", opened_on=date(2020, 1, 1))) == []


def test_promises_are_made_checked_and_cancelled_by_their_events() -> None:
    history = events(
        OPENED,
        ("promise_made", {"promise": P1, "amount": "500.00", "due_on": "2026-03-06"}),
        ("promise_made", {"promise": P2, "amount": "300", "due_on": "2026-03-20"}),
        ("promise_checked", {"promise": P1, "status": "partly_kept", "paid": "200.00", "on": "2026-03-07"}),
        ("case_closed", {"reason": "settled", "on": "2026-03-09"}),
    )
    facts = fold(history)
    closed = case_row(stage="closed", status="closed", close_reason="settled", closed_on=date(2026, 3, 9))
    rows = [
        promise_row(P1, status="partly_kept", paid=Decimal("200.00"), checked_on=date(2026, 3, 7)),
        # Open when the case closed: cancelled with it.
        promise_row(P2, amount=Decimal("300.00"), due_on=date(2026, 3, 20), status="cancelled"),
    ]
    assert compare(facts, closed, rows) == []
    edited = [rows[0] | {"amount": Decimal("50.00"), "paid": Decimal("500.00")}, rows[1] | {"status": "kept"}]
    assert compare(facts, closed, edited) == [
        Mismatch("promise", P1, "amount", Decimal("50.00"), Decimal("500.00"), 2),
        Mismatch("promise", P1, "paid", Decimal("500.00"), Decimal("200.00"), 4),
        Mismatch("promise", P2, "status", "kept", "cancelled", 5),
    ]


def test_a_promise_without_its_row_or_a_row_without_its_event_is_named() -> None:
    facts = fold(
        events(OPENED, ("promise_made", {"promise": P1, "amount": "500.00", "due_on": "2026-03-06"}))
    )
    assert compare(facts, case_row(), [promise_row(P3)]) == [
        Mismatch("promise", P3, NO_EVENT, database=Decimal("500.00")),
        Mismatch("promise", P1, MISSING_ROW, seq=2),
    ]


def plan_events(*later: tuple[str, dict[str, Any]], ids: bool = True) -> list[dict[str, Any]]:
    made: dict[str, Any] = {
        "plan": PLAN,
        "total": "900.00",
        "instalments": [["2026-03-10", "300.00"], ["2026-04-10", "600.00"]],
    }
    if ids:
        made["promises"] = [P1, P2]
    return events(OPENED, ("plan_made", made), *later)


def plan_rows(status1: str = "open", status2: str = "open") -> list[dict[str, Any]]:
    return [
        promise_row(
            P1, plan=PLAN, instalment=1, amount=Decimal("300.00"), due_on=date(2026, 3, 10), status=status1
        ),
        promise_row(
            P2, plan=PLAN, instalment=2, amount=Decimal("600.00"), due_on=date(2026, 4, 10), status=status2
        ),
    ]


def test_a_plan_and_its_instalments_come_from_its_event() -> None:
    facts = fold(plan_events())
    plan = {"public_id": PLAN, "total": Decimal("900.00"), "status": "active"}
    assert compare(facts, case_row(), plan_rows(), [plan]) == []
    assert compare(facts, case_row(), plan_rows(), [plan | {"total": Decimal("90.00")}]) == [
        Mismatch("plan", PLAN, "total", Decimal("90.00"), Decimal("900.00"), 2)
    ]
    changed = plan_rows()
    changed[1]["amount"] = Decimal("6.00")
    assert compare(facts, case_row(), changed, [plan]) == [
        Mismatch("promise", P2, "amount", Decimal("6.00"), Decimal("600.00"), 2)
    ]
    assert compare(facts, case_row(), plan_rows(), []) == [Mismatch("plan", PLAN, MISSING_ROW, seq=2)]


def test_a_plans_status_follows_its_instalments_checks() -> None:
    kept = ("promise_checked", {"promise": P1, "status": "kept", "paid": "300.00", "on": "2026-03-10"})
    broken = ("promise_checked", {"promise": P2, "status": "broken", "paid": "0.00", "on": "2026-04-11"})
    plan = {"public_id": PLAN, "total": Decimal("900.00")}
    facts = fold(plan_events(kept))
    rows = plan_rows("kept")
    rows[0] |= {"paid": Decimal("300.00"), "checked_on": date(2026, 3, 10)}
    assert compare(facts, case_row(), rows, [plan | {"status": "active"}]) == []
    facts = fold(plan_events(kept, broken))
    rows[1] |= {"status": "broken", "checked_on": date(2026, 4, 11)}
    assert compare(facts, case_row(), rows, [plan | {"status": "broken"}]) == []
    assert compare(facts, case_row(), rows, [plan | {"status": "completed"}]) == [
        Mismatch("plan", PLAN, "status", "completed", "broken", 4)
    ]
    both_kept = ("promise_checked", {"promise": P2, "status": "kept", "paid": "600.00", "on": "2026-04-10"})
    facts = fold(plan_events(kept, both_kept))
    rows[1] |= {"status": "kept", "paid": Decimal("600.00"), "checked_on": date(2026, 4, 10)}
    assert compare(facts, case_row(), rows, [plan | {"status": "completed"}]) == []


def test_a_plan_event_that_does_not_name_its_instalments_is_matched_by_number() -> None:
    # plan_made before it named the instalments' promises: amounts and dates by number,
    # the plan's status unknown after a check.
    check = ("promise_checked", {"promise": P1, "status": "kept", "paid": "300.00"})
    facts = fold(plan_events(check, ids=False))
    rows = plan_rows("kept")
    rows[0]["paid"] = Decimal("300.00")
    plan = {"public_id": PLAN, "total": Decimal("900.00"), "status": "completed"}
    assert compare(facts, case_row(), rows, [plan]) == [
        Mismatch("plan", PLAN, "status", "completed", "active", 2)
    ]
    rows[1]["due_on"] = date(2027, 1, 1)
    assert Mismatch("promise", P2, "due_on", date(2027, 1, 1), date(2026, 4, 10), 2) in compare(
        facts, case_row(), rows, [plan | {"status": "active"}]
    )
