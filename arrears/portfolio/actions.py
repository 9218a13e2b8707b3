"""Named state changes of the portfolio."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.db import transaction

from arrears.core.bulk import update_frame
from arrears.portfolio.aging import Aging, Due, Paid, age, parse_bounds
from arrears.portfolio.models import Account, DueItem, Payment

AGING_SCHEMA = {
    "id": pl.Int64,
    "aged_on": pl.String,
    "delinquent_since": pl.String,
    "bucket": pl.String,
    "overdue_amount": pl.String,
    "balance": pl.String,
}


def _due(item: DueItem) -> Due:
    return item.as_due()


def age_account(account: Account, on: date) -> Aging:
    """The account's aging on `on`, from its due items and payments (no write)."""
    return account.aging_on(on)


def age_accounts(on: date, account_ids: Iterable[int] | None = None, chunk: int = 5000) -> int:
    """Recompute and store the aging of the given accounts (all open ones by default).

    Reads due items and payments a chunk of accounts at a time (three queries a chunk) and
    writes the denormalised aging columns with one bulk update a chunk. A payment's date is
    its date in the creditor's time zone: a payment at 23:30 in Shanghai counts that day.
    Returns the number of accounts aged.
    """
    bounds = parse_bounds(settings.ARREARS_BUCKETS)
    if account_ids is None:
        ids = list(Account.objects.filter(status=Account.Status.OPEN).values_list("id", flat=True))
    else:
        ids = sorted(set(account_ids))
    done = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        accounts = list(Account.objects.filter(id__in=part).select_related("creditor"))
        dues: dict[int, list[Due]] = defaultdict(list)
        for item in DueItem.objects.filter(account_id__in=part):
            dues[item.account_id].append(_due(item))
        paid: dict[int, list[Paid]] = defaultdict(list)
        zones = {a.id: ZoneInfo(a.creditor.default_time_zone) for a in accounts}
        payments = Payment.objects.filter(account_id__in=part, reversed_on__isnull=True)
        for account_id, amount, paid_at in payments.values_list("account_id", "amount", "paid_at"):
            paid[account_id].append(Paid(paid_at.astimezone(zones[account_id]).date(), amount))
        rows = []
        for account in accounts:
            result = age(dues[account.id], paid[account.id], on, bounds)
            rows.append(
                (
                    account.id,
                    on.isoformat(),
                    # Days past due are derived from this date (arrears.core.dpd).
                    (on - timedelta(days=result.days_past_due)).isoformat() if result.days_past_due else None,
                    result.bucket,
                    str(result.overdue_amount),
                    str(result.balance),
                )
            )
        # Raw executemany: the ORM's bulk_update builds a CASE per row and is ~50x slower.
        frame = pl.DataFrame(rows, schema=AGING_SCHEMA, orient="row")
        with transaction.atomic():
            update_frame(Account._meta.db_table, "id", frame)
        done += len(accounts)
    return done
