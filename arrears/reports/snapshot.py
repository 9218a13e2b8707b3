"""Writing the daily facts (arrears.reports.models, docs/reports.md).

`write_states(day)` records the book as the night left it (run after the nightly's apply);
`write_flows(first, last)` rebuilds the dated facts of a range of days; `write_month(day)`
the month's account states and the roll and vintage rows that compare months. Every
writer replaces its own rows first, so a re-run gives the same rows, never twice as many.

States go through one grouped query each (a few thousand rows come back); the per-account
month state is one INSERT ... SELECT in the database. Flows read one range of dated
records (a week of contacts, payments, decisions) and group them here, where the debtor's
own time zone and the case a payment falls to are known.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, Count, DecimalField, Min, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Round, TruncMonth

from arrears.reports.models import (
    AccountMonth,
    AssignDay,
    BlockDay,
    CollectorDay,
    ContactDay,
    ContactHour,
    PaymentDay,
    PortfolioDay,
    QualityDay,
    RollMonth,
    Source,
    VintageMonth,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
# The nightly rewrites this many days of flows before its own day: a payment imported a few
# days late, or a promise checked after its due day, lands on its day.
REWRITE_DAYS = 7
# Vintages followed (months of case openings).
VINTAGE_MONTHS = 24
COMPLAINT = "complains_about_harassment_or_threatens_complaint"
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


def _rows(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
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
            for creditor, product, team, owner, stage, bucket, agency, n, balance, overdue in _rows(
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
            ) in _rows(
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
    rows = _rows(
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
    cases = Case.objects.filter(opened_on__gte=first, opened_on__lte=day)
    opened = (
        cases.annotate(vintage=TruncMonth("opened_on"))
        .values_list("vintage", "debtor__creditor_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    # The overdue amount each case opened at (its case_opened event's facts, one a case),
    # as cents: a sum of decimals is a float on SQLite.
    cents = Cast(
        Round(Cast(KeyTextTransform("overdue", "data"), DecimalField(max_digits=20, decimal_places=2)) * 100),
        BigIntegerField(),
    )
    amounts = {
        (_as_date(vintage), creditor): cents_total
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
    earliest = cases.aggregate(on=Min("opened_on"))["on"]
    for _case_id, on, creditor, amount in _rows(
        "SELECT c.id, c.opened_on, d.creditor_id, SUM(p.amount) FROM cases_case c"
        " JOIN portfolio_debtor d ON d.id = c.debtor_id"
        " JOIN portfolio_account a ON a.debtor_id = c.debtor_id"
        " JOIN portfolio_payment p ON p.account_id = a.id"
        " WHERE c.opened_on >= %s AND c.opened_on <= %s AND p.paid_at >= c.opened_on"
        " AND p.paid_at >= %s AND p.paid_at < %s GROUP BY c.id, c.opened_on, d.creditor_id",
        [first, day, earliest or day, end],
    ):
        collected[(month_start(_as_date(on)), creditor)] += money(amount)
    rows = [
        VintageMonth(
            vintage=vintage,
            age=months_between(vintage, month),
            creditor_id=creditor,
            cases=n,
            opened_amount=Decimal(amounts.get((vintage, creditor)) or 0) * CENT,
            collected=collected[(vintage, creditor)],
        )
        for vintage, creditor, n in sorted((_as_date(v), c, n) for v, c, n in opened)
    ]
    for row in rows:
        VintageMonth.objects.filter(vintage=row.vintage, age=row.age, creditor_id=row.creditor_id).delete()
    VintageMonth.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# --- flows --------------------------------------------------------------------------


def _day_range(first: date, last: date) -> tuple[datetime, datetime, ZoneInfo]:
    zone = ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
        zone,
    )


def days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class _CaseInfo:
    creditor: int
    team: int | None
    owner: int | None
    stage: str
    opened_on: date
    closed_on: date | None
    zone: str


def _cases(ids: Iterable[int]) -> dict[int, _CaseInfo]:
    from arrears.cases.models import Case

    out: dict[int, _CaseInfo] = {}
    ids = list(set(ids))
    for start in range(0, len(ids), 5000):
        for pk, creditor, team, owner, stage, opened_on, closed_on, zone in Case.objects.filter(
            pk__in=ids[start : start + 5000]
        ).values_list(
            "pk",
            "debtor__creditor_id",
            "team_id",
            "owner_id",
            "stage",
            "opened_on",
            "closed_on",
            "debtor__time_zone",
        ):
            out[pk] = _CaseInfo(creditor, team, owner, stage, opened_on, closed_on, zone)
    return out


def write_flows(first: date, last: date) -> dict[str, int]:
    """Every flow table for the days `first` to `last` (the business's dates), replaced."""
    with transaction.atomic():
        counts = {
            "payment_rows": _write_payments(first, last),
            "assign_rows": _write_assignments(first, last),
            **_write_contacts(first, last),
            "quality_rows": _write_quality(first, last),
            "block_rows": _write_blocks(first, last),
        }
    return counts


def _local_date_sql(column: str) -> tuple[str, list[Any]]:
    """SQL for the business's date of a timestamp column, on either database."""
    sql, params = connection.ops.datetime_cast_date_sql(column, (), settings.TIME_ZONE)
    return sql, list(params)


def _write_assignments(first: date, last: date) -> int:
    """AssignDay of the range: cases given to each owner per day (the inflow the funnel's
    cases held adds to the stock at the period's start)."""
    from arrears.cases.models import Assignment

    start, end, zone = _day_range(first, last)
    AssignDay.objects.filter(day__gte=first, day__lte=last).delete()
    cells: Counter[tuple[Any, ...]] = Counter()
    for at, owner, team, creditor in Assignment.objects.filter(at__gte=start, at__lt=end).values_list(
        "at", "owner_id", "case__team_id", "case__debtor__creditor_id"
    ):
        cells[(at.astimezone(zone).date(), creditor, team, owner)] += 1
    AssignDay.objects.bulk_create(
        [
            AssignDay(day=on, creditor_id=creditor, team_id=team, owner_id=owner, assigned=n)
            for (on, creditor, team, owner), n in cells.items()
        ],
        batch_size=2000,
    )
    return len(cells)


def _write_payments(first: date, last: date) -> int:
    """PaymentDay of the range: one grouped query. Each payment falls to the debtor's case
    open on its day (the latest opened where two overlap), or to none."""
    start, end, _zone = _day_range(first, last)
    PaymentDay.objects.filter(day__gte=first, day__lte=last).delete()
    local, local_params = _local_date_sql("p.paid_at")
    # Only Django's own SQL for the date cast is put into the text; every value is bound.
    rows = _rows(
        "SELECT x.day, x.creditor_id, x.product, c.team_id, c.owner_id, c.stage, ag.code, COUNT(*),"
        " COUNT(DISTINCT x.account_id), SUM(x.amount) FROM ("
        f" SELECT p.account_id, a.debtor_id, a.creditor_id, a.product, p.amount, {local} AS day"
        "  FROM portfolio_payment p JOIN portfolio_account a ON a.id = p.account_id"
        "  WHERE p.paid_at >= %s AND p.paid_at < %s AND p.reversed_on IS NULL) x"
        " LEFT JOIN cases_case c ON c.id = (SELECT MAX(o.id) FROM cases_case o"
        "  WHERE o.debtor_id = x.debtor_id AND o.opened_on <= x.day"
        "  AND (o.closed_on IS NULL OR o.closed_on >= x.day))"
        # The agency holding the case that day, if any (arrears.recovery).
        " LEFT JOIN recovery_placement pl ON pl.id = (SELECT MAX(q.id) FROM recovery_placement q"
        "  WHERE q.case_id = c.id AND q.placed_on <= x.day"
        "  AND (q.recalled_on IS NULL OR q.recalled_on >= x.day))"
        " LEFT JOIN recovery_agency ag ON ag.id = pl.agency_id"
        " GROUP BY x.day, x.creditor_id, x.product, c.team_id, c.owner_id, c.stage, ag.code",
        [*local_params, start, end],
    )
    cells = {
        (_as_date(on), creditor, product, team, owner, stage or "", agency or ""): (
            n,
            accounts,
            money(amount),
        )
        for on, creditor, product, team, owner, stage, agency, n, accounts, amount in rows
    }
    PaymentDay.objects.bulk_create(
        [
            PaymentDay(
                day=on,
                creditor_id=creditor,
                product=product,
                team_id=team,
                owner_id=owner,
                stage=stage,
                agency=agency,
                payments=n,
                accounts=accounts,
                amount=amount,
            )
            for (on, creditor, product, team, owner, stage, agency), (n, accounts, amount) in cells.items()
        ],
        batch_size=2000,
    )
    return len(cells)


_CONTACT_SCHEMA: dict[str, Any] = {
    "case_id": pl.Int64,
    "actor_id": pl.Int64,
    "channel": pl.String,
    "at": pl.Datetime("us", "UTC"),
    "connected": pl.Boolean,
    "conversation": pl.Boolean,
    "outcome": pl.String,
    "creditor_id": pl.Int64,
    "team_id": pl.Int64,
    "time_zone": pl.String,
}
_COUNTS = ("attempts", "connected", "right_party", "promises")


def _write_contacts(first: date, last: date) -> dict[str, int]:
    """ContactDay and ContactHour of the range, set-based: the week's contact events read
    through COPY with their case's creditor, team and debtor's zone, grouped by Polars, and
    written through COPY (a Python step an event took ~40 s at 1M accounts)."""
    from arrears.activity.models import Kind, Outcome
    from arrears.core.bulk import copy_frame, insert_frame
    from arrears.strategy.extract import utc_column

    start, end, zone = _day_range(first, last)
    ContactDay.objects.filter(day__gte=first, day__lte=last).delete()
    ContactHour.objects.filter(day__gte=first, day__lte=last).delete()
    events = copy_frame(
        "SELECT e.case_id, e.actor_id, e.channel, e.at, e.connected, e.conversation, e.outcome,"
        " d.creditor_id, c.team_id, d.time_zone FROM activity_event e"
        " JOIN cases_case c ON c.id = e.case_id JOIN portfolio_debtor d ON d.id = c.debtor_id"
        " WHERE e.kind = %s AND e.at >= %s AND e.at < %s",
        [Kind.CONTACT.value, start, end],
        schema=_CONTACT_SCHEMA,
    )
    if not events.height:
        return {"contact_rows": 0, "hour_rows": 0}
    events = utc_column(events, "at").with_columns(pl.col("connected", "conversation").cast(pl.Boolean))
    # The debtor's local hour and weekday, one conversion per zone (an unknown zone counts
    # in the business's, as _zone says).
    zones = events["time_zone"].fill_null("").unique().to_list()
    local = pl.lit(None, dtype=pl.Datetime("us"))
    for name in zones:
        tz = _zone(name).key
        local = (
            pl.when(pl.col("time_zone").fill_null("") == name)
            .then(pl.col("at").dt.convert_time_zone(tz).dt.replace_time_zone(None))
            .otherwise(local)
        )
    events = events.with_columns(
        pl.col("at").dt.convert_time_zone(zone.key).dt.date().alias("day"),
        local.alias("local"),
        pl.lit(1).alias("attempts"),
        pl.col("conversation").alias("right_party"),
        (pl.col("outcome") == Outcome.PROMISE_TO_PAY.value).alias("promises"),
    ).with_columns(
        (pl.col("local").dt.weekday() - 1).alias("weekday"),
        pl.col("local").dt.hour().alias("hour"),
    )
    sums = [pl.col(c).cast(pl.Int64).sum() for c in _COUNTS]
    by_case = events.group_by("day", "case_id", "creditor_id", "team_id", "actor_id").agg(sums)
    by_hour = events.group_by("day", "creditor_id", "team_id", "actor_id", "channel", "weekday", "hour").agg(
        sums
    )
    insert_frame(ContactDay._meta.db_table, by_case.with_columns(pl.col("day").cast(pl.String)))
    insert_frame(ContactHour._meta.db_table, by_hour.with_columns(pl.col("day").cast(pl.String)))
    return {"contact_rows": by_case.height, "hour_rows": by_hour.height}


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (KeyError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def _write_quality(first: date, last: date) -> int:
    from arrears.activity.models import Event, Kind
    from arrears.cases.models import CareHold, Promise
    from arrears.compliance.models import ContactDecision

    start, end, zone = _day_range(first, last)
    QualityDay.objects.filter(day__gte=first, day__lte=last).delete()
    # (day, case, creditor, user, column): columns are promises due, kept, broken,
    # complaints, blocked, care holds, corrections. A refused check may have no case.
    marks: list[tuple[date, int | None, int | None, int | None, int]] = []
    for case_id, user, due_on, status in (
        Promise.objects.filter(due_on__gte=first, due_on__lte=last)
        .exclude(status=Promise.Status.CANCELLED)
        .values_list("case_id", "created_by_id", "due_on", "status")
    ):
        marks.append((due_on, case_id, None, user, 0))
        if status == Promise.Status.KEPT:
            marks.append((due_on, case_id, None, user, 1))
        elif status in (Promise.Status.BROKEN, Promise.Status.PARTLY_KEPT):
            marks.append((due_on, case_id, None, user, 2))
    for case_id, user, at in Event.objects.filter(
        kind=Kind.CONTACT, reaction=COMPLAINT, at__gte=start, at__lt=end
    ).values_list("case_id", "actor_id", "at"):
        marks.append((at.astimezone(zone).date(), case_id, None, user, 3))
    blocked = list(
        ContactDecision.objects.filter(allowed=False, created_at__gte=start, created_at__lt=end)
        .exclude(user__isnull=True)
        .values_list("user_id", "created_at", "debtor__creditor_id")
    )
    for user, at, creditor_id in blocked:
        marks.append((at.astimezone(zone).date(), None, creditor_id, user, 4))
    for case_id, owner, at in CareHold.objects.filter(raised_at__gte=start, raised_at__lt=end).values_list(
        "case_id", "case__owner_id", "raised_at"
    ):
        marks.append((at.astimezone(zone).date(), case_id, None, owner, 5))
    for case_id, user, at in Event.objects.filter(
        kind=Kind.CORRECTION, at__gte=start, at__lt=end
    ).values_list("case_id", "actor_id", "at"):
        marks.append((at.astimezone(zone).date(), case_id, None, user, 6))
    cases = _cases(case for _d, case, _c, _u, _i in marks if case is not None)
    cells: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * 7)
    for on, case, creditor, who, index in marks:
        team: int | None = None
        if case is not None:
            info = cases.get(case)
            if info is None:
                continue
            creditor, team = info.creditor, info.team
        if creditor is None:
            continue
        cells[(on, creditor, team, who)][index] += 1
    QualityDay.objects.bulk_create(
        [
            QualityDay(
                day=on,
                creditor_id=creditor,
                team_id=team,
                user_id=user,
                promises_due=v[0],
                promises_kept=v[1],
                promises_broken=v[2],
                complaints=v[3],
                blocked=v[4],
                care_holds=v[5],
                corrections=v[6],
            )
            for (on, creditor, team, user), v in cells.items()
        ],
        batch_size=2000,
    )
    return len(cells)


def _write_blocks(first: date, last: date) -> int:
    from arrears.activity.models import Unmasking
    from arrears.compliance.models import ContactDecision

    start, end, zone = _day_range(first, last)
    BlockDay.objects.filter(day__gte=first, day__lte=last).delete()
    cells: Counter[tuple[Any, ...]] = Counter()
    for profile, rules, channel, at, creditor in ContactDecision.objects.filter(
        allowed=False, created_at__gte=start, created_at__lt=end
    ).values_list("profile", "rule_ids", "channel", "created_at", "debtor__creditor_id"):
        on = at.astimezone(zone).date()
        for rule in rules.split() or ["?"]:
            cells[(on, creditor, profile, rule, channel)] += 1
    for at, creditor in Unmasking.objects.filter(at__gte=start, at__lt=end).values_list(
        "at", "case__debtor__creditor_id"
    ):
        cells[(at.astimezone(zone).date(), creditor, "", "unmask", "")] += 1
    BlockDay.objects.bulk_create(
        [
            BlockDay(day=on, creditor_id=creditor, profile=profile, rule=rule, channel=channel, count=n)
            for (on, creditor, profile, rule, channel), n in cells.items()
        ],
        batch_size=2000,
    )
    return len(cells)
