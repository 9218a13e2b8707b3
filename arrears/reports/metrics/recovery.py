"""Recovery: vintages and what was collected, by stage and by day."""

from __future__ import annotations

from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from arrears.cases.choices import Stage
from arrears.reports.metrics.common import (
    CENT,
    Filters,
    as_money,
    currency_of,
    filtered,
    stage_label,
)
from arrears.reports.models import (
    PaymentDay,
    PortfolioDay,
    VintageMonth,
)
from arrears.reports.snapshot import months_between
from arrears.reports.tables import Chart, Column, Table, rate

# --- recovery -----------------------------------------------------------------------


def vintages(f: Filters) -> Table:
    """Recovery rate by vintage (the month cases opened) and months since opening."""
    rows = VintageMonth.objects.filter(vintage__lte=f.last)
    if f.creditor_id is not None:
        rows = rows.filter(creditor_id=f.creditor_id)
    cells = (
        rows.values("vintage", "age")
        .annotate(cases=Sum("cases"), opened=Sum("opened_amount"), collected=Sum("collected"))
        .order_by("vintage", "age")
    )
    data = [
        {
            "vintage": c["vintage"].strftime("%Y-%m"),
            "age": c["age"],
            "cases": c["cases"],
            "opened_amount": as_money(c["opened"]),
            "collected": as_money(c["collected"]),
            "recovery_rate": rate(as_money(c["collected"]), as_money(c["opened"])),
        }
        for c in cells
        if months_between(c["vintage"], f.last) >= c["age"]
    ]
    return Table(
        key="vintages",
        title=_("Recovery by vintage"),
        columns=[
            Column("vintage", _("Vintage (month opened)"), "text"),
            Column("age", _("Months since opening"), "int"),
            Column("cases", _("Cases"), "int"),
            Column("opened_amount", _("Overdue at opening"), "money"),
            Column("collected", _("Collected to date"), "money"),
            Column("recovery_rate", _("Recovery rate"), "rate"),
        ],
        rows=data,
        chart=Chart("line", x="age", series=("recovery_rate",), split_by="vintage", value_kind="rate"),
        note=_(
            "Recovery rate = what the debtors of the cases opened in the month paid from the "
            "opening to the end of each later month ÷ their overdue amount at opening."
        ),
        currency=currency_of(f),
    )


def collections_by_stage(f: Filters) -> Table:
    """Amount collected in the period by the stage of the case it fell to, and per account
    of that stage (the period's last snapshot)."""
    paid = (
        filtered(PaymentDay.objects.all(), f)
        .values("stage")
        .annotate(amount=Sum("amount"), payments=Sum("payments"))
        .order_by()
    )
    last_day = filtered(PortfolioDay.objects.all(), f).aggregate(d=Max("day"))["d"]
    held = (
        dict(
            filtered(PortfolioDay.objects.all(), f)
            .filter(day=last_day)
            .values("stage")
            .annotate(n=Sum("accounts"))
            .values_list("stage", "n")
            .order_by()
        )
        if last_day
        else {}
    )
    order = {s: i for i, s in enumerate(["", *Stage.values])}
    data = [
        {
            "stage": stage_label(r["stage"]),
            "payments": r["payments"],
            "amount": as_money(r["amount"]),
            "accounts": held.get(r["stage"], 0),
            "per_account": (as_money(r["amount"]) / held[r["stage"]]).quantize(CENT)
            if held.get(r["stage"])
            else None,
            "_order": order.get(r["stage"], 99),
        }
        for r in paid
    ]
    data.sort(key=lambda r: r.pop("_order"))
    return Table(
        key="by_stage",
        title=_("Collected by stage"),
        columns=[
            Column("stage", _("Stage"), "text"),
            Column("payments", _("Payments"), "int"),
            Column("amount", _("Collected"), "money"),
            Column("accounts", _("Open accounts at the end"), "int"),
            Column("per_account", _("Collected per account"), "money"),
        ],
        rows=data,
        chart=Chart("bar", x="stage", series=("amount",), value_kind="money"),
        note=_(
            "Payments received in the period, by the stage of the debtor's case on the day "
            '("not in collection": no case was open). Per account: ÷ the stage\'s open accounts '
            "on the period's last day."
        ),
        currency=currency_of(f),
    )


def collections_by_day(f: Filters) -> Table:
    rows = (
        filtered(PaymentDay.objects.all(), f)
        .values("day")
        .annotate(amount=Sum("amount"), payments=Sum("payments"))
        .order_by("day")
    )
    return Table(
        key="by_day",
        title=_("Collected by day"),
        columns=[
            Column("day", _("Date"), "date"),
            Column("payments", _("Payments"), "int"),
            Column("amount", _("Collected"), "money"),
        ],
        rows=[{"day": r["day"], "payments": r["payments"], "amount": as_money(r["amount"])} for r in rows],
        chart=Chart("bar", x="day", series=("amount",), value_kind="money"),
        note=_("Payments received on each day (the business's date)."),
        currency=currency_of(f),
    )
