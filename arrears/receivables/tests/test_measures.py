"""The finance measures on a small literal ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arrears.portfolio.models import Creditor
from arrears.receivables import build
from arrears.receivables.measures import Scope, dso_countback, monthly_sales, read, receivables, tables
from arrears.receivables.models import InvoiceDispute
from arrears.testing.personas import make_creditor, make_team

D = Decimal


def test_countback_walks_back_month_by_month():
    # 150 owed; the latest month's 100 is used up in full (31 days), then half of the month
    # before (50 of 100, of 28 days = 14 days).
    assert dso_countback(D(150), [(31, D(100)), (28, D(100))]) == D("45.0")
    # Owed less than the latest month's sales: a share of that month only.
    assert dso_countback(D(25), [(30, D(100))]) == D("7.5")
    # The months run out: every month counts in full.
    assert dso_countback(D(500), [(31, D(100)), (28, D(100))]) == D("59.0")
    assert dso_countback(D(0), [(31, D(100))]) == D("0.0")


def test_dso_of_a_literal_ledger_matches_the_hand_worked_value(db):
    """One customer, on 2026-03-31.

    Invoices (issued, amount): 01-10 300.00, 02-05 400.00, 02-20 200.00, 03-03 500.00,
    03-25 100.00; a credit note of 100.00 on 03-10 against the 03-03 invoice. Payments:
    350.00 on 02-15 naming the 01-10 invoice (50.00 over, applied to the oldest open one,
    02-05) and 250.00 on 03-20 without reference (oldest first: the rest of 02-05).

    Sales by month: March 500 + 100 - 100 = 500.00; February 400 + 200 = 600.00; January
    300.00.
    Receivables on 03-31: invoiced 1,500 - credited 100 - paid 600 = 800.00, open as
    02-05: 400 - 50 - 250 = 100.00; 02-20: 200.00; 03-03: 400.00; 03-25: 100.00.
    Countback: March's 500 is covered in full (31 days), 300 left; February's 600 covers
    300 / 600 of its 28 days = 14 days. DSO = 31 + 14 = 45.0 days.
    """
    creditor = make_creditor("wholesale", make_team("Receivables"))
    Creditor.objects.filter(pk=creditor.pk).update(kind=Creditor.Kind.COMPANY)
    account = build.customer(creditor, "C1", "宁波恒通五金有限公司")
    for number, issued, amount in [
        ("INV-1", date(2026, 1, 10), "300.00"),
        ("INV-2", date(2026, 2, 5), "400.00"),
        ("INV-3", date(2026, 2, 20), "200.00"),
        ("INV-4", date(2026, 3, 3), "500.00"),
        ("INV-5", date(2026, 3, 25), "100.00"),
    ]:
        build.invoice(
            account, number, issued, issued.replace(day=28) if issued.month == 2 else issued, amount
        )
    build.credit_note(account, "CN-1", date(2026, 3, 10), "100.00", "INV-4")
    build.payment(account, "P1", date(2026, 2, 15), "350.00", "INV-1")
    build.payment(account, "P2", date(2026, 3, 20), "250.00")
    on = date(2026, 3, 31)
    ledger = read(Scope((creditor.id,)), on)
    assert receivables(ledger) == D("800.00")
    assert [(m.month, sales) for m, _d, sales in monthly_sales(ledger.debtor_ids, on, 3)] == [
        (3, D("500.00")),
        (2, D("600.00")),
        (1, D("300.00")),
    ]
    InvoiceDispute.objects.create(
        due_item=account.due_items.get(external_id="INV-3"), opened_on=date(2026, 3, 1)
    )
    by_key = {t.key: t for t in tables(read(Scope((creditor.id,)), on))}
    assert "45.0" in by_key["dso"].title
    [row] = by_key["aging-customer"].rows
    # INV-2 (due 02-28, 31 days) 100 + INV-3 (due 02-28) 200 in 31-60; INV-4 due 03-03
    # (28 days) 400 in 1-30; INV-5 due 03-25 (6 days) 100 in 1-30.
    assert (row["1_30"], row["31_60"], row["total"], row["disputed"]) == (
        D("500.00"),
        D("300.00"),
        D("800.00"),
        D("200.00"),
    )
    [dispute] = by_key["disputed"].rows
    assert (dispute["invoice"], dispute["age"], dispute["amount"]) == ("INV-3", 30, D("200.00"))
    collected = {r["measure"]: r["amount"] for r in by_key["collected-due"].rows}
    assert D("250.00") in collected.values()  # March's cash: P2 only, not the credit note
