from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from arrears.core.api_errors import error_responses
from arrears.core.models import ApiScope
from arrears.core.tokens import scoped
from arrears.portfolio.summary import portfolio_summary

router = Router(tags=["portfolio"])

DECIMAL = 'A decimal string, e.g. "1234.50".'


class BucketOut(Schema):
    bucket: str
    accounts: int
    overdue: str = Field(description=DECIMAL)
    balance: str = Field(description=DECIMAL)


class CreditorSummaryOut(Schema):
    creditor: str
    name: str
    currency: str
    accounts: int
    delinquent: int
    buckets: list[BucketOut]


@router.get(
    "/summary",
    response={200: list[CreditorSummaryOut], **error_responses(401, 403)},
    auth=scoped(ApiScope.PORTFOLIO_READ),
)
def summary(request: HttpRequest) -> list[CreditorSummaryOut]:
    """Open accounts, overdue amounts and balances by creditor and aging bucket, as of the
    latest nightly run (counted live before the first one). Scope `portfolio:read`."""
    return [
        CreditorSummaryOut(
            creditor=row.code,
            name=row.name,
            currency=row.currency,
            accounts=row.accounts,
            delinquent=row.delinquent,
            buckets=[
                BucketOut(
                    bucket=b.bucket,
                    accounts=b.accounts,
                    overdue=f"{b.overdue:.2f}",
                    balance=f"{b.balance:.2f}",
                )
                for b in row.buckets.values()
            ],
        )
        for row in portfolio_summary().rows
    ]
