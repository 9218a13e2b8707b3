"""Imports of invoices, credit notes and payments in the layouts ERPNext and Odoo export
(docs/receivables.md, "ERP imports", has the column mapping).

The file is read and its cells checked by arrears.portfolio.importing (CSV in UTF-8 or
GBK/GB18030, or XLSX; a bad cell is reported with its row, column and reason, and the good
rows are kept). Customers are found or made by the ERP's customer id: a company debtor, its
profile and one invoice account per currency (arrears.receivables.build). Keys are the
ERP's document numbers, so importing the same file again changes nothing. The accounts
touched are allocated afterwards.

With `settle_from_erp`, an invoice's outstanding amount in the file (ERPNext
outstanding_amount, Odoo amount_residual) is taken as the truth: the difference from its
total is recorded as one payment "ERP:<invoice number>" naming the invoice. Use it when
importing invoices without their payments, never with a payments file as well. The
credit notes the ERP applied to an invoice are subtracted from that payment, since the
outstanding amount already counts them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from arrears.portfolio.importing.common import (
    ROW,
    Column,
    ImportFileError,
    ImportResult,
    Progress,
    RowError,
    a_date,
    choice,
    identifier,
    money_cents,
    no_progress,
    text,
    validate,
)
from arrears.portfolio.importing.files import read_table
from arrears.portfolio.models import Account, Creditor, DueItem, Payment
from arrears.receivables import build
from arrears.receivables.allocation import allocate_accounts, payment_for
from arrears.receivables.models import CreditNote

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Layout:
    kind: str  # "invoices" (invoices and credit notes) | "payments"
    # Our column: the headers it may have in the export (lower case), first found wins.
    columns: Mapping[str, tuple[str, ...]]


LAYOUTS: dict[str, Layout] = {
    "erpnext-invoices": Layout(
        "invoices",
        {
            "number": ("name", "id", "sales invoice", "invoice"),
            "customer_id": ("customer",),
            "customer_name": ("customer_name", "customer name"),
            "registration_no": ("tax_id", "tax id"),
            "issued_on": ("posting_date", "posting date", "date"),
            "due_on": ("due_date", "due date", "payment due date"),
            "amount": ("grand_total", "grand total", "rounded_total", "rounded total"),
            "currency": ("currency",),
            "is_credit": ("is_return", "is return", "is return (credit note)"),
            "against": ("return_against", "return against"),
            "outstanding": ("outstanding_amount", "outstanding amount"),
        },
    ),
    "erpnext-payments": Layout(
        "payments",
        {
            "number": ("name", "id", "payment entry"),
            "payment_type": ("payment_type", "payment type"),
            "customer_id": ("party", "customer"),
            "customer_name": ("party_name", "party name"),
            "paid_on": ("posting_date", "posting date"),
            "amount": ("received_amount", "received amount", "paid_amount", "paid amount"),
            "currency": ("paid_to_account_currency", "paid to account currency", "currency"),
            "reference": ("reference_no", "reference no", "cheque/reference no"),
            "invoice": ("reference_name", "reference name", "references:reference_name"),
        },
    ),
    "odoo-invoices": Layout(
        "invoices",
        {
            "number": ("name", "number"),
            "move_type": ("move_type", "type"),
            "customer_id": ("partner_id/id", "partner_id", "partner", "customer"),
            "customer_name": ("partner_id", "partner", "customer"),
            "registration_no": ("partner_id/vat", "tax id"),
            "issued_on": ("invoice_date", "invoice/bill date", "invoice date"),
            "due_on": ("invoice_date_due", "due date"),
            "amount": ("amount_total_signed", "total signed", "amount_total", "total"),
            "currency": ("currency_id", "currency"),
            "against": ("reversed_entry_id", "reversal of"),
            "outstanding": ("amount_residual", "amount due", "amount_residual_signed"),
        },
    ),
    "odoo-payments": Layout(
        "payments",
        {
            "number": ("name", "number"),
            "payment_type": ("payment_type", "payment type"),
            "customer_id": ("partner_id/id", "partner_id", "partner", "customer"),
            "customer_name": ("partner_id", "partner", "customer"),
            "paid_on": ("date", "payment date"),
            "amount": ("amount", "amount_company_currency_signed"),
            "currency": ("currency_id", "currency"),
            "reference": ("ref", "memo", "payment_reference"),
        },
    ),
}

# Values meaning "a customer invoice" / "a customer credit note" / "money received".
INVOICE_TYPES = {"out_invoice", "customer invoice", "invoice"}
CREDIT_TYPES = {"out_refund", "customer credit note", "credit note"}
RECEIPT_TYPES = {"receive", "inbound", "receive money"}

CHECKS = {
    "number": Column("number", identifier(64), required=True),
    "customer_id": Column("customer_id", identifier(64), required=True),
    "customer_name": Column("customer_name", text(200)),
    "registration_no": Column("registration_no", identifier(40)),
    "issued_on": Column("issued_on", a_date(), required=True),
    "due_on": Column("due_on", a_date()),
    "paid_on": Column("paid_on", a_date(), required=True),
    "amount": Column("amount", money_cents(), required=True),
    "outstanding": Column("outstanding", money_cents()),
    "currency": Column("currency", identifier(3)),
    "is_credit": Column("is_credit", choice(["0", "1", "yes", "no", "true", "false"])),
    "move_type": Column("move_type", text(40)),
    "payment_type": Column("payment_type", text(40)),
    "against": Column("against", identifier(100)),
    "reference": Column("reference", text(100)),
    "invoice": Column("invoice", text(100)),
}


def _frame(path: Path, layout: Layout, encoding: str | None, result: ImportResult) -> pl.DataFrame:
    table = read_table(path, None, encoding)
    frame = table.frame
    result.rows = frame.height
    result.errors += table.cell_errors
    picked: dict[str, str] = {}
    for ours, theirs in layout.columns.items():
        found = next((h for h in theirs if h in frame.columns), None)
        if found is not None:
            picked[ours] = found
    # A column may feed two of ours (Odoo's partner is the customer's id and name).
    frame = frame.select(ROW, *(pl.col(h).alias(ours) for ours, h in picked.items()))
    columns = [CHECKS[c] for c in layout.columns if c in picked or CHECKS[c].required]
    try:
        good, errors = validate(frame, columns)
    except ImportFileError as exc:
        names = {c: " / ".join(layout.columns[c]) for c in layout.columns}
        missing = [names[c.name] for c in columns if c.required and c.name not in picked]
        raise ImportFileError(
            _("Required column(s) missing: %(missing)s.") % {"missing": "; ".join(missing)}
        ) from exc
    result.errors += errors
    bad = {e.row for e in table.cell_errors}
    return good.filter(~pl.col(ROW).is_in(list(bad)))


def import_erp(
    path: Path,
    *,
    layout: str,
    creditor: str | None,
    settle_from_erp: bool = False,
    encoding: str | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    if layout not in LAYOUTS:
        raise ImportFileError(_("Unknown layout %(layout)s.") % {"layout": layout})
    spec = LAYOUTS[layout]
    target = Creditor.objects.filter(code=creditor or "").first()
    if target is None:
        raise ImportFileError(_("Give the code of an existing creditor."))
    result = ImportResult(kind=spec.kind)
    good = _frame(path, spec, encoding, result)
    progress("read", result.rows)
    rows = good.to_dicts()
    progress("validate", len(rows))
    with transaction.atomic():
        writer = _Writer(target, result, settle_from_erp)
        for row in rows:
            if spec.kind == "invoices":
                writer.document(row)
            else:
                writer.payment(row)
        writer.settle_all()
        allocate_accounts(list(Account.objects.filter(pk__in=writer.accounts).select_related("creditor")))
    result.account_ids = sorted(writer.accounts)
    progress("rows", len(rows))
    return result


def _money(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(CENT)


class _Writer:
    def __init__(self, creditor: Creditor, result: ImportResult, settle: bool) -> None:
        self.creditor = creditor
        self.result = result
        self.settle = settle
        self.accounts: set[int] = set()
        self.settlements: list[tuple[Account, str, date, Decimal]] = []
        self.zone = ZoneInfo(creditor.default_time_zone)
        for key in ("invoices", "credit_notes", "payments"):
            result.created.setdefault(key, 0)
            result.updated.setdefault(key, 0)

    def error(self, row: dict[str, Any], column: str, reason: str) -> None:
        value = row.get(column)
        self.result.errors.append(RowError(row[ROW], column, None if value is None else str(value), reason))

    def account(self, row: dict[str, Any]) -> Account | None:
        currency = (row.get("currency") or self.creditor.default_currency).upper()
        if len(f"{row['customer_id']}-{currency}") > 64:
            self.error(row, "customer_id", _("longer than %(n)d characters") % {"n": 60})
            return None
        account = build.customer(
            self.creditor,
            row["customer_id"],
            row.get("customer_name") or row["customer_id"],
            registration_no=row.get("registration_no") or "",
            currency=currency,
        )
        self.accounts.add(account.id)
        return account

    def _count(self, key: str, created: bool, changed: bool) -> None:
        if created:
            self.result.created[key] += 1
        elif changed:
            self.result.updated[key] += 1
        else:
            self.result.unchanged += 1

    def document(self, row: dict[str, Any]) -> None:
        kind = (row.get("move_type") or "").strip().lower()
        flag = (row.get("is_credit") or "").lower() in {"1", "yes", "true"}
        if kind and kind not in INVOICE_TYPES | CREDIT_TYPES:
            self.error(row, "move_type", _("not a customer invoice or credit note (out_invoice, out_refund)"))
            return
        credit = flag or kind in CREDIT_TYPES
        amount = abs(_money(row["amount"]) or Decimal(0))
        if amount == 0:
            self.error(row, "amount", _("must not be zero"))
            return
        issued: date = row["issued_on"]
        due: date = row.get("due_on") or issued
        if not credit and due < issued:
            self.error(row, "due_on", _("before the issue date"))
            return
        account = self.account(row)
        if account is None:
            return
        if credit:
            self.credit_note(account, row, issued, amount)
        else:
            self.invoice(account, row, issued, due, amount)

    def invoice(
        self, account: Account, row: dict[str, Any], issued: date, due: date, amount: Decimal
    ) -> None:
        number = row["number"]
        values = {
            "kind": DueItem.Kind.INVOICE,
            "statement_date": issued,
            "due_date": due,
            "amount_due": amount,
        }
        item = DueItem.objects.filter(account=account, external_id=number).first()
        changed = item is not None and any(getattr(item, k) != v for k, v in values.items())
        if item is None or changed:
            DueItem.objects.update_or_create(account=account, external_id=number, defaults=values)
        self._count("invoices", item is None, changed)
        outstanding = _money(row.get("outstanding"))
        if self.settle and outstanding is not None:
            self.settlements.append((account, number, issued, amount - abs(outstanding)))

    def settle_all(self) -> None:
        """The ERP's outstanding counts its credit notes too: what it shows as settled less
        the credit notes against the invoice is what was paid."""
        for account, number, issued, settled in self.settlements:
            credited = sum(
                CreditNote.objects.filter(account=account, applies_to__external_id=number).values_list(
                    "amount", flat=True
                ),
                Decimal(0),
            )
            if settled - credited > 0:
                self._payment(account, f"ERP:{number}"[:64], issued, settled - credited, number)

    def credit_note(self, account: Account, row: dict[str, Any], issued: date, amount: Decimal) -> None:
        number = row["number"]
        against = row.get("against") or ""
        note = CreditNote.objects.filter(account=account, number=number).first()
        changed = note is not None and (note.issued_on, note.amount, note.reference) != (
            issued,
            amount,
            against,
        )
        if note is None or changed:
            build.credit_note(account, number, issued, amount, against)
        elif note.payment_id is None:
            payment_for(note)
        self._count("credit_notes", note is None, changed)

    def payment(self, row: dict[str, Any]) -> None:
        kind = (row.get("payment_type") or "").strip().lower()
        if kind and kind not in RECEIPT_TYPES:
            self.error(row, "payment_type", _("not money received from a customer (Receive, inbound)"))
            return
        amount = _money(row["amount"]) or Decimal(0)
        if amount <= 0:
            self.error(row, "amount", _("must be greater than zero"))
            return
        account = self.account(row)
        if account is None:
            return
        reference = ", ".join(r for r in (row.get("reference"), row.get("invoice")) if r)[:100]
        self._payment(account, row["number"], row["paid_on"], amount, reference)

    def _payment(self, account: Account, number: str, paid_on: date, amount: Decimal, reference: str) -> None:
        paid_at = datetime.combine(paid_on, time(12), tzinfo=self.zone)
        existing = Payment.objects.filter(account=account, external_id=number).first()
        changed = existing is not None and (
            existing.amount != amount or existing.paid_at != paid_at or existing.reference != reference
        )
        if existing is None or changed:
            build.payment(account, number, paid_on, amount, reference, channel="erp")
            Payment.objects.filter(account=account, external_id=number).update(paid_at=paid_at)
        self._count("payments", existing is None, changed)
