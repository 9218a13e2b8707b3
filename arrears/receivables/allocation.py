"""Applying payments and credit notes to invoices. docs/receivables.md, "Allocation".

The rule (`allocate`, pure):

1. Reversed payments pay nothing; a credit note's mirror payment (see models) is not cash.
2. First pass, by reference, in date order (credit notes before payments on the same day):
   a credit note goes to the invoice it names (`applies_to`, else its reference); a payment
   to the invoices its reference names (arrears.receivables.matching), oldest due first;
   each invoice takes at most its open amount.
3. Second pass, what is left of each credit note and payment, in the same order, goes to the
   open invoices oldest due first (ties: invoice number), whatever their issue date, as the
   aging pools payments (arrears.portfolio.aging).
4. What is left after that is an open credit: unapplied cash for a payment, an open credit
   note for a credit note.

The result depends only on the rows, so running it again changes nothing; a reversed
payment's allocations vanish on the next run (`allocate_account`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from arrears.portfolio.models import Account, DueItem, Payment
from arrears.receivables.matching import Matcher
from arrears.receivables.models import Allocation, CreditNote, UnappliedCash

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Invoice:
    key: int
    number: str
    due_on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Cash:
    key: int
    paid_on: date
    amount: Decimal
    reference: str = ""
    number: str = ""  # the payment's own id in the ERP or bank file


@dataclass(frozen=True, slots=True)
class Credit:
    key: int
    issued_on: date
    amount: Decimal
    reference: str = ""
    applies_to: int | None = None


@dataclass(frozen=True, slots=True)
class Applied:
    invoice: int
    source: str  # "payment" | "credit_note"
    source_key: int
    amount: Decimal
    method: str  # Allocation.Method values
    applied_on: date


@dataclass
class Result:
    applied: list[Applied] = field(default_factory=list)
    open_amounts: dict[int, Decimal] = field(default_factory=dict)
    unapplied_cash: dict[int, Decimal] = field(default_factory=dict)
    open_credit_notes: dict[int, Decimal] = field(default_factory=dict)


def allocate(invoices: Sequence[Invoice], payments: Sequence[Cash], credits: Sequence[Credit]) -> Result:
    ordered = sorted(invoices, key=lambda i: (i.due_on, i.number, i.key))
    open_amounts = {i.key: max(i.amount, ZERO) for i in ordered}
    by_number = {i.number: i.key for i in ordered}
    matcher = Matcher(by_number)
    result = Result()

    # (date, 0 for credit notes / 1 for payments, key): the order of both passes.
    sources: list[tuple[date, int, int, Decimal, list[int]]] = []
    for credit in credits:
        named: list[int] = []
        if credit.applies_to is not None and credit.applies_to in open_amounts:
            named = [credit.applies_to]
        elif credit.reference:
            named = [by_number[n] for n in matcher.named_in(credit.reference)]
        sources.append((credit.issued_on, 0, credit.key, credit.amount, named))
    for cash in payments:
        named = [by_number[n] for n in matcher.named_in(cash.reference)] if cash.reference else []
        sources.append((cash.paid_on, 1, cash.key, cash.amount, named))
    sources.sort(key=lambda s: (s[0], s[1], s[2]))
    rank = {i.key: n for n, i in enumerate(ordered)}

    left: dict[tuple[int, int], Decimal] = {}

    def spend(source: tuple[date, int, int, Decimal, list[int]], targets: list[int], method: str) -> None:
        on, kind, key, _amount, _named = source
        for invoice in targets:
            rest = left[(kind, key)]
            if rest <= 0:
                return
            take = min(rest, open_amounts[invoice])
            if take <= 0:
                continue
            open_amounts[invoice] -= take
            left[(kind, key)] = rest - take
            result.applied.append(
                Applied(
                    invoice,
                    "credit_note" if kind == 0 else "payment",
                    key,
                    take,
                    Allocation.Method.CREDIT_NOTE if kind == 0 else method,
                    on,
                )
            )

    for source in sources:
        left[(source[1], source[2])] = max(source[3], ZERO)
        spend(source, sorted(source[4], key=rank.__getitem__), Allocation.Method.REFERENCE)
    everything = [i.key for i in ordered]
    for source in sources:
        spend(source, everything, Allocation.Method.OLDEST)

    for (kind, key), rest in left.items():
        if rest > 0:
            (result.open_credit_notes if kind == 0 else result.unapplied_cash)[key] = rest
    result.open_amounts = open_amounts
    return result


# --- Reading and writing an account's rows ---------------------------------------------


Inputs = tuple[list[Invoice], list[Cash], list[Credit], dict[int, DueItem], dict[int, CreditNote]]


def account_inputs(account: Account, on: date | None = None) -> Inputs:
    """The account's invoices, cash and credit notes as `allocate` reads them; with `on`,
    only those issued, paid or credited on or before it."""
    return inputs_of([account], on)[account.id]


def inputs_of(accounts: Sequence[Account], on: date | None = None) -> dict[int, Inputs]:
    """`account_inputs` of many accounts in three queries."""
    ids = [a.id for a in accounts]
    items: dict[int, dict[int, DueItem]] = {i: {} for i in ids}
    for item in DueItem.objects.filter(account_id__in=ids, kind=DueItem.Kind.INVOICE):
        items[item.account_id][item.id] = item
    notes: dict[int, dict[int, CreditNote]] = {i: {} for i in ids}
    for note in CreditNote.objects.filter(account_id__in=ids):
        notes[note.account_id][note.id] = note
    mirrors = {n.payment_id for by_id in notes.values() for n in by_id.values() if n.payment_id is not None}
    payments: dict[int, list[Payment]] = {i: [] for i in ids}
    for p in Payment.objects.filter(account_id__in=ids, reversed_on__isnull=True):
        if p.id not in mirrors:
            payments[p.account_id].append(p)
    out: dict[int, Inputs] = {}
    for account in accounts:
        zone = ZoneInfo(account.creditor.default_time_zone)
        invoices = [
            Invoice(d.id, d.external_id, d.due_date, d.amount_due)
            for d in items[account.id].values()
            if on is None or d.statement_date is None or d.statement_date <= on
        ]
        cash = []
        for p in payments[account.id]:
            paid_on = p.paid_at.astimezone(zone).date()
            if on is None or paid_on <= on:
                cash.append(Cash(p.id, paid_on, p.amount, p.reference, p.external_id))
        credits = [
            Credit(n.id, n.issued_on, n.amount, n.reference, n.applies_to_id)
            for n in notes[account.id].values()
            if on is None or n.issued_on <= on
        ]
        out[account.id] = (invoices, cash, credits, items[account.id], notes[account.id])
    return out


def allocate_account(account: Account) -> Result:
    """Rewrite the account's allocations and unapplied cash from its rows (idempotent)."""
    return _rewrite([account])[account.id]


def allocate_accounts(accounts: Sequence[Account] | None = None) -> int:
    """Allocate every invoice account given (all of them by default); returns the count."""
    if accounts is None:
        accounts = list(Account.objects.filter(product=Account.Product.INVOICE).select_related("creditor"))
    for start in range(0, len(accounts), 500):
        _rewrite(accounts[start : start + 500])
    return len(accounts)


@transaction.atomic
def _rewrite(accounts: Sequence[Account]) -> dict[int, Result]:
    inputs = inputs_of(accounts)
    results = {}
    allocations, unapplied = [], []
    for account in accounts:
        invoices, cash, credits, _items, _notes = inputs[account.id]
        result = results[account.id] = allocate(invoices, cash, credits)
        allocations += [
            Allocation(
                account=account,
                due_item_id=a.invoice,
                payment_id=a.source_key if a.source == "payment" else None,
                credit_note_id=a.source_key if a.source == "credit_note" else None,
                amount=a.amount,
                method=a.method,
                applied_on=a.applied_on,
            )
            for a in result.applied
        ]
        unapplied += [
            UnappliedCash(account=account, payment_id=key, amount=amount)
            for key, amount in result.unapplied_cash.items()
        ]
    Allocation.objects.filter(account__in=accounts).delete()
    UnappliedCash.objects.filter(account__in=accounts).delete()
    Allocation.objects.bulk_create(allocations, batch_size=1000)
    UnappliedCash.objects.bulk_create(unapplied, batch_size=1000)
    return results


def payment_for(note: CreditNote) -> Payment:
    """The credit note's mirror payment, made or refreshed (see arrears.receivables.models)."""
    from datetime import datetime, time

    from arrears.receivables.models import CREDIT_NOTE_CHANNEL

    zone = ZoneInfo(note.account.creditor.default_time_zone)
    paid_at = datetime.combine(note.issued_on, time(12), tzinfo=zone)
    payment, _ = Payment.objects.update_or_create(
        account=note.account,
        external_id=f"CN:{note.number}"[:64],
        defaults={
            "amount": note.amount,
            "paid_at": paid_at,
            "channel": CREDIT_NOTE_CHANNEL,
            "reference": note.reference,
        },
    )
    if note.payment_id != payment.id:
        note.payment = payment
        note.save(update_fields=["payment"])
    return payment
