"""The measures a finance team reads (docs/receivables.md, "Measures"), as report tables
(arrears.reports.tables) so that the screen, its charts and the XLSX/CSV downloads share
one source.

Days sales outstanding by countback (`dso_countback`, pure): start from the receivables
on the day (open invoices less open credits) and walk back month by month, the current
month first (its days up to the day). While the receivables left cover a month's sales
(invoices issued in it less credit notes issued in it), count the month's days in full and
subtract its sales; in the first month they no longer cover, count the share
receivables left / month's sales of its days, and stop. If the months run out first, every
month's days count. Example: receivables 150; March (31 days) sales 100, February (28)
sales 100: 31 + 50/100 × 28 = 45 days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from arrears.portfolio.models import Account, Debtor, DueItem, Payment
from arrears.receivables.ledger import OpenCredit, OpenInvoice, open_items
from arrears.receivables.models import CreditNote, CustomerProfile, InvoiceDispute
from arrears.reports.tables import Chart, Column, Table

ZERO = Decimal(0)
MONTHS_BACK = 12
BUCKETS = [("current", 0, 0), ("1_30", 1, 30), ("31_60", 31, 60), ("61_90", 61, 90), ("90_plus", 91, None)]


def bucket_of(days_overdue: int) -> str:
    for key, low, high in BUCKETS:
        if days_overdue >= low and (high is None or days_overdue <= high):
            return key
    return BUCKETS[-1][0]


def dso_countback(receivables: Decimal, months: Sequence[tuple[int, Decimal]]) -> Decimal:
    """Days sales outstanding: `months` are (days counted, sales) from the latest month
    back. Rounded to one decimal."""
    left = receivables
    days = Decimal(0)
    for month_days, sales in months:
        if left <= 0:
            break
        if sales <= 0:
            days += month_days
            continue
        if left >= sales:
            days += month_days
            left -= sales
        else:
            days += left / sales * month_days
            left = ZERO
            break
    return days.quantize(Decimal("0.1"))


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_back(on: date, count: int) -> list[tuple[date, date]]:
    """(first day, last day counted) of the month of `on` (up to `on`) and the months
    before it, latest first."""
    out = []
    last = on
    for _n in range(count):
        first = _month_start(last)
        out.append((first, last))
        last = first - timedelta(days=1)
    return out


@dataclass(frozen=True)
class Scope:
    """Which customers: of these creditors, optionally one salesperson and relationship."""

    creditor_ids: tuple[int, ...]
    salesperson: str = ""  # a user id as text, or "name:<free text>"
    relationship: str = ""

    def debtors(self) -> list[int]:
        debtors = Debtor.objects.filter(creditor_id__in=self.creditor_ids, kind=Debtor.Kind.COMPANY)
        if self.relationship:
            debtors = debtors.filter(customer_profile__relationship=self.relationship)
        if self.salesperson.startswith("name:"):
            debtors = debtors.filter(
                customer_profile__salesperson__isnull=True,
                customer_profile__salesperson_name=self.salesperson[5:],
            )
        elif self.salesperson:
            user_id = int(self.salesperson) if self.salesperson.isdigit() else 0
            debtors = debtors.filter(customer_profile__salesperson_id=user_id)
        return list(
            debtors.filter(accounts__product=Account.Product.INVOICE).distinct().values_list("id", flat=True)
        )


@dataclass
class Ledger:
    """What every measure reads, computed once per request."""

    on: date
    debtor_ids: list[int]
    invoices: list[OpenInvoice]
    credits: list[OpenCredit]
    names: dict[int, str]
    salespeople: dict[int, str]
    currency: str


def read(scope: Scope, on: date) -> Ledger:
    ids = scope.debtors()
    names = dict(Debtor.objects.filter(id__in=ids).values_list("id", "name"))
    salespeople = {}
    for profile in CustomerProfile.objects.filter(debtor_id__in=ids).select_related("salesperson"):
        salespeople[profile.debtor_id] = profile.salesperson_label
    currencies = set(Account.objects.filter(debtor_id__in=ids).values_list("currency", flat=True))
    invoices, credits = open_items(ids, on)
    return Ledger(
        on=on,
        debtor_ids=ids,
        invoices=invoices,
        credits=credits,
        names=names,
        salespeople=salespeople,
        currency=currencies.pop() if len(currencies) == 1 else "",
    )


def monthly_sales(
    debtor_ids: Sequence[int], on: date, months: int = MONTHS_BACK
) -> list[tuple[date, int, Decimal]]:
    """(month, days counted, invoices less credit notes issued in it), latest first."""
    periods = _months_back(on, months)
    first = periods[-1][0]
    invoiced: dict[date, Decimal] = defaultdict(Decimal)
    for issued, amount in DueItem.objects.filter(
        account__debtor_id__in=list(debtor_ids),
        kind=DueItem.Kind.INVOICE,
        statement_date__gte=first,
        statement_date__lte=on,
    ).values_list("statement_date", "amount_due"):
        if issued is not None:
            invoiced[_month_start(issued)] += amount
    for issued, amount in CreditNote.objects.filter(
        account__debtor_id__in=list(debtor_ids), issued_on__gte=first, issued_on__lte=on
    ).values_list("issued_on", "amount"):
        invoiced[_month_start(issued)] -= amount
    return [(start, (last - start).days + 1, invoiced[start]) for start, last in periods]


def receivables(ledger: Ledger) -> Decimal:
    return sum((i.open_amount for i in ledger.invoices), ZERO) - sum(
        (c.open_amount for c in ledger.credits), ZERO
    )


def dso_table(ledger: Ledger) -> Table:
    months = monthly_sales(ledger.debtor_ids, ledger.on)
    owed = receivables(ledger)
    dso = dso_countback(owed, [(days, sales) for _m, days, sales in months])
    rows = []
    left = owed
    for month, days, sales in months:
        covered = min(max(left, ZERO), max(sales, ZERO))
        rows.append({"month": month, "days": days, "sales": sales, "covered": covered})
        left -= covered
    return Table(
        key="dso",
        title=_("Days sales outstanding (countback): %(days)s days") % {"days": dso},
        columns=[
            Column("month", _("Month"), "month"),
            Column("days", _("Days counted"), "int"),
            Column("sales", _("Sales (invoices less credit notes)"), "money"),
            Column("covered", _("Receivables counted against it"), "money"),
        ],
        rows=list(reversed(rows)),
        chart=Chart("bar", "month", ("sales", "covered"), value_kind="money"),
        note=_(
            "Receivables %(owed)s: walking back from this month, each month's sales are taken"
            " from the receivables until they are used up; the days of the months used up count"
            " in full, the last month in proportion."
        )
        % {"owed": f"{owed:,.2f}"},
        currency=ledger.currency,
    )


def _bucket_columns() -> list[Column]:
    return [
        Column("current", _("Not yet due"), "money"),
        Column("1_30", _("1-30 days"), "money"),
        Column("31_60", _("31-60 days"), "money"),
        Column("61_90", _("61-90 days"), "money"),
        Column("90_plus", _("Over 90 days"), "money"),
        Column("total", _("Total open"), "money"),
        Column("disputed", _("Of which disputed"), "money"),
    ]


def _aging_rows(ledger: Ledger, key_of: Any) -> dict[Any, dict[str, Any]]:
    rows: dict[Any, dict[str, Any]] = {}
    for invoice in ledger.invoices:
        key = key_of(invoice.debtor_id)
        row = rows.setdefault(
            key, {**{b: ZERO for b, _l, _h in BUCKETS}, "total": ZERO, "disputed": ZERO, "count": 0}
        )
        row[bucket_of(invoice.days_overdue)] += invoice.open_amount
        row["total"] += invoice.open_amount
        row["count"] += 1
        if invoice.disputed:
            row["disputed"] += invoice.open_amount
    return rows


def aging_by_customer(ledger: Ledger) -> Table:
    rows = _aging_rows(ledger, lambda debtor_id: debtor_id)
    ordered = sorted(rows.items(), key=lambda kv: -kv[1]["total"])
    return Table(
        key="aging-customer",
        title=_("Aging by customer"),
        columns=[
            Column("customer", _("Customer")),
            Column("salesperson", _("Salesperson")),
            *_bucket_columns(),
        ],
        rows=[
            {
                "customer": ledger.names.get(debtor_id, ""),
                "salesperson": ledger.salespeople.get(debtor_id, ""),
                **values,
            }
            for debtor_id, values in ordered
        ],
        currency=ledger.currency,
    )


def aging_by_salesperson(ledger: Ledger) -> Table:
    nobody = _("(no salesperson)")
    rows = _aging_rows(ledger, lambda debtor_id: ledger.salespeople.get(debtor_id) or nobody)
    ordered = sorted(rows.items(), key=lambda kv: -kv[1]["total"])
    return Table(
        key="aging-salesperson",
        title=_("Aging by salesperson"),
        columns=[Column("salesperson", _("Salesperson")), *_bucket_columns()],
        rows=[{"salesperson": name, **values} for name, values in ordered],
        chart=Chart(
            "stacked_bar", "salesperson", ("current", "1_30", "31_60", "61_90", "90_plus"), value_kind="money"
        ),
        currency=ledger.currency,
    )


def collected_vs_due(ledger: Ledger) -> Table:
    """This month: what fell due (invoices due from the 1st to the month's end, less their
    credit notes) against the cash received from the 1st to the day (credit notes and
    reversed payments are not cash)."""
    start = _month_start(ledger.on)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    due = DueItem.objects.filter(
        account__debtor_id__in=ledger.debtor_ids,
        kind=DueItem.Kind.INVOICE,
        due_date__gte=start,
        due_date__lte=end,
    )
    due_amount = due.aggregate(s=Sum("amount_due"))["s"] or ZERO
    credited = CreditNote.objects.filter(applies_to__in=due).aggregate(s=Sum("amount"))["s"] or ZERO
    due_by_today = due.filter(due_date__lte=ledger.on).aggregate(s=Sum("amount_due"))["s"] or ZERO
    cash = (
        Payment.objects.filter(
            account__debtor_id__in=ledger.debtor_ids,
            account__product=Account.Product.INVOICE,
            reversed_on__isnull=True,
            credit_note__isnull=True,
            paid_at__date__gte=start,
            paid_at__date__lte=ledger.on,
        ).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    still_open = sum((i.open_amount for i in ledger.invoices if start <= i.due_on <= end), ZERO)
    rows = [
        {"measure": _("Due this month (invoices less their credit notes)"), "amount": due_amount - credited},
        {"measure": _("Of which due by today"), "amount": due_by_today},
        {"measure": _("Collected this month (cash received)"), "amount": cash},
        {"measure": _("Still open of what is due this month"), "amount": still_open},
    ]
    return Table(
        key="collected-due",
        title=_("Collected versus due, %(month)s") % {"month": start.strftime("%Y-%m")},
        columns=[Column("measure", _("Measure")), Column("amount", _("Amount"), "money")],
        rows=rows,
        chart=Chart("bar", "measure", ("amount",), value_kind="money"),
        currency=ledger.currency,
    )


def disputed(ledger: Ledger) -> Table:
    """Open disputes: their amount (the amount disputed, else the invoice's open amount)
    and age in days since opened."""
    open_by_item = {i.due_item_id: i for i in ledger.invoices}
    rows: list[dict[str, Any]] = []
    disputes = (
        InvoiceDispute.objects.filter(
            due_item__account__debtor_id__in=ledger.debtor_ids, opened_on__lte=ledger.on
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=ledger.on))
        .select_related("due_item__account__debtor")
    )
    for dispute in disputes:
        invoice = open_by_item.get(dispute.due_item_id)
        open_amount = invoice.open_amount if invoice else ZERO
        amount = min(dispute.amount, open_amount) if dispute.amount is not None else open_amount
        rows.append(
            {
                "customer": dispute.due_item.account.debtor.name,
                "invoice": dispute.due_item.external_id,
                "reason": dispute.get_reason_display(),
                "opened_on": dispute.opened_on,
                "age": (ledger.on - dispute.opened_on).days,
                "amount": amount,
            }
        )
    rows.sort(key=lambda r: -r["age"])
    return Table(
        key="disputed",
        title=_("Disputed invoices"),
        columns=[
            Column("customer", _("Customer")),
            Column("invoice", _("Invoice")),
            Column("reason", _("Reason")),
            Column("opened_on", _("Opened on"), "date"),
            Column("age", _("Age (days)"), "int"),
            Column("amount", _("Amount disputed"), "money"),
        ],
        rows=rows,
        note=_("Disputed invoices are kept out of dunning but stay in every measure here."),
        currency=ledger.currency,
    )


TABLES = {
    "dso": dso_table,
    "aging-customer": aging_by_customer,
    "aging-salesperson": aging_by_salesperson,
    "collected-due": collected_vs_due,
    "disputed": disputed,
}


def tables(ledger: Ledger) -> list[Table]:
    return [make(ledger) for make in TABLES.values()]
