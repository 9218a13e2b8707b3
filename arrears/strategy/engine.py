"""The nightly decision: `decide(frames, config) -> Decisions`, pure Polars.

Frames in, frames out: no Django, no clock (the run date is `config.on`), no I/O. The
Django shell extracts the inputs (arrears.strategy.frames), calls `decide()`, and applies
each output frame through the cases and portfolio actions. The rules, in run order:

1. Age every open account (arrears.strategy.aging, the rule of arrears.portfolio.aging).
2. Debtor level: DPD is the worst account's, overdue and balance are summed.
3. Close open cases whose debtor is cured: every open account at DPD 0, or none left.
4. Open a case for every delinquent debtor (DPD >= open_case_dpd) without an open one.
5. Assign an owner to new cases and to cases whose owner is missing or inactive.
6. Check open promises against the debtor's payments since the promise was made.
7. Per case (arrears.strategy.rules): the stage ladder with the treatment paths by
   segment (automated reminders, phone, field only with a visitable address, agency,
   legal), held by a live promise, never backwards; information repair after N failed
   attempts in a row; the next action, its due day and the case's value.
8. The day plan (arrears.strategy.planner): each collector's working days filled within
   capacity, most valuable first, pinned work on its day; the day's queues.

Steps 5 and 8 look at the whole portfolio (`finish`); the others at one debtor at a time
(`decide_part`), so that arrears.strategy.distributed can run them on a cluster by debtor
key range: `decide()` is `finish([decide_part(frames)])`.

bench/baseline_nightly.py applies the same rules one account at a time, and the bench
checks that the two agree. Inputs in the snapshot contract's row order (docs/nightly.md)
are not sorted again; the per-account and per-debtor work runs on sorted layouts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

import polars as pl

from arrears.strategy.aging import (
    ENGINE,
    age_accounts,
    fits_running_max,
    in_key_ranges,
    in_order,
    rank_in_groups,
    sorted_by,
    starts_group,
    sums_by_sorted_key,
)
from arrears.strategy.assign import assign_owners
from arrears.strategy.frames import CASES, STAGE, STAGES, Frames, RunConfig
from arrears.strategy.planner import capacity_grid, plan, working_days
from arrears.strategy.rules import (
    AUTO_STAGES,
    CHECK_PROMISE,
    INFO_REPAIR,
    STAGE_ACTION,
    plan_cases,
    task_state,
)
from arrears.strategy.rules import contact_state as contact_state_of

# Re-exported: the rules live in arrears.strategy.rules.
__all__ = ["CHECK_PROMISE", "INFO_REPAIR", "STAGE_ACTION", "Decisions", "decide"]


@dataclass(frozen=True)
class Decisions:
    """Outputs of a run; columns are listed in docs/nightly.md."""

    aging: pl.DataFrame  # one row per open account
    debtors: pl.DataFrame  # one row per debtor with an open account
    closed: pl.DataFrame  # cases to close
    opened: pl.DataFrame  # cases to open (keyed by debtor: no case id yet)
    reassigned: pl.DataFrame  # existing open cases given a new owner
    promises: pl.DataFrame  # promises whose status changes
    stage_moves: pl.DataFrame  # existing open cases to move up the ladder
    plan: pl.DataFrame  # every case open after the run: stage, next action, priority, day
    queues: pl.DataFrame  # per collector, the day's planned work in priority order

    def write_parquet(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for f in fields(self):
            # LZ4: about half the CPU of the default zstd for these frames, and the files
            # are read once, by the shell, the same night.
            getattr(self, f.name).write_parquet(directory / f"{f.name}.parquet", compression="lz4")


def _scored_aging(frames: Frames, config: RunConfig) -> pl.DataFrame:
    accounts = frames.accounts.filter(pl.col("status") == "open").select(
        "account_id", "debtor_id", "team_id", "p_pay"
    )
    aging = age_accounts(accounts, frames.due_items, frames.payments, config.on, config.bounds)
    prior = pl.col("bucket_index").replace_strict(
        list(range(len(config.prior_by_bucket))),
        list(config.prior_by_bucket),
        return_dtype=pl.Float64,
    )
    # Expected recovery per account, floored to whole minor units so that the debtor's
    # sum (and the priority built on it) is exact integer arithmetic.
    expected = (pl.col("overdue").cast(pl.Float64) * pl.coalesce("p_pay", prior)).floor()
    return aging.with_columns(expected.cast(pl.Int64).alias("expected_recovery")).drop("p_pay")


def _debtors(aging: pl.DataFrame, config: RunConfig) -> pl.DataFrame:
    # A debtor's team: the lowest team id among their accounts, so that a debtor whose
    # creditor is worked by two teams still lands deterministically.
    if (
        in_order(aging, ["debtor_id"])
        and fits_running_max(aging["team_id"])
        and fits_running_max(aging["dpd"])
    ):
        # A snapshot in account order numbers debtors in the same order (the contract in
        # docs/nightly.md): read the sums and maxima off running ones, no group-by.
        def sums(part: pl.DataFrame) -> pl.DataFrame:
            return sums_by_sorted_key(
                part.lazy(),
                "debtor_id",
                {name: pl.col(name) for name in ("overdue", "balance", "expected_recovery")},
                maxima={"team_id": -pl.col("team_id"), "dpd": pl.col("dpd")},
            )

        debtors = pl.concat(in_key_ranges(sums, [aging], "debtor_id")).select(
            "debtor_id",
            -pl.col("team_id"),
            pl.col("dpd").fill_null(0),
            "overdue",
            "balance",
            "expected_recovery",
        )
    else:
        debtors = aging.group_by("debtor_id").agg(
            pl.col("team_id").min(),
            pl.col("dpd").max(),
            pl.col("overdue").sum(),
            pl.col("balance").sum(),
            pl.col("expected_recovery").sum(),
        )
    return debtors.with_columns((pl.col("dpd") >= config.open_case_dpd).alias("delinquent")).sort("debtor_id")


def _promise_updates(frames: Frames, config: RunConfig) -> pl.DataFrame:
    """Every open promise with its payments so far and its status after the run."""
    on = config.on
    promises = (
        frames.promises.filter(pl.col("status") == "open")
        .join(frames.cases.select("case_id", "debtor_id"), on="case_id")
        .lazy()
    )
    # Payments on any of the debtor's accounts count: money is not tied to one account.
    # Only the accounts of debtors with an open promise, a small set: a membership test
    # against it passes over the payments several times faster than a join does.
    debtors = promises.select(pl.col("debtor_id").unique()).collect(engine=ENGINE)["debtor_id"]
    promise_accounts = frames.accounts.select("account_id", "debtor_id").filter(
        pl.col("debtor_id").is_in(debtors.implode())
    )
    paid = (
        frames.payments.lazy()
        .filter(
            pl.col("account_id").is_in(promise_accounts["account_id"].implode()) & (pl.col("paid_on") <= on)
        )
        .join(promise_accounts.lazy(), on="account_id")
    )
    totals = (
        promises.select("promise_id", "debtor_id", "created_on", "due_on")
        .join(paid.select("debtor_id", "paid_on", "amount"), on="debtor_id")
        .filter(pl.col("paid_on").is_between(pl.col("created_on"), pl.col("due_on")))
        .group_by("promise_id")
        .agg(pl.col("amount").sum().alias("paid"))
    )
    met = pl.col("paid") >= pl.col("amount")
    return (
        promises.join(totals, on="promise_id", how="left")
        .with_columns(pl.col("paid").fill_null(0))
        .with_columns(
            # Kept as soon as the amount is in, even before the due date; otherwise the
            # promise stays open through its due date (the debtor may pay that day).
            pl.when(met)
            .then(pl.lit("kept"))
            .when(pl.col("due_on") >= on)
            .then(pl.lit("open"))
            .when(pl.col("paid") > 0)
            .then(pl.lit("partly_kept"))
            .otherwise(pl.lit("broken"))
            .cast(frames.promises.schema["status"])
            .alias("new_status")
        )
        .select("promise_id", "case_id", "debtor_id", "due_on", "amount", "paid", "new_status")
        .sort("promise_id")
        .collect(engine=ENGINE)
    )


def _promise_state(frames: Frames, updates: pl.DataFrame, config: RunConfig) -> pl.DataFrame:
    """Per debtor: the next pending promise date, whether one is due today, whether a
    promise is live (holds escalation), and whether one broke in this run."""
    on = config.on
    earlier_kept = (
        frames.promises.lazy()
        .filter(pl.col("status") == "kept")
        .join(frames.cases.lazy().select("case_id", "debtor_id"), on="case_id")
        .select("debtor_id", "due_on", pl.lit("kept").alias("state"))
    )
    now = updates.lazy().select("debtor_id", "due_on", pl.col("new_status").cast(pl.String).alias("state"))
    both = pl.concat([earlier_kept, now])
    pending = (pl.col("state") == "open") & (pl.col("due_on") >= on)
    recent_kept = (pl.col("state") == "kept") & (
        pl.col("due_on") >= pl.lit(on) - pl.duration(days=config.kept_promise_hold_days)
    )
    return (
        both.group_by("debtor_id")
        .agg(
            pl.col("due_on").filter(pending).min().alias("promise_due_on"),
            (pending | recent_kept).any().alias("live_promise"),
            # Broken or partly kept tonight: followed up at once.
            pl.col("state").is_in(["broken", "partly_kept"]).any().alias("broken_promise"),
        )
        .collect(engine=ENGINE)
    )


class _Laps:
    """Wall time per step into `timings` (when given): the bench prints them. Elapsed
    time is measurement, not input, so decide() stays clock-free in what it decides."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter() if timings is not None else 0.0

    def __call__(self, step: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[step] = self.timings.get(step, 0.0) + now - self.last
            self.last = now


@dataclass(frozen=True)
class Part:
    """decide()'s per-debtor work on one partition (arrears.strategy.distributed): all of
    a debtor's accounts, cases, promises, contacts and tasks are in the same partition.
    What depends on the whole portfolio (owners by fewest open cases, the collectors'
    day plans and queues) is left to `finish()`."""

    aging: pl.DataFrame
    debtors: pl.DataFrame
    closed: pl.DataFrame
    promises: pl.DataFrame
    stage_moves: pl.DataFrame
    # plan_cases' rows with the case's current owner; `owner_kept` is false where the
    # owner is missing or inactive (finish() assigns one).
    rules: pl.DataFrame
    # Per active collector, the open cases of this partition they keep.
    kept_loads: pl.DataFrame


# The columns of the plan the last run left (frames.CASES).
PLAN_LEFT = {name: CASES[name] for name in ("planned_for", "plan_action", "plan_due", "plan_overdue")}


def decide(frames: Frames, config: RunConfig, timings: dict[str, float] | None = None) -> Decisions:
    """The night's decisions. `timings`, if given, receives the wall seconds per step."""
    lap = _Laps(timings)
    return finish([decide_part(frames, config, lap)], frames, config, lap)


def decide_part(frames: Frames, config: RunConfig, lap: _Laps | None = None) -> Part:
    """The per-debtor steps of decide() (1-4, 6, 7 of the module's list) on `frames`,
    which hold whole debtors; `frames.collectors` must be every collector (whose owners
    are kept is read from it)."""
    lap = lap or _Laps(None)
    on = config.on
    aging = _scored_aging(frames, config)
    lap("aging")
    debtors = _debtors(aging, config)
    lap("debtors")

    # Cases in debtor order (debtors are): the joins with debtors then merge two sorted
    # frames instead of hashing millions of debtors.
    open_cases = sorted_by(frames.cases.filter(pl.col("status") == "open"), ["debtor_id"])
    with_dpd = open_cases.join(
        debtors.select("debtor_id", "dpd"), on="debtor_id", how="left", maintain_order="left"
    )
    cured = pl.col("dpd").is_null() | (pl.col("dpd") == 0)
    closed = (
        with_dpd.filter(cured)
        .select(
            "case_id",
            "debtor_id",
            pl.when(pl.col("dpd").is_null())
            .then(pl.lit("no_open_accounts"))
            .otherwise(pl.lit("cured"))
            .alias("reason"),
        )
        .sort("case_id")
    )
    kept = with_dpd.filter(~cured).drop("dpd", "status")
    new = (
        debtors.filter("delinquent")
        .join(open_cases, on="debtor_id", how="anti", maintain_order="left")
        .select(
            pl.lit(None, pl.Int64).alias("case_id"),
            "debtor_id",
            pl.lit(None, pl.Int64).alias("owner_id"),
            pl.lit(STAGES[0], STAGE).alias("stage"),
            pl.lit(on).alias("opened_on"),
            # No plan yet.
            *(pl.lit(None, dtype).alias(c) for c, dtype in PLAN_LEFT.items()),
        )
    )
    working = (
        pl.concat([kept, new])
        .sort("debtor_id", maintain_order=True)
        .join(debtors, on="debtor_id", how="left", maintain_order="left")
    )

    # Owners: those who are active collectors keep their cases; finish() assigns the
    # rest (the rules below do not depend on who the owner is).
    active = frames.collectors.filter(pl.col("active"))
    working = working.with_columns(
        pl.col("owner_id").is_in(active["collector_id"].implode()).fill_null(False).alias("owner_kept")
    )
    kept_loads = (
        working.filter("owner_kept")
        .group_by(pl.col("owner_id").alias("collector_id"))
        .agg(pl.len().cast(pl.Int64).alias("load"))
    )
    lap("cases")

    updates = _promise_updates(frames, config)
    promise_state = _promise_state(frames, updates, config)
    lap("promises")
    contact_state = contact_state_of(frames.contacts, config)
    lap("contacts")
    working = (
        working.join(promise_state, on="debtor_id", how="left", maintain_order="left")
        .join(contact_state, on="debtor_id", how="left", maintain_order="left")
        .with_columns(
            pl.col("debtor_id").is_in(frames.addresses["debtor_id"].implode()).alias("visitable"),
        )
    )
    if len(config.remind_max_overdue) > 1 or len(config.field_min_overdue) > 1:
        # Amounts per currency: each debtor's currency (none needed with "*" alone).
        working = working.join(
            _debtor_currency(frames, working), on="debtor_id", how="left", maintain_order="left"
        )
    # Open tasks of existing cases (new ones have none yet).
    tasks = task_state(
        frames.tasks,
        working.filter(pl.col("case_id").is_not_null()).select("case_id", "last_any_at"),
        config,
    )
    working = working.join(tasks, on="case_id", how="left", maintain_order="left")
    rules = plan_cases(working, config).with_columns(working["owner_kept"])
    rules = rules.with_columns(keep_day(working, rules))
    stage_moves = (
        rules.filter(pl.col("case_id").is_not_null())
        .join(working.select("debtor_id", pl.col("stage").alias("from_stage")), on="debtor_id")
        .filter(pl.col("stage") != pl.col("from_stage"))
        .select("case_id", "debtor_id", "from_stage", pl.col("stage").alias("to_stage"), "dpd")
        .sort("case_id")
    )
    promises = updates.filter(pl.col("new_status") != "open").select(
        "promise_id", "case_id", pl.col("new_status").alias("status"), "paid"
    )
    lap("stages_actions_plan")
    return Part(
        aging=aging,
        debtors=debtors,
        closed=closed,
        promises=promises,
        stage_moves=stage_moves,
        rules=rules,
        kept_loads=kept_loads,
    )


def finish(parts: list[Part], frames: Frames, config: RunConfig, lap: _Laps | None = None) -> Decisions:
    """The whole-portfolio steps (5 and 8) over the parts of every debtor, given in debtor
    order: owners by fewest open cases among the team's active collectors, then the day
    plan within each collector's capacity and the queues. Only `frames.collectors`,
    `absences` and `booked` are read."""
    lap = lap or _Laps(None)

    def joined(name: str, key: str) -> pl.DataFrame:
        frame = pl.concat([getattr(p, name) for p in parts]) if len(parts) > 1 else getattr(parts[0], name)
        return sorted_by(frame, [key])

    rules = joined("rules", "debtor_id")
    active = frames.collectors.filter(pl.col("active"))
    own_loads = active.select("collector_id", pl.col("load").fill_null(0))
    loads = (
        pl.concat([*(p.kept_loads for p in parts), own_loads])
        .group_by("collector_id")
        .agg(pl.col("load").sum())
    )
    owners = assign_owners(rules.filter(~pl.col("owner_kept")), active, loads)
    rules = (
        rules.join(
            owners.rename({"owner_id": "new_owner_id"}), on="debtor_id", how="left", maintain_order="left"
        )
        .with_columns(
            pl.when("owner_kept").then("owner_id").otherwise("new_owner_id").alias("owner_id"),
            pl.col("owner_id").alias("previous_owner_id"),
        )
        .drop("new_owner_id")
    )
    reassigned = (
        rules.filter(
            pl.col("case_id").is_not_null() & ~pl.col("owner_kept") & pl.col("owner_id").is_not_null()
        )
        .select("case_id", "debtor_id", "previous_owner_id", "owner_id")
        .sort("case_id")
    )
    rules = rules.drop("previous_owner_id", "owner_kept")
    opened = (
        rules.filter(pl.col("case_id").is_null())
        .select("debtor_id", "team_id", "owner_id", "stage", pl.lit(config.on).alias("opened_on"))
        .sort("debtor_id")
    )
    lap("owners")
    plan = plan_days(rules, frames, config)
    queues = queues_of(plan, horizon(config)[0])
    lap("queues")
    return Decisions(
        aging=joined("aging", "account_id"),
        debtors=joined("debtors", "debtor_id"),
        closed=joined("closed", "case_id"),
        opened=opened,
        reassigned=reassigned,
        promises=joined("promises", "promise_id"),
        stage_moves=joined("stage_moves", "case_id"),
        plan=plan,
        queues=queues,
    )


def _debtor_currency(frames: Frames, working: pl.DataFrame) -> pl.DataFrame:
    """debtor_id, currency (of the debtor's first open account) for the debtors of
    `working`: the amounts of the treatment thresholds are per currency."""
    accounts = frames.accounts.filter(pl.col("status") == "open").select(
        "account_id", "debtor_id", "currency"
    )
    return (
        accounts.join(working.select("debtor_id"), on="debtor_id", how="semi")
        .sort("debtor_id", "account_id")
        .group_by("debtor_id", maintain_order=True)
        .agg(pl.col("currency").first())
    )


def horizon(config: RunConfig) -> list[date]:
    """The plan's days: the first `plan_horizon_days` working days from the run date."""
    return working_days(config.on, config.plan_horizon_days, config.calendar)


def capacity(frames: Frames, config: RunConfig) -> pl.DataFrame:
    """Each collector's capacity on each day of the horizon (planner.capacity_grid)."""
    return capacity_grid(frames.collectors, frames.absences, horizon(config), frames.booked)


def keep_day(working: pl.DataFrame, rules: pl.DataFrame) -> pl.Series:
    """keep_on: per row of `rules` (row by row with `working`), the day the last plan gave
    the case when nothing that plan rested on changed: the same owner (kept, not
    reassigned), stage, next action, due day and overdue amount. A payment, a promise, a
    stage move, a new owner or a new case plans it afresh (planner rule 2). A move that
    waits for a team lead leaves the case's stage as it is, and so its plan."""
    moved = working["stage"].cast(pl.String).ne_missing(rules["stage"].cast(pl.String))
    same = (
        working["owner_kept"]
        & working["plan_action"].eq_missing(rules["next_action"])
        & working["plan_due"].eq_missing(rules["next_due"])
        & working["plan_overdue"].eq_missing(rules["overdue"])
        & (moved.not_() | rules["stage"].cast(pl.String).is_in(list(AUTO_STAGES)).not_())
    ).fill_null(False)
    both = pl.DataFrame({"same": same, "planned_for": working["planned_for"]})
    return both.select(pl.when("same").then("planned_for").alias("keep_on")).to_series()


def plan_days(rules: pl.DataFrame, frames: Frames, config: RunConfig) -> pl.DataFrame:
    """`rules` (rules.plan_cases' output) with the day each case is planned for and the
    backlog flag, within the collectors' capacity (arrears.strategy.planner)."""
    work = rules.select(
        "case_id",
        "debtor_id",
        "owner_id",
        pl.col("next_due").alias("due"),
        "pinned",
        "latest",
        "automated",
        pl.col("priority").alias("value"),
        (pl.col("keep_on") if "keep_on" in rules.columns else pl.lit(None, pl.Date)).alias("keep"),
    )
    days = horizon(config)
    planned = plan(work, capacity(frames, config), days, config.calendar)
    return (
        rules.drop("keep_on", strict=False)
        .join(
            planned.select("debtor_id", "planned_for", "backlog"),
            on="debtor_id",
            how="left",
            maintain_order="left",
        )
        .sort("debtor_id")
    )


def queues_of(plan_frame: pl.DataFrame, day: date) -> pl.DataFrame:
    """Per collector, by priority, the cases planned for `day` (the plan's first day)."""
    return (
        plan_frame.filter(
            pl.col("owner_id").is_not_null()
            & ~pl.col("automated")
            & ~pl.col("backlog")
            & (pl.col("planned_for") == day)
        )
        .sort(["owner_id", "priority", "debtor_id"], descending=[False, True, False])
        .with_columns(starts_group("owner_id").alias("first"))
        .with_columns(rank_in_groups("first").alias("rank"))
        .select(
            pl.col("owner_id").alias("collector_id"),
            "rank",
            "case_id",
            "debtor_id",
            "next_action",
            "priority",
            "dpd",
            "overdue",
        )
    )
