"""Per case: the treatment, the stage it is worked in, its next action, when that falls
due, and its value. Pure Polars, no Django, no clock (the run date is `config.on`).

The nightly engine (arrears.strategy.engine.decide) calls `plan_cases` on every open case;
an action on one case (a call logged, a promise made) calls it on that case's one row
(arrears.strategy.case_plan): the same rules, whether for 7,000 cases or one.

The input frame holds, per case (columns of `FACTS`): the case (stage, owner, opened_on),
the debtor's aging (dpd, overdue, balance, expected recovery, currency), the promise
state (a pending promise's date, a live promise, one broken tonight), the contact state
(failed attempts in a row, the last attempt's local day per channel and its instant),
whether the debtor has a visitable address, and the first open task still to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from zoneinfo import ZoneInfo

import polars as pl

from arrears.strategy.aging import ends_group, in_key_ranges, sorted_by, starts_group, sums_by_sorted_key
from arrears.strategy.frames import STAGE, STAGES, RunConfig

# What a collector (or, for reminders, a machine) does in each stage.
STAGE_ACTION: dict[str, str] = {
    "reminder": "remind",
    "phone": "call",
    "field": "visit",
    "agency": "review_placement",
    "legal": "review_legal",
}
CHECK_PROMISE = "check_promise"
INFO_REPAIR = "info_repair"
FIND_ADDRESS = "find_address"
BROKEN_PROMISE = "broken_promise"
REMIND = "remind"
# Treatments: the path a case follows. `remind` is automated (messages, not people).
TREATMENTS: tuple[str, ...] = ("remind", "phone", "field", "agency", "legal")
# Stage moves applied without a team lead: a new delinquency goes to phone at once;
# sending staff to a door, an agency or a court is a decision with costs.
AUTO_STAGES: tuple[str, ...] = ("reminder", "phone")
# Open tasks and the next action they set when due before the rules' own.
TASK_ACTION: dict[str, str] = {
    "callback": "callback",
    "broken_promise": BROKEN_PROMISE,
    "info_repair": INFO_REPAIR,
    "visit": "visit",
    "dispute": "call",
}
# Work pinned to its day: the debtor was told, or asked, or staff are booked.
PINNED_ACTIONS = frozenset({CHECK_PROMISE, "callback", BROKEN_PROMISE, "visit"})
# A task done by the next contact attempt on or after it: a callback at its time, a
# broken promise's follow-up on or after its day.
DONE_BY_ATTEMPT = frozenset({"callback", "broken_promise"})
# A dispute is answered by its date: a deadline, not a pinned day.
DEADLINE_TASKS = frozenset({"dispute"})

UTC_DT = pl.Datetime("us", "UTC")
FACTS = pl.Schema(
    {
        "case_id": pl.Int64(),
        "debtor_id": pl.Int64(),
        "team_id": pl.Int64(),
        "owner_id": pl.Int64(),
        "stage": STAGE,
        "opened_on": pl.Date(),
        "dpd": pl.Int64(),
        "overdue": pl.Int64(),
        "balance": pl.Int64(),
        "expected_recovery": pl.Int64(),
        "currency": pl.String(),
        "promise_due_on": pl.Date(),
        "live_promise": pl.Boolean(),
        "broken_promise": pl.Boolean(),
        "failed_attempts": pl.Int64(),
        "last_any": pl.Date(),
        "last_any_at": UTC_DT,
        "visitable": pl.Boolean(),
        "task_kind": pl.String(),
        "task_due_on": pl.Date(),
        "task_due_at": UTC_DT,
    }
)
PLAN_COLUMNS: tuple[str, ...] = (
    "case_id",
    "debtor_id",
    "team_id",
    "owner_id",
    "stage",
    "worked_stage",
    "treatment",
    "dpd",
    "overdue",
    "balance",
    "expected_recovery",
    "promise_due_on",
    "held_by_promise",
    "info_repair",
    "needs_address",
    "failed_attempts",
    "next_action",
    "next_due",
    "next_at",
    "pinned",
    "latest",
    "automated",
    "priority",
)


def channels(config: RunConfig) -> list[str]:
    """The channels whose last attempt starts a stage's follow-up clock."""
    return sorted({c for c in config.stage_channel.values() if c is not None})


def contact_state(contacts: pl.DataFrame, config: RunConfig) -> pl.DataFrame:
    """Per debtor: failed attempts in a row on the unreachable channels, the local date of
    the last attempt per channel (follow-up clocks) and of any attempt, and the instant of
    the last attempt (`last_any_at`: a callback is done by an attempt at or after its time).

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
    latest = {
        "last_connected": watched & pl.col("connected"),
        "last_any": pl.lit(True),
        **{f"last_{c}": pl.col("channel") == c for c in channels(config)},
    }
    days = [name for name in latest if name != "last_connected"]
    # "None yet" while carrying a latest time forward: earlier than any attempt.
    never = pl.lit(datetime(1, 1, 1, tzinfo=UTC), dtype=contacts.schema["at"])

    def state(part: pl.DataFrame) -> pl.DataFrame:
        carried = (
            part.lazy()
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
            *(pl.when(pl.col(name) != never).then(name).alias(name) for name in days),
        )

    ordered = sorted_by(contacts.select("debtor_id", "at", "channel", "connected"), ["debtor_id", "at"])
    return (
        pl.concat(in_key_ranges(state, [ordered], "debtor_id"))
        .with_columns(pl.col("last_any").alias("last_any_at"))
        .with_columns(pl.col(days).dt.convert_time_zone(config.time_zone).dt.date())
    )


def task_state(tasks: pl.DataFrame, attempts: pl.DataFrame, config: RunConfig) -> pl.DataFrame:
    """Per case: the first open task still to do (kind, due_on, due_at), by due day and
    time. `tasks`: case_id, kind, due_on, due_at; `attempts`: case_id, last_any_at (the
    debtor's last contact attempt). A callback is done by an attempt at or after its time,
    a broken promise's follow-up by one on or after its day: the collector logged it,
    whether or not they also ticked the task off."""
    start_of_day = (
        pl.col("due_on")
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone(config.time_zone)
        .dt.convert_time_zone("UTC")
    )
    due_instant = pl.coalesce(pl.col("due_at"), start_of_day)
    done = (
        pl.col("kind").is_in(list(DONE_BY_ATTEMPT))
        & pl.col("last_any_at").is_not_null()
        & (pl.col("last_any_at") >= due_instant)
    )
    return (
        tasks.lazy()
        .filter(pl.col("kind").is_in(list(TASK_ACTION)))
        .join(attempts.lazy().select("case_id", "last_any_at"), on="case_id", how="left")
        .filter(~done.fill_null(False))
        .sort("case_id", "due_on", "due_at", nulls_last=True)
        .group_by("case_id", maintain_order=True)
        .first()
        .select(
            "case_id",
            pl.col("kind").alias("task_kind"),
            pl.col("due_on").alias("task_due_on"),
            pl.col("due_at").alias("task_due_at"),
        )
        .collect()
    )


def done_by_attempt(config: RunConfig) -> pl.Expr:
    """On a frame of tasks (kind, due_on, due_at) with the debtor's `last_any_at`: the
    task is done by a contact attempt at or after its time (its day's start when it has
    no time), for the kinds an attempt does (DONE_BY_ATTEMPT)."""
    start_of_day = (
        pl.col("due_on")
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone(config.time_zone)
        .dt.convert_time_zone("UTC")
    )
    due_instant = pl.coalesce(pl.col("due_at"), start_of_day)
    return (
        pl.col("kind").is_in(list(DONE_BY_ATTEMPT))
        & pl.col("last_any_at").is_not_null()
        & (pl.col("last_any_at") >= due_instant)
    ).fill_null(False)


def _by_currency(amounts: Mapping[str, int]) -> pl.Expr:
    mapping = dict(amounts)
    default = mapping.pop("*")
    if not mapping:
        return pl.lit(default, pl.Int64)
    return pl.col("currency").replace_strict(mapping, default=default, return_dtype=pl.Int64)


def conform_facts(frame: pl.LazyFrame) -> pl.LazyFrame:
    """`frame` with every FACTS column in its type (missing ones null), others kept."""
    names = frame.collect_schema().names()
    return frame.with_columns(
        pl.col(name).cast(dtype) if name in names else pl.lit(None, dtype).alias(name)
        for name, dtype in FACTS.items()
    ).with_columns(
        pl.col("live_promise", "broken_promise", "visitable").fill_null(False),
        pl.col("failed_attempts").fill_null(0),
    )


def plan_cases(facts: pl.DataFrame | pl.LazyFrame, config: RunConfig) -> pl.DataFrame:
    """The rules, per case (PLAN_COLUMNS out), in this order:

    1. Ladder: the highest stage whose DPD threshold the debtor has reached.
    2. Segment: a small balance early in delinquency that is likely to cure (remind
       segment) goes no further than the reminder stage.
    3. A live promise holds escalation below `promise_holds_from`.
    4. Field only from `field_min_overdue`, and only with a visitable address; without
       one the case stays in phone and its next step is finding an address.
    5. The proposed stage never goes backwards (`stage`); the case is worked in it when
       the move applies by itself (reminder, phone), else in its current stage until a
       team lead confirms (`worked_stage`).
    6. Treatment: remind (automated) for the remind segment in the reminder or phone
       stage; otherwise the worked stage.
    7. Next action and its due day: a pending promise is checked on its date; an
       unreachable debtor needs information repair; a promise broken tonight is followed
       up at once; a missing address is looked for at the phone cadence; otherwise the
       treatment's action at its cadence after the last attempt on its channel (never
       attempted: due since the case opened). An open task due earlier wins (a callback
       at 15:00). Promise checks, callbacks, broken promises and visits are pinned.
    8. Priority: expected recovery with the worked stage's weight, boosts for a promise
       due today, an early delinquency and a promise broken tonight.
    """
    on = config.on
    stage_index = {s: i for i, s in enumerate(STAGES)}
    # One lazy query: on a single case (a click) the per-step collects would cost more
    # than the rules.
    lazy = conform_facts(facts.lazy())
    # The last attempt's day on each channel of a stage's clock (contact_state's columns).
    missing = [f"last_{c}" for c in channels(config) if f"last_{c}" not in lazy.collect_schema().names()]
    lazy = lazy.with_columns(pl.lit(None, pl.Date).alias(name) for name in missing)
    p_pay = pl.when(pl.col("overdue") > 0).then(
        pl.col("expected_recovery").cast(pl.Float64) / pl.col("overdue").cast(pl.Float64)
    )
    remind_segment = (
        (pl.col("dpd") <= config.remind_max_dpd)
        & (pl.col("overdue") <= _by_currency(config.remind_max_overdue))
        & (p_pay >= config.remind_min_p_pay).fill_null(False)
    )
    reached = pl.sum_horizontal([(pl.col("dpd") >= t).cast(pl.Int64) for t in config.stage_from_dpd.values()])
    hold = stage_index[config.promise_holds_from] - 1
    field, phone = stage_index["field"], stage_index["phone"]
    current = pl.col("stage").to_physical().cast(pl.Int64)
    frame = (
        lazy.with_columns(
            remind_segment.alias("remind_segment"),
            (reached - 1).clip(0).alias("ladder_rank"),
        )
        .with_columns(
            pl.when("remind_segment").then(0).otherwise("ladder_rank").alias("target_rank"),
        )
        .with_columns((pl.col("live_promise") & (pl.col("target_rank") > hold)).alias("held_by_promise"))
        .with_columns(
            pl.when("held_by_promise")
            .then(pl.lit(hold, pl.Int64))
            .otherwise("target_rank")
            .alias("target_rank")
        )
        .with_columns(
            (pl.col("target_rank") == field).alias("wants_field"),
            (pl.col("overdue") >= _by_currency(config.field_min_overdue)).alias("worth_field"),
        )
        .with_columns(
            (pl.col("wants_field") & pl.col("worth_field") & ~pl.col("visitable")).alias("needs_address"),
            pl.when(pl.col("wants_field") & ~(pl.col("worth_field") & pl.col("visitable")))
            .then(pl.lit(phone, pl.Int64))
            .otherwise("target_rank")
            .alias("target_rank"),
        )
        .with_columns(pl.max_horizontal(current, "target_rank").alias("proposed_rank"))
        .with_columns(
            pl.max_horizontal(
                current, pl.min_horizontal("proposed_rank", pl.lit(len(AUTO_STAGES) - 1))
            ).alias("worked_rank")
        )
        .with_columns(
            # A case already in the field stage whose address is gone: find one first.
            (pl.col("needs_address") | ((pl.col("worked_rank") == field) & ~pl.col("visitable"))).alias(
                "needs_address"
            ),
            pl.when(
                (pl.col("worked_rank") == 0) | (pl.col("remind_segment") & (pl.col("worked_rank") <= phone))
            )
            .then(pl.lit(0, pl.Int64))
            .otherwise("worked_rank")
            .alias("action_rank"),
        )
    )

    def by_rank(column: str, mapping: dict[str, object], dtype: pl.DataType) -> pl.Expr:
        return pl.col(column).replace_strict(
            [stage_index[s] for s in mapping], list(mapping.values()), return_dtype=dtype
        )

    def stage_name(column: str) -> pl.Expr:
        return by_rank(column, {s: s for s in STAGES}, pl.String()).cast(STAGE)

    last_on_channel = pl.coalesce(
        *(
            pl.when(pl.col("action_rank") == stage_index[stage]).then(
                pl.col(f"last_{channel}") if channel else pl.col("last_any")
            )
            for stage, channel in config.stage_channel.items()
        )
    )
    cadence = by_rank("action_rank", dict(config.follow_up_days), pl.Int64())
    cadence_due = pl.coalesce(last_on_channel + pl.duration(days=cadence), pl.col("opened_on"), pl.lit(on))
    phone_channel = config.stage_channel["phone"]
    last_phone = pl.col(f"last_{phone_channel}") if phone_channel else pl.col("last_any")
    phone_due = pl.coalesce(
        last_phone + pl.duration(days=config.follow_up_days["phone"]), pl.col("opened_on"), pl.lit(on)
    )
    unreachable = pl.col("failed_attempts") >= config.unreachable_attempts
    pending = pl.col("promise_due_on").is_not_null()
    stage_action = by_rank("action_rank", dict(STAGE_ACTION), pl.String())
    frame = frame.with_columns(
        unreachable.alias("info_repair"),
        pl.when(pending)
        .then(pl.lit(CHECK_PROMISE))
        .when(unreachable)
        .then(pl.lit(INFO_REPAIR))
        .when("broken_promise")
        .then(pl.lit(BROKEN_PROMISE))
        .when("needs_address")
        .then(pl.lit(FIND_ADDRESS))
        .otherwise(stage_action)
        .alias("rule_action"),
        pl.when(pending)
        .then("promise_due_on")
        .when(unreachable)
        .then(pl.coalesce("last_any", pl.lit(on)))
        .when("broken_promise")
        .then(pl.lit(on))
        .when("needs_address")
        .then(phone_due)
        .otherwise(cadence_due)
        .alias("rule_due"),
    )
    task_wins = pl.col("task_kind").is_not_null() & (pl.col("task_due_on") <= pl.col("rule_due"))
    task_action = pl.col("task_kind").replace_strict(TASK_ACTION, default=None, return_dtype=pl.String)
    frame = frame.with_columns(
        pl.when(task_wins).then(task_action).otherwise("rule_action").alias("next_action"),
        pl.when(task_wins).then("task_due_on").otherwise("rule_due").alias("next_due"),
        pl.when(task_wins).then("task_due_at").otherwise(pl.lit(None, UTC_DT)).alias("next_at"),
        pl.when(task_wins & pl.col("task_kind").is_in(list(DEADLINE_TASKS)))
        .then("task_due_on")
        .otherwise(pl.lit(None, pl.Date))
        .alias("latest"),
    ).with_columns(
        pl.col("next_action").is_in(list(PINNED_ACTIONS)).alias("pinned"),
        (pl.col("next_action") == REMIND).alias("automated"),
        pl.when(pl.col("action_rank") == 0)
        .then(pl.lit("remind"))
        .otherwise(stage_name("worked_rank").cast(pl.String))
        .alias("treatment"),
    )

    # Priority: expected recovery (minor units) times percent weights; integer steps, so
    # it is exact.
    priority = (
        pl.col("expected_recovery") * by_rank("worked_rank", dict(config.stage_weight_pct), pl.Int64()) // 100
    )
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
    return (
        frame.with_columns(
            priority.alias("priority"),
            stage_name("proposed_rank").alias("stage"),
            stage_name("worked_rank").alias("worked_stage"),
        )
        .select(PLAN_COLUMNS)
        .collect()
    )
