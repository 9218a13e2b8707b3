"""Allocation: by reference, oldest first, partial payments, credit notes, overpayment,
idempotency and reversals (issue 19's acceptance)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arrears.portfolio.models import Creditor
from arrears.receivables import build
from arrears.receivables.allocation import Cash, Credit, Invoice, allocate, allocate_account
from arrears.receivables.ledger import open_credits, open_invoices
from arrears.receivables.matching import named_in
from arrears.receivables.models import Allocation, UnappliedCash
from arrears.testing.personas import make_creditor, make_team

D = Decimal
INVOICES = [
    Invoice(1, "INV-0011", date(2026, 1, 31), D("100.00")),
    Invoice(2, "INV-0012", date(2026, 2, 28), D("200.00")),
    Invoice(3, "INV-0013", date(2026, 3, 31), D("300.00")),
]


def open_of(result) -> dict[int, Decimal]:
    return {k: v for k, v in result.open_amounts.items() if v}


def test_references_are_read_in_the_forms_erps_write():
    numbers = ["INV-0012", "INV-0013", "INV-0001", "SINV-2026-00042", "10045"]
    assert named_in("INV-0012, INV-0013", numbers) == ["INV-0012", "INV-0013"]
    assert named_in("inv 12; inv13", numbers) == ["INV-0012", "INV-0013"]
    assert named_in("付款 INV0012", numbers) == ["INV-0012"]
    assert named_in("SINV-2026-00042", numbers) == ["SINV-2026-00042"]
    assert named_in("Invoice 10045 May", numbers) == ["10045"]
    # Not a different invoice whose number contains this one, nor a longer number.
    assert named_in("INV-00123", numbers) == []
    assert named_in("XINV-0012", numbers) == []
    assert named_in("", numbers) == []


def test_a_payment_goes_to_the_invoice_its_reference_names():
    result = allocate(INVOICES, [Cash(7, date(2026, 3, 5), D("200.00"), "INV-0012")], [])
    assert open_of(result) == {1: D("100.00"), 3: D("300.00")}
    assert [(a.invoice, a.method) for a in result.applied] == [(2, "reference")]


def test_a_payment_without_reference_pays_the_oldest_due_first():
    result = allocate(INVOICES, [Cash(7, date(2026, 3, 5), D("250.00"))], [])
    assert open_of(result) == {2: D("50.00"), 3: D("300.00")}
    assert {a.method for a in result.applied} == {"oldest"}


def test_a_reference_to_two_invoices_pays_both_and_the_rest_goes_oldest_first():
    payment = Cash(7, date(2026, 3, 5), D("550.00"), "INV-0012, INV-0013")
    result = allocate(INVOICES, [payment], [])
    assert open_of(result) == {1: D("50.00")}
    assert [(a.invoice, a.amount, a.method) for a in result.applied] == [
        (2, D("200.00"), "reference"),
        (3, D("300.00"), "reference"),
        (1, D("50.00"), "oldest"),
    ]


def test_partial_payments_leave_the_rest_open():
    payments = [
        Cash(7, date(2026, 3, 1), D("60.00"), "INV-0011"),
        Cash(8, date(2026, 3, 9), D("30.00"), "INV-0011"),
    ]
    result = allocate(INVOICES, payments, [])
    assert open_of(result)[1] == D("10.00")
    assert result.unapplied_cash == {}


def test_a_credit_note_applies_to_the_invoice_it_names_else_the_oldest():
    credits = [
        Credit(5, date(2026, 2, 10), D("50.00"), "INV-0013"),
        Credit(6, date(2026, 2, 11), D("30.00")),
    ]
    result = allocate(INVOICES, [], credits)
    assert open_of(result) == {1: D("70.00"), 2: D("200.00"), 3: D("250.00")}
    assert {a.method for a in result.applied} == {"credit_note"}
    assert result.open_credit_notes == {}


def test_overpayment_becomes_unapplied_cash_and_a_surplus_credit_note_stays_open():
    result = allocate(INVOICES[:1], [Cash(7, date(2026, 3, 5), D("150.00"), "INV-0011")], [])
    assert open_of(result) == {}
    assert result.unapplied_cash == {7: D("50.00")}
    result = allocate(INVOICES[:1], [], [Credit(5, date(2026, 2, 1), D("130.00"), "INV-0011")])
    assert result.open_credit_notes == {5: D("30.00")}


def test_references_win_over_an_earlier_unreferenced_payment():
    """An unreferenced payment would take the oldest invoice first, but a later payment
    naming that invoice keeps it: references are served in a first pass."""
    payments = [
        Cash(7, date(2026, 3, 1), D("100.00")),
        Cash(8, date(2026, 3, 2), D("100.00"), "INV-0011"),
    ]
    result = allocate(INVOICES, payments, [])
    by_payment = {a.source_key: (a.invoice, a.method) for a in result.applied}
    assert by_payment == {8: (1, "reference"), 7: (2, "oldest")}


@pytest.fixture
def account(db):
    creditor = make_creditor("wholesale", make_team("Receivables"))
    Creditor.objects.filter(pk=creditor.pk).update(kind=Creditor.Kind.COMPANY)
    creditor.refresh_from_db()
    account = build.customer(creditor, "C001", "华东五金有限公司", payment_terms_days=30)
    build.invoice(account, "INV-0011", date(2026, 1, 1), date(2026, 1, 31), "100.00")
    build.invoice(account, "INV-0012", date(2026, 1, 29), date(2026, 2, 28), "200.00")
    build.invoice(account, "INV-0013", date(2026, 3, 1), date(2026, 3, 31), "300.00")
    return account


def test_allocation_rows_are_rewritten_idempotently_and_reversals_unallocate(account):
    paid = build.payment(account, "P1", date(2026, 3, 5), "250.00", "INV-0012")
    build.payment(account, "P2", date(2026, 3, 6), "700.00")
    build.credit_note(account, "CN-1", date(2026, 3, 2), "40.00", "INV-0013")
    allocate_account(account)
    first = sorted(Allocation.objects.values_list("due_item__external_id", "amount", "method"))
    allocate_account(account)
    assert sorted(Allocation.objects.values_list("due_item__external_id", "amount", "method")) == first
    # 600 invoiced, 40 credited, 950 paid: 390 unapplied, on P2 (P1 fits its invoices).
    assert list(UnappliedCash.objects.values_list("payment__external_id", "amount")) == [("P2", D("390.00"))]

    paid.reversed_on = date(2026, 3, 20)
    paid.save()
    allocate_account(account)
    assert not Allocation.objects.filter(payment=paid).exists()
    assert list(UnappliedCash.objects.values_list("payment__external_id", "amount")) == [("P2", D("140.00"))]


def test_the_ledger_lists_open_invoices_and_credits_on_a_date(account):
    build.payment(account, "P1", date(2026, 2, 20), "150.00", "INV-0012")
    build.credit_note(account, "CN-1", date(2026, 3, 2), "20.00", "INV-0011")
    on = date(2026, 3, 10)
    rows = open_invoices([account.debtor_id], on)
    assert [(r.number, r.open_amount, r.days_overdue) for r in rows] == [
        ("INV-0011", D("80.00"), 38),
        ("INV-0012", D("50.00"), 10),
        ("INV-0013", D("300.00"), 0),
    ]
    assert rows[0].issued_on == date(2026, 1, 1) and rows[0].currency == "CNY"
    assert not rows[0].disputed and rows[0].expected_on is None
    # Before the credit note and the payment, nothing was paid.
    assert [r.open_amount for r in open_invoices([account.debtor_id], date(2026, 2, 1))] == [
        D("100.00"),
        D("200.00"),
    ]
    build.payment(account, "P2", date(2026, 3, 9), "500.00")
    assert open_invoices([account.debtor_id], on) == []
    [credit] = open_credits([account.debtor_id], on)
    assert (credit.kind, credit.number, credit.open_amount) == ("unapplied_cash", "P2", D("70.00"))


def test_the_aging_counts_a_credit_note_as_a_credit(account):
    build.credit_note(account, "CN-1", date(2026, 2, 2), "100.00", "INV-0011")
    aging = account.aging_on(date(2026, 3, 10))
    assert aging.overdue_amount == D("200.00")
    assert aging.days_past_due == 10
    assert aging.balance == D("500.00")
