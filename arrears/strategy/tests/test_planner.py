"""The day planner on tiny literal frames: capacity, value, pinned days, working days,
absences, start dates, backlog.

The world: collectors Ann (1) and Bo (2). The run date is Friday 2026-11-13; the next
working days are Mon 16, Tue 17, Wed 18, Thu 19.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from arrears.strategy.planner import (
    HORIZON_DAYS,
    capacity_grid,
    conform_work,
    day_loads,
    is_working_day,
    next_working_day,
    plan,
    working_days,
)
from arrears.strategy.timing import WorkdayCalendar

FRI = date(2026, 11, 13)
MON, TUE, WED, THU = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 19)
ANN, BO = 1, 2


def collectors(*rows: tuple[int, int]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"collector_id": c, "capacity": cap, "active": True, "starts_on": None} for c, cap in rows],
        schema={"collector_id": pl.Int64, "capacity": pl.Int64, "active": pl.Boolean, "starts_on": pl.Date},
    )


NO_ABSENCES = pl.DataFrame(schema={"collector_id": pl.Int64, "starts_on": pl.Date, "ends_on": pl.Date})


def case(n: int, owner: int | None = ANN, due: date = FRI, value: int = 100, **extra: object) -> dict:
    return {"case_id": n, "debtor_id": n, "owner_id": owner, "due": due, "value": value, **extra}


def run(work: list[dict], grid: pl.DataFrame, days: list[date]) -> dict[int, tuple[date, bool]]:
    planned = plan(conform_work(work), grid, days)
    return {r["case_id"]: (r["planned_for"], r["backlog"]) for r in planned.iter_rows(named=True)}


def test_the_horizon_is_working_days_of_the_cn_calendar():
    assert working_days(FRI, 5) == [FRI, MON, TUE, WED, THU]
    assert next_working_day(date(2026, 11, 14)) == MON  # a Saturday
    # Sunday 2026-09-20 is a shifted working day (调休); Mid-Autumn 09-25..27 and National
    # Day 10-01..07 are not, Saturday 10-10 is.
    assert working_days(date(2026, 9, 18), 3) == [date(2026, 9, 18), date(2026, 9, 20), date(2026, 9, 21)]
    assert next_working_day(date(2026, 9, 25)) == date(2026, 9, 28)
    assert working_days(date(2026, 10, 1), 2) == [date(2026, 10, 8), date(2026, 10, 9)]
    assert is_working_day(date(2026, 10, 10))
    assert HORIZON_DAYS == 10


def test_a_year_the_calendar_does_not_hold_plans_monday_to_friday():
    only_2026 = WorkdayCalendar(years=frozenset({2026}))
    assert working_days(date(2026, 12, 31), 3, only_2026) == [
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 4),
    ]
    assert is_working_day(date(2027, 1, 2), only_2026) is False


def test_each_day_holds_at_most_the_capacity_and_the_rest_goes_to_the_next_working_days():
    days = working_days(FRI, 3)
    grid = capacity_grid(collectors((ANN, 2)), NO_ABSENCES, days)
    got = run([case(n, value=100 - n) for n in range(1, 6)], grid, days)
    assert got == {
        1: (FRI, False),
        2: (FRI, False),
        3: (MON, False),
        4: (MON, False),
        5: (TUE, False),
    }


def test_the_most_valuable_cases_fill_the_first_day_and_ties_go_to_the_lower_debtor():
    days = working_days(FRI, 2)
    grid = capacity_grid(collectors((ANN, 2)), NO_ABSENCES, days)
    got = run([case(1, value=10), case(2, value=90), case(3, value=50), case(4, value=50)], grid, days)
    assert got == {2: (FRI, False), 3: (FRI, False), 4: (MON, False), 1: (MON, False)}


def test_overflow_beyond_the_horizon_keeps_the_last_day_with_the_backlog_flag():
    days = working_days(FRI, 2)
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, days)
    work = conform_work([case(1, value=30), case(2, value=20), case(3, value=10)])
    assert run(work.to_dicts(), grid, days) == {1: (FRI, False), 2: (MON, False), 3: (MON, True)}
    loads = day_loads(work, plan(work, grid, days), grid)
    # The backlog is parked on the last day, not planned on it: nobody is over capacity.
    assert loads["over"].sum() == 0


def test_a_case_is_not_planned_before_it_falls_due_and_never_on_a_day_off():
    days = working_days(FRI, 4)
    grid = capacity_grid(collectors((ANN, 5)), NO_ABSENCES, days)
    saturday = date(2026, 11, 14)
    got = run([case(1, due=saturday), case(2, due=TUE), case(3, due=date(2026, 11, 1))], grid, days)
    assert got == {1: (MON, False), 2: (TUE, False), 3: (FRI, False)}


def test_promise_checks_and_callbacks_stay_on_their_day_even_over_capacity():
    days = working_days(FRI, 3)
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, days)
    work = [
        case(1, value=1_000_000),  # the most valuable case, due today
        case(2, due=MON, value=1, pinned=True),  # a promise check on Monday
        case(3, due=MON, value=1, pinned=True),  # a callback on Monday
        case(4, due=FRI, value=5, pinned=True),  # a broken promise, followed up today
    ]
    got = run(work, grid, days)
    assert got[2] == (MON, False) and got[3] == (MON, False) and got[4] == (FRI, False)
    # Friday's one slot went to the pinned follow-up; the valuable case waits for Tuesday
    # (Monday is already over capacity with its two pinned cases).
    assert got[1] == (TUE, False)
    loads = day_loads(conform_work(work), plan(conform_work(work), grid, days), grid)
    monday = loads.filter(pl.col("day") == MON).row(0, named=True)
    assert (monday["capacity"], monday["planned"], monday["pinned"], monday["over"]) == (1, 2, 2, 1)


def test_pinned_work_already_overdue_comes_back_today_and_on_a_holiday_the_next_working_day():
    days = working_days(FRI, 3)
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, days)
    got = run(
        [case(1, due=date(2026, 11, 11), pinned=True), case(2, due=date(2026, 11, 15), pinned=True)],
        grid,
        days,
    )
    assert got == {1: (FRI, False), 2: (MON, False)}


def test_a_deadline_is_taken_on_its_day_when_value_alone_would_push_it_further():
    days = working_days(FRI, 3)
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, days)
    work = [case(1, value=90), case(2, value=80), case(3, value=1, latest=MON)]
    got = run(work, grid, days)
    assert got == {1: (FRI, False), 3: (MON, False), 2: (TUE, False)}


def test_an_absent_collector_gets_nothing_on_the_days_off_and_the_work_waits():
    days = working_days(FRI, 3)
    absences = pl.DataFrame(
        [{"collector_id": ANN, "starts_on": FRI, "ends_on": MON}],
        schema={"collector_id": pl.Int64, "starts_on": pl.Date, "ends_on": pl.Date},
    )
    grid = capacity_grid(collectors((ANN, 2), (BO, 2)), absences, days)
    assert grid.filter(pl.col("collector_id") == ANN)["capacity"].to_list() == [0, 0, 2]
    got = run([case(1), case(2), case(3, owner=BO)], grid, days)
    assert got == {1: (TUE, False), 2: (TUE, False), 3: (FRI, False)}


def test_a_collector_who_starts_later_gets_no_plan_before_the_start_and_a_new_one_gets_capacity():
    days = working_days(FRI, 3)
    team = pl.DataFrame(
        [
            {"collector_id": ANN, "capacity": 1, "active": True, "starts_on": TUE},
            {"collector_id": BO, "capacity": 1, "active": True, "starts_on": FRI},
        ],
        schema={"collector_id": pl.Int64, "capacity": pl.Int64, "active": pl.Boolean, "starts_on": pl.Date},
    )
    grid = capacity_grid(team, NO_ABSENCES, days)
    got = run([case(1), case(2, owner=BO)], grid, days)
    assert got == {1: (TUE, False), 2: (FRI, False)}


def test_capacity_booked_by_cases_outside_the_plan_is_not_given_again():
    days = working_days(FRI, 2)
    booked = pl.DataFrame({"collector_id": [ANN], "day": [FRI], "booked": [3]})
    grid = capacity_grid(collectors((ANN, 3)), NO_ABSENCES, days, booked)
    assert grid["capacity"].to_list() == [0, 3]
    assert run([case(1)], grid, days) == {1: (MON, False)}


def test_automated_reminders_and_unowned_cases_take_no_capacity():
    days = working_days(FRI, 2)
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, days)
    got = run(
        [case(1, value=5), case(2, value=9, automated=True), case(3, value=9, owner=None), case(4, value=1)],
        grid,
        days,
    )
    assert got == {1: (FRI, False), 2: (FRI, False), 3: (FRI, False), 4: (MON, False)}


def test_work_due_after_the_horizon_is_planned_on_its_first_working_day_without_the_flag():
    days = working_days(FRI, 2)
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, days)
    assert run([case(1, due=date(2026, 11, 28))], grid, days) == {1: (date(2026, 11, 30), False)}


@pytest.mark.parametrize("size", [0, 1])
def test_an_empty_or_single_plan_is_a_frame_of_the_schema(size: int):
    days = working_days(FRI, 1)
    grid = capacity_grid(collectors((ANN, 1)), NO_ABSENCES, days)
    planned = plan(conform_work([case(n) for n in range(size)]), grid, days)
    assert planned.columns == ["case_id", "debtor_id", "planned_for", "backlog"] and planned.height == size
