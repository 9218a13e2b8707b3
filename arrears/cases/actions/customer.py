"""A business customer's answers about its invoices, recorded from the case page (issue 19):
"the cheque is in the post" and "this invoice is wrong".

A cheque or transfer the customer says is on its way becomes an ExpectedPayment with a
promise due on its date for the open amount of the invoices it pays: the promise check then
puts the case in the collector's queue that day, and the open ExpectedPayment pauses those
invoices' dunning (arrears.receivables.ledger reads it). A disputed invoice becomes an
InvoiceDispute, which keeps it out of dunning and in the measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.access import is_lead
from arrears.cases.actions.common import User, _can_change, _local_date, _now, _text, _who
from arrears.cases.actions.promises import make_promise
from arrears.cases.models import Case
from arrears.receivables.ledger import OpenInvoice, open_invoices
from arrears.receivables.models import ExpectedPayment, InvoiceDispute


def require_case_collector(case: Case, user: User) -> None:
    """Only the case's own collector, or a lead over it, records what the customer said:
    a teammate who can see the case (a field collector, an agency) cannot."""
    if not (user is not None and (case.owner_id == getattr(user, "pk", None) or is_lead(user))):
        raise PermissionDenied("only the case's collector or a lead")


def _chosen(case: Case, numbers: Sequence[str], on: date) -> list[OpenInvoice]:
    """The customer's open invoices named in `numbers`; an unknown or settled one is an
    error on the invoices field."""
    open_by_number = {i.number: i for i in open_invoices([case.debtor_id], on)}
    missing = [n for n in numbers if n not in open_by_number]
    if not numbers or missing:
        raise ValidationError({"invoices": _("Choose one or more of the customer's open invoices.")})
    return [open_by_number[n] for n in numbers]


@transaction.atomic
def record_payment_sent(
    case: Case,
    user: User,
    *,
    invoices: Sequence[str],
    method: str,
    reference_number: str,
    bank: str,
    expected_on: date,
    note: str = "",
    at: datetime | None = None,
) -> ExpectedPayment:
    """The customer says a cheque or transfer is on its way: an ExpectedPayment for the
    chosen invoices and a promise due `expected_on` for their open amount."""
    _can_change(user)
    require_case_collector(case, user)
    at = _now(at)
    today = _local_date(at)
    if method not in ExpectedPayment.Method.values:
        raise ValidationError({"method": _("Choose a cheque or a bank transfer.")})
    reference_number = _text(reference_number, max_length=64, label=_("The cheque or transfer number"))
    bank = _text(bank, max_length=100, label=_("The bank"))
    note = _text(note, max_length=500, label=_("The note"))
    chosen = _chosen(case, invoices, today)
    if len({i.currency for i in chosen}) > 1:
        raise ValidationError({"invoices": _("Choose invoices in one currency.")})
    amount = sum((i.open_amount for i in chosen), Decimal(0))
    method_label = ExpectedPayment.Method(method).label
    numbers = ", ".join(i.number for i in chosen)
    # The promise's evidence carries what the customer said, in the collector's words.
    said = _("%(method)s no. %(number)s, %(bank)s, for invoices %(invoices)s") % {
        "method": method_label,
        "number": reference_number or "—",
        "bank": bank or "—",
        "invoices": numbers,
    }
    try:
        promise = make_promise(
            case,
            user,
            amount=amount,
            due_on=expected_on,
            channel=str(method_label),
            at=at,
            note=f"{said}\n{note}".strip(),
        )
    except ValidationError as exc:
        # The promise's rules speak of its date: here that is the expected date.
        if hasattr(exc, "error_dict") and "due_on" in exc.error_dict:
            raise ValidationError({"expected_on": exc.message_dict["due_on"]}) from None
        raise
    expected = ExpectedPayment.objects.create(
        debtor=case.debtor,
        method=method,
        reference_number=reference_number,
        bank=bank,
        amount=amount,
        expected_on=expected_on,
        recorded_by=_who(user),
        promise=promise,
        note=note,
    )
    expected.due_items.set([i.due_item_id for i in chosen])
    return expected


@transaction.atomic
def record_invoice_dispute(
    case: Case,
    user: User,
    *,
    invoices: Sequence[str],
    lines: str,
    reason: str,
    explanation: str = "",
    at: datetime | None = None,
) -> list[InvoiceDispute]:
    """The customer disputes invoices (which lines, why): one InvoiceDispute per invoice,
    and the evidence of it on the case."""
    _can_change(user)
    require_case_collector(case, user)
    at = _now(at)
    today = _local_date(at)
    if reason not in InvoiceDispute.Reason.values:
        raise ValidationError({"reason": _("Choose why the invoice is disputed.")})
    lines = _text(lines, max_length=500, label=_("Which lines"))
    explanation = _text(explanation, max_length=2000, label=_("Why"))
    chosen = _chosen(case, invoices, today)
    already = [i.number for i in chosen if i.disputed]
    if already:
        raise ValidationError(
            {"invoices": _("Already disputed: %(numbers)s.") % {"numbers": ", ".join(already)}}
        )
    disputes = [
        InvoiceDispute.objects.create(
            due_item_id=i.due_item_id,
            lines=lines,
            reason=reason,
            explanation=explanation,
            opened_on=today,
            opened_by=_who(user),
        )
        for i in chosen
    ]
    evidence.append(
        case,
        Kind.DISPUTE_OPENED,
        actor=user,
        at=at,
        note=explanation,
        data={
            "invoices": [i.number for i in chosen],
            "lines": lines,
            "reason": reason,
            "amount": str(sum((i.open_amount for i in chosen), Decimal(0))),
        },
    )
    return disputes
