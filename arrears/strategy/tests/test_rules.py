"""Treatment paths by segment and the cadence of next actions, through decide() on tiny
literal portfolios (the world of test_engine: one 10,000 instalment per debtor, due `dpd`
days before Monday 2026-03-16; team 1 with Ann and Bo, capacity 10 each)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from arrears.strategy import champion
from arrears.strategy.engine import decide
from arrears.strategy.frames import RunConfig
from arrears.strategy.tests.test_engine import ANN, ON, attempt, case, promise, row, world


def plan_of(frames, config=None) -> dict:
    decisions = decide(frames, config or RunConfig(on=ON))
    return {r["debtor_id"]: r for r in decisions.plan.iter_rows(named=True)}


def small(debtor: int, cents: int) -> pl.Expr:
    return pl.when(pl.col("account_id") == debtor).then(cents).otherwise(pl.col("amount"))


def test_a_small_early_balance_likely_to_pay_gets_automated_reminders_not_a_collector():
    frames = world({1: 10, 2: 10, 3: 45})
    # Debtor 1 owes 30.00, debtor 3 too but at 45 DPD (M2 prior 0.35): only 1 is reminded.
    frames = type(frames).build(
        **{**frames.__dict__, "due_items": frames.due_items.with_columns(amount=small(1, 3_000))}
    )
    frames = type(frames).build(
        **{**frames.__dict__, "due_items": frames.due_items.with_columns(amount=small(3, 3_000))}
    )
    decisions = decide(frames, RunConfig(on=ON))
    plan = {r["debtor_id"]: r for r in decisions.plan.iter_rows(named=True)}
    assert (plan[1]["treatment"], plan[1]["next_action"], plan[1]["automated"]) == ("remind", "remind", True)
    assert plan[1]["stage"] == "reminder"
    assert (plan[2]["treatment"], plan[2]["next_action"]) == ("phone", "call")  # 100.00: not small
    assert plan[3]["treatment"] == "phone"
    # Reminders are in no collector's queue.
    assert 1 not in decisions.queues["debtor_id"].to_list()
    assert {2, 3} <= set(decisions.queues["debtor_id"].to_list())


def test_the_reminder_thresholds_are_per_currency_and_a_score_below_the_bar_goes_to_phone():
    frames = world({1: 10, 2: 10})
    frames = type(frames).build(
        **{
            **frames.__dict__,
            "accounts": frames.accounts.with_columns(
                currency=pl.when(pl.col("account_id") == 1).then(pl.lit("TWD")).otherwise(pl.lit("CNY")),
                p_pay=pl.when(pl.col("account_id") == 2).then(0.2).otherwise(0.9),
            ),
        }
    )
    config = RunConfig(on=ON, remind_max_overdue={"*": 20_000, "TWD": 5_000})
    plan = plan_of(frames, config)
    assert plan[1]["treatment"] == "phone"  # 100.00 TWD is above the TWD bar of 50.00
    assert plan[2]["treatment"] == "phone"  # 100.00 CNY is small, but p_pay 0.2 < 0.5
    plan = plan_of(frames, RunConfig(on=ON, remind_max_overdue={"*": 20_000}))
    assert (plan[1]["treatment"], plan[2]["treatment"]) == ("remind", "phone")


def test_field_only_with_a_visitable_address_and_a_large_enough_balance():
    frames = world(
        {1: 20, 2: 20, 3: 20},
        cases=[case(10, 1), case(20, 2), case(30, 3)],
        addresses=[{"debtor_id": 2}, {"debtor_id": 3}],
    )
    config = RunConfig(on=ON, field_min_overdue={"*": 5_000}, remind_max_overdue={"*": 0})
    decisions = decide(frames, config)
    assert decisions.stage_moves.select("case_id", "to_stage").rows() == [(20, "field"), (30, "field")]
    plan = row(decisions.plan, case_id=10)
    assert (plan["stage"], plan["needs_address"], plan["next_action"]) == ("phone", True, "find_address")
    # Above the balance bar the visit is not worth it: phone, no repair.
    expensive = RunConfig(on=ON, field_min_overdue={"*": 50_000}, remind_max_overdue={"*": 0})
    plan = row(decide(frames, expensive).plan, case_id=10)
    assert (plan["stage"], plan["needs_address"], plan["next_action"]) == ("phone", False, "call")


def test_a_held_field_move_is_worked_in_phone_at_the_phone_cadence():
    """The case waits for a lead in phone: called every 2 days, not due every day for a
    visit nobody has made (the old engine's "due today again")."""
    frames = world({1: 20}, cases=[case(10, 1)], addresses=[{"debtor_id": 1}], contacts=[attempt(0, True)])
    plan = row(decide(frames, RunConfig(on=ON, field_min_overdue={"*": 0})).plan, case_id=10)
    assert (plan["stage"], plan["worked_stage"], plan["treatment"]) == ("field", "phone", "phone")
    assert (plan["next_action"], plan["next_due"]) == ("call", ON + timedelta(days=2))
    assert plan["planned_for"] == ON + timedelta(days=2)


def test_after_a_conversation_without_a_promise_the_next_call_follows_the_cadence():
    frames = world({1: 3}, cases=[case(10, 1)], contacts=[attempt(0, True)])
    plan = row(decide(frames, RunConfig(on=ON)).plan, case_id=10)
    assert (plan["next_action"], plan["next_due"], plan["planned_for"]) == (
        "call",
        ON + timedelta(days=2),
        ON + timedelta(days=2),
    )
    slower = champion.config_from_parameters(RunConfig(on=ON), {"follow_up_days": {"phone": 4}})
    assert row(decide(frames, slower).plan, case_id=10)["next_due"] == ON + timedelta(days=4)


def test_a_promise_is_checked_on_its_day_pinned_and_a_callback_at_its_time():
    at = datetime(2026, 3, 17, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai tomorrow
    frames = world(
        {1: 3, 2: 3},
        cases=[case(10, 1), case(20, 2)],
        promises=[promise(due=3)],
        tasks=[{"case_id": 20, "kind": "callback", "due_on": ON + timedelta(days=1), "due_at": at}],
        # Reached today: the debtor asked to be called back tomorrow.
        contacts=[{**attempt(0, True), "debtor_id": 2}],
    )
    plan = plan_of(frames)
    assert (plan[1]["next_action"], plan[1]["next_due"], plan[1]["pinned"]) == (
        "check_promise",
        ON + timedelta(days=3),
        True,
    )
    assert plan[1]["planned_for"] == ON + timedelta(days=3)
    assert (plan[2]["next_action"], plan[2]["next_at"], plan[2]["pinned"]) == ("callback", at, True)
    assert plan[2]["planned_for"] == ON + timedelta(days=1)


def test_a_callback_is_done_by_a_call_at_or_after_its_time_and_not_by_an_earlier_one():
    due_at = datetime(2026, 3, 16, 7, 0, tzinfo=UTC)  # 15:00 today in Shanghai
    task = {"case_id": 10, "kind": "callback", "due_on": ON, "due_at": due_at}
    morning = {**attempt(0, True), "at": datetime(2026, 3, 16, 2, 0, tzinfo=UTC)}
    frames = world({1: 3}, cases=[case(10, 1)], tasks=[task], contacts=[morning])
    assert row(decide(frames, RunConfig(on=ON)).plan, case_id=10)["next_action"] == "callback"
    returned = {**morning, "at": datetime(2026, 3, 16, 7, 5, tzinfo=UTC)}
    frames = world({1: 3}, cases=[case(10, 1)], tasks=[task], contacts=[morning, returned])
    plan = row(decide(frames, RunConfig(on=ON)).plan, case_id=10)
    assert (plan["next_action"], plan["next_due"]) == ("call", ON + timedelta(days=2))


def test_a_broken_promise_comes_back_pinned_on_the_next_working_day():
    # Due Friday 13th, nothing paid: the run of Saturday the 14th finds it broken; the
    # follow-up is planned on Monday the 16th, the next working day.
    saturday = ON - timedelta(days=2)
    frames = world({1: 30}, cases=[case(10, 1)], promises=[promise(due=-3)])
    plan = row(decide(frames, RunConfig(on=saturday)).plan, case_id=10)
    assert (plan["next_action"], plan["pinned"], plan["planned_for"]) == ("broken_promise", True, ON)


def test_the_challenger_arm_gets_its_own_treatments():
    frames = world({1: 10})
    frames = type(frames).build(
        **{**frames.__dict__, "due_items": frames.due_items.with_columns(amount=pl.lit(3_000))}
    )
    champ = RunConfig(on=ON)
    challenger = champion.config_from_parameters(champ, {"remind_max_overdue": {"*": 1_000}})
    assert plan_of(frames, champ)[1]["treatment"] == "remind"
    assert plan_of(frames, challenger)[1]["treatment"] == "phone"


def test_treatment_parameters_are_validated():
    import pytest

    cases: list[dict[str, Any]] = [
        {"remind_max_overdue": {"*": -1}},
        {"remind_max_overdue": {"yen": 100}},
        {"remind_max_overdue": 100},
        {"remind_min_p_pay": 1.5},
        {"field_min_overdue": {"*": 1.5}},
        {"plan_horizon_days": 0},
        {"calendar": {}},
    ]
    for bad in cases:
        with pytest.raises(champion.ParameterError):
            champion.validate("champion", bad)
    champion.validate("champion", {"remind_max_overdue": {"TWD": 20_000}, "remind_min_p_pay": 0.6})


def test_owner_and_value_reach_the_plan_for_every_open_case():
    frames = world({1: 3, 2: 40}, cases=[case(10, 1, owner=ANN), case(20, 2, owner=ANN)])
    plan = decide(frames, RunConfig(on=ON)).plan
    assert plan["planned_for"].null_count() == 0 and not plan["backlog"].any()
    assert plan["priority"].to_list()[0] > plan["priority"].to_list()[1]
