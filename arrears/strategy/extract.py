"""Database -> the engine's frames (arrears.strategy.frames), for every debtor or a few.

Money leaves the database as integer minor units (x100, exact on PostgreSQL's numeric and
on SQLite's decimals up to 2^53 fen); payment instants become dates in the creditor's time
zone; contact events become the CONTACTS frame with the engine's channels.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import polars as pl

from arrears.core.bulk import Schema, cents_sql, copy_frame, copy_frame_in, read_frame, read_frame_in
from arrears.core.reads import Reads, done, snapshot_reads
from arrears.strategy.aging import sorted_by
from arrears.strategy.frames import Frames
from arrears.strategy.stored import (
    STORED_AGING,
    STORED_PLAN_EXTRA,
    STORED_PLANS,
    Stored,
    conform_plans,
    split_stored_aging,
    utc_column,
)

# The activity channels -> the engine's CHANNEL enum.
ENGINE_CHANNEL = {
    "call": "phone",
    "voicemail": "phone",
    "sms": "sms",
    "im": "sms",
    "email": "email",
    "letter": "letter",
    "visit": "visit",
}
# Contact history the engine reads: enough for the longest follow-up cadence (legal: 30
# days) and the unreachable count.
CONTACT_DAYS = 60
# Debtors left out of a booked-days count with one NOT IN list (read_booked).
EXCLUDE_INLINE = 20_000

def _query(
    sql: str,
    ids: Sequence[int] | None,
    column: str,
    schema: Schema,
    params: Sequence[Any] = (),
) -> pl.DataFrame:
    if ids is None:
        return copy_frame(sql.replace("{in}", "1 = 1"), params, schema=schema)
    return copy_frame_in(sql, column, list(ids), schema=schema, params=params)


@dataclass(frozen=True)
class _Scope:
    """Which debtors one extract reads: every one, a list, or a key range [lo, hi); and
    how (`reads`: at once on connections sharing the run's snapshot, or in turn)."""

    debtor_ids: Sequence[int] | None = None
    debtor_range: tuple[int, int] | None = None
    reads: Reads = field(default_factory=Reads)

    def submit(
        self,
        sql: str,
        schema: Schema,
        *,
        debtor: str,
        ids: Sequence[int] | None = None,
        column: str = "",
        subquery: str = "",
        params: Sequence[Any] = (),
    ) -> Future[pl.DataFrame]:
        """`sql` with `{in}` filled: nothing (every debtor); `column` in `ids` (a list of
        debtors: the accounts' or cases' own ids); `debtor` in the range (directly, or
        through `subquery`, which selects the keys of `column` for a debtor range)."""
        if self.debtor_range is not None:
            lo, hi = self.debtor_range
            if subquery:
                where = f"{column} IN ({subquery} WHERE debtor_id >= %s AND debtor_id < %s)"
            else:
                where = f"{debtor} >= %s AND {debtor} < %s"
            return self.reads.submit(sql.replace("{in}", where), [*params, lo, hi], schema=schema)
        if self.debtor_ids is None:
            return self.reads.submit(sql.replace("{in}", "1 = 1"), params, schema=schema)
        # A list of debtors (an action's replan): small reads, in turn.
        if column:
            return done(_query(sql, ids or [], column, schema, params))
        return done(_query(sql, self.debtor_ids, debtor, schema, params))

    def read(self, sql: str, schema: Schema, **kwargs: Any) -> pl.DataFrame:
        return self.submit(sql, schema, **kwargs).result()


def extract(
    on: date,
    debtor_ids: Sequence[int] | None = None,
    *,
    scores: bool = True,
    debtor_range: tuple[int, int] | None = None,
) -> Frames:
    """The frames for `debtor_ids` (every debtor if None), as the database holds them.

    `debtor_range=(lo, hi)` reads the debtors with lo <= id < hi instead (one partition
    of a run split by key range); like a list of debtors, the collectors' load and booked
    days then count the cases outside it. On PostgreSQL every table is read through COPY
    into Polars (arrears.core.bulk.copy_frame), never as Python tuples.

    With `scores` (the default), the accounts' `p_pay` comes from the active score model
    (arrears.strategy.history, `manage.py train_scores`) when there is one; accounts it
    cannot score (no statement or due item yet) and every account without a model keep
    a null p_pay, the engine's DPD prior.
    """
    return extract_with_stored(on, debtor_ids, scores=scores, debtor_range=debtor_range)[0]


def extract_with_stored(
    on: date,
    debtor_ids: Sequence[int] | None = None,
    *,
    scores: bool = True,
    debtor_range: tuple[int, int] | None = None,
) -> tuple[Frames, Stored]:
    """`extract`, with what the database holds of the aging and plans it reads (the
    write-back compares with these, arrears.strategy.apply)."""
    if debtor_ids is not None and debtor_range is not None:
        raise ValueError("give debtor_ids or debtor_range, not both")
    # A list of debtors (an action's replan) is read in turn: a few rows a table.
    with snapshot_reads(None if debtor_ids is None else 1) as reads:
        frames, stored = _extract(on, debtor_ids, _Scope(debtor_ids, debtor_range, reads))
    if scores:
        frames = with_scores(frames, on)
    return frames, stored


def _extract(on: date, debtor_ids: Sequence[int] | None, scope: _Scope) -> tuple[Frames, Stored]:
    # Every read is submitted before any is awaited, but those a list of debtors needs the
    # ids of (its accounts, its cases). No ORDER BY: the server's index scans cost more than
    # Polars' sort of the frames (the engine's order, arrears.strategy.aging.sorted_by).
    partial = scope.debtor_ids is not None or scope.debtor_range is not None
    accounts_read = scope.submit(
        "SELECT a.id AS account_id, a.debtor_id, a.creditor_id, c.team_id, a.product, a.currency,"
        " a.status, c.default_time_zone AS zone, a.delinquent_since AS stored_delinquent_since,"
        f" a.bucket AS stored_bucket, {cents_sql('a.overdue_amount')} AS stored_overdue_amount,"
        f" {cents_sql('a.balance')} AS stored_balance, a.aged_on AS stored_aged_on"
        " FROM portfolio_account a JOIN portfolio_creditor c ON c.id = a.creditor_id WHERE {in}",
        {
            "account_id": pl.Int64,
            "debtor_id": pl.Int64,
            "creditor_id": pl.Int64,
            "team_id": pl.Int64,
            "product": pl.String,
            "currency": pl.String,
            "status": pl.String,
            "zone": pl.String,
            **STORED_AGING,
        },
        debtor="a.debtor_id",
    )
    account_ids = accounts_read.result()["account_id"].to_list() if debtor_ids is not None else None
    by_account = {
        "ids": account_ids,
        "column": "account_id",
        "subquery": "SELECT id FROM portfolio_account",
        "debtor": "",
    }
    any_account = account_ids is None or bool(account_ids)
    due_read = (
        scope.submit(
            f"SELECT account_id, external_id AS key, due_date, {cents_sql('amount_due')} AS amount,"
            f" {cents_sql('minimum_due')} AS minimum, statement_date, kind = 'statement' AS is_statement"
            " FROM portfolio_dueitem WHERE {in}",
            {
                "account_id": pl.Int64,
                "key": pl.String,
                "due_date": pl.Date,
                "amount": pl.Int64,
                "minimum": pl.Int64,
                "statement_date": pl.Date,
                "is_statement": pl.Boolean,
            },
            **by_account,  # type: ignore[arg-type]
        )
        if any_account
        else None
    )
    payments_read = (
        scope.submit(
            f"SELECT account_id, paid_at, {cents_sql('amount')} AS amount FROM portfolio_payment"
            # A reversed payment (bounced, charged back) never paid anything.
            " WHERE reversed_on IS NULL AND {in}",
            # SQLite hands back naive UTC datetimes, PostgreSQL aware ones: both are UTC.
            {"account_id": pl.Int64, "paid_at": pl.Datetime("us", "UTC"), "amount": pl.Int64},
            **by_account,  # type: ignore[arg-type]
        )
        if any_account
        else None
    )
    cases_read = scope.submit(
        "SELECT id AS case_id, debtor_id, owner_id, stage, opened_on, status, planned_for,"
        " next_action AS plan_action, next_action_on AS plan_due,"
        f" {cents_sql('overdue_amount')} AS plan_overdue, backlog, next_action_at, priority, treatment,"
        f" delinquent_since, {cents_sql('balance')} AS balance,"
        f" {cents_sql('expected_recovery')} AS expected_recovery, info_repair, failed_attempts"
        " FROM cases_case WHERE status = 'open' AND {in}",
        {
            "case_id": pl.Int64,
            "debtor_id": pl.Int64,
            "owner_id": pl.Int64,
            "stage": pl.String,
            "opened_on": pl.Date,
            "status": pl.String,
            "planned_for": pl.Date,
            "plan_action": pl.String,
            "plan_due": pl.Date,
            "plan_overdue": pl.Int64,
            "backlog": pl.Boolean,
            **{c: STORED_PLANS[c] for c in STORED_PLAN_EXTRA},
        },
        debtor="debtor_id",
    )
    case_ids = cases_read.result()["case_id"].to_list() if debtor_ids is not None else None
    by_case = {
        "ids": case_ids,
        "column": "case_id",
        "subquery": "SELECT id FROM cases_case",
        "debtor": "",
    }
    promises_read = scope.submit(
        "SELECT id AS promise_id, case_id, counts_from AS created_on, due_on,"
        f" {cents_sql('amount')} AS amount, status"
        " FROM cases_promise WHERE status IN ('open', 'kept') AND {in}",
        {
            "promise_id": pl.Int64,
            "case_id": pl.Int64,
            "created_on": pl.Date,
            "due_on": pl.Date,
            "amount": pl.Int64,
            "status": pl.String,
        },
        **by_case,  # type: ignore[arg-type]
    )
    since = on - timedelta(days=CONTACT_DAYS)
    contacts_read = scope.submit(
        "SELECT c.debtor_id, e.at, e.channel, e.connected, e.outcome FROM activity_event e"
        " JOIN cases_case c ON c.id = e.case_id"
        " WHERE e.kind IN ('contact', 'visit_recorded') AND e.at >= %s AND {in}",
        {
            "debtor_id": pl.Int64,
            "at": pl.Datetime("us", "UTC"),
            "channel": pl.String,
            "connected": pl.Boolean,
            "outcome": pl.String,
        },
        debtor="c.debtor_id",
        # A day's margin: the exact cut is on the UTC date, below.
        params=[datetime.combine(since - timedelta(days=1), time(), tzinfo=UTC)],
    )
    tasks_read = submit_tasks(case_ids, scope)
    addresses_read = submit_addresses(debtor_ids, scope)

    accounts = sorted_by(accounts_read.result(), ["account_id"])
    due_items = (
        sorted_by(due_read.result(), ["account_id", "due_date", "key"]) if due_read is not None else None
    )
    payments = payments_read.result() if payments_read is not None else None
    if payments is not None and payments.height:
        payments = utc_column(payments, "paid_at").sort("account_id", "paid_at", maintain_order=True)
        zones = accounts.select("account_id", "zone")
        payments = payments.join(zones, on="account_id", how="left", maintain_order="left")
        payments = pl.concat(
            [
                part.with_columns(
                    pl.col("paid_at").dt.convert_time_zone(zone).dt.date().alias("paid_on")
                ).select("account_id", "paid_on", "amount")
                for (zone,), part in payments.group_by("zone", maintain_order=True)
            ]
        ).sort("account_id", "paid_on")
    else:
        payments = None
    accounts, stored_accounts = split_stored_aging(accounts)
    cases = cases_read.result()
    # The plan columns under their own names (conform_plans keeps only those).
    stored_plans = conform_plans(
        cases.rename(
            {
                "case_id": "id",
                "plan_action": "next_action",
                "plan_due": "next_action_on",
                "plan_overdue": "overdue_amount",
            }
        )
    )
    # The last plan, unless the case waits in the backlog (parked there, not planned).
    parked = pl.col("backlog").cast(pl.Boolean).fill_null(False)
    cases = sorted_by(cases.drop(STORED_PLAN_EXTRA), ["debtor_id"])
    cases = cases.with_columns(
        pl.when(~parked).then(pl.col(c)).alias(c)
        for c in ("planned_for", "plan_action", "plan_due", "plan_overdue")
    ).drop("backlog")
    contacts = contacts_read.result()
    contact_frame: pl.DataFrame | None = None
    if contacts.height:
        # In a total order (contacts at the same instant too), so a run is repeatable.
        contact_frame = (
            utc_column(contacts, "at")
            .with_columns(pl.col("connected").cast(pl.Boolean))
            .filter(pl.col("at").dt.date() >= since)
            .with_columns(pl.col("channel").replace_strict(ENGINE_CHANNEL, default=None))
            .filter(pl.col("channel").is_not_null())
            .sort("debtor_id", "at", "channel", "outcome", "connected", nulls_last=True)
            .with_columns(pl.col("debtor_id").set_sorted())
        )
    collectors = read_collectors()
    if partial:
        # Cases outside this run still count towards each collector's load, and their
        # plans take each collector's days.
        load = read_frame(
            "SELECT owner_id AS collector_id, COUNT(*) AS load FROM cases_case"
            " WHERE status = 'open' AND owner_id IS NOT NULL GROUP BY owner_id",
            (),
            schema={"collector_id": pl.Int64, "load": pl.Int64},
        )
        inside = (
            cases.filter(pl.col("owner_id").is_not_null())
            .group_by(pl.col("owner_id").alias("collector_id"))
            .agg(pl.len().cast(pl.Int64).alias("inside"))
        )
        collectors = (
            collectors.join(load, on="collector_id", how="left")
            .join(inside, on="collector_id", how="left")
            .with_columns((pl.col("load").fill_null(0) - pl.col("inside").fill_null(0)).alias("load"))
            .drop("inside")
        )
        inside_debtors = (
            debtor_ids
            if debtor_ids is not None
            else sorted(set(accounts["debtor_id"].to_list()) | set(cases["debtor_id"].to_list()))
        )
        booked = read_booked(on, exclude_debtors=inside_debtors)
    else:
        booked = None
    frames = Frames.build(
        accounts=accounts.drop("zone"),
        due_items=due_items,
        payments=payments,
        cases=cases,
        promises=promises_read.result(),
        contacts=contact_frame,
        collectors=collectors,
        tasks=tasks_read.result(),
        addresses=addresses_read.result(),
        absences=read_absences(on),
        booked=booked,
    )
    return frames, Stored(stored_accounts, stored_plans)


def read_collectors(ids: Sequence[int] | None = None) -> pl.DataFrame:
    """Collectors (these, or all) with their capacity: the profile's, else the team's."""
    sql = (
        "SELECT u.id AS collector_id, p.team_id, COALESCE(p.daily_capacity, t.daily_capacity) AS capacity,"
        " u.is_active AS active, p.starts_on"
        " FROM auth_user u JOIN core_profile p ON p.user_id = u.id JOIN core_team t ON t.id = p.team_id"
        " WHERE p.role = 'collector' AND {in} ORDER BY u.id"
    )
    schema = {
        "collector_id": pl.Int64,
        "team_id": pl.Int64,
        "capacity": pl.Int64,
        "active": pl.Boolean,
        "starts_on": pl.Date,
    }
    if ids is None:
        return read_frame(sql.replace("{in}", "1 = 1"), (), schema=schema)
    return read_frame_in(sql, "u.id", list(ids), schema=schema)


def read_absences(on: date, collector_ids: Sequence[int] | None = None) -> pl.DataFrame:
    """Absences that end on or after `on` (of these collectors, or everyone's)."""
    sql = (
        "SELECT user_id AS collector_id, starts_on, ends_on FROM core_absence"
        " WHERE ends_on >= %s AND {in} ORDER BY user_id, starts_on"
    )
    schema = {"collector_id": pl.Int64, "starts_on": pl.Date, "ends_on": pl.Date}
    if collector_ids is None:
        return read_frame(sql.replace("{in}", "1 = 1"), [on], schema=schema)
    return read_frame_in(sql, "user_id", list(collector_ids), schema=schema, params=[on])


def submit_tasks(case_ids: Sequence[int] | None, scope: _Scope | None = None) -> Future[pl.DataFrame]:
    """Open tasks of open cases (reviews are a lead's, not a case's next action): of the
    scope's debtors (every one, a range), else of `case_ids`."""
    sql = (
        "SELECT t.case_id, t.kind, t.due_on, t.due_at, t.id AS task_id FROM cases_task t"
        " JOIN cases_case c ON c.id = t.case_id"
        " WHERE t.status = 'open' AND t.kind <> 'review' AND c.status = 'open' AND {in}"
        " ORDER BY t.case_id, t.due_on, t.id"
    )
    schema: Schema = {
        "case_id": pl.Int64,
        "kind": pl.String,
        "due_on": pl.Date,
        "due_at": pl.Datetime("us", "UTC"),
        "task_id": pl.Int64,
    }
    if scope is not None and scope.debtor_ids is None:
        return scope.submit(sql, schema, debtor="c.debtor_id")
    return done(_query(sql, case_ids, "t.case_id", schema))


def read_tasks(case_ids: Sequence[int] | None, scope: _Scope | None = None) -> pl.DataFrame:
    return submit_tasks(case_ids, scope).result()


# A visitable address: the debtor's own, valid, not found wrong at a visit (the contact
# point `cp` of the person `p`).
VISITABLE = "cp.kind = 'address' AND cp.valid AND cp.verification <> 'failed' AND p.relationship = 'self'"


def submit_addresses(debtor_ids: Sequence[int] | None, scope: _Scope | None = None) -> Future[pl.DataFrame]:
    """Debtors with a visitable address."""
    sql = (
        "SELECT DISTINCT p.debtor_id FROM contacts_contactpoint cp"
        f" JOIN contacts_person p ON p.id = cp.person_id WHERE {VISITABLE}"
        " AND {in} ORDER BY p.debtor_id"
    )
    schema: Schema = {"debtor_id": pl.Int64}
    if scope is not None and scope.debtor_ids is None:
        return scope.submit(sql, schema, debtor="p.debtor_id")
    return done(_query(sql, debtor_ids, "p.debtor_id", schema))


def read_booked(
    on: date, *, exclude_debtors: Sequence[int] = (), owners: Sequence[int] | None = None
) -> pl.DataFrame:
    """collector_id, day, booked: per collector (these, or all) and day from `on`, their
    planned open cases (not the backlog, not automated reminders), leaving out the cases
    of `exclude_debtors` (the ones being planned again)."""
    sql = (
        "SELECT owner_id AS collector_id, planned_for AS day, COUNT(*) AS booked FROM cases_case"
        " WHERE status = 'open' AND owner_id IS NOT NULL AND planned_for >= %s AND NOT backlog"
        " AND next_action <> 'remind'"
    )
    params: list[Any] = [on]
    if owners is not None:
        sql += " AND owner_id IN ({})".format(", ".join(["%s"] * len(owners)) or "NULL")
        params += list(owners)
    schema = {"collector_id": pl.Int64, "day": pl.Date, "booked": pl.Int64}
    group = " GROUP BY owner_id, planned_for"
    if len(exclude_debtors) <= EXCLUDE_INLINE:
        # An action's few cases, or an import's thousands, in one NOT IN.
        if exclude_debtors:
            sql += " AND debtor_id NOT IN ({})".format(", ".join(["%s"] * len(exclude_debtors)))
            params += list(exclude_debtors)
        return read_frame(sql + group, params, schema=schema)
    # More than a statement takes (SQLite: 32,766 parameters): everyone's, less theirs.
    every = read_frame(sql + group, params, schema=schema)
    inside = (
        read_frame_in(
            sql.replace("COUNT(*) AS booked", "COUNT(*) AS inside") + " AND {in}" + group,
            "debtor_id",
            list(exclude_debtors),
            schema={"collector_id": pl.Int64, "day": pl.Date, "inside": pl.Int64},
            params=params,
        )
        .group_by("collector_id", "day")
        .agg(pl.col("inside").sum())
    )
    return (
        every.join(inside, on=["collector_id", "day"], how="left")
        .with_columns((pl.col("booked") - pl.col("inside").fill_null(0)).alias("booked"))
        .select("collector_id", "day", "booked")
        .filter(pl.col("booked") > 0)
    )


def with_scores(frames: Frames, on: date) -> Frames:
    """`frames` with accounts.p_pay from the active score model; unchanged without one."""
    from arrears.strategy.history import active_model, p_pay

    found = active_model()
    if found is None or not frames.accounts.height:
        return frames
    _version, model = found
    scored = p_pay(frames, on, model)
    accounts = frames.accounts.drop("p_pay").join(scored, on="account_id", how="left", maintain_order="left")
    return replace(frames, accounts=accounts)
