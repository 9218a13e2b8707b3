"""Report rows for days no nightly run saw: `manage.py build_reports --since D`.

Flows (payments, contacts, quality, blocks) come from dated records and are rebuilt
exactly. Month states are rebuilt from the accounts' due items and payments: each
account is aged as of the month's last day with the statements issued by then and the
payments made by then (the nightly's own aging rule, arrears.strategy.aging). What the
records do not date is left out rather than guessed: a rebuilt PortfolioDay has no
owner, team or stage (source "rebuilt"), and an account that is closed today counts as
open on a past month-end while its aged balance was above zero, closed otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction

from arrears.portfolio.aging import parse_bounds
from arrears.reports.flows import write_flows
from arrears.reports.models import AccountMonth, PortfolioDay, Source
from arrears.reports.snapshot import (
    lock_months,
    month_end,
    month_start,
    next_month,
    write_rolls,
    write_vintages,
)

CENTS = Decimal("0.01")


def months(first: date, last: date) -> list[date]:
    out, month = [], month_start(first)
    while month <= last:
        out.append(month)
        month = next_month(month)
    return out


def aged_as_of(frames: Any, end: date) -> pl.DataFrame:
    """Every account that had a statement or due item by `end`, aged as of `end` with
    what was issued and paid by then: account_id, creditor_id, product, status, bucket,
    balance and overdue (cents)."""
    from arrears.strategy.aging import age_accounts

    items = frames.due_items.filter(pl.coalesce("statement_date", "due_date") <= end)
    existing = items.select("account_id").unique()
    accounts = frames.accounts.join(existing, on="account_id", how="semi")
    if not accounts.height:
        return pl.DataFrame()
    aged = age_accounts(accounts, items, frames.payments, end, parse_bounds(settings.ARREARS_BUCKETS))
    return aged.select(
        "account_id",
        "creditor_id",
        "product",
        pl.when((pl.col("status") == "open") | (pl.col("balance") > 0))
        .then(pl.lit("open"))
        .otherwise(pl.col("status"))
        .alias("status"),
        pl.col("bucket").cast(pl.String),
        "balance",
        "overdue",
    )


def rebuild_month(frames: Any, month: date, end: date) -> dict[str, int]:
    """AccountMonth, a rebuilt PortfolioDay of `end`, and the roll and vintage rows of
    `month`, from the history in `frames` as of `end`."""
    aged = aged_as_of(frames, end)
    with transaction.atomic():
        lock_months()
        AccountMonth.objects.filter(month=month).delete()
        rows = (
            [
                AccountMonth(
                    month=month,
                    day=end,
                    account_id=account,
                    creditor_id=creditor,
                    product=product,
                    status=status,
                    bucket=bucket,
                    balance=Decimal(balance) / 100,
                    overdue=Decimal(overdue) / 100,
                )
                for account, creditor, product, status, bucket, balance, overdue in aged.iter_rows()
            ]
            if aged.height
            else []
        )
        AccountMonth.objects.bulk_create(rows, batch_size=5000)
        PortfolioDay.objects.filter(day=end, source=Source.REBUILT).delete()
        if not PortfolioDay.objects.filter(day=end).exists():
            groups: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, 0, 0])
            for row in rows:
                if row.status != "open":
                    continue
                cell = groups[(row.creditor_id, row.product, row.bucket)]
                cell[0] += 1
                cell[1] += row.balance
                cell[2] += row.overdue
            PortfolioDay.objects.bulk_create(
                PortfolioDay(
                    day=end,
                    creditor_id=creditor,
                    product=product,
                    bucket=bucket,
                    accounts=n,
                    balance=Decimal(balance).quantize(CENTS),
                    overdue=Decimal(overdue).quantize(CENTS),
                    source=Source.REBUILT,
                )
                for (creditor, product, bucket), (n, balance, overdue) in groups.items()
            )
        rolls = write_rolls(month)
        vintages = write_vintages(month, end)
    return {"account_months": len(rows), "roll_rows": rolls, "vintage_rows": vintages}


def rebuild(first: date, last: date, *, tick: Callable[[str], None] | None = None) -> dict[str, int]:
    """Flows for `first`..`last` and the month states of every month-end in that range
    (and of `last` itself when no nightly run has written its month)."""
    from arrears.strategy.extract import extract

    totals: dict[str, int] = defaultdict(int)
    frames = extract(last, scores=False)
    for month in months(first, last):
        end = min(month_end(month), last)
        if end == last and AccountMonth.objects.filter(month=month, day=last).exists():
            # The month the nightly already wrote: its rows are the real states; only its
            # rolls change, now that the month before has rows.
            totals["roll_rows"] += write_rolls(month)
            continue
        for key, value in rebuild_month(frames, month, end).items():
            totals[key] += value
        if tick:
            tick(month.strftime("%Y-%m"))
    for key, value in write_flows(first, last).items():
        totals[key] += value
    return dict(totals)
