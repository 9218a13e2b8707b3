"""ERP imports: ERPNext and Odoo layouts, bad rows reported, re-import unchanged, GBK."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from arrears.portfolio.importing import ImportFileError
from arrears.portfolio.models import Creditor, Debtor, DueItem, Payment
from arrears.receivables.importing import import_erp
from arrears.receivables.ledger import open_credits, open_invoices
from arrears.receivables.models import CreditNote
from arrears.testing.personas import make_creditor, make_team

ERPNEXT_INVOICES = (
    "ID,Customer,Customer Name,Posting Date,Due Date,Grand Total,Outstanding Amount,Currency,"
    "Is Return,Return Against\n"
    """ACC-SINV-2026-00001,CUST-001,苏州瑞丰建材有限公司,2026-01-05,2026-02-04,"1,200.00",1200.00,CNY,0,
ACC-SINV-2026-00002,CUST-001,苏州瑞丰建材有限公司,2026-02-05,2026-03-07,800.00,300.00,CNY,0,
ACC-SINV-2026-00003,CUST-001,苏州瑞丰建材有限公司,2026-02-10,2026-02-01,100.00,100.00,CNY,0,
ACC-SINV-2026-00004,CUST-001,苏州瑞丰建材有限公司,2026-02-15,2026-03-17,-200.00,0,CNY,1,ACC-SINV-2026-00001
ACC-SINV-2026-00005,CUST-002,宁波恒通五金有限公司,2026-13-01,2026-03-17,50.00,50.00,CNY,0,
"""
)

ERPNEXT_PAYMENTS = (
    "ID,Payment Type,Party,Party Name,Posting Date,Received Amount,Reference No,Reference Name\n"
    """ACC-PAY-2026-00001,Receive,CUST-001,苏州瑞丰建材有限公司,2026-03-01,500.00,TT20260301,ACC-SINV-2026-00002
ACC-PAY-2026-00002,Pay,CUST-001,苏州瑞丰建材有限公司,2026-03-02,10.00,,
"""
)

ODOO_MOVES = (
    "name,partner_id,move_type,invoice_date,invoice_date_due,amount_total_signed,amount_residual,"
    "currency_id,reversed_entry_id\n"
    """INV/2026/00001,杭州宏达机电有限公司,out_invoice,2026-01-10,2026-02-09,1000.00,400.00,CNY,
RINV/2026/00001,杭州宏达机电有限公司,out_refund,2026-01-20,2026-01-20,-100.00,0.00,CNY,INV/2026/00001
BILL/2026/00001,杭州宏达机电有限公司,in_invoice,2026-01-20,2026-02-20,-300.00,300.00,CNY,
"""
)


@pytest.fixture
def creditor(db) -> Creditor:
    creditor = make_creditor("wholesale", make_team("Receivables"))
    Creditor.objects.filter(pk=creditor.pk).update(kind=Creditor.Kind.COMPANY)
    return creditor


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_erpnext_invoices_and_credit_notes_from_a_gbk_file(creditor, tmp_path):
    path = write(tmp_path, "sales_invoice.csv", ERPNEXT_INVOICES, "gbk")
    result = import_erp(path, layout="erpnext-invoices", creditor="wholesale")
    assert sorted((e.row, e.column) for e in result.errors) == [(4, "due_on"), (6, "issued_on")]
    assert result.created["invoices"] == 2 and result.created["credit_notes"] == 1
    debtor = Debtor.objects.get(creditor=creditor, external_id="CUST-001")
    assert debtor.name == "苏州瑞丰建材有限公司" and debtor.kind == Debtor.Kind.COMPANY
    note = CreditNote.objects.get(number="ACC-SINV-2026-00004")
    assert note.amount == Decimal("200.00") and note.applies_to is not None
    assert note.applies_to.external_id == "ACC-SINV-2026-00001"
    rows = {i.number: i.open_amount for i in open_invoices([debtor.id], date(2026, 3, 31))}
    assert rows == {"ACC-SINV-2026-00001": Decimal("1000.00"), "ACC-SINV-2026-00002": Decimal("800.00")}

    again = import_erp(path, layout="erpnext-invoices", creditor="wholesale")
    assert (again.created, again.updated["invoices"], again.unchanged) == (
        {"invoices": 0, "credit_notes": 0, "payments": 0},
        0,
        3,
    )
    assert DueItem.objects.count() == 2 and Payment.objects.count() == 1  # the credit note's mirror


def test_erpnext_payments_name_their_invoice_and_only_receipts_are_kept(creditor, tmp_path):
    import_erp(write(tmp_path, "si.csv", ERPNEXT_INVOICES), layout="erpnext-invoices", creditor="wholesale")
    result = import_erp(
        write(tmp_path, "pe.csv", ERPNEXT_PAYMENTS), layout="erpnext-payments", creditor="wholesale"
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "payment_type")]
    payment = Payment.objects.get(external_id="ACC-PAY-2026-00001")
    assert payment.reference == "TT20260301, ACC-SINV-2026-00002"
    debtor = Debtor.objects.get(external_id="CUST-001")
    rows = {i.number: i.open_amount for i in open_invoices([debtor.id], date(2026, 3, 31))}
    assert rows["ACC-SINV-2026-00002"] == Decimal("300.00")


def test_odoo_moves_with_the_residual_taken_as_paid(creditor, tmp_path):
    path = write(tmp_path, "account_move.csv", ODOO_MOVES)
    result = import_erp(path, layout="odoo-invoices", creditor="wholesale", settle_from_erp=True)
    assert [(e.row, e.column) for e in result.errors] == [(4, "move_type")]
    debtor = Debtor.objects.get(external_id="杭州宏达机电有限公司")
    [invoice] = open_invoices([debtor.id], date(2026, 3, 31))
    # Odoo's residual 400 counts the refund of 100: 500 was paid, recorded as one payment.
    assert invoice.number == "INV/2026/00001" and invoice.open_amount == Decimal("400.00")
    assert Payment.objects.get(external_id="ERP:INV/2026/00001").amount == Decimal("500.00")
    assert open_credits([debtor.id], date(2026, 3, 31)) == []
    again = import_erp(path, layout="odoo-invoices", creditor="wholesale", settle_from_erp=True)
    assert again.created == {"invoices": 0, "credit_notes": 0, "payments": 0} and again.unchanged == 3


def test_a_file_without_the_layouts_columns_is_refused(creditor, tmp_path):
    with pytest.raises(ImportFileError, match="posting_date"):
        import_erp(
            write(tmp_path, "x.csv", "name,customer\nA,B\n"), layout="erpnext-invoices", creditor="wholesale"
        )


def test_the_command_reports_rows(creditor, tmp_path):
    out = StringIO()
    path = write(tmp_path, "si.csv", ERPNEXT_INVOICES)
    call_command("import_erp", str(path), "--layout", "erpnext-invoices", "--creditor", "wholesale",
                 "--no-age", "--lang", "en", stdout=out)  # fmt: skip
    assert "rejected 2" in out.getvalue()
