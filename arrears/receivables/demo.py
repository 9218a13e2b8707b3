"""The demo wholesaler (示例贸易公司): 200 business customers with 13 months of invoices.

`history` makes the same customers, invoices, payments and credit notes for the same
reference date (a seeded generator), so the two steps below agree and a second `make run`
changes nothing:

1. `write_files` writes the portfolio and payment files that the ordinary importers load
   (arrears.core.management.commands.load_demo): customers with their contacts, one invoice
   account each, the invoices and the payments.
2. `finish` adds what only this app keeps: customer profiles (relationship, annual sales,
   credit limit, terms, salesperson), credit notes, a few disputes; then allocates every
   account. Call it after the importers and after the demo users exist.

Customers behave in five ways: most pay on time, some late, some in part, a few stopped
paying months ago, and a few overpay now and then (unapplied cash). Invoices are due 30 or
60 days after issue. Payment references take the forms ERPs and banks write ("INV-…",
"付款 INV-…", two invoices in one payment, or nothing).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from arrears.portfolio.models import Account, Creditor, DueItem
from arrears.receivables import build
from arrears.receivables.allocation import allocate_accounts
from arrears.receivables.models import CustomerProfile, InvoiceDispute

CUSTOMERS = 200
MONTHS = 13
CITIES = ["上海", "苏州", "杭州", "宁波", "南京", "无锡", "合肥", "广州", "深圳", "成都", "武汉", "青岛"]
NAMES = [
    "华东", "瑞丰", "恒通", "宏达", "新禾", "金桥", "远航", "润泽", "启明", "嘉和", "永盛", "立信",
    "鼎新", "东升", "汇通", "祥和", "百川", "同舟", "信达", "天成",
]  # fmt: skip
TRADES = ["五金", "建材", "电器", "机电", "日用品", "包装材料", "劳保用品", "办公用品"]
KINDS = ["贸易", "商贸", "实业", "科技"]
# Salespeople: demo users (they cannot sign in) with their names as the ERP writes them.
SALES = [("sales01", "王", "磊"), ("sales02", "刘", "芳"), ("sales03", "陈", "刚"), ("sales04", "赵", "敏")]
BEHAVIOURS = [("prompt", 50), ("late", 25), ("partial", 10), ("stopped", 8), ("overpays", 7)]


@dataclass
class Invoice:
    number: str
    issued_on: date
    due_on: date
    amount: Decimal


@dataclass
class Paid:
    number: str
    paid_on: date
    amount: Decimal
    reference: str


@dataclass
class Credited:
    number: str
    issued_on: date
    amount: Decimal
    invoice: str
    reason: str


@dataclass
class Customer:
    n: int
    code: str
    name: str
    registration_no: str
    terms: int
    behaviour: str
    salesperson: int
    ended: bool
    invoices: list[Invoice] = field(default_factory=list)
    payments: list[Paid] = field(default_factory=list)
    credits: list[Credited] = field(default_factory=list)
    disputed: list[tuple[str, str, str]] = field(default_factory=list)  # invoice, reason, lines

    @property
    def account_id(self) -> str:
        return f"{self.code}-CNY"


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def history(reference: date, customers: int = CUSTOMERS) -> Iterator[Customer]:
    rng = random.Random(19)
    start = reference - timedelta(days=30 * MONTHS)
    behaviours = [b for b, weight in BEHAVIOURS for _ in range(weight)]
    sequence = 0
    for n in range(1, customers + 1):
        name = f"{rng.choice(CITIES)}{rng.choice(NAMES)}{rng.choice(TRADES)}{rng.choice(KINDS)}有限公司"
        customer = Customer(
            n=n,
            code=f"C{n:04d}",
            name=name,
            registration_no=f"9132{rng.randint(10**13, 10**14 - 1)}",
            terms=60 if rng.random() < 0.3 else 30,
            behaviour=rng.choice(behaviours),
            salesperson=rng.randrange(len(SALES)),
            ended=rng.random() < 0.06,
        )
        size = rng.choice([3_000, 8_000, 20_000, 60_000])
        per_month = rng.choice([1, 1, 2, 2, 3, 4])
        stops = reference - timedelta(days=rng.randint(90, 150))
        last_order = reference - timedelta(days=rng.randint(120, 300)) if customer.ended else reference
        day = start + timedelta(days=rng.randint(0, 20))
        unpaid: list[Invoice] = []
        while day <= min(reference, last_order):
            sequence += 1
            invoice = Invoice(
                f"INV-{day:%Y}-{sequence:06d}",
                day,
                day + timedelta(days=customer.terms),
                _money(rng, size // 2, size * 2),
            )
            customer.invoices.append(invoice)
            owed = invoice.amount
            if rng.random() < 0.05:
                credit = (invoice.amount * Decimal(rng.choice(["0.05", "0.1", "0.2", "1"]))).quantize(
                    Decimal("0.01")
                )
                customer.credits.append(
                    Credited(
                        f"CN-{day:%Y}-{sequence:06d}",
                        min(day + timedelta(days=rng.randint(3, 20)), reference),
                        credit,
                        invoice.number,
                        rng.choice(["退货", "价格折让", "破损补偿", "数量差异"]),
                    )
                )
                owed -= credit
            if _pay(rng, customer, invoice, owed, reference, stops) < owed:
                unpaid.append(invoice)
            day += timedelta(days=max(3, int(rng.gauss(30 / per_month, 4))))
        recent = [i for i in unpaid if reference - timedelta(days=120) < i.due_on < reference]
        if recent and rng.random() < 0.1:
            customer.disputed.append(
                (
                    rng.choice(recent).number,
                    rng.choice(["price", "quantity", "quality"]),
                    rng.choice(["第2行", "第1、3行", "全部"]),
                )
            )
        if customer.ended and customer.payments and not unpaid:
            # Settled customers who left a credit behind: a payment sent twice, or a
            # year-end rebate credited after the last invoice was paid.
            last = customer.payments[-1]
            if rng.random() < 0.5:
                customer.payments.append(
                    Paid(f"{last.number}-DUP", last.paid_on + timedelta(days=2), last.amount, last.reference)
                )
            else:
                customer.credits.append(
                    Credited(
                        f"CN-REBATE-{customer.code}", last.paid_on, _money(rng, 500, 5_000), "", "年度返利"
                    )
                )
        yield customer


def _pay(
    rng: random.Random, customer: Customer, invoice: Invoice, owed: Decimal, reference: date, stops: date
) -> Decimal:
    """Adds the customer's payment of `invoice`, if any; returns the amount paid."""
    if owed <= 0:
        return Decimal(0)
    behaviour = customer.behaviour
    lateness = {
        "prompt": rng.randint(-5, 3),
        "late": rng.randint(5, 55),
        "partial": rng.randint(0, 30),
        "stopped": rng.randint(0, 40),
        "overpays": rng.randint(-3, 10),
    }[behaviour]
    paid_on = invoice.due_on + timedelta(days=lateness)
    if paid_on > reference or (behaviour == "stopped" and invoice.issued_on > stops):
        return Decimal(0)
    if behaviour == "late" and rng.random() < 0.1:
        return Decimal(0)  # forgotten: still open
    amount = owed
    if behaviour == "partial" and rng.random() < 0.5:
        amount = (owed * Decimal(rng.choice(["0.3", "0.5", "0.7"]))).quantize(Decimal("0.01"))
    if behaviour == "overpays" and rng.random() < 0.15:
        amount = owed + _money(rng, 100, 2_000)
    form = rng.random()
    if form < 0.55:
        reference_text = invoice.number
    elif form < 0.75:
        reference_text = f"付款 {invoice.number}"
    elif form < 0.85:
        reference_text = f"货款 {invoice.number.replace('-', '')}"
    else:
        reference_text = ""
    customer.payments.append(Paid(f"PAY-{invoice.number[4:]}", paid_on, amount, reference_text))
    return amount


def write_files(
    path: Path, payments: Path, reference: date, creditor: str, customers: int = CUSTOMERS
) -> None:
    """The portfolio file (customers, contacts, invoices) and the payments file."""
    fields = [
        "creditor", "account_id", "debtor_id", "debtor_name", "debtor_kind", "national_id",
        "jurisdiction", "product", "currency", "due_id", "due_kind", "statement_date", "due_date",
        "amount_due", "phone", "email", "address", "address_kind", "synthetic",
    ]  # fmt: skip
    rng = random.Random(7)
    with (
        path.open("w", newline="", encoding="utf-8") as handle,
        payments.open("w", newline="", encoding="utf-8") as pay,
    ):
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        pay_writer = csv.writer(pay)
        pay_writer.writerow(
            ["creditor", "account_id", "payment_id", "amount", "paid_at", "channel", "reference"]
        )
        for customer in history(reference, customers):
            base = {
                "creditor": creditor,
                "account_id": customer.account_id,
                "debtor_id": customer.code,
                "debtor_name": customer.name,
                "debtor_kind": "company",
                "national_id": customer.registration_no,
                "jurisdiction": "CN",
                "product": "invoice",
                "currency": "CNY",
                "phone": f"021{rng.randint(50_000_000, 69_999_999)}",
                "email": f"ap{customer.n}@example.com",
                "address": f"{customer.name[:2]}市经济开发区{customer.n}号",
                "address_kind": "work",
                "synthetic": "true",
            }
            for invoice in customer.invoices:
                writer.writerow(
                    {
                        **base,
                        "due_id": invoice.number,
                        "due_kind": "invoice",
                        "statement_date": invoice.issued_on.isoformat(),
                        "due_date": invoice.due_on.isoformat(),
                        "amount_due": f"{invoice.amount:.2f}",
                    }
                )
            for paid in customer.payments:
                pay_writer.writerow(
                    [
                        creditor,
                        customer.account_id,
                        paid.number,
                        f"{paid.amount:.2f}",
                        paid.paid_on.isoformat(),
                        "bank_transfer",
                        paid.reference,
                    ]
                )


def salespeople() -> list[User]:
    users = []
    for username, last, first in SALES:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"last_name": last, "first_name": first}
        )
        if created:
            user.set_unusable_password()
            user.save()
        users.append(user)
    return users


@transaction.atomic
def finish(reference: date, creditor_code: str, customers: int = CUSTOMERS) -> int:
    """Profiles, credit notes and disputes of the imported customers; then the allocation.
    Returns the number of customers."""
    creditor = Creditor.objects.get(code=creditor_code)
    sales = salespeople()
    accounts = {
        a.external_id: a
        for a in Account.objects.filter(creditor=creditor, product=Account.Product.INVOICE).select_related(
            "creditor", "debtor"
        )
    }
    count = 0
    for customer in history(reference, customers):
        account = accounts.get(customer.account_id)
        if account is None:
            continue
        count += 1
        year_ago = reference - timedelta(days=365)
        annual = sum((i.amount for i in customer.invoices if i.issued_on > year_ago), Decimal(0))
        monthly = annual / 12
        user = sales[customer.salesperson]
        CustomerProfile.objects.update_or_create(
            debtor=account.debtor,
            defaults={
                "relationship": CustomerProfile.Relationship.ENDED
                if customer.ended
                else CustomerProfile.Relationship.ACTIVE,
                "annual_sales": annual.quantize(Decimal("0.01")),
                "credit_limit": max(Decimal(50_000), (monthly * 3).quantize(Decimal("1E4"))),
                "payment_terms_days": customer.terms,
                "salesperson": user,
                "salesperson_name": f"{user.last_name}{user.first_name}",
                "value_note": _value_note(customer, annual),
            },
        )
        for credit in customer.credits:
            build.credit_note(
                account, credit.number, credit.issued_on, credit.amount, credit.invoice, reason=credit.reason
            )
        items = {d.external_id: d for d in DueItem.objects.filter(account=account)}
        for number, reason, lines in customer.disputed:
            item = items.get(number)
            if item is not None:
                InvoiceDispute.objects.get_or_create(
                    due_item=item,
                    defaults={
                        "reason": reason,
                        "lines": lines,
                        "explanation": "客户称到货与订单不符，待仓库核对",
                        "opened_on": min(item.due_date + timedelta(days=5), reference),
                    },
                )
    allocate_accounts(list(accounts.values()))
    return count


def _value_note(customer: Customer, annual: Decimal) -> str:
    if customer.ended:
        return "已停止合作，仅追收余款。"
    if annual >= 500_000:
        return "重点客户：年采购额高，合作多年，催收注意维护关系。"
    if customer.behaviour == "stopped":
        return "近几个月未付款，下单前需财务审批。"
    return ""
