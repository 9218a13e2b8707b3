"""Statements of account: the PDF's text, the email through the outbox, the schedule."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from decimal import Decimal
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
import time_machine
from pypdf import PdfReader

from arrears.dunning.levels import seed_templates
from arrears.dunning.models import Statement, StatementSchedule
from arrears.dunning.statements import email_statement, issue_statement, send_due_statements
from arrears.dunning.tests.world import ON, add_customer, build_b2b
from arrears.messaging.models import Message
from arrears.messaging.sender import send_due
from arrears.portfolio.models import DueItem, Payment
from arrears.receivables.models import InvoiceDispute
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import client_for, local

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def customer():
    b2b = build_b2b()
    debtor = add_customer(b2b, 7, [("INV-7A", 40, D("1200.00")), ("INV-7B", -10, D("800.00"))])
    Payment.objects.create(
        account=debtor.accounts.get(),
        external_id="P7",
        amount=D("200.00"),
        paid_at=local(ON - timedelta(days=2)),
        reference="INV-7A",
    )
    InvoiceDispute.objects.create(
        due_item=DueItem.objects.get(external_id="INV-7B"), explanation="price", opened_on=ON
    )
    run_nightly(ON)
    return b2b, debtor


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_lists_every_open_invoice_due_or_not_with_the_net_amount(customer) -> None:
    _b2b, debtor = customer
    issued = issue_statement(debtor, None, language="zh-hans", on=ON)
    text = _text(issued.pdf)
    assert "对账单" in text and debtor.name in text
    assert "INV-7A" in text and "INV-7B" in text
    assert "¥1,000.00" in text  # 1,200 less the 200 paid
    assert "异议核实中" in text
    assert "¥1,800.00" in text  # the net: 1,000 + 800
    assert issued.statement.open_total == D("1800.00") and len(issued.statement.sha256) == 64


def test_the_english_pdf_speaks_english(customer) -> None:
    _b2b, debtor = customer
    text = _text(issue_statement(debtor, None, language="en", on=ON).pdf)
    assert "Statement of account" in text and "CNY 1,800.00" in text


def test_a_monthly_schedule_emails_the_statement_once_on_its_day(customer) -> None:
    _b2b, debtor = customer
    seed_templates()
    StatementSchedule.objects.create(debtor=debtor, frequency="monthly", day_of_month=ON.day)
    with time_machine.travel(local(ON, 10), tick=False):
        assert send_due_statements(ON) == {"sent": 1, "not_sent": 0}
        assert send_due_statements(ON) == {"sent": 0, "not_sent": 0}
    message = Message.objects.get(dedupe_key__startswith="statement:")
    assert message.channel == "email" and "INV-7A" in message.body and "¥1,800.00" in message.body
    assert Statement.objects.get(debtor=debtor).message == message


def test_the_emailed_statement_carries_its_pdf_over_smtp(customer, smtp) -> None:
    _b2b, debtor = customer
    seed_templates()
    with time_machine.travel(local(ON, 10), tick=False):
        statement = email_statement(debtor, None, language="zh-hans", on=ON)
        assert [r.outcome for r in send_due()] == ["sent"]
    [envelope] = smtp.envelopes
    parts = [p for p in message_from_bytes(envelope.content).walk() if p.get_filename()]
    assert [str(make_header(decode_header(p.get_filename() or ""))) for p in parts] == [f"对账单-{ON}.pdf"]
    pdf = parts[0].get_payload(decode=True)
    assert isinstance(pdf, bytes)
    # The very PDF the statement records, and it reads as the customer's statement.
    assert hashlib.sha256(pdf).hexdigest() == statement.sha256
    assert "INV-7A" in _text(pdf)


def test_a_statement_whose_pdf_is_gone_fails_instead_of_going_out_without_it(
    customer, smtp, settings
) -> None:
    _b2b, debtor = customer
    seed_templates()
    with time_machine.travel(local(ON, 10), tick=False):
        email_statement(debtor, None, language="en", on=ON)
        message = Message.objects.get(dedupe_key__startswith="statement:")
        (settings.ATTACHMENTS_DIR / message.attachment).unlink()
        assert [r.outcome for r in send_due()] == ["failed"]
    assert smtp.envelopes == []
    message.refresh_from_db()
    assert message.status == "failed"


def test_the_case_page_downloads_the_pdf(customer) -> None:
    b2b, debtor = customer
    answer = client_for(b2b.collector).post(
        f"/customers/{debtor.public_id}/statement/", {"language": "zh-hans", "send": "download"}
    )
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert "INV-7A" in _text(answer.content)
    assert (
        client_for(b2b.outsider)
        .post(f"/customers/{debtor.public_id}/statement/", {"language": "zh-hans", "send": "download"})
        .status_code
        == 404
    )
