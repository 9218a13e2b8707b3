"""Writing a customer's ledger one row at a time: the demo, the imports' tests and other
apps' tests use these rather than spelling the conventions out (docs/receivables.md).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from arrears.portfolio.models import Account, Creditor, Debtor, DueItem, Payment
from arrears.receivables.allocation import payment_for
from arrears.receivables.models import CreditNote, CustomerProfile


def customer(
    creditor: Creditor,
    external_id: str,
    name: str,
    *,
    registration_no: str = "",
    currency: str | None = None,
    **profile: object,
) -> Account:
    """The company debtor `external_id` of `creditor`, its profile (fields of
    CustomerProfile as keywords) and its invoice account in `currency` (default: the
    creditor's), made or found."""
    debtor, _ = Debtor.objects.get_or_create(
        creditor=creditor,
        external_id=external_id,
        defaults={"kind": Debtor.Kind.COMPANY, "name": name, "national_id": registration_no},
    )
    CustomerProfile.objects.update_or_create(debtor=debtor, defaults=profile)
    currency = currency or creditor.default_currency
    account, _ = Account.objects.get_or_create(
        creditor=creditor,
        external_id=f"{external_id}-{currency}",
        defaults={
            "debtor": debtor,
            "product": Account.Product.INVOICE,
            "currency": currency,
            "status": Account.Status.OPEN,
        },
    )
    return account


def invoice(account: Account, number: str, issued_on: date, due_on: date, amount: Decimal | str) -> DueItem:
    item, _ = DueItem.objects.update_or_create(
        account=account,
        external_id=number,
        defaults={
            "kind": DueItem.Kind.INVOICE,
            "statement_date": issued_on,
            "due_date": due_on,
            "amount_due": Decimal(amount),
        },
    )
    return item


def payment(
    account: Account,
    external_id: str,
    paid_on: date,
    amount: Decimal | str,
    reference: str = "",
    *,
    channel: str = "transfer",
) -> Payment:
    zone = ZoneInfo(account.creditor.default_time_zone)
    row, _ = Payment.objects.update_or_create(
        account=account,
        external_id=external_id,
        defaults={
            "amount": Decimal(amount),
            "paid_at": datetime.combine(paid_on, time(10), tzinfo=zone),
            "reference": reference,
            "channel": channel,
        },
    )
    return row


def credit_note(
    account: Account,
    number: str,
    issued_on: date,
    amount: Decimal | str,
    reference: str = "",
    *,
    reason: str = "",
) -> CreditNote:
    """The credit note and its mirror payment (so the aging counts it as a credit)."""
    applies_to = (
        DueItem.objects.filter(account=account, external_id=reference.strip()).first() if reference else None
    )
    note, _ = CreditNote.objects.update_or_create(
        account=account,
        number=number,
        defaults={
            "issued_on": issued_on,
            "amount": Decimal(amount),
            "reference": reference,
            "applies_to": applies_to,
            "reason": reason,
        },
    )
    payment_for(note)
    return note
