"""Typed columns as the database hands them back (UTC instants on both databases), and what
it holds of each account's aging and each open case's plan, read with the nightly's frames
(arrears.strategy.extract) for the write-back to compare with (arrears.strategy.apply)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from arrears.core.bulk import Schema, cents_sql, copy_frame_in


def utc_column(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    # SQLite hands back naive UTC datetimes (or text), PostgreSQL aware ones.
    series = frame[column]
    if series.dtype == pl.String:
        series = series.str.to_datetime(time_zone="UTC")
    elif isinstance(series.dtype, pl.Datetime) and series.dtype.time_zone is None:
        series = series.dt.replace_time_zone("UTC")
    elif isinstance(series.dtype, pl.Datetime):
        series = series.dt.convert_time_zone("UTC")
    return frame.with_columns(series.dt.cast_time_unit("us").alias(column))


# What the database holds of each account's aging and each open case's plan, read with the
# frames (the same scan, the same snapshot) so the write-back compares the night's
# decisions with them without reading the tables again (arrears.strategy.apply).
AGING: Schema = {
    "id": pl.Int64,
    "delinquent_since": pl.Date,
    "bucket": pl.String,
    "overdue_amount": pl.Int64,
    "balance": pl.Int64,
    "aged_on": pl.Date,
}
# The same columns in the extract's read of the accounts, beside the engine's own.
STORED_AGING: Schema = {f"stored_{name}": dtype for name, dtype in AGING.items() if name != "id"}
STORED_PLANS: Schema = {
    "id": pl.Int64,
    "next_action": pl.String,
    "next_action_on": pl.Date,
    "next_action_at": pl.Datetime("us", "UTC"),
    "priority": pl.Int64,
    "planned_for": pl.Date,
    "backlog": pl.Boolean,
    "treatment": pl.String,
    "delinquent_since": pl.Date,
    "overdue_amount": pl.Int64,
    "balance": pl.Int64,
    "expected_recovery": pl.Int64,
    "info_repair": pl.Boolean,
    "failed_attempts": pl.Int64,
}
# The plan columns the cases' read adds to the engine's (which has the others).
STORED_PLAN_EXTRA = (
    "next_action_at",
    "priority",
    "treatment",
    "delinquent_since",
    "balance",
    "expected_recovery",
    "info_repair",
    "failed_attempts",
)


@dataclass(frozen=True)
class Stored:
    """The accounts' aging (`id`, `delinquent_since`, `bucket`, `overdue_amount`,
    `balance`, `aged_on`; money in minor units) and the open cases' plans (STORED_PLANS)
    as the extract read them."""

    accounts: pl.DataFrame
    plans: pl.DataFrame


def conform_plans(frame: pl.DataFrame) -> pl.DataFrame:
    """Plan columns as the database gives them -> STORED_PLANS (timestamps in UTC)."""
    if frame.height == 0 or frame["next_action_at"].null_count() == frame.height:
        frame = frame.with_columns(pl.col("next_action_at").cast(pl.Datetime("us", "UTC")))
    else:
        frame = utc_column(frame, "next_action_at")
    return frame.select(pl.col(name).cast(dtype) for name, dtype in STORED_PLANS.items())


def split_stored_aging(accounts: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The extract's accounts -> the engine's columns, and the stored aging (AGING)."""
    columns = (pl.col(f"stored_{name}").alias(name) for name in AGING if name != "id")
    stored = accounts.select(pl.col("account_id").alias("id"), *columns)
    return accounts.drop(STORED_AGING), stored


# Read here when the night's frames did not bring them (a run decided on a cluster).
def read_aging(account_ids: list[int]) -> pl.DataFrame:
    """The stored aging of these accounts (AGING, money in minor units)."""
    return copy_frame_in(
        f"SELECT id, delinquent_since, bucket, {cents_sql('overdue_amount')} AS overdue_amount,"
        f" {cents_sql('balance')} AS balance, aged_on FROM portfolio_account WHERE {{in}}",
        "id",
        account_ids,
        schema=AGING,
    )


def read_plans(case_ids: list[int]) -> pl.DataFrame:
    """The plan columns of these cases as the database holds them (STORED_PLANS)."""
    return conform_plans(
        copy_frame_in(
            "SELECT id, next_action, next_action_on, next_action_at, priority, planned_for, backlog,"
            f" treatment, delinquent_since, {cents_sql('overdue_amount')} AS overdue_amount,"
            f" {cents_sql('balance')} AS balance, {cents_sql('expected_recovery')} AS expected_recovery,"
            " info_repair, failed_attempts FROM cases_case WHERE {in}",
            "id",
            case_ids,
            schema=STORED_PLANS,
        )
    )
