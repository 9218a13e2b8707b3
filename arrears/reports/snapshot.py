"""Writing the daily facts (arrears.reports.models, docs/reports.md).

`write_states(day)` records the book as the night left it (run after the nightly's apply);
`write_month(day)` the month's account states and the roll and vintage rows that compare
months; the dated flows (payments, contacts, ...) are arrears.reports.flows. Every writer
replaces its own rows first, so a re-run gives the same rows, never twice as many.

States go through one grouped query each (a few thousand rows come back); the per-account
month state is one INSERT ... SELECT in the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, Count, DecimalField, Min, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Round, TruncMonth

from arrears.reports.models import (
    AccountMonth,
    CollectorDay,
    PortfolioDay,
    RollMonth,
    Source,
    VintageMonth,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
# Vintages followed (months of case openings).
VINTAGE_MONTHS = 24
# Account states off the open book, as the roll matrix names them.
OFF_BOOK = ("closed", "settled", "written_off")


def money(value: Any) -> Decimal:
    """A sum from the database as exact cents (SQLite sums decimals as floats)."""
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(CENT)


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def months_between(first: date, second: date) -> int:
    return (second.year - first.year) * 12 + second.month - first.month


def fetch_rows(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _execute(sql: str, params: Iterable[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


# --- states -------------------------------------------------------------------------


def write_states(day: date, plan_day: date | None = None) -> dict[str, int]:
    """PortfolioDay and CollectorDay of `day`: the open book by creditor, product, team,
    owner, stage and bucket, and each owner's load for `plan_day` (the day the queues
    show; `day` by default)."""
    plan_day = plan_day or day
    with transaction.atomic():
        PortfolioDay.objects.filter(day=day).delete()
        portfolio = [
            PortfolioDay(
                day=day,
                creditor_id=creditor,
                product=product,
                team_id=team,
                owner_id=owner,
                stage=stage or "",
                bucket=bucket,
                agency=agency or "",
                accounts=n,
                balance=money(balance),
                overdue=money(overdue),
                source=Source.NIGHTLY,
            )
            for creditor, product, team, owner, stage, bucket, agency, n, balance, overdue in fetch_rows(
                "SELECT a.creditor_id, a.product, c.team_id, c.owner_id, c.stage, a.bucket, ag.code,"
                " COUNT(*), SUM(a.balance), SUM(a.overdue_amount)"
                " FROM portfolio_account a"
                " LEFT JOIN cases_case c ON c.debtor_id = a.debtor_id AND c.status = 'open'"
                " LEFT JOIN recovery_placement pl ON pl.case_id = c.id AND pl.recalled_on IS NULL"
                " LEFT JOIN recovery_agency ag ON ag.id = pl.agency_id"
                " WHERE a.status = 'open'"
                " GROUP BY a.creditor_id, a.product, c.team_id, c.owner_id, c.stage, a.bucket, ag.code"
            )
        ]
        PortfolioDay.objects.bulk_create(portfolio, batch_size=2000)
        CollectorDay.objects.filter(day=day).delete()
        collectors = [
            CollectorDay(
                day=day,
                creditor_id=creditor,
                team_id=team,
                owner_id=owner,
                open=n,
                cases=everything,
                planned=planned or 0,
                pinned=pinned or 0,
                backlog=backlog or 0,
                overdue=overdue or 0,
                reminders=reminders or 0,
                no_next_action=no_action or 0,
            )
            for (
                creditor,
                team,
                owner,
                everything,
                n,
                planned,
                pinned,
                backlog,
                overdue,
                reminders,
                no_action,
            ) in fetch_rows(
                # The counts of arrears.strategy.today.loads, for every owner at once, and
                # of the team screen (arrears/cases/views/team.py): all open cases (the
                # unowned ones), reminders due by the plan day, no next action.
                "SELECT d.creditor_id, team_id, owner_id, COUNT(*),"
                " SUM(CASE WHEN next_action <> 'remind' THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN next_action <> 'remind' AND planned_for = %s AND NOT backlog"
                "  THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN next_action IN ('check_promise', 'callback', 'broken_promise',"
                "  'visit') AND planned_for = %s AND NOT backlog THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN next_action <> 'remind' AND next_action_on <= %s"
                "  AND (planned_for > %s OR backlog OR planned_for IS NULL) THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN next_action <> 'remind' AND next_action_on < %s THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN next_action = 'remind' AND planned_for <= %s THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN next_action = '' OR next_action_on IS NULL THEN 1 ELSE 0 END)"
                " FROM cases_case JOIN portfolio_debtor d ON d.id = cases_case.debtor_id"
                " WHERE status = 'open' GROUP BY d.creditor_id, team_id, owner_id",
                [plan_day] * 6,
            )
        ]
        CollectorDay.objects.bulk_create(collectors, batch_size=2000)
    return {"portfolio_rows": len(portfolio), "collector_rows": len(collectors)}


def write_month(day: date) -> dict[str, int]:
    """The month of `day`: every account's state as of `day` (the month's latest run
    wins), the roll rows from the month before, and the vintage rows of this month.

    A steady night writes little: the accounts new to the month are inserted (all of them
    on the month's first night), and only the rows whose status, bucket, balance or overdue
    amount changed are updated, both set-based in the database."""
    month = month_start(day)
    before = previous_month(month)
    with transaction.atomic():
        # The month's rows already there stay (the unique key skips them). Once the month
        # has rows, the accounts that have one are left out first, in one anti-join: the
        # unique key's check of every account took 3.4 s at 1M accounts to insert none
        # (1.1 s so). Not on the month's first night: the planner, seeing no rows for the
        # month, joined the table by scanning it for each account (at 1M accounts, more
        # than six minutes and counting).
        started = AccountMonth.objects.filter(month=month).exists()
        inserted = _execute(
            "INSERT INTO reports_accountmonth"
            " (month, day, account_id, creditor_id, product, status, bucket, balance, overdue)"
            " SELECT %s, %s, a.id, a.creditor_id, a.product, a.status, a.bucket,"
            " a.balance, a.overdue_amount FROM portfolio_account a"
            " WHERE (a.status = 'open' OR a.id IN (SELECT account_id FROM reports_accountmonth"
            "  WHERE month = %s AND status = 'open'))"
            + (
                " AND NOT EXISTS (SELECT 1 FROM reports_accountmonth m"
                "  WHERE m.month = %s AND m.account_id = a.id)"
                if started
                else ""
            )
            + " ON CONFLICT (month, account_id) DO NOTHING",
            [month, day, before, month] if started else [month, day, before],
        )
        updated = _execute(
            "UPDATE reports_accountmonth SET day = %s, status = a.status, bucket = a.bucket,"
            " balance = a.balance, overdue = a.overdue_amount FROM portfolio_account a"
            " WHERE reports_accountmonth.month = %s AND reports_accountmonth.account_id = a.id"
            # IS DISTINCT FROM: a value turning null (or from null) is a change too.
            " AND (reports_accountmonth.status IS DISTINCT FROM a.status"
            " OR reports_accountmonth.bucket IS DISTINCT FROM a.bucket"
            " OR reports_accountmonth.balance IS DISTINCT FROM a.balance"
            " OR reports_accountmonth.overdue IS DISTINCT FROM a.overdue_amount)",
            [day, month],
        )
        rolls = write_rolls(month)
        vintages = write_vintages(month, day)
    return {
        "account_months_inserted": inserted,
        "account_months_updated": updated,
        "roll_rows": rolls,
        "vintage_rows": vintages,
    }


def write_rolls(month: date) -> int:
    """RollMonth of `month` from the AccountMonth rows of it and of the month before."""
    before = previous_month(month)
    start = datetime.combine(month, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    end = datetime.combine(next_month(month), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    RollMonth.objects.filter(month=month).delete()
    rows = fetch_rows(
        "SELECT p.creditor_id, p.product, p.bucket,"
        " CASE WHEN n.status = 'open' THEN n.bucket ELSE n.status END, COUNT(*), SUM(p.balance),"
        " SUM(CASE WHEN n.status = 'open' AND n.bucket = 'M0' AND p.bucket <> 'M0' AND NOT EXISTS ("
        "  SELECT 1 FROM activity_event e JOIN cases_case c ON c.id = e.case_id"
        "  WHERE c.debtor_id = a.debtor_id AND e.conversation AND e.at >= %s AND e.at < %s)"
        "  THEN 1 ELSE 0 END)"
        " FROM reports_accountmonth p"
        " JOIN reports_accountmonth n ON n.account_id = p.account_id AND n.month = %s"
        " JOIN portfolio_account a ON a.id = p.account_id"
        " WHERE p.month = %s AND p.status = 'open'"
        " GROUP BY p.creditor_id, p.product, p.bucket,"
        " CASE WHEN n.status = 'open' THEN n.bucket ELSE n.status END",
        [start, end, month, before],
    )
    RollMonth.objects.bulk_create(
        [
            RollMonth(
                month=month,
                creditor_id=creditor,
                product=product,
                from_bucket=source,
                to_bucket=target,
                accounts=n,
                balance=money(balance),
                self_cured=self_cured or 0,
            )
            for creditor, product, source, target, n, balance, self_cured in rows
        ],
        batch_size=2000,
    )
    return len(rows)


def write_vintages(month: date, day: date) -> int:
    """VintageMonth rows of age `month - vintage` for the last VINTAGE_MONTHS vintages:
    each vintage's cases, their overdue at opening (the case_opened event's facts) and
    what their debtors paid from the opening day to `day`. Grouped in the database, the
    amounts as whole cents (at 1M accounts the cases and their opening amounts came back
    one row each, 200,000 rows, for 3.5 s)."""
    from arrears.activity.models import Event, Kind
    from arrears.cases.models import Case

    first = month
    for _ in range(VINTAGE_MONTHS - 1):
        first = previous_month(first)
    opened = list(
        Case.objects.filter(opened_on__gte=first, opened_on__lte=day)
        .annotate(vintage=TruncMonth("opened_on"))
        .values_list("vintage", "debtor__creditor_id")
        .annotate(n=Count("id"), earliest=Min("opened_on"))
        .order_by()
    )
    # The overdue amount each case opened at (its case_opened event's facts, one a case),
    # as cents: a sum of decimals is a float on SQLite.
    cents = Cast(
        Round(Cast(KeyTextTransform("overdue", "data"), DecimalField(max_digits=20, decimal_places=2)) * 100),
        BigIntegerField(),
    )
    amounts = {
        (as_date(vintage), creditor): cents_total
        for vintage, creditor, cents_total in Event.objects.filter(
            kind=Kind.CASE_OPENED, case__opened_on__gte=first, case__opened_on__lte=day
        )
        .annotate(vintage=TruncMonth("case__opened_on"), cents=cents)
        .values_list("vintage", "case__debtor__creditor_id")
        .annotate(total=Sum("cents"))
        .order_by()
    }
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    collected: dict[tuple[date, int], Decimal] = defaultdict(Decimal)
    # No payment before the earliest opening counts: said outright, the payments are
    # narrowed before the join (the whole history was joined to the cases first: at 1M
    # accounts 1.5 s, 0.24 s so).
    earliest = min((as_date(on) for _v, _c, _n, on in opened), default=day)
    for _case_id, on, creditor, amount in fetch_rows(
        "SELECT c.id, c.opened_on, d.creditor_id, SUM(p.amount) FROM cases_case c"
        " JOIN portfolio_debtor d ON d.id = c.debtor_id"
        " JOIN portfolio_account a ON a.debtor_id = c.debtor_id"
        " JOIN portfolio_payment p ON p.account_id = a.id"
        " WHERE c.opened_on >= %s AND c.opened_on <= %s AND p.paid_at >= c.opened_on"
        " AND p.paid_at >= %s AND p.paid_at < %s GROUP BY c.id, c.opened_on, d.creditor_id",
        [first, day, earliest, end],
    ):
        collected[(month_start(as_date(on)), creditor)] += money(amount)
    rows = [
        VintageMonth(
            vintage=vintage,
            age=months_between(vintage, month),
            creditor_id=creditor,
            cases=n,
            opened_amount=Decimal(amounts.get((vintage, creditor)) or 0) * CENT,
            collected=collected[(vintage, creditor)],
        )
        for vintage, creditor, n in sorted((as_date(v), c, n) for v, c, n, _on in opened)
    ]
    for row in rows:
        VintageMonth.objects.filter(vintage=row.vintage, age=row.age, creditor_id=row.creditor_id).delete()
    VintageMonth.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
