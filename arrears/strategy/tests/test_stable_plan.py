"""Stable plans: a case keeps the day the last run gave it while that day is still ahead,
inside the horizon and within its collector's capacity (planner rule 2, engine.keep_day).

The world of test_planner: collectors Ann (1) and Bo (2); run date Friday 2026-11-13, then
Mon 16, Tue 17, Wed 18, Thu 19.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from arrears.strategy.engine import keep_day
from arrears.strategy.planner import capacity_grid, conform_work, day_loads, plan
from arrears.strategy.tests.test_planner import (
    ANN,
    FRI,
    MON,
    NO_ABSENCES,
    THU,
    TUE,
    WED,
    case,
    collectors,
    run,
)

DAYS = [FRI, MON, TUE, WED, THU]


def test_a_case_keeps_its_day_over_a_more_valuable_newcomer():
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, DAYS)
    # Afresh, the most valuable case takes Friday and the other Monday.
    assert run([case(1, value=100), case(2, value=500)], grid, DAYS) == {1: (MON, False), 2: (FRI, False)}
    # Case 1 was planned for Friday by the last run and nothing changed: it stays there;
    # the newcomer, though worth more, takes the next day with room.
    kept = run([case(1, value=100, keep=FRI), case(2, value=500)], grid, DAYS)
    assert kept == {1: (FRI, False), 2: (MON, False)}


def test_a_kept_day_is_never_past_capacity():
    # Ann can do one case a day; three cases kept Monday: the most valuable keeps it, the
    # others are planned afresh (Friday, which has room, then Tuesday).
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, DAYS)
    work = [case(1, value=100, keep=MON), case(2, value=300, keep=MON), case(3, value=200, keep=MON)]
    out = run(work, grid, DAYS)
    assert out == {2: (MON, False), 3: (FRI, False), 1: (TUE, False)}
    loads = day_loads(conform_work(work), plan(conform_work(work), grid, DAYS), grid)
    assert loads["over"].sum() == 0


def test_a_day_that_passed_or_left_the_horizon_or_a_pinned_case_is_planned_afresh():
    grid = capacity_grid(collectors((ANN, 5)), NO_ABSENCES, DAYS)
    work = [
        case(1, keep=date(2026, 11, 12)),  # yesterday: the day passed unworked
        case(2, keep=date(2026, 11, 20)),  # after the horizon
        case(3, keep=date(2026, 11, 14)),  # a Saturday: not a working day of the plan
        case(4, due=WED, keep=MON),  # before its due day
        case(5, due=TUE, pinned=True, keep=MON),  # a promise check stays on its day
        case(6, due=FRI, latest=MON, keep=TUE),  # past its deadline
        case(7, keep=WED),
    ]
    out = run(work, grid, DAYS)
    assert out == {
        1: (FRI, False),
        2: (FRI, False),
        3: (FRI, False),
        4: (WED, False),
        5: (TUE, False),
        6: (FRI, False),
        7: (WED, False),
    }


def test_pinned_work_takes_the_room_first():
    # Ann: 1 a day. A promise check pinned to Monday leaves no room for the kept case there.
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, DAYS)
    out = run([case(1, keep=MON), case(2, due=MON, pinned=True)], grid, DAYS)
    assert out == {1: (FRI, False), 2: (MON, False)}


def _working(**columns: list) -> pl.DataFrame:
    base = {
        "owner_kept": [True, True, True, True, True, False, True],
        "plan_action": ["call"] * 7,
        "plan_due": [FRI] * 7,
        "plan_overdue": [1000] * 7,
        "stage": ["phone"] * 4 + ["reminder"] + ["phone"] * 2,
        "planned_for": [MON] * 6 + [None],
    }
    base.update(columns)
    return pl.DataFrame(base, schema_overrides={"planned_for": pl.Date})


def _rules(stage: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            # same, new action (a promise), new due day, a payment, a stage move applied
            # by the night, a new owner, no plan yet
            "next_action": ["call", "check_promise", "call", "call", "call", "call", "call"],
            "next_due": [FRI, FRI, MON, FRI, FRI, FRI, FRI],
            "overdue": [1000, 1000, 1000, 400, 1000, 1000, 1000],
            "stage": stage,
        }
    )


def test_a_changed_case_keeps_nothing():
    rules = _rules(["phone"] * 7)
    assert keep_day(_working(), rules).to_list() == [MON, None, None, None, None, None, None]


def test_a_move_waiting_for_a_team_lead_keeps_the_plan():
    # The ladder says field for the first case, but the move waits for a lead: the case
    # is still in phone, with the same action, and keeps its day.
    rules = _rules(["field"] + ["phone"] * 6)
    assert keep_day(_working(), rules).to_list() == [MON, None, None, None, None, None, None]
