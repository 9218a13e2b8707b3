"""Writing the dated flow facts (arrears.reports.models, docs/reports.md): payments,
assignments, contacts, quality marks and blocked checks by day, for a range of days.

`write_flows(first, last)` rebuilds a range: one range of dated records is read (a week of
contacts, payments, decisions) and grouped here, where the debtor's own time zone and the
case a payment falls to are known. The nightly rewrites the last REWRITE_DAYS days.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, IntegerField, Q, Value
from django.db.models.functions import TruncDate

from arrears.reports.models import (
    AssignDay,
    BlockDay,
    ContactDay,
    ContactHour,
    PaymentDay,
    QualityDay,
)
from arrears.reports.snapshot import as_date, fetch_rows, money

# The nightly rewrites this many days of flows before its own day: a payment imported a few
# days late, or a promise checked after its due day, lands on its day.
REWRITE_DAYS = 7
COMPLAINT = "complains_about_harassment_or_threatens_complaint"


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
    rows = fetch_rows(
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
        (as_date(on), creditor, product, team, owner, stage or "", agency or ""): (
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
    from arrears.core.bulk import copy_frame, replace_rows
    from arrears.strategy.stored import utc_column

    start, end, zone = _day_range(first, last)
    in_range = {"day__gte": first, "day__lte": last}
    events = copy_frame(
        "SELECT e.case_id, e.actor_id, e.channel, e.at, e.connected, e.conversation, e.outcome,"
        " d.creditor_id, c.team_id, d.time_zone FROM activity_event e"
        " JOIN cases_case c ON c.id = e.case_id JOIN portfolio_debtor d ON d.id = c.debtor_id"
        " WHERE e.kind = %s AND e.at >= %s AND e.at < %s",
        [Kind.CONTACT.value, start, end],
        schema=_CONTACT_SCHEMA,
    )
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
    # Only the rows that changed are written: most of the week's are as the night before
    # left them (at 1M accounts, 182,000 rows rewritten each night took 2.6 s).
    written, deleted = replace_rows(ContactDay.objects.filter(**in_range), by_case)
    hours_written, hours_deleted = replace_rows(ContactHour.objects.filter(**in_range), by_hour)
    return {
        "contact_rows": by_case.height,
        "hour_rows": by_hour.height,
        "contact_rows_written": written + deleted,
        "hour_rows_written": hours_written + hours_deleted,
    }


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (KeyError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def _write_quality(first: date, last: date) -> int:
    """QualityDay of the range: promises due, kept and broken, complaints, blocked checks,
    care holds and corrections by day, creditor, team and user. Each source is grouped in the
    database with its case's creditor and team (a week's 55,000 promises at 1M accounts came
    back one row each, and their cases in chunks: 2.4 s)."""
    from arrears.activity.models import Event, Kind
    from arrears.cases.models import CareHold, Promise
    from arrears.compliance.models import ContactDecision

    start, end, zone = _day_range(first, last)
    QualityDay.objects.filter(day__gte=first, day__lte=last).delete()
    # (day, creditor, team, user) -> promises due, kept, broken, complaints, blocked, care
    # holds, corrections.
    cells: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * 7)

    def add(rows: Iterable[tuple[Any, ...]], *columns: int) -> None:
        for on, creditor, team, user, *counts in rows:
            cell = cells[(as_date(on), creditor, team, user)]
            for column, n in zip(columns, counts, strict=True):
                cell[column] += n

    add(
        Promise.objects.filter(due_on__gte=first, due_on__lte=last)
        .exclude(status=Promise.Status.CANCELLED)
        .values_list("due_on", "case__debtor__creditor_id", "case__team_id", "created_by_id")
        .annotate(
            due=Count("id"),
            kept=Count("id", filter=Q(status=Promise.Status.KEPT)),
            broken=Count("id", filter=Q(status__in=[Promise.Status.BROKEN, Promise.Status.PARTLY_KEPT])),
        )
        .order_by(),
        0, 1, 2,
    )
    for column, kind, extra in ((3, Kind.CONTACT, {"reaction": COMPLAINT}), (6, Kind.CORRECTION, {})):
        add(
            Event.objects.filter(kind=kind, at__gte=start, at__lt=end, **extra)
            .annotate(day=TruncDate("at", tzinfo=zone))
            .values_list("day", "case__debtor__creditor_id", "case__team_id", "actor_id")
            .annotate(n=Count("id"))
            .order_by(),
            column,
        )
    # A refused check counts for its user and the debtor's creditor (it may have no case).
    add(
        ContactDecision.objects.filter(allowed=False, created_at__gte=start, created_at__lt=end)
        .exclude(user__isnull=True)
        .exclude(debtor__isnull=True)
        .annotate(day=TruncDate("created_at", tzinfo=zone), team=Value(None, IntegerField()))
        .values_list("day", "debtor__creditor_id", "team", "user_id")
        .annotate(n=Count("id"))
        .order_by(),
        4,
    )
    add(
        CareHold.objects.filter(raised_at__gte=start, raised_at__lt=end)
        .annotate(day=TruncDate("raised_at", tzinfo=zone))
        .values_list("day", "case__debtor__creditor_id", "case__team_id", "case__owner_id")
        .annotate(n=Count("id"))
        .order_by(),
        5,
    )
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
