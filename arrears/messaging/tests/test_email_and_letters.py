"""Email over real SMTP (a local aiosmtpd server) and letters as PDFs in the day's batch."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from pypdf import PdfReader

from arrears.activity.models import Event, Kind
from arrears.messaging import actions
from arrears.messaging.models import Message, PrintBatch, Status
from arrears.messaging.sender import send_due
from arrears.messaging.tests.world import make_debtor, make_world
from arrears.testing.smtp import free_port

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2026, 3, 3, 10, 0, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_an_email_goes_out_over_smtp_with_its_subject_and_a_message_id_from_its_key(smtp):
    with time_machine.travel(MORNING, tick=True):
        w = make_world()
        message = actions.queue_message(
            w.case, w.collector, script=w.script("email-reminder"), contact_point=w.email
        )
        assert [r.outcome for r in send_due()] == ["sent"]
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["zhang1@example.com"]
    mail = message_from_bytes(envelope.content)
    assert str(make_header(decode_header(mail["Subject"]))) == "示例银行还款提醒：账户622200000001"
    assert mail["Message-ID"] == f"<{message.idempotency_key}@bank.example>"
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode("utf-8")
    assert "张1您好" in body and "¥1,234.56" in body and "95555" in body
    message.refresh_from_db()
    assert (message.status, message.provider_id) == (Status.SENT, mail["Message-ID"])
    assert Event.objects.get(case=w.case, kind=Kind.CONTACT).data["subject"] == message.subject


@pytest.mark.django_db
def test_an_smtp_server_that_is_down_means_a_retry_not_a_lost_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with time_machine.travel(MORNING, tick=True):
        w = make_world()
        actions.queue_message(w.case, w.collector, script=w.script("email-reminder"), contact_point=w.email)
        assert [r.outcome for r in send_due()] == ["retry"]
    assert Message.objects.get().status == Status.QUEUED


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.django_db
def test_a_chinese_letter_renders_its_characters_and_the_day_batch_has_each_letter_behind_its_address(
    settings,
):
    day = date(2026, 3, 3)
    with time_machine.travel(MORNING, tick=True):
        w = make_world()
        _d2, p2, c2 = make_debtor(w.creditor, w.team, w.collector, 2, on=day)
        address2 = p2.contact_points.create(
            kind="address", value="北京市朝阳区建国路88号", address_kind="home", source="application"
        )
        first = actions.queue_message(
            w.case, w.collector, script=w.script("letter-arrears-notice"), contact_point=w.address
        )
        second = actions.queue_message(
            c2, w.collector, script=w.script("letter-arrears-notice"), contact_point=address2
        )
        call_command("print_letters", "--date", "2026-03-03", verbosity=0)
        call_command("print_letters", "--date", "2026-03-03", verbosity=0)  # again: the same batch
    batch = PrintBatch.objects.get(day=day)
    assert (batch.letters, batch.pages) == (2, 4)
    for message, name, address in (
        (first, "张1", "上海市黄浦区南京东路100号"),
        (second, "张2", "北京市朝阳区建国路88号"),
    ):
        message.refresh_from_db()
        assert (message.status, message.batch) == (Status.SENT, batch)
        own = (
            settings.LETTERS_DIR / "2026-03-03" / "letters" / f"{message.idempotency_key}.pdf"
        ).read_bytes()
        import hashlib

        assert hashlib.sha256(own).hexdigest() == message.pdf_sha256
        [text] = pdf_text(own)
        flat = text.replace("\n", "").replace(" ", "")
        assert f"{name}：" in flat and address in flat and "逾期12天" in flat and "¥1,234.56" in flat
        assert "示例银行" in flat and "95555" in flat and "（盖章）" in flat
        event = Event.objects.get(case=message.case, kind=Kind.CONTACT)
        assert (event.channel, event.data["pdf_sha256"]) == ("letter", message.pdf_sha256)
    pages = [p.replace("\n", "").replace(" ", "") for p in pdf_text(Path(batch.path).read_bytes())]
    # Address sheet, then its letter, for each letter in turn.
    assert "张1" in pages[0] and "上海市黄浦区南京东路100号" in pages[0] and "1/2" in pages[0]
    assert pages[1].startswith("张1") and "逾期12天" in pages[1]
    assert "张2" in pages[2] and "北京市朝阳区建国路88号" in pages[2] and "2/2" in pages[2]
    assert pages[3].startswith("张2")
    manifest_path = Path(batch.path.replace("print-", "manifest-").replace(".pdf", ".csv"))
    manifest = list(csv.reader(io.StringIO(manifest_path.read_text(encoding="utf-8-sig"))))
    assert [row[2] for row in manifest[1:]] == ["张1", "张2"] and manifest[1][5] == first.pdf_sha256


@pytest.mark.django_db
def test_only_administrators_and_compliance_download_the_print_file(client):
    from arrears.core.models import Role
    from arrears.messaging.tests.world import user

    with time_machine.travel(MORNING, tick=True):
        w = make_world()
        actions.queue_message(
            w.case, w.collector, script=w.script("letter-arrears-notice"), contact_point=w.address
        )
        call_command("print_letters", "--date", "2026-03-03", verbosity=0)
    client.force_login(w.lead)
    assert client.get("/messages/letters/2026-03-03/").status_code == 403
    client.force_login(user("admin-m", Role.ADMIN, None))
    r = client.get("/messages/letters/2026-03-03/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    assert client.get("/messages/letters/2026-13-03/").status_code == 404
