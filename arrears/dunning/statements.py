"""Statements of account: every open invoice of a customer (due or not), its open credits
and the net amount, as a PDF (WeasyPrint with Noto CJK, as letters: arrears.messaging.letters)
and as an email through the contact gate and the outbox.

- `issue_statement` renders the PDF on demand and records it (`Statement`, with its SHA-256);
- `email_statement` queues the `statement-of-account` template to the customer's own email
  (the text lists the invoices; the PDF, kept under ATTACHMENTS_DIR, is attached);
- `send_due_statements(on)` emails the customers whose schedule is due on `on` (monthly, on
  their day of the month), once a month each: what the nightly or `send_statements` calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.cases.models import Case
from arrears.dunning.core import Credit, Line
from arrears.dunning.levels import STATEMENT_SCRIPT
from arrears.dunning.models import Statement, StatementSchedule
from arrears.dunning.run import compose_for, recipient
from arrears.dunning.texts import credit_lines, invoice_lines, money
from arrears.messaging.actions import queue_draft
from arrears.messaging.letters import render_pdf, sha256
from arrears.messaging.models import Channel, Message
from arrears.portfolio.models import Debtor
from arrears.receivables.ledger import OpenCredit, OpenInvoice, open_credits, open_invoices
from arrears.scripts.context import creditor_values
from arrears.scripts.models import Script
from arrears.scripts.render import Localized

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Issued:
    statement: Statement
    pdf: bytes


def business_today() -> date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def _ledger(debtor: Debtor, on: date) -> tuple[str, list[OpenInvoice], list[OpenCredit]]:
    invoices = open_invoices([debtor.pk], on)
    credits = open_credits([debtor.pk], on)
    currency = (
        invoices[0].currency
        if invoices
        else (credits[0].currency if credits else debtor.creditor.default_currency)
    )
    return (
        currency,
        [i for i in invoices if i.currency == currency],
        [c for c in credits if c.currency == currency],
    )


def _setting(value: Any, language: str) -> str:
    if isinstance(value, Localized):
        return str(value.get(language) or "")
    return str(value or "")


def statement_html(debtor: Debtor, on: date, language: str) -> tuple[str, list[OpenInvoice], Decimal]:
    zh = language == "zh-hans"
    currency, invoices, credits = _ledger(debtor, on)
    settings = creditor_values(debtor.creditor)
    rows = []
    for i in invoices:
        note = ""
        if i.disputed:
            note = "异议核实中" if zh else "under review"
        elif i.expected_on is not None:
            note = f"预计{i.expected_on:%Y-%m-%d}付款" if zh else f"payment expected {i.expected_on:%Y-%m-%d}"
        rows.append(
            {
                "number": i.number,
                "issued_on": i.issued_on,
                "due_on": i.due_on,
                "days_overdue": i.days_overdue,
                "amount_text": money(i.amount, language, currency),
                "open_text": money(i.open_amount, language, currency),
                "note": note,
            }
        )
    open_total = sum((i.open_amount for i in invoices), ZERO)
    credit_total = sum((c.open_amount for c in credits), ZERO)
    credit_rows = [
        {
            "label": (
                ("贷项通知单" if zh else "Credit note ")
                if c.kind == "credit_note"
                else ("未核销收款" if zh else "Unapplied payment ")
            )
            + c.number,
            "issued_on": c.issued_on,
            "amount_text": money(c.open_amount, language, currency),
        }
        for c in credits
    ]
    html = render_to_string(
        "dunning/statement.html",
        {
            "zh": zh,
            "creditor": debtor.creditor.name,
            "customer": debtor,
            "on": on,
            "currency": currency,
            "invoices": rows,
            "open_total": money(open_total, language, currency),
            "credits": credit_rows,
            "credit_total": money(credit_total, language, currency),
            "net": money(max(open_total - credit_total, ZERO), language, currency),
            "dispute": _setting(settings.get("dispute_channel"), language) or ("我们" if zh else "us"),
            "phone": _setting(settings.get("callback_number"), language) or "—",
        },
    )
    return html, invoices, open_total


def issue_statement(
    debtor: Debtor, user: Any, *, language: str = "zh-hans", on: date | None = None
) -> Issued:
    """Render the customer's statement as of `on` (today) and record its issuance."""
    day = on or business_today()
    html, invoices, open_total = statement_html(debtor, day, language)
    pdf = render_pdf(html)
    statement = Statement.objects.create(
        debtor=debtor,
        on=day,
        language=language,
        sha256=sha256(pdf),
        invoices=len(invoices),
        open_total=open_total,
        created_by=user if getattr(user, "pk", None) else None,
    )
    return Issued(statement, pdf)


def statement_values(debtor: Debtor, on: date, language: str) -> dict[str, str]:
    currency, invoices, credits = _ledger(debtor, on)
    lines = [Line(i.number, i.due_on, i.open_amount, i.days_overdue, ZERO, i.amount) for i in invoices]
    own = [Credit(c.kind, c.number, c.open_amount) for c in credits]
    open_total = sum((i.open_amount for i in invoices), ZERO)
    credit_total = sum((c.open_amount for c in own), ZERO)
    return {
        "invoice_list": invoice_lines(lines, [], language, currency)
        or ("没有未付发票。" if language == "zh-hans" else "No open invoices."),
        "open_credits": credit_lines(own, language, currency),
        "dunning_fee": money(ZERO, language, currency),
        "dunning_interest": money(ZERO, language, currency),
        "dunning_total": money(max(open_total - credit_total, ZERO), language, currency),
        "currency": currency,
    }


def email_statement(
    debtor: Debtor, user: Any, *, language: str = "zh-hans", on: date | None = None
) -> Statement:
    """Queue the statement by email to the customer's own address (through the gate),
    record it with the PDF's fingerprint. Raises ValidationError when it cannot be sent."""
    day = on or business_today()
    case = Case.objects.filter(debtor=debtor, status=Case.Status.OPEN).order_by("-opened_on", "-pk").first()
    if case is None:
        raise ValidationError(_("The customer has no open case to send the statement from."))
    point = recipient(debtor, Channel.EMAIL)
    if point is None:
        raise ValidationError(_("The customer has no valid email address."))
    script = Script.objects.filter(key=STATEMENT_SCRIPT, language=language).first()
    if script is None or script.published_version() is None:
        raise ValidationError(_("The statement template is not published."))
    key = f"statement:{debtor.pk}:{day.isoformat()}"
    if Message.objects.filter(dedupe_key=key).exists():
        raise ValidationError(_("The statement was already emailed to this customer today."))
    draft = compose_for(case, script, point, statement_values(debtor, day, language), day)
    with transaction.atomic():
        # MessageRefused (the gate blocks it) is a ValidationError: the caller shows it.
        message: Message = queue_draft(
            case,
            draft,
            point,
            user if getattr(user, "pk", None) else None,
            template=script.key,
            dedupe_key=key,
        )
        issued = issue_statement(debtor, user, language=language, on=day)
        issued.statement.message = message
        issued.statement.save(update_fields=["message"])
        # The PDF goes with the email, as issued (its SHA-256 is on the statement).
        message.attachment = keep_attachment(issued, day, language)
        message.save(update_fields=["attachment"])
    return issued.statement


def keep_attachment(issued: Issued, day: date, language: str) -> str:
    """Write the statement's PDF under ATTACHMENTS_DIR; its path relative to it."""
    name = f"对账单-{day.isoformat()}.pdf" if language == "zh-hans" else f"statement-{day.isoformat()}.pdf"
    relative = Path("statements") / str(issued.statement.public_id) / name
    path = django_settings.ATTACHMENTS_DIR / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(issued.pdf)
    return str(relative)


def due_schedules(on: date) -> list[StatementSchedule]:
    """Monthly schedules whose day is `on`'s, not yet sent this month."""
    month_start = on.replace(day=1)
    return list(
        StatementSchedule.objects.filter(frequency=StatementSchedule.Frequency.MONTHLY, day_of_month=on.day)
        .exclude(last_sent_on__gte=month_start)
        .select_related("debtor", "debtor__creditor")
    )


def send_due_statements(on: date) -> dict[str, int]:
    counts = {"sent": 0, "not_sent": 0}
    for schedule in due_schedules(on):
        language = (
            schedule.debtor.preferred_language
            if schedule.debtor.preferred_language in ("zh-hans", "en")
            else "zh-hans"
        )
        try:
            email_statement(schedule.debtor, None, language=language, on=on)
        except ValidationError:
            counts["not_sent"] += 1
            continue
        schedule.last_sent_on = on
        schedule.save(update_fields=["last_sent_on"])
        counts["sent"] += 1
    return counts
