from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from arrears.portfolio.summary import portfolio_summary

router = Router(tags=["portfolio"])


class BucketOut(Schema):
    bucket: str
    accounts: int
    overdue: Decimal
    balance: Decimal


class CreditorSummaryOut(Schema):
    creditor: str
    name: str
    currency: str
    accounts: int
    delinquent: int
    buckets: list[BucketOut]


@router.get("/summary", response=list[CreditorSummaryOut])
def summary(request: HttpRequest) -> list[CreditorSummaryOut]:
    """Open accounts, overdue amounts and balances by creditor and aging bucket."""
    return [
        CreditorSummaryOut(
            creditor=row.code,
            name=row.name,
            currency=row.currency,
            accounts=row.accounts,
            delinquent=row.delinquent,
            buckets=[BucketOut(**vars(b)) for b in row.buckets.values()],
        )
        for row in portfolio_summary()
    ]
