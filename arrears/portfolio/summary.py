"""Portfolio figures for the overview page and the API.

They are read from the night's report rows (`reports.PortfolioDay`, written by the nightly
run), a few thousand rows whatever the size of the book, so the page does not grow with
the portfolio (issue 16). Before the first nightly run (a fresh install) there are none:
then, and only then, the open accounts are grouped live, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Sum

from arrears.portfolio.aging import bucket_labels, parse_bounds
from arrears.portfolio.models import Account, Creditor

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass
class BucketRow:
    bucket: str
    accounts: int = 0
    overdue: Decimal = ZERO
    balance: Decimal = ZERO


@dataclass
class CreditorRow:
    code: str
    name: str
    currency: str
    buckets: dict[str, BucketRow] = field(default_factory=dict)

    @property
    def accounts(self) -> int:
        return sum(b.accounts for b in self.buckets.values())

    @property
    def delinquent(self) -> int:
        return sum(b.accounts for k, b in self.buckets.items() if k != "M0")

    @property
    def overdue(self) -> Decimal:
        return sum((b.overdue for b in self.buckets.values()), ZERO)

    @property
    def balance(self) -> Decimal:
        return sum((b.balance for b in self.buckets.values()), ZERO)


@dataclass
class Summary:
    """The rows, and what they are as of: `day` the nightly run's date whose report rows
    were read (`finished_at` that run's end, None for a day rebuilt from history), or
    `day` None when no run has written any and the accounts were grouped live."""

    rows: list[CreditorRow]
    day: date | None = None
    finished_at: datetime | None = None

    @property
    def live(self) -> bool:
        return self.day is None


def portfolio_summary(creditor: Creditor | None = None) -> Summary:
    """Open accounts by creditor and bucket, with overdue amounts and balances, as of the
    latest day with report rows (one grouped query over that day's PortfolioDay rows, on
    the portfolioday_on_creditor index); grouped live when there are none yet.

    The latest day of the whole table, not of each creditor: every run writes every
    creditor's open book, so a creditor missing on that day had no open account that night
    (an older day of its own would show a book it no longer has).
    """
    from arrears.reports.models import PortfolioDay
    from arrears.strategy.models import run_finished_at

    latest = PortfolioDay.objects.aggregate(day=Max("day"))["day"]
    if latest is None:
        return Summary(_live(creditor))
    days = PortfolioDay.objects.filter(day=latest)
    if creditor is not None:
        days = days.filter(creditor=creditor)
    grouped = (
        days.values("creditor_id", "bucket")
        .annotate(n=Sum("accounts"), overdue=Sum("overdue"), balance=Sum("balance"))
        .order_by()
    )
    return Summary(_rows(grouped), latest, run_finished_at(latest))


def _live(creditor: Creditor | None) -> list[CreditorRow]:
    """The open accounts grouped now (the account_creditor_bucket index): a full pass over
    the open book, for a fresh install only."""
    accounts = Account.objects.filter(status=Account.Status.OPEN)
    if creditor is not None:
        accounts = accounts.filter(creditor=creditor)
    return _rows(
        accounts.values("creditor_id", "bucket")
        .annotate(n=Count("id"), overdue=Sum("overdue_amount"), balance=Sum("balance"))
        .order_by()
    )


def _rows(grouped: Any) -> list[CreditorRow]:
    labels = bucket_labels(parse_bounds(settings.ARREARS_BUCKETS))
    creditors = {c.id: c for c in Creditor.objects.all()}
    rows: dict[int, CreditorRow] = {}
    for g in grouped:
        c = creditors[g["creditor_id"]]
        row = rows.setdefault(
            c.id,
            CreditorRow(c.code, c.name, c.default_currency, {b: BucketRow(b) for b in labels}),
        )
        bucket = row.buckets.setdefault(g["bucket"], BucketRow(g["bucket"]))
        bucket.accounts = g["n"] or 0
        # SQLite sums decimals as floats; quantising gives every backend the same cents.
        bucket.overdue = Decimal(str(g["overdue"] or ZERO)).quantize(CENT)
        bucket.balance = Decimal(str(g["balance"] or ZERO)).quantize(CENT)
    return sorted(rows.values(), key=lambda r: r.code)
