"""The day's states (`PortfolioDay`, `CollectorDay`) from the night's own frames.

`snapshot.write_states` groups the tables in the database: at 1M accounts it scans every
account and joins every open case and debtor again, 2.0-2.2 s of the report step's work,
to group what the night has just computed. After the write-back the accounts' aging in the
database is the night's `aging` frame (written where it changed, arrears.strategy.apply),
so the book's account side is taken from there, with each account's creditor and product
as the extract read them; only the open cases (a fifth of the accounts, narrow rows: their
owner, team, stage and plan as the write-back left them, the cases opened tonight with
them) and the agencies' placements are read. The grouping runs in Polars, and a few
thousand rows go back through COPY.

The rows are those of `write_states` (a test compares them on both databases). The one
difference is what the day changed while the night ran: an account an action aged again
(a payment recorded during the run) is counted as the night aged it, as the rest of the
night's decisions are; the cases are read as they are at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import transaction

from arrears.core.bulk import copy_frame, insert_frame, money_text
from arrears.reports.models import CollectorDay, PortfolioDay, Source

# The pinned next actions (the CollectorDay's `pinned`, as write_states counts them).
PINNED = ("check_promise", "callback", "broken_promise", "visit")


@dataclass(frozen=True)
class NightBook:
    """What the states need of a night: the open accounts' aging (account_id, debtor_id,
    bucket, overdue and balance in minor units) and every account's creditor and product
    (account_id, debtor_id, creditor_id, product)."""

    aging: pl.DataFrame
    accounts: pl.DataFrame

    @classmethod
    def of(cls, aging: pl.DataFrame, accounts: pl.DataFrame) -> NightBook:
        return cls(
            aging.select(
                "account_id",
                "debtor_id",
                pl.col("bucket").cast(pl.String),
                pl.col("overdue").cast(pl.Int64),
                pl.col("balance").cast(pl.Int64),
            ),
            accounts.select("account_id", "debtor_id", "creditor_id", "product"),
        )


def read_open_cases() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The open cases as the write-back left them, and the agency holding each placed one
    (case_id, agency)."""
    cases = copy_frame(
        "SELECT id AS case_id, debtor_id, team_id, owner_id, stage, next_action, next_action_on,"
        " planned_for, backlog FROM cases_case WHERE status = 'open'",
        schema={
            "case_id": pl.Int64,
            "debtor_id": pl.Int64,
            "team_id": pl.Int64,
            "owner_id": pl.Int64,
            "stage": pl.String,
            "next_action": pl.String,
            "next_action_on": pl.Date,
            "planned_for": pl.Date,
            "backlog": pl.Boolean,
        },
    )
    placed = copy_frame(
        "SELECT pl.case_id, ag.code AS agency FROM recovery_placement pl"
        " JOIN recovery_agency ag ON ag.id = pl.agency_id WHERE pl.recalled_on IS NULL",
        schema={"case_id": pl.Int64, "agency": pl.String},
    )
    return cases, placed


def portfolio_rows(day: date, book: NightBook, cases: pl.DataFrame, placed: pl.DataFrame) -> pl.DataFrame:
    """PortfolioDay's rows: the open accounts by creditor, product, team, owner, stage,
    bucket and agency, with their count, balance and overdue amount (minor units)."""
    accounts = book.aging.join(
        book.accounts.select("account_id", "creditor_id", "product"), on="account_id", how="left"
    )
    # Left joins, as write_states' (a case placed twice counts twice there too).
    with_agency = cases.select("case_id", "debtor_id", "team_id", "owner_id", "stage").join(
        placed, on="case_id", how="left"
    )
    joined = accounts.join(with_agency.drop("case_id"), on="debtor_id", how="left")
    keys = ["creditor_id", "product", "team_id", "owner_id", "stage", "bucket", "agency"]
    return (
        joined.with_columns(pl.col("stage").fill_null(""), pl.col("agency").fill_null(""))
        .group_by(keys)
        .agg(
            pl.len().cast(pl.Int64).alias("accounts"),
            pl.col("balance").sum(),
            pl.col("overdue").sum(),
        )
        .sort(keys, nulls_last=True)
        .select(
            pl.lit(day.isoformat()).alias("day"),
            *keys,
            "accounts",
            money_text("balance"),
            money_text("overdue"),
            pl.lit(Source.NIGHTLY.value).alias("source"),
        )
    )


def collector_rows(day: date, plan_day: date, book: NightBook, cases: pl.DataFrame) -> pl.DataFrame:
    """CollectorDay's rows: the open cases by their debtor's creditor, team and owner, with
    the counts of write_states (SQL's three-valued logic: a comparison with a null counts
    as false, as Polars' Kleene logic and a sum that skips nulls give)."""
    # The debtors with an open case only (a fifth of the accounts' debtors).
    creditors = (
        book.accounts.select("debtor_id", "creditor_id")
        .join(cases.select("debtor_id"), on="debtor_id", how="semi")
        .group_by("debtor_id")
        .agg(pl.col("creditor_id").min())
    )
    action = pl.col("next_action")
    on_day = (pl.col("planned_for") == plan_day) & ~pl.col("backlog")
    worked = action != "remind"
    counts = {
        "open": worked,
        "planned": worked & on_day,
        "pinned": action.is_in(list(PINNED)) & on_day,
        "backlog": worked
        & (pl.col("next_action_on") <= plan_day)
        & ((pl.col("planned_for") > plan_day) | pl.col("backlog") | pl.col("planned_for").is_null()),
        "overdue": worked & (pl.col("next_action_on") < plan_day),
        "reminders": (action == "remind") & (pl.col("planned_for") <= plan_day),
        "no_next_action": (action == "") | pl.col("next_action_on").is_null(),
    }
    keys = ["creditor_id", "team_id", "owner_id"]
    return (
        cases.join(creditors, on="debtor_id", how="left")
        .group_by(keys)
        .agg(
            pl.len().cast(pl.Int64).alias("cases"),
            *(expr.cast(pl.Int64).sum().alias(name) for name, expr in counts.items()),
        )
        .sort(keys, nulls_last=True)
        .select(pl.lit(day.isoformat()).alias("day"), *keys, "cases", *counts)
    )


def write_night_states(day: date, plan_day: date, book: NightBook) -> dict[str, int]:
    """`write_states(day, plan_day)` from the night's book (module docstring)."""
    cases, placed = read_open_cases()
    portfolio = portfolio_rows(day, book, cases, placed)
    collectors = collector_rows(day, plan_day, book, cases)
    with transaction.atomic():
        PortfolioDay.objects.filter(day=day).delete()
        insert_frame(PortfolioDay._meta.db_table, portfolio)
        CollectorDay.objects.filter(day=day).delete()
        insert_frame(CollectorDay._meta.db_table, collectors)
    return {"portfolio_rows": portfolio.height, "collector_rows": collectors.height}
