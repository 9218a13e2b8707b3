"""Replanning a case right after an action on it (a call logged, a promise made, a task
done, a case handed to another collector): the nightly run's own rules
(arrears.strategy.rules) and planner (arrears.strategy.planner) on the facts the database
holds for those cases, read in a few indexed queries.

No full extract and no aging: a click changes what the rules read from the contact
history, the promises and the tasks, not the debtor's DPD or amounts, which stay as the
last nightly run (or import) wrote them on the case. The case gets a day within what its
collector's days have left (the other cases keep theirs; the night reorders everyone by
value). Nothing here writes a NightlyRun row: a click is not a run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from arrears.activity import actions as evidence
from arrears.activity.actions import NewEvent, append_many
from arrears.activity.models import Kind
from arrears.cases.models import Case, Task
from arrears.core.bulk import read_frame_in
from arrears.strategy import champion
from arrears.strategy.apply_tasks import open_repair_tasks
from arrears.strategy.extract import (
    CONTACT_DAYS,
    ENGINE_CHANNEL,
    VISITABLE,
    read_absences,
    read_booked,
    read_collectors,
    read_tasks,
    utc_column,
)
from arrears.strategy.frames import RunConfig, conform
from arrears.strategy.planner import capacity_grid, plan, working_days
from arrears.strategy.rules import contact_state, done_by_attempt, plan_cases, task_state

# A constant: VISITABLE is a literal of extract.py; the case ids and the day are parameters.
CASE_FACTS = (
    "SELECT c.id AS case_id, c.debtor_id, c.team_id, c.owner_id, c.stage, c.opened_on, c.arm,"
    " c.delinquent_since, CAST(ROUND(c.overdue_amount * 100) AS BIGINT) AS overdue,"
    " CAST(ROUND(c.balance * 100) AS BIGINT) AS balance,"
    " CAST(ROUND(c.expected_recovery * 100) AS BIGINT) AS expected_recovery,"
    " (SELECT a.currency FROM portfolio_account a WHERE a.debtor_id = c.debtor_id AND a.status = 'open'"
    "  ORDER BY a.id LIMIT 1) AS currency,"
    # The promise state as the promises stand (only the nightly run decides kept or
    # broken): the next pending promise's date, the last kept one's.
    " (SELECT MIN(pr.due_on) FROM cases_promise pr WHERE pr.case_id = c.id AND pr.status = 'open'"
    "  AND pr.due_on >= %s) AS promise_due_on,"
    " (SELECT MAX(pr.due_on) FROM cases_promise pr WHERE pr.case_id = c.id AND pr.status = 'kept')"
    "  AS kept_due_on,"
    " EXISTS (SELECT 1 FROM contacts_person p JOIN contacts_contactpoint cp ON cp.person_id = p.id"
    f"  WHERE p.debtor_id = c.debtor_id AND {VISITABLE}) AS visitable,"
    # What the plan holds now, to write only what changes.
    " c.next_action AS old_next_action, c.next_action_on AS old_next_action_on,"
    " c.next_action_at AS old_next_action_at, c.priority AS old_priority, c.planned_for AS old_planned_for,"
    " c.backlog AS old_backlog, c.treatment AS old_treatment, c.info_repair AS old_info_repair,"
    " c.failed_attempts AS old_failed_attempts"
    " FROM cases_case c WHERE c.status = 'open' AND {in}"
)
CASE_SCHEMA = {
    "case_id": pl.Int64,
    "debtor_id": pl.Int64,
    "team_id": pl.Int64,
    "owner_id": pl.Int64,
    "stage": pl.String,
    "opened_on": pl.Date,
    "arm": pl.String,
    "delinquent_since": pl.Date,
    "overdue": pl.Int64,
    "balance": pl.Int64,
    "expected_recovery": pl.Int64,
    "currency": pl.String,
    # Computed columns: SQLite gives them no declared type (text dates, 0/1), so they are
    # read as the driver gives them and typed below.
    "promise_due_on": pl.Object,
    "kept_due_on": pl.Object,
    "visitable": pl.Object,
    "old_next_action": pl.String,
    "old_next_action_on": pl.Date,
    "old_next_action_at": pl.Object,  # read as the driver gives it, made UTC below
    "old_priority": pl.Int64,
    "old_planned_for": pl.Date,
    "old_backlog": pl.Boolean,
    "old_treatment": pl.String,
    "old_info_repair": pl.Boolean,
    "old_failed_attempts": pl.Int64,
}
# The columns a replan may change, with how each is written to the model.
WRITES = (
    "next_action",
    "next_action_on",
    "next_action_at",
    "priority",
    "planned_for",
    "backlog",
    "treatment",
)


def configs(on: date) -> dict[str, RunConfig]:
    """The champion's config and, when an experiment runs, the challenger's (one query:
    the strategy versions, as shell.run_config and shell.experiment read them)."""
    from arrears.strategy.models import StrategyVersion
    from arrears.strategy.shell import base_config

    top: dict[str, dict[str, Any]] = {}
    for name, parameters in StrategyVersion.objects.order_by("name", "-version").values_list(
        "name", "parameters"
    ):
        top.setdefault(name, parameters)
    base = base_config(on)
    champ = top.get(champion.CHAMPION)
    out = {champion.CHAMPION: champion.config_from_parameters(base, champ) if champ else base}
    share, _salt = champion.experiment_settings(champ) if champ else (0.0, "")
    if share > 0 and champion.CHALLENGER in top:
        out[champion.CHALLENGER] = champion.config_from_parameters(base, top[champion.CHALLENGER])
    return out


def _contacts(debtor_ids: list[int], on: date) -> pl.DataFrame:
    """The debtors' contact attempts of the engine's window (extract.CONTACT_DAYS)."""
    since = datetime.combine(on - timedelta(days=CONTACT_DAYS), time(), tzinfo=UTC)
    rows = read_frame_in(
        "SELECT c.debtor_id, e.at, e.channel, e.connected FROM activity_event e"
        " JOIN cases_case c ON c.id = e.case_id"
        " WHERE e.kind IN ('contact', 'visit_recorded') AND e.at >= %s AND {in} ORDER BY c.debtor_id, e.at",
        "c.debtor_id",
        debtor_ids,
        schema={
            "debtor_id": pl.Int64,
            "at": pl.Datetime("us", "UTC"),
            "channel": pl.String,
            "connected": pl.Boolean,
        },
        params=[connection.ops.adapt_datetimefield_value(since)],
    )
    if rows.height == 0:
        return conform("contacts")
    frame = (
        utc_column(rows, "at")
        .with_columns(pl.col("connected").cast(pl.Boolean))
        .with_columns(pl.col("channel").replace_strict(ENGINE_CHANNEL, default=None))
        .filter(pl.col("channel").is_not_null())
    )
    return conform("contacts", frame)


def replan_cases(cases: Sequence[Case], on: date | None = None) -> dict[int, dict[str, Any]]:
    """Next action, treatment, priority and planned day of these open cases, written
    where they changed (and set on the objects given). Returns case id -> changed fields.

    Tasks the contact history shows done (a callback returned, a broken promise followed
    up) are closed with an event, so the case page does not list them as still to do.
    """
    on = on or timezone.localdate(timezone=timezone.get_default_timezone())
    ids = sorted({c.pk for c in cases if c.pk is not None})
    if not ids:
        return {}
    facts = read_frame_in(CASE_FACTS, "c.id", ids, schema=CASE_SCHEMA, params=[on])
    if facts.height == 0:
        return {}
    facts = _utc_or_null(facts, "old_next_action_at").with_columns(
        _typed(facts, "promise_due_on", pl.Date()),
        _typed(facts, "kept_due_on", pl.Date()),
        _typed(facts, "visitable", pl.Boolean()),
        # Days past due on the day planned, derived (arrears.core.dpd).
        (pl.lit(on) - pl.col("delinquent_since"))
        .dt.total_days()
        .clip(0)
        .fill_null(0)
        .cast(pl.Int64)
        .alias("dpd"),
    )
    by_arm = configs(on)
    config = by_arm[champion.CHAMPION]
    debtor_ids = facts["debtor_id"].to_list()
    attempts = facts.select("case_id", "debtor_id").join(
        contact_state(_contacts(debtor_ids, on), config), on="debtor_id", how="left"
    )
    tasks = read_tasks(ids)
    open_tasks = task_state(tasks, attempts, config)
    done = (
        tasks.join(attempts, on="case_id", how="left").filter(done_by_attempt(config))["task_id"].to_list()
        if tasks.height
        else []
    )
    # A promise broken last night is followed up today (the engine's flag, while its
    # follow-up task is still to do).
    broken_today = (pl.col("task_kind") == "broken_promise") & (pl.col("task_due_on") == on)
    lazy = (
        facts.lazy()
        .join(attempts.lazy().drop("debtor_id"), on="case_id", how="left")
        .join(open_tasks.lazy(), on="case_id", how="left")
        .with_columns(
            broken_today.fill_null(False).alias("broken_promise"),
            # As the engine's promise state: pending, or kept within the hold days.
            (
                pl.col("promise_due_on").is_not_null()
                | (pl.col("kept_due_on") >= on - timedelta(days=config.kept_promise_hold_days)).fill_null(
                    False
                )
            ).alias("live_promise"),
        )
    )
    arms = facts["arm"].fill_null(champion.CHAMPION).unique().to_list()
    rules = pl.concat(
        [
            plan_cases(
                lazy.filter(pl.col("arm").fill_null(champion.CHAMPION) == arm).drop("arm"),
                by_arm.get(arm, config),
            )
            for arm in arms
        ],
        how="vertical_relaxed",
    )
    days = working_days(on, config.plan_horizon_days, config.calendar)
    owners = [o for o in rules["owner_id"].unique().to_list() if o is not None]
    collectors = read_collectors(owners)
    grid = capacity_grid(
        collectors,
        read_absences(on, owners) if owners else conform("absences"),
        days,
        read_booked(on, exclude_debtors=debtor_ids, owners=owners) if owners else None,
    )
    work = rules.select(
        "case_id",
        "debtor_id",
        "owner_id",
        pl.col("next_due").alias("due"),
        "pinned",
        "latest",
        "automated",
        pl.col("priority").alias("value"),
    )
    planned = plan(work, grid, days, config.calendar)
    result = (
        rules.lazy()
        .join(planned.lazy().select("case_id", "planned_for", "backlog"), on="case_id")
        .join(facts.lazy().select("case_id", pl.col("^old_.*$")), on="case_id")
        .collect()
    )
    changes = _write(result, {c.pk: c for c in cases}, on)
    _close(done)
    repair = [case_id for case_id, changed in changes.items() if changed.get("info_repair")]
    if repair:
        events: list[NewEvent] = []
        open_repair_tasks(repair, on, events, lambda _name, _n: None)
        append_many(events)
    return changes


def _close(task_ids: list[int]) -> None:
    if not task_ids:
        return
    now = timezone.now()
    for task in Task.objects.filter(pk__in=task_ids, status=Task.Status.OPEN).select_related("case"):
        task.status, task.done_at = Task.Status.DONE, now
        task.save(update_fields=["status", "done_at"])
        evidence.append(
            task.case,
            Kind.TASK_DONE,
            data={"task": str(task.public_id), "kind": task.kind, "by_contact": True},
        )


def _typed(frame: pl.DataFrame, column: str, dtype: pl.DataType) -> pl.Series:
    """An untyped column as `dtype`: dates from date objects or ISO text, booleans from
    booleans or 0/1."""
    values = pl.Series(column, frame[column].to_list())
    if values.dtype == pl.String and dtype == pl.Date:
        return values.str.to_date()
    return values.cast(dtype)


def _utc_or_null(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    if frame[column].null_count() == frame.height:
        return frame.with_columns(pl.lit(None, pl.Datetime("us", "UTC")).alias(column))
    return utc_column(frame.with_columns(pl.Series(column, frame[column].to_list())), column)


def _write(result: pl.DataFrame, given: dict[int, Case], on: date) -> dict[int, dict[str, Any]]:
    changes: dict[int, dict[str, Any]] = {}
    for row in result.iter_rows(named=True):
        new = {
            "next_action": row["next_action"],
            "next_action_on": row["next_due"],
            "next_action_at": row["next_at"],
            "priority": row["priority"],
            "planned_for": row["planned_for"],
            "backlog": bool(row["backlog"]),
            "treatment": row["treatment"],
            "info_repair": bool(row["info_repair"]),
            "failed_attempts": row["failed_attempts"],
        }
        old = {k: row[f"old_{k}"] for k in new}
        changed = {k: v for k, v in new.items() if old[k] != v}
        if not changed:
            continue
        Case.objects.filter(pk=row["case_id"]).update(**changed, planned_on=on)
        case = given.get(row["case_id"])
        if case is not None:
            for key, value in {**changed, "planned_on": on}.items():
                setattr(case, key, value)
        changes[row["case_id"]] = changed
    return changes
