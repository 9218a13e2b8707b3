"""decide(), one rule at a time, on tiny literal portfolios.

The world: team 1 with collectors Ann (1) and Bo (2); debtors numbered like their single
account. A debtor "owes" one instalment of 10,000 due `dpd` days before the run date, so
each test states delinquency in days, the way the rules do.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta

import polars as pl

from arrears.strategy.engine import decide
from arrears.strategy.frames import DECIDE_READS, Frames, RunConfig
from arrears.strategy.synth import DEFAULT_ON, generate

ON = date(2026, 3, 16)
ANN, BO = 1, 2
COLLECTORS = [
    {"collector_id": ANN, "team_id": 1, "capacity": 10, "active": True},
    {"collector_id": BO, "team_id": 1, "capacity": 10, "active": True},
]


def world(dpd: dict[int, int], **extra: object) -> Frames:
    """Debtor d has account d with one 10,000 instalment; dpd 0 means paid."""
    accounts = [
        {"account_id": d, "debtor_id": d, "creditor_id": 1, "team_id": 1, "status": "open"} for d in dpd
    ]
    dues = [
        {
            "account_id": d,
            "key": "i1",
            "due_date": ON - timedelta(days=max(days, 1)),
            "amount": 10_000,
        }
        for d, days in dpd.items()
    ]
    payments = [
        {"account_id": d, "paid_on": ON - timedelta(days=40), "amount": 10_000}
        for d, days in dpd.items()
        if days == 0
    ]
    data: dict[str, object] = {
        "accounts": accounts,
        "due_items": dues,
        "payments": payments,
        "collectors": COLLECTORS,
    }
    data.update(extra)
    if "payments" in extra:
        data["payments"] = payments + list(extra["payments"])  # type: ignore[call-overload]
    return Frames.build(**data)


def case(case_id: int, debtor_id: int, owner: int | None = ANN, stage: str = "phone") -> dict:
    return {
        "case_id": case_id,
        "debtor_id": debtor_id,
        "owner_id": owner,
        "stage": stage,
        "opened_on": ON - timedelta(days=10),
        "status": "open",
    }


def row(frame: pl.DataFrame, **where: object) -> dict:
    found = frame.filter(**where)
    assert found.height == 1, found
    return found.row(0, named=True)


def test_it_opens_a_case_for_a_newly_delinquent_debtor_without_one():
    decisions = decide(world({1: 1, 2: 0, 3: 4}, cases=[case(30, 3)]), RunConfig(on=ON))
    assert decisions.opened["debtor_id"].to_list() == [1]
    assert row(decisions.opened, debtor_id=1)["opened_on"] == ON


def test_it_does_not_open_a_case_below_the_configured_dpd():
    decisions = decide(world({1: 2}), RunConfig(on=ON, open_case_dpd=3))
    assert decisions.opened.is_empty()


def test_it_closes_the_case_of_a_cured_debtor_and_keeps_the_others():
    frames = world({1: 0, 2: 3}, cases=[case(10, 1), case(20, 2)])
    decisions = decide(frames, RunConfig(on=ON))
    assert decisions.closed.to_dicts() == [{"case_id": 10, "debtor_id": 1, "reason": "cured"}]
    assert decisions.plan["case_id"].to_list() == [20]


def test_it_closes_the_case_of_a_debtor_whose_accounts_are_all_settled():
    frames = world({1: 5}, cases=[case(10, 1)])
    frames = Frames.build(
        **{**frames.__dict__, "accounts": frames.accounts.with_columns(status=pl.lit("settled"))}
    )
    assert decide(frames, RunConfig(on=ON)).closed["reason"].to_list() == ["no_open_accounts"]


def test_it_assigns_new_cases_to_the_collector_with_fewest_open_cases_lowest_id_on_ties():
    # Ann holds two cases, Bo one: the first new case goes to Bo (1 < 2), then the loads
    # are level at two each and the lower id, Ann, takes the next, then Bo.
    frames = world(
        {1: 3, 2: 3, 3: 3, 4: 2, 5: 2, 6: 2},
        cases=[case(10, 1, ANN), case(20, 2, ANN), case(30, 3, BO)],
    )
    opened = decide(frames, RunConfig(on=ON)).opened
    assert opened.select("debtor_id", "owner_id").rows() == [(4, BO), (5, ANN), (6, BO)]


def test_it_reassigns_a_case_whose_owner_is_inactive():
    collectors = [*COLLECTORS, {"collector_id": 3, "team_id": 1, "capacity": 5, "active": False}]
    frames = world({1: 3, 2: 3}, cases=[case(10, 1, 3), case(20, 2, ANN)], collectors=collectors)
    reassigned = decide(frames, RunConfig(on=ON)).reassigned
    assert reassigned.to_dicts() == [{"case_id": 10, "debtor_id": 1, "previous_owner_id": 3, "owner_id": BO}]


def promise(status: str = "open", due: int = -1, amount: int = 5_000, created: int = -5) -> dict:
    return {
        "promise_id": 7,
        "case_id": 10,
        "created_on": ON + timedelta(days=created),
        "due_on": ON + timedelta(days=due),
        "amount": amount,
        "status": status,
    }


def payment(days: int, amount: int) -> dict:
    return {"account_id": 1, "paid_on": ON + timedelta(days=days), "amount": amount}


def test_a_promise_paid_in_full_between_creation_and_due_date_is_kept():
    frames = world({1: 30}, cases=[case(10, 1)], promises=[promise()], payments=[payment(-3, 5_000)])
    assert decide(frames, RunConfig(on=ON)).promises.to_dicts() == [
        {"promise_id": 7, "case_id": 10, "status": "kept", "paid": 5_000}
    ]


def test_a_promise_paid_in_part_by_its_due_date_is_partly_kept():
    frames = world({1: 30}, cases=[case(10, 1)], promises=[promise()], payments=[payment(-3, 2_000)])
    assert decide(frames, RunConfig(on=ON)).promises["status"].to_list() == ["partly_kept"]


def test_a_promise_unpaid_after_its_due_date_is_broken_and_payments_before_it_do_not_count():
    frames = world({1: 30}, cases=[case(10, 1)], promises=[promise()], payments=[payment(-9, 9_000)])
    decisions = decide(frames, RunConfig(on=ON))
    assert decisions.promises["status"].to_list() == ["broken"]
    # A broken promise is followed up today.
    assert row(decisions.plan, case_id=10)["next_due"] == ON


def test_a_promise_due_today_stays_open_and_is_checked_today_with_a_priority_boost():
    # Already in the field stage, so the promise's hold on escalation changes nothing.
    field = case(10, 1, stage="field")
    frames = world({1: 30}, cases=[field], promises=[promise(due=0)])
    decisions = decide(frames, RunConfig(on=ON))
    plan = row(decisions.plan, case_id=10)
    assert decisions.promises.is_empty()
    assert (plan["next_action"], plan["next_due"]) == ("check_promise", ON)
    without = row(decide(world({1: 30}, cases=[field]), RunConfig(on=ON)).plan, case_id=10)
    assert plan["priority"] == without["priority"] * 150 // 100


def test_the_reminder_stage_moves_to_phone_from_dpd_1():
    frames = world({1: 1}, cases=[case(10, 1, stage="reminder")])
    moves = decide(frames, RunConfig(on=ON)).stage_moves
    assert moves.select("from_stage", "to_stage").rows() == [("reminder", "phone")]


def test_phone_moves_to_field_from_dpd_5_but_not_while_a_promise_is_pending():
    frames = world(
        {1: 5, 2: 5},
        cases=[case(10, 1), case(20, 2)],
        promises=[promise(due=2)],
        addresses=[{"debtor_id": 1}, {"debtor_id": 2}],
    )
    decisions = decide(frames, RunConfig(on=ON, field_min_overdue={"*": 0}))
    assert decisions.stage_moves.select("case_id", "to_stage").rows() == [(20, "field")]
    assert row(decisions.plan, case_id=10)["held_by_promise"] is True


def test_a_kept_promise_also_holds_the_field_visit():
    frames = world({1: 6}, cases=[case(10, 1)], promises=[promise(status="kept", due=-2)])
    assert decide(frames, RunConfig(on=ON)).stage_moves.is_empty()


def test_stages_never_move_backwards():
    frames = world({1: 2}, cases=[case(10, 1, stage="field")])
    decisions = decide(frames, RunConfig(on=ON))
    assert decisions.stage_moves.is_empty()
    assert row(decisions.plan, case_id=10)["stage"] == "field"


def attempt(days_ago: int, connected: bool, channel: str = "phone", hour: int = 2) -> dict:
    at = datetime.combine(ON - timedelta(days=days_ago), datetime.min.time(), UTC)
    return {
        "debtor_id": 1,
        "at": at + timedelta(hours=hour),
        "channel": channel,
        "connected": connected,
    }


def test_five_failed_calls_in_a_row_flag_information_repair():
    history = [attempt(9, True)] + [attempt(d, False) for d in range(8, 3, -1)]
    decisions = decide(world({1: 3}, cases=[case(10, 1)], contacts=history), RunConfig(on=ON))
    plan = row(decisions.plan, case_id=10)
    assert (plan["failed_attempts"], plan["info_repair"], plan["next_action"]) == (
        5,
        True,
        "info_repair",
    )


def test_a_connected_call_resets_the_failed_count():
    history = [attempt(d, False) for d in range(9, 4, -1)] + [attempt(2, True)]
    plan = row(
        decide(world({1: 3}, cases=[case(10, 1)], contacts=history), RunConfig(on=ON)).plan,
        case_id=10,
    )
    assert (plan["failed_attempts"], plan["info_repair"]) == (0, False)


def test_the_phone_stage_follows_up_two_days_after_the_last_call():
    # Called yesterday (02:00 UTC is 10:00 in Shanghai): next call tomorrow, not today.
    frames = world({1: 3}, cases=[case(10, 1)], contacts=[attempt(1, True)])
    plan = row(decide(frames, RunConfig(on=ON)).plan, case_id=10)
    assert (plan["next_action"], plan["next_due"]) == ("call", ON + timedelta(days=1))
    # 17:00 UTC two days ago is 01:00 local yesterday: the local date decides.
    frames = world({1: 3}, cases=[case(10, 1)], contacts=[attempt(2, True, hour=17)])
    assert row(decide(frames, RunConfig(on=ON)).plan, case_id=10)["next_due"] == ON + timedelta(days=1)


def test_the_run_counts_attempts_up_to_the_end_of_its_local_day():
    """15:59 UTC is 23:59 in Shanghai, still the run's day; 16:00 UTC is tomorrow there
    and does not exist for tonight's run. In New York the same instants are mid-morning."""
    failed = [{**attempt(0, False, hour=15), "at": attempt(0, False)["at"] + timedelta(hours=13, minutes=59)}]
    tomorrow = [attempt(0, False, hour=16)]
    history = [attempt(d, False) for d in range(5, 1, -1)]
    plan = row(
        decide(world({1: 3}, cases=[case(10, 1)], contacts=history + failed), RunConfig(on=ON)).plan,
        case_id=10,
    )
    assert (plan["failed_attempts"], plan["info_repair"]) == (5, True)
    plan = row(
        decide(world({1: 3}, cases=[case(10, 1)], contacts=history + tomorrow), RunConfig(on=ON)).plan,
        case_id=10,
    )
    assert (plan["failed_attempts"], plan["info_repair"]) == (4, False)
    new_york = RunConfig(on=ON, time_zone="America/New_York")
    plan = row(
        decide(world({1: 3}, cases=[case(10, 1)], contacts=history + tomorrow), new_york).plan, case_id=10
    )
    assert plan["failed_attempts"] == 5
    # A call answered at 16:00 UTC: tomorrow in Shanghai (not yet made, so the first call
    # is still due, since the case opened, and planned today); noon today in New York (so
    # the next one is due in two days).
    answered = world({1: 3}, cases=[case(10, 1)], contacts=[attempt(0, True, hour=16)])
    plan = row(decide(answered, RunConfig(on=ON)).plan, case_id=10)
    assert (plan["next_due"], plan["planned_for"]) == (ON - timedelta(days=10), ON)
    assert row(decide(answered, new_york).plan, case_id=10)["next_due"] == ON + timedelta(days=2)


def test_the_queue_holds_due_work_by_priority_within_capacity():
    collectors = [{"collector_id": ANN, "team_id": 1, "capacity": 2, "active": True}]
    # Same overdue; DPD 2 and 3 get the early-delinquency boost, DPD 40 a lower prior.
    frames = world(
        {1: 40, 2: 3, 3: 2, 4: 20},
        cases=[case(10, 1), case(20, 2), case(30, 3), case(40, 4)],
        collectors=collectors,
        contacts=[{**attempt(0, True), "debtor_id": 4}],  # called today: not due again
    )
    queues = decide(frames, RunConfig(on=ON)).queues
    assert queues.select("collector_id", "rank", "case_id").rows() == [(ANN, 1, 20), (ANN, 2, 30)]


def test_ties_in_priority_go_to_the_lower_debtor_id_and_probability_drives_priority():
    accounts_p = {1: 0.2, 2: 0.9, 3: 0.9}
    frames = world({1: 3, 2: 3, 3: 3}, cases=[case(10, 1), case(20, 2), case(30, 3)])
    frames = Frames.build(
        **{
            **frames.__dict__,
            "accounts": frames.accounts.with_columns(
                p_pay=pl.col("account_id").replace_strict(accounts_p, return_dtype=pl.Float64)
            ),
        }
    )
    queues = decide(frames, RunConfig(on=ON)).queues
    assert queues["case_id"].to_list() == [20, 30, 10]
    assert queues["priority"].to_list()[0] == 10_000 * 9 // 10 * 120 // 100


def test_shuffled_inputs_give_the_same_decisions_as_a_snapshot_in_order(tmp_path):
    """decide() sorts what is not in the snapshot contract's order, and only that; read
    back with only the columns it uses, it decides the same; it reports its steps."""
    frames = generate(3_000, seed=4)
    config = RunConfig(on=DEFAULT_ON)
    in_contract_order = decide(frames, config)
    shuffled = Frames(
        **{f.name: getattr(frames, f.name).sample(fraction=1.0, shuffle=True, seed=9) for f in fields(frames)}
    )
    frames.write_parquet(tmp_path)
    steps: dict[str, float] = {}
    lean = decide(Frames.read_parquet(tmp_path, DECIDE_READS), config, timings=steps)
    for got in (decide(shuffled, config), lean):
        for f in fields(in_contract_order):
            assert getattr(got, f.name).equals(getattr(in_contract_order, f.name)), f.name
    assert list(steps) == [
        "aging",
        "debtors",
        "cases",
        "promises",
        "contacts",
        "stages_actions_plan",
        "owners",
        "queues",
    ]
    assert all(seconds >= 0 for seconds in steps.values())


def test_debtors_numbered_out_of_account_order_roll_up_the_same():
    """The roll-up reads running sums when debtors follow account order and groups
    otherwise; both give the same debtors."""
    frames = generate(3_000, seed=6)
    top = frames.accounts["debtor_id"].max() + 1  # type: ignore[operator]
    flip = {"debtor_id": top - pl.col("debtor_id")}
    flipped = Frames(
        **{
            **{f.name: getattr(frames, f.name) for f in fields(frames)},
            "accounts": frames.accounts.with_columns(**flip),
            "cases": frames.cases.with_columns(**flip),
            "contacts": frames.contacts.with_columns(**flip),
            "addresses": frames.addresses.with_columns(**flip),
        }
    )
    config = RunConfig(on=DEFAULT_ON)
    want = decide(frames, config)
    got = decide(flipped, config)
    assert got.debtors.with_columns(**flip).sort("debtor_id").equals(want.debtors)
    # New owners go out in debtor-id order, so who gets which case moves with the ids, and
    # with it the day each case is planned for (ties in value also go by debtor id).
    same = pl.exclude("owner_id", "planned_for", "backlog")
    assert got.plan.with_columns(**flip).sort("debtor_id").select(same).equals(want.plan.select(same))
