"""The receivables ledger as other apps read it (dunning, the case page's customer panel,
statements): a customer's open invoices and open credits on a date.

Computed afresh from the rows on every call (arrears.receivables.allocation.allocate over
the invoices, payments and credit notes dated on or before `on`), so it never depends on
when the allocation was last written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from arrears.cases.models import Promise
from arrears.portfolio.models import Account
from arrears.receivables.allocation import Result, allocate, inputs_of
from arrears.receivables.models import CreditNote, ExpectedPayment, InvoiceDispute

ZERO = Decimal(0)


@dataclass(frozen=True)
class OpenInvoice:
    due_item_id: int
    account_id: int
    debtor_id: int
    number: str
    issued_on: date | None
    due_on: date
    currency: str
    amount: Decimal
    open_amount: Decimal
    days_overdue: int
    disputed: bool  # an open InvoiceDispute on it
    expected_on: date | None  # the earliest open ExpectedPayment covering it


@dataclass(frozen=True)
class OpenCredit:
    kind: str  # "credit_note" | "unapplied_cash"
    number: str
    account_id: int
    debtor_id: int
    currency: str
    issued_on: date
    open_amount: Decimal


def _accounts(debtor_ids: Sequence[int]) -> list[Account]:
    return list(
        Account.objects.filter(debtor_id__in=list(debtor_ids), product=Account.Product.INVOICE)
        .select_related("creditor")
        .order_by("debtor_id", "currency", "id")
    )


def _results(debtor_ids: Sequence[int], on: date) -> list[tuple[Account, Result, dict, dict, dict]]:
    out = []
    accounts = _accounts(debtor_ids)
    inputs = inputs_of(accounts, on)
    for account in accounts:
        invoices, cash, credits, items, notes = inputs[account.id]
        out.append((account, allocate(invoices, cash, credits), items, notes, {c.key: c for c in cash}))
    return out


def open_invoices(debtor_ids: Sequence[int], on: date) -> list[OpenInvoice]:
    """Every invoice with something left to pay on `on` (due or not yet due), per debtor,
    oldest due first."""
    return _invoices(_results(debtor_ids, on), on)


def open_credits(debtor_ids: Sequence[int], on: date) -> list[OpenCredit]:
    """Credit notes not used up by invoices, and unapplied cash, on `on`."""
    return _credits(_results(debtor_ids, on))


def open_items(debtor_ids: Sequence[int], on: date) -> tuple[list[OpenInvoice], list[OpenCredit]]:
    """Both lists, computing the allocation once."""
    results = _results(debtor_ids, on)
    return _invoices(results, on), _credits(results)


def _invoices(results: list[tuple[Account, Result, dict, dict, dict]], on: date) -> list[OpenInvoice]:
    rows = []
    for account, result, items, _notes, _cash in results:
        for key, open_amount in result.open_amounts.items():
            if open_amount > 0:
                rows.append((account, items[key], open_amount))
    ids = [item.id for _a, item, _o in rows]
    disputed = set(
        InvoiceDispute.objects.filter(due_item_id__in=ids, opened_on__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .values_list("due_item_id", flat=True)
    )
    expected: dict[int, date] = {}
    for item_id, expected_on in ExpectedPayment.objects.filter(
        due_items__in=ids, status=ExpectedPayment.Status.OPEN
    ).values_list("due_items", "expected_on"):
        if item_id not in expected or expected_on < expected[item_id]:
            expected[item_id] = expected_on
    out = [
        OpenInvoice(
            due_item_id=item.id,
            account_id=account.id,
            debtor_id=account.debtor_id,
            number=item.external_id,
            issued_on=item.statement_date,
            due_on=item.due_date,
            currency=account.currency,
            amount=item.amount_due,
            open_amount=open_amount,
            days_overdue=max((on - item.due_date).days, 0),
            disputed=item.id in disputed,
            expected_on=expected.get(item.id),
        )
        for account, item, open_amount in rows
    ]
    out.sort(key=lambda i: (i.debtor_id, i.due_on, i.number))
    return out


def _credits(results: list[tuple[Account, Result, dict, dict, dict]]) -> list[OpenCredit]:
    out = []
    for account, result, _items, notes, cash in results:
        for key, amount in result.open_credit_notes.items():
            note: CreditNote = notes[key]
            out.append(
                OpenCredit(
                    "credit_note",
                    note.number,
                    account.id,
                    account.debtor_id,
                    account.currency,
                    note.issued_on,
                    amount,
                )
            )
        for key, amount in result.unapplied_cash.items():
            payment = cash[key]
            out.append(
                OpenCredit(
                    "unapplied_cash",
                    payment.number,
                    account.id,
                    account.debtor_id,
                    account.currency,
                    payment.paid_on,
                    amount,
                )
            )
    out.sort(key=lambda c: (c.debtor_id, c.issued_on, c.number))
    return out


def settle_expected_payments() -> dict[str, int]:
    """Close the expected payments whose promise the nightly has judged: a kept (or partly
    kept) promise means the cheque or transfer arrived, a broken one that it did not. Until
    then an expected payment stays open and pauses dunning of its invoices up to its date;
    afterwards the remaining balance is dunned as usual. Set-based, so any day's run may call
    it. Returns how many moved to each status."""
    open_ = ExpectedPayment.objects.filter(status=ExpectedPayment.Status.OPEN)
    arrived = open_.filter(promise__status__in=[Promise.Status.KEPT, Promise.Status.PARTLY_KEPT]).update(
        status=ExpectedPayment.Status.ARRIVED
    )
    missed = open_.filter(promise__status=Promise.Status.BROKEN).update(status=ExpectedPayment.Status.MISSED)
    return {"arrived": arrived, "missed": missed}
