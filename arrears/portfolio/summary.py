"""Portfolio figures for the overview page and the API: one grouped query each."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum

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


def portfolio_summary(creditor: Creditor | None = None) -> list[CreditorRow]:
    """Open accounts by creditor and bucket, with overdue amounts and balances.

    Uses the account_creditor_bucket index; the amounts are sums of Decimal columns.
    """
    labels = bucket_labels(parse_bounds(settings.ARREARS_BUCKETS))
    accounts = Account.objects.filter(status=Account.Status.OPEN)
    if creditor is not None:
        accounts = accounts.filter(creditor=creditor)
    grouped = (
        accounts.values("creditor_id", "bucket")
        .annotate(n=Count("id"), overdue=Sum("overdue_amount"), balance=Sum("balance"))
        .order_by()
    )
    creditors = {c.id: c for c in Creditor.objects.all()}
    rows: dict[int, CreditorRow] = {}
    for g in grouped:
        c = creditors[g["creditor_id"]]
        row = rows.setdefault(
            c.id,
            CreditorRow(c.code, c.name, c.default_currency, {b: BucketRow(b) for b in labels}),
        )
        bucket = row.buckets.setdefault(g["bucket"], BucketRow(g["bucket"]))
        bucket.accounts = g["n"]
        # SQLite sums decimals as floats; quantising gives every backend the same cents.
        bucket.overdue = (g["overdue"] or ZERO).quantize(CENT)
        bucket.balance = (g["balance"] or ZERO).quantize(CENT)
    return sorted(rows.values(), key=lambda r: r.code)
