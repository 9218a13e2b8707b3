"""Typed columns as the database hands them back (UTC instants on both databases), and what
it holds of each account's aging and each open case's plan, read with the nightly's frames
(arrears.strategy.extract) for the write-back to compare with (arrears.strategy.apply)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from arrears.core.bulk import Schema


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
STORED_AGING: Schema = {
    "stored_since": pl.Date,
    "stored_bucket": pl.String,
    "stored_overdue": pl.Int64,
    "stored_balance": pl.Int64,
    "stored_aged_on": pl.Date,
}
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
    stored = accounts.select(
        pl.col("account_id").alias("id"),
        pl.col("stored_since").alias("delinquent_since"),
        pl.col("stored_bucket").alias("bucket"),
        pl.col("stored_overdue").alias("overdue_amount"),
        pl.col("stored_balance").alias("balance"),
        pl.col("stored_aged_on").alias("aged_on"),
    )
    return accounts.drop(STORED_AGING), stored
