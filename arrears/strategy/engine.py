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
7. Recommend stage moves up the DPD ladder, never backwards, held by a live promise.
8. Flag debtors unreachable after N failed attempts in a row for information repair.
9. Next action and its due date per case; priority; per-collector queues for the day.

bench/baseline_nightly.py applies the same rules one account at a time, and the bench
checks that the two agree. Inputs in the snapshot contract's row order (docs/nightly.md)
are not sorted again; the per-account and per-debtor work runs on sorted layouts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from arrears.strategy.aging import (
    ENGINE,
    age_accounts,
    ends_group,
    fits_running_max,
    in_key_ranges,
    in_order,
    rank_in_groups,
    sorted_by,
    starts_group,
    sums_by_sorted_key,
)
from arrears.strategy.assign import assign_owners
from arrears.strategy.frames import STAGE, STAGES, Frames, RunConfig

# What a collector does in each stage.
STAGE_ACTION: dict[str, str] = {
    "reminder": "remind",
    "phone": "call",
    "field": "visit",
    "agency": "review_placement",
    "legal": "review_legal",
}
CHECK_PROMISE = "check_promise"
INFO_REPAIR = "info_repair"


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
    plan: pl.DataFrame  # every case open after the run: stage, next action, priority
    queues: pl.DataFrame  # per collector, the day's work in priority order

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
            (pl.col("state") == "broken").any().alias("broken_promise"),
        )
        .collect(engine=ENGINE)
    )


def _contact_state(frames: Frames, config: RunConfig) -> pl.DataFrame:
    """Per debtor: failed attempts in a row on the unreachable channels, and the local
    date of the last attempt per channel (follow-up clocks).

    Linear passes over the contacts in (debtor, time) order (sorted once if not
    already), in ranges of debtors side by side: the latest time of each kind of attempt
    is carried forward through the debtor's rows and read at their last row, the last
    connected time carried back to every row, and the failures after it counted with a
    running sum. Two hash group-bys and a join did the same in twice the time.
    """
    watched = pl.col("channel").is_in(list(config.unreachable_channels))
    # Attempts up to the end of the run's day in the business time zone: the first
    # instant of the next local day, worked out once, so that no attempt's time is
    # converted; only the per-debtor latest times are, at the end (a later instant never
    # has an earlier local date, so the latest time gives the latest day).
    next_day = datetime.combine(config.on + timedelta(days=1), dt_time(), tzinfo=ZoneInfo(config.time_zone))
    next_day = next_day.astimezone(UTC)
    channels = sorted({c for c in config.stage_channel.values() if c is not None})
    latest = {
        "last_connected": watched & pl.col("connected"),
        "last_any": pl.lit(True),
        **{f"last_{c}": pl.col("channel") == c for c in channels},
    }
    days = [name for name in latest if name != "last_connected"]
    # "None yet" while carrying a latest time forward: earlier than any attempt.
    never = pl.lit(datetime(1, 1, 1, tzinfo=UTC), dtype=frames.contacts.schema["at"])

    def state(contacts: pl.DataFrame) -> pl.DataFrame:
        carried = (
            contacts.lazy()
            .filter(pl.col("at") < next_day)
            .with_columns(
                watched.alias("watched"),
                starts_group("debtor_id").alias("first"),
                ends_group("debtor_id").alias("end"),
            )
            .with_columns(
                pl.when(when).then("at").when("first").then(never).forward_fill().alias(name)
                for name, when in latest.items()
            )
            # Each row gets its debtor's last connected time (read at the debtor's last row).
            .with_columns(pl.when("end").then("last_connected").backward_fill().alias("connected_at"))
            .with_columns((pl.col("watched") & (pl.col("at") > pl.col("connected_at"))).alias("failed"))
        )
        return sums_by_sorted_key(
            carried, "debtor_id", {"failed_attempts": pl.col("failed").cast(pl.Int64)}, last=list(latest)
        ).select(
            "debtor_id",
            "failed_attempts",
            *(
                pl.when(pl.col(name) != never).then(name).alias(name)
                for name in latest
                if name != "last_connected"
            ),
        )

    contacts = sorted_by(
        frames.contacts.select("debtor_id", "at", "channel", "connected"), ["debtor_id", "at"]
    )
    days = [name for name in latest if name != "last_connected"]
    return pl.concat(in_key_ranges(state, [contacts], "debtor_id")).with_columns(
        pl.col(days).dt.convert_time_zone(config.time_zone).dt.date()
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


def decide(frames: Frames, config: RunConfig, timings: dict[str, float] | None = None) -> Decisions:
    """The night's decisions. `timings`, if given, receives the wall seconds per step."""
    lap = _Laps(timings)
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
        )
    )
    working = (
        pl.concat([kept, new])
        .sort("debtor_id", maintain_order=True)
        .join(debtors, on="debtor_id", how="left", maintain_order="left")
    )

    # Owners: keep those who are active collectors; assign the rest.
    active = frames.collectors.filter(pl.col("active"))
    keeps_owner = pl.col("owner_id").is_in(active["collector_id"].implode()).fill_null(False)
    loads = (
        pl.concat(
            [
                working.filter(keeps_owner).select(
                    pl.col("owner_id").alias("collector_id"), pl.lit(1, pl.Int64).alias("load")
                ),
                active.select("collector_id", pl.col("load").fill_null(0)),
            ]
        )
        .group_by("collector_id")
        .agg(pl.col("load").sum())
    )
    owners = assign_owners(working.filter(~keeps_owner), active, loads)
    working = (
        working.join(
            owners.rename({"owner_id": "new_owner_id"}), on="debtor_id", how="left", maintain_order="left"
        )
        .with_columns(
            pl.when(keeps_owner).then("owner_id").otherwise("new_owner_id").alias("owner_id"),
            pl.col("owner_id").alias("previous_owner_id"),
            keeps_owner.fill_null(False).alias("owner_kept"),
        )
        .drop("new_owner_id")
    )
    lap("cases_and_owners")
    reassigned = (
        working.filter(
            pl.col("case_id").is_not_null() & ~pl.col("owner_kept") & pl.col("owner_id").is_not_null()
        )
        .select("case_id", "debtor_id", "previous_owner_id", "owner_id")
        .sort("case_id")
    )

    updates = _promise_updates(frames, config)
    promise_state = _promise_state(frames, updates, config)
    lap("promises")
    contact_state = _contact_state(frames, config)
    lap("contacts")
    working = (
        working.join(promise_state, on="debtor_id", how="left", maintain_order="left")
        .join(contact_state, on="debtor_id", how="left", maintain_order="left")
        .with_columns(
            pl.col("live_promise", "broken_promise").fill_null(False),
            pl.col("failed_attempts").fill_null(0),
        )
    )

    # Stage ladder: the highest stage whose DPD threshold the debtor has reached, capped
    # below `promise_holds_from` while a promise is live, and never below the current one.
    reached = pl.sum_horizontal([(pl.col("dpd") >= t).cast(pl.Int64) for t in config.stage_from_dpd.values()])
    hold = STAGES.index(config.promise_holds_from) - 1
    current = pl.col("stage").to_physical().cast(pl.Int64)
    working = (
        working.with_columns((reached - 1).clip(0).alias("ladder_rank"))
        .with_columns((pl.col("live_promise") & (pl.col("ladder_rank") > hold)).alias("held_by_promise"))
        .with_columns(
            pl.when(pl.col("held_by_promise"))
            .then(pl.lit(hold, pl.Int64))
            .otherwise(pl.col("ladder_rank"))
            .alias("target_rank")
        )
        .with_columns(
            pl.col("stage").alias("from_stage"),
            pl.max_horizontal(current, pl.col("target_rank"))
            .replace_strict(list(range(len(STAGES))), list(STAGES), return_dtype=pl.String)
            .cast(STAGE)
            .alias("stage"),
        )
    )
    stage_moves = (
        working.filter(pl.col("case_id").is_not_null() & (pl.col("stage") != pl.col("from_stage")))
        .select("case_id", "debtor_id", "from_stage", pl.col("stage").alias("to_stage"), "dpd")
        .sort("case_id")
    )
    opened = (
        working.filter(pl.col("case_id").is_null())
        .select("debtor_id", "team_id", "owner_id", "stage", "opened_on")
        .sort("debtor_id")
    )

    # Next action. A pending promise suspends the follow-up until its date; an unreachable
    # debtor needs their contact data repaired before another dead call; a broken promise
    # is followed up at once; otherwise the stage's cadence since its channel's last attempt.
    def stage_map(mapping: dict[str, object], dtype: pl.DataType) -> pl.Expr:
        return pl.col("stage").cast(pl.String).replace_strict(mapping, return_dtype=dtype)

    last_attempt = pl.coalesce(
        *(
            pl.when(pl.col("stage") == stage).then(pl.col(f"last_{channel}" if channel else "last_any"))
            for stage, channel in config.stage_channel.items()
        )
    )
    cadence_due = pl.max_horizontal(
        pl.lit(on),
        last_attempt + pl.duration(days=stage_map(dict(config.follow_up_days), pl.Int64())),
    ).fill_null(pl.lit(on))
    info_repair = pl.col("failed_attempts") >= config.unreachable_attempts
    stage_action = stage_map(dict(STAGE_ACTION), pl.String())
    working = working.with_columns(
        info_repair.alias("info_repair"),
        pl.when(pl.col("promise_due_on").is_not_null())
        .then(pl.lit(CHECK_PROMISE))
        .when(info_repair)
        .then(pl.lit(INFO_REPAIR))
        .otherwise(stage_action)
        .alias("next_action"),
        pl.when(pl.col("promise_due_on").is_not_null())
        .then(pl.col("promise_due_on"))
        .when(info_repair | pl.col("broken_promise"))
        .then(pl.lit(on))
        .otherwise(cadence_due)
        .alias("next_due"),
    )

    # Priority: expected recovery (minor units) times percent weights for the stage, a
    # promise due today and an early delinquency; integer steps, so it is exact.
    priority = pl.col("expected_recovery") * stage_map(dict(config.stage_weight_pct), pl.Int64()) // 100
    priority = (
        priority
        * pl.when(pl.col("promise_due_on") == on).then(config.promise_due_today_pct).otherwise(100)
        // 100
    )
    priority = (
        priority * pl.when(pl.col("dpd") <= config.early_dpd).then(config.early_dpd_pct).otherwise(100) // 100
    )
    priority = (
        priority * pl.when(pl.col("broken_promise")).then(config.broken_promise_pct).otherwise(100) // 100
    )
    plan = (
        working.with_columns(priority.alias("priority"))
        .select(
            "case_id",
            "debtor_id",
            "team_id",
            "owner_id",
            "stage",
            "dpd",
            "overdue",
            "balance",
            "expected_recovery",
            "promise_due_on",
            "held_by_promise",
            "info_repair",
            "failed_attempts",
            "next_action",
            "next_due",
            "priority",
        )
        .sort("debtor_id")
    )

    lap("stages_actions_plan")
    queues = (
        plan.filter(pl.col("owner_id").is_not_null() & (pl.col("next_due") <= on))
        .join(active.select(pl.col("collector_id").alias("owner_id"), "capacity"), on="owner_id")
        .sort(["owner_id", "priority", "debtor_id"], descending=[False, True, False])
        .with_columns(starts_group("owner_id").alias("first"))
        .with_columns(rank_in_groups("first").alias("rank"))
        .filter(pl.col("rank") <= pl.col("capacity"))
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
    promises = updates.filter(pl.col("new_status") != "open").select(
        "promise_id", "case_id", pl.col("new_status").alias("status"), "paid"
    )
    lap("queues")
    return Decisions(
        aging=aging.sort("account_id"),
        debtors=debtors,
        closed=closed,
        opened=opened,
        reassigned=reassigned,
        promises=promises,
        stage_moves=stage_moves,
        plan=plan,
        queues=queues,
    )
