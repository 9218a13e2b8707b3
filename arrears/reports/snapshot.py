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
from django.db.models import BigIntegerField, Count, F, Min, Sum
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
    owner, stage, bucket and agency, and each owner's load for `plan_day` (the day the
    queues show; `day` by default). Each is one INSERT ... SELECT grouped in the database:
    at 1M accounts the 12,810 groups came back to be written one object each, 1.5 s of the
    part's 3.7 s under load."""
    plan_day = plan_day or day
    with transaction.atomic():
        PortfolioDay.objects.filter(day=day).delete()
        portfolio = _execute(
            "INSERT INTO reports_portfolioday (day, creditor_id, product, team_id, owner_id, stage,"
            " bucket, agency, accounts, balance, overdue, source)"
            " SELECT %s, a.creditor_id, a.product, c.team_id, c.owner_id, COALESCE(c.stage, ''),"
            # Whole cents: SQLite sums decimals as floats.
            " a.bucket, COALESCE(ag.code, ''), COUNT(*), ROUND(SUM(a.balance), 2),"
            " ROUND(SUM(a.overdue_amount), 2), %s"
            " FROM portfolio_account a"
            " LEFT JOIN cases_case c ON c.debtor_id = a.debtor_id AND c.status = 'open'"
            " LEFT JOIN recovery_placement pl ON pl.case_id = c.id AND pl.recalled_on IS NULL"
            " LEFT JOIN recovery_agency ag ON ag.id = pl.agency_id"
            " WHERE a.status = 'open'"
            " GROUP BY a.creditor_id, a.product, c.team_id, c.owner_id, COALESCE(c.stage, ''), a.bucket,"
            " COALESCE(ag.code, '')",
            [day, Source.NIGHTLY.value],
        )
        CollectorDay.objects.filter(day=day).delete()
        collectors = _execute(
            "INSERT INTO reports_collectorday (day, creditor_id, team_id, owner_id, cases, open,"
            " planned, pinned, backlog, overdue, reminders, no_next_action)"
            # The counts of arrears.strategy.today.loads, for every owner at once, and of the
            # team screen (arrears/cases/views/team.py): all open cases (the unowned ones),
            # reminders due by the plan day, no next action.
            " SELECT %s, d.creditor_id, team_id, owner_id, COUNT(*),"
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
            [day, *[plan_day] * 6],
        )
    return {"portfolio_rows": portfolio, "collector_rows": collectors}


def write_month(day: date) -> dict[str, int]:
    """The month of `day`: every account's state as of `day` (the month's latest run
    wins), the roll rows from the month before, and the vintage rows of this month.

    A steady night writes little: the accounts new to the month are inserted (all of them
    on the month's first night), and only the rows whose status, bucket, balance or overdue
    amount changed are updated, both set-based in the database from one pass that finds
    them (`_month_changes`)."""
    month = month_start(day)
    before = previous_month(month)
    with transaction.atomic():
        locked = lock_months()
        if AccountMonth.objects.filter(month=month).exists():
            inserted, updated = _month_changes(month, day, before)
        else:
            # The month's first night: every open account, and those open the month before,
            # without looking for rows there are none of (with no rows of the month in its
            # statistics, the planner joined the table by scanning it for each account: at
            # 1M accounts more than six minutes and counting). With the table locked for
            # writers, none can be there: a plain insert (at 1M accounts, with ON CONFLICT's
            # check of each row, 19-30 s under load instead of 14-18 s).
            inserted = _execute(
                "INSERT INTO reports_accountmonth"
                " (month, day, account_id, creditor_id, product, status, bucket, balance, overdue)"
                " SELECT %s, %s, a.id, a.creditor_id, a.product, a.status, a.bucket,"
                " a.balance, a.overdue_amount FROM portfolio_account a"
                " WHERE a.status = 'open' OR a.id IN (SELECT account_id FROM reports_accountmonth"
                "  WHERE month = %s AND status = 'open')"
                + ("" if locked else " ON CONFLICT (month, account_id) DO NOTHING"),
                [month, day, before],
            )
            updated = 0
            if connection.vendor == "postgresql":
                # The next nights join the month's rows: the statistics must know them.
                _execute("ANALYZE reports_accountmonth")
        rolls = write_rolls(month)
        vintages = write_vintages(month, day)
    return {
        "account_months_inserted": inserted,
        "account_months_updated": updated,
        "roll_rows": rolls,
        "vintage_rows": vintages,
    }


def lock_months() -> bool:
    """One writer of the month's rows at a time (the nightly, a rebuild), until the
    transaction ends: on PostgreSQL the table is locked against other writers (readers go
    on), so what a writer found missing stays missing until it inserts it. SQLite has one
    writer at a time anyway. Returns whether it locked."""
    if connection.vendor != "postgresql":
        return False
    _execute("LOCK TABLE reports_accountmonth IN SHARE ROW EXCLUSIVE MODE")
    return True


# The accounts whose month row is missing or differs, found in one pass over the accounts
# and the month's rows (an anti-join for the new rows and a join for the changed ones took
# 1.1 and 1.35 s at 1M accounts, this 1.3-1.5 s; on a steady night it finds a few per cent).
_CHANGED = (
    "CREATE TEMPORARY TABLE reports_month_changed AS"
    " SELECT a.id, a.creditor_id, a.product, a.status, a.bucket, a.balance, a.overdue_amount,"
    " m.account_id IS NULL AS is_new FROM portfolio_account a"
    " LEFT JOIN reports_accountmonth m ON m.month = %s AND m.account_id = a.id"
    " WHERE CASE WHEN m.account_id IS NULL"
    "  THEN a.status = 'open' OR a.id IN (SELECT account_id FROM reports_accountmonth"
    "   WHERE month = %s AND status = 'open')"
    # IS DISTINCT FROM: a value turning null (or from null) is a change too.
    "  ELSE m.status IS DISTINCT FROM a.status OR m.bucket IS DISTINCT FROM a.bucket"
    "   OR m.balance IS DISTINCT FROM a.balance OR m.overdue IS DISTINCT FROM a.overdue_amount END"
)


def _month_changes(month: date, day: date, before: date) -> tuple[int, int]:
    """Insert the month's missing rows and update the changed ones; returns how many of
    each. The accounts to write are found once, into a temporary table, then written
    set-based from it."""
    _execute("DROP TABLE IF EXISTS reports_month_changed")
    _execute(_CHANGED, [month, before])
    try:
        if connection.vendor == "postgresql":
            # Its size, so the update probes the month's key for a few thousand rows
            # rather than hashing all of them (0.45 s instead of 0.89 s for 19,000).
            _execute("ANALYZE reports_month_changed")
        inserted = _execute(
            "INSERT INTO reports_accountmonth"
            " (month, day, account_id, creditor_id, product, status, bucket, balance, overdue)"
            " SELECT %s, %s, id, creditor_id, product, status, bucket, balance, overdue_amount"
            " FROM reports_month_changed WHERE is_new ON CONFLICT (month, account_id) DO NOTHING",
            [month, day],
        )
        updated = _execute(
            "UPDATE reports_accountmonth SET day = %s, status = c.status, bucket = c.bucket,"
            " balance = c.balance, overdue = c.overdue_amount FROM reports_month_changed c"
            " WHERE reports_accountmonth.month = %s AND reports_accountmonth.account_id = c.id"
            " AND NOT c.is_new",
            [day, month],
        )
    finally:
        _execute("DROP TABLE IF EXISTS reports_month_changed")
    return inserted, updated


def write_rolls(month: date) -> int:
    """RollMonth of `month` from the AccountMonth rows of it and of the month before."""
    before = previous_month(month)
    start = datetime.combine(month, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    end = datetime.combine(next_month(month), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    RollMonth.objects.filter(month=month).delete()
    # Self-cured: back to M0 with no conversation with the debtor in the month. The
    # accounts whose debtor had one are found once and left-joined (`talked`): as a NOT
    # EXISTS a row, the planner sorted the month's rows to group them (at 1M accounts
    # 2.9-4.1 s a night once a month has a month before it, 1.3-2.4 s so).
    rows = fetch_rows(
        "SELECT p.creditor_id, p.product, p.bucket,"
        " CASE WHEN n.status = 'open' THEN n.bucket ELSE n.status END, COUNT(*), SUM(p.balance),"
        " SUM(CASE WHEN n.status = 'open' AND n.bucket = 'M0' AND p.bucket <> 'M0' AND talked.id IS NULL"
        "  THEN 1 ELSE 0 END)"
        " FROM reports_accountmonth p"
        " JOIN reports_accountmonth n ON n.account_id = p.account_id AND n.month = %s"
        " LEFT JOIN (SELECT a.id FROM portfolio_account a WHERE a.debtor_id IN ("
        "  SELECT c.debtor_id FROM activity_event e JOIN cases_case c ON c.id = e.case_id"
        "  WHERE e.conversation AND e.at >= %s AND e.at < %s)) talked ON talked.id = p.account_id"
        " WHERE p.month = %s AND p.status = 'open'"
        " GROUP BY p.creditor_id, p.product, p.bucket,"
        " CASE WHEN n.status = 'open' THEN n.bucket ELSE n.status END",
        [month, start, end, before],
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
    from arrears.cases.models import Case

    first = month
    for _ in range(VINTAGE_MONTHS - 1):
        first = previous_month(first)
    # Each vintage's cases and the overdue amounts they opened at (kept on the case; they
    # were read from every case-opened event's facts: a scan of every event ever appended),
    # summed as cents: a sum of decimals is a float on SQLite.
    cents = Cast(Round(F("opened_overdue") * 100), BigIntegerField())
    opened = list(
        Case.objects.filter(opened_on__gte=first, opened_on__lte=day)
        .annotate(vintage=TruncMonth("opened_on"))
        .values_list("vintage", "debtor__creditor_id")
        .annotate(n=Count("id"), earliest=Min("opened_on"), total=Sum(cents))
        .order_by()
    )
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    collected: dict[tuple[date, int], Decimal] = defaultdict(Decimal)
    # No payment before the earliest opening counts: said outright, the payments are
    # narrowed before the join (the whole history was joined to the cases first: at 1M
    # accounts 1.5 s, 0.24 s so).
    earliest = min((as_date(on) for _v, _c, _n, on, _t in opened), default=day)
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
            opened_amount=Decimal(total or 0) * CENT,
            collected=collected[(vintage, creditor)],
        )
        for vintage, creditor, n, total in sorted((as_date(v), c, n, t or 0) for v, c, n, _on, t in opened)
    ]
    for row in rows:
        VintageMonth.objects.filter(vintage=row.vintage, age=row.age, creditor_id=row.creditor_id).delete()
    VintageMonth.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
