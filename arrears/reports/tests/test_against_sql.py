"""The metrics on the demo (its synthetic creditors, `load_demo --skip-uci`, which runs the
nightly and rebuilds six months of report rows) agree with the same figures computed
directly: from the accounts and payments tables in SQL, and the roll matrix from the
portfolio's own aging rule run account by account in Python."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from arrears.portfolio.aging import Paid, age, parse_bounds
from arrears.portfolio.models import Account, Creditor
from arrears.reports.metrics import Filters, metrics_for
from arrears.reports.snapshot import month_end, month_start, previous_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--skip-uci", verbosity=0)
    return timezone.localdate(timezone=timezone.get_default_timezone())


def _sql(query: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchall()


def test_the_book_today_is_the_accounts_table(demo):
    for creditor in Creditor.objects.filter(accounts__isnull=False).distinct():
        table = metrics_for("buckets", Filters(creditor.pk, None, None, demo - timedelta(days=7), demo))
        last = max(r["day"] for r in table.rows)
        shown = {r["bucket"]: (r["accounts"], r["balance"]) for r in table.rows if r["day"] == last}
        direct = {
            bucket: (n, Decimal(str(balance)).quantize(Decimal("0.01")))
            for bucket, n, balance in _sql(
                "SELECT bucket, COUNT(*), SUM(balance) FROM portfolio_account"
                " WHERE status = 'open' AND creditor_id = %s GROUP BY bucket",
                [creditor.pk],
            )
        }
        assert shown == direct, creditor.code


def test_collections_by_day_are_the_payments_table(demo):
    zone = ZoneInfo(settings.TIME_ZONE)
    first = month_start(demo) - timedelta(days=150)
    for creditor in Creditor.objects.filter(accounts__isnull=False).distinct():
        table = metrics_for("by_day", Filters(creditor.pk, None, None, first, demo))
        direct: dict = defaultdict(Decimal)
        for paid_at, amount in _sql(
            "SELECT p.paid_at, p.amount FROM portfolio_payment p"
            " JOIN portfolio_account a ON a.id = p.account_id WHERE a.creditor_id = %s",
            [creditor.pk],
        ):
            if isinstance(paid_at, str):  # SQLite
                paid_at = datetime.fromisoformat(paid_at).replace(tzinfo=ZoneInfo("UTC"))
            day = paid_at.astimezone(zone).date()
            if first <= day <= demo:
                direct[day] += Decimal(str(amount))
        assert {r["day"]: r["amount"] for r in table.rows} == dict(direct), creditor.code
        assert direct, "the demo has payments in the period"


def _state(account: Account, end, bounds):
    """The account's state at `end` by the portfolio's own aging rule, with what had been
    issued and paid by then; None if nothing had been issued yet."""
    zone = ZoneInfo(account.creditor.default_time_zone)
    dues = [d.as_due() for d in account.due_items.all() if (d.statement_date or d.due_date) <= end]
    if not dues:
        return None
    paid = [Paid(p.paid_at.astimezone(zone).date(), p.amount) for p in account.payments.all()]
    aging = age(dues, [p for p in paid if p.paid_on <= end], end, bounds)
    open_then = account.status == "open" or aging.balance > 0
    return (aging.bucket if open_then else account.status), open_then


def test_roll_matrix_is_the_aging_rule_month_by_month(demo):
    month = previous_month(month_start(demo))  # the last complete month
    before = month_end(previous_month(month))
    bounds = parse_bounds(settings.ARREARS_BUCKETS)
    creditor = Creditor.objects.get(code="demo-cn-bank")
    direct: Counter = Counter()
    for account in Account.objects.filter(creditor=creditor).prefetch_related("due_items", "payments"):
        start, end = _state(account, before, bounds), _state(account, month_end(month), bounds)
        if start is None or end is None or not start[1]:
            continue
        direct[(start[0], end[0])] += 1
    table = metrics_for("roll_matrix", Filters(creditor.pk, None, None, month, month_end(month)))
    shown = Counter({(r["from_bucket"], r["to_code"]): r["accounts"] for r in table.rows})
    assert shown == direct
    assert sum(direct.values()) > 100, "the demo's book rolls"
