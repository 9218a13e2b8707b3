"""The book: buckets over time, roll rates, cures and the flow to write-off."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, QuerySet, Sum
from django.utils.translation import gettext as _

from arrears.reports.metrics.common import (
    ZERO,
    Filters,
    as_money,
    bucket_order,
    currency_of,
    filtered,
    to_label,
)
from arrears.reports.models import (
    PortfolioDay,
    RollMonth,
)
from arrears.reports.snapshot import month_start
from arrears.reports.tables import Chart, Column, Table, rate

# --- the book ------------------------------------------------------------------------


def buckets_over_time(f: Filters) -> Table:
    """Open accounts and balance by bucket on each day with report rows."""
    rows = (
        filtered(PortfolioDay.objects.all(), f)
        .values("day", "bucket")
        .annotate(accounts=Sum("accounts"), balance=Sum("balance"), overdue=Sum("overdue"))
        .order_by("day", "bucket")
    )
    order = {b: i for i, b in enumerate(bucket_order())}
    data = sorted(
        (
            {
                "day": r["day"],
                "bucket": r["bucket"],
                "accounts": r["accounts"],
                "balance": as_money(r["balance"]),
                "overdue": as_money(r["overdue"]),
            }
            for r in rows
        ),
        key=lambda r: (r["day"], order.get(r["bucket"], 99)),
    )
    return Table(
        key="buckets",
        title=_("Portfolio by bucket over time"),
        columns=[
            Column("day", _("Date"), "date"),
            Column("bucket", _("Bucket"), "text"),
            Column("accounts", _("Accounts"), "int"),
            Column("balance", _("Balance"), "money"),
            Column("overdue", _("Overdue amount"), "money"),
        ],
        rows=data,
        chart=Chart("stacked_bar", x="day", series=("accounts",), split_by="bucket"),
        note=_("Open accounts on each day the nightly run (or a rebuild) recorded, by bucket."),
        currency=currency_of(f),
    )


def _rolls(f: Filters) -> QuerySet[RollMonth]:
    """The roll rows of the period's complete months: a month counts once its last day is
    in the period (a matrix after two days of a month says nothing yet)."""
    rows = RollMonth.objects.filter(
        month__gte=f.first_month, month__lt=month_start(f.last + timedelta(days=1))
    )
    if f.creditor_id is not None:
        rows = rows.filter(creditor_id=f.creditor_id)
    if f.product:
        rows = rows.filter(product=f.product)
    return rows


def roll_matrix(f: Filters, month: date | None = None) -> Table:
    """From-bucket x to-state for one month (the period's latest with rows): the share of
    the accounts (and of their balance) in each from-bucket that went to each state."""
    rolls = _rolls(f)
    month = month or rolls.aggregate(m=Max("month"))["m"]
    cells = (
        rolls.filter(month=month)
        .values("from_bucket", "to_bucket")
        .annotate(accounts=Sum("accounts"), balance=Sum("balance"))
        .order_by()
        if month
        else []
    )
    totals: dict[str, list[Any]] = defaultdict(lambda: [0, ZERO])
    for c in cells:
        totals[c["from_bucket"]][0] += c["accounts"]
        totals[c["from_bucket"]][1] += as_money(c["balance"])
    order = {b: i for i, b in enumerate([*bucket_order(), "closed", "settled", "written_off"])}
    data = [
        {
            "month": month,
            "from_bucket": c["from_bucket"],
            "to_state": to_label(c["to_bucket"]),
            "to_code": c["to_bucket"],  # not a column: for the tests and the API
            "accounts": c["accounts"],
            "balance": as_money(c["balance"]),
            "rate": rate(c["accounts"], totals[c["from_bucket"]][0]),
            "balance_rate": rate(as_money(c["balance"]), totals[c["from_bucket"]][1]),
            "_order": (order.get(c["from_bucket"], 99), order.get(c["to_bucket"], 99)),
        }
        for c in cells
    ]
    data.sort(key=lambda r: r.pop("_order"))
    title = _("Roll-rate matrix (迁徙率)")
    if month:
        title = _("Roll-rate matrix (迁徙率), %(month)s") % {"month": month.strftime("%Y-%m")}
    return Table(
        key="roll_matrix",
        title=title,
        columns=[
            Column("month", _("Month"), "month"),
            Column("from_bucket", _("From (start of month)"), "text"),
            Column("to_state", _("To (end of month)"), "text"),
            Column("accounts", _("Accounts"), "int"),
            Column("balance", _("Balance at the start"), "money"),
            Column("rate", _("Share of accounts"), "rate"),
            Column("balance_rate", _("Share of balance"), "rate"),
        ],
        rows=data,
        chart=Chart("matrix", x="to_state", y="from_bucket", series=("rate",), value_kind="rate"),
        note=_(
            "Each row is the accounts in one bucket at the end of the month before; the cells "
            "say where they were at the end of the month. Rows add up to 100%."
        ),
        currency=currency_of(f),
    )


def _worse(source: str, target: str, order: dict[str, int]) -> bool:
    if target == "written_off":
        return True
    return target in order and order[target] > order.get(source, 99)


def roll_rates(f: Filters) -> Table:
    """Per month and from-bucket, the roll-forward rate: the share of the bucket's accounts
    (and balance) that went to a worse bucket or were written off."""
    order = {b: i for i, b in enumerate(bucket_order())}
    cells: dict[tuple[date, str], list[Any]] = defaultdict(lambda: [0, ZERO, 0, ZERO])
    for r in (
        _rolls(f)
        .values("month", "from_bucket", "to_bucket")
        .annotate(accounts=Sum("accounts"), balance=Sum("balance"))
        .order_by()
    ):
        cell = cells[(r["month"], r["from_bucket"])]
        cell[0] += r["accounts"]
        cell[1] += as_money(r["balance"])
        if _worse(r["from_bucket"], r["to_bucket"], order):
            cell[2] += r["accounts"]
            cell[3] += as_money(r["balance"])
    data = [
        {
            "month": month,
            "bucket": f"{bucket}→",
            "accounts": n,
            "rolled": rolled,
            "rate": rate(rolled, n),
            "balance_rate": rate(rolled_balance, balance),
        }
        for (month, bucket), (n, balance, rolled, rolled_balance) in sorted(
            cells.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99))
        )
    ]
    return Table(
        key="roll_rates",
        title=_("Roll-forward rates by month"),
        columns=[
            Column("month", _("Month"), "month"),
            Column("bucket", _("From bucket"), "text"),
            Column("accounts", _("Accounts at the start"), "int"),
            Column("rolled", _("Rolled to a worse bucket"), "int"),
            Column("rate", _("Roll rate (accounts)"), "rate"),
            Column("balance_rate", _("Roll rate (balance)"), "rate"),
        ],
        rows=data,
        chart=Chart("line", x="month", series=("rate",), split_by="bucket", value_kind="rate"),
        note=_(
            "Roll rate = accounts that moved to a worse bucket (or were written off) during the "
            "month ÷ accounts in the bucket at the start of the month."
        ),
    )


def cures(f: Filters) -> Table:
    """Per month: accounts delinquent at the start, cured (current again, paid off or
    settled), self-cured (cured with no conversation in the month), written off."""
    cells: dict[date, list[Any]] = defaultdict(lambda: [0, 0, 0, 0, ZERO, ZERO])
    for r in (
        _rolls(f)
        .exclude(from_bucket="M0")
        .values("month", "to_bucket")
        .annotate(accounts=Sum("accounts"), balance=Sum("balance"), self_cured=Sum("self_cured"))
        .order_by()
    ):
        cell = cells[r["month"]]
        cell[0] += r["accounts"]
        cell[4] += as_money(r["balance"])
        if r["to_bucket"] in ("M0", "closed", "settled"):
            cell[1] += r["accounts"]
        cell[2] += r["self_cured"] or 0
        if r["to_bucket"] == "written_off":
            cell[3] += r["accounts"]
            cell[5] += as_money(r["balance"])
    data = [
        {
            "month": month,
            "delinquent": n,
            "cured": cured,
            "cure_rate": rate(cured, n),
            "self_cured": self_cured,
            "self_cure_rate": rate(self_cured, n),
            "written_off": written_off,
            "write_off_rate": rate(written_off_balance, balance),
        }
        for month, (n, cured, self_cured, written_off, balance, written_off_balance) in sorted(cells.items())
    ]
    return Table(
        key="cures",
        title=_("Cure, self-cure and write-off"),
        columns=[
            Column("month", _("Month"), "month"),
            Column("delinquent", _("Delinquent at the start"), "int"),
            Column("cured", _("Cured"), "int"),
            Column("cure_rate", _("Cure rate"), "rate"),
            Column("self_cured", _("Cured without a conversation"), "int"),
            Column("self_cure_rate", _("Self-cure rate"), "rate"),
            Column("written_off", _("Written off"), "int"),
            Column("write_off_rate", _("Flow to write-off (balance)"), "rate"),
        ],
        rows=data,
        chart=Chart(
            "line", x="month", series=("cure_rate", "self_cure_rate", "write_off_rate"), value_kind="rate"
        ),
        note=_(
            "Cure rate = accounts past due at the start of the month that were current, paid off "
            "or settled at its end ÷ accounts past due at the start. Self-cure counts only those "
            "whose debtor had no conversation with a collector in the month. Flow to write-off "
            "is by balance."
        ),
    )
