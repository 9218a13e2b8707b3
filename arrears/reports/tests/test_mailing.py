"""Dashboards by email over real SMTP (a local aiosmtpd server): who gets what, when, in
which language, with every table in an XLSX attachment whose cells never run as formulas."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from arrears.cases.models import Case
from arrears.core.models import Role
from arrears.reports.flows import write_flows
from arrears.reports.metrics import keys
from arrears.reports.models import Subscription
from arrears.reports.snapshot import write_states
from arrears.testing.personas import add_debtor, build_world, local, make_user, pay
from arrears.testing.smtp import free_port

pytestmark = pytest.mark.django_db

WEDNESDAY, MONDAY = date(2026, 3, 4), date(2026, 3, 9)


@pytest.fixture
def department():
    world = build_world(1, team_name='=HYPERLINK("http://x") <script>alert(1)</script>')
    for n in range(1, 4):
        debtor = add_debtor(world, n)
        pay(debtor, Decimal("250.00"), local(date(2026, 3, 3), 11), f"P{n}")
        Case.objects.create(
            debtor=debtor, team=world.team, owner=world.collectors[0], opened_on=date(2026, 3, 1)
        )
    write_states(date(2026, 3, 2))  # the night before the reported day
    write_flows(date(2026, 3, 1), date(2026, 3, 8))
    manager = make_user("manager", Role.MANAGER, None, language="zh-hans")
    lead = make_user("lead", Role.TEAM_LEAD, world.team, language="en")
    for user, address in ((manager, "manager@bank.example"), (lead, "lead@bank.example")):
        user.email = address
        user.save()
    return world, manager, lead


def _mail(envelope):
    mail = message_from_bytes(envelope.content)
    subject = str(make_header(decode_header(mail["Subject"])))
    parts = {p.get_content_type(): p for p in mail.walk() if not p.is_multipart()}
    return subject, parts


def test_a_daily_report_in_the_readers_language_with_every_table_attached(smtp, department):
    world, manager, _lead = department
    Subscription.objects.create(user=manager, dashboard="manager", frequency="daily", creditor=world.creditor)
    call_command("send_reports", date=WEDNESDAY.isoformat(), verbosity=0)
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["manager@bank.example"]
    subject, parts = _mail(envelope)
    assert "2026-03-03" in subject and "报表" in subject  # yesterday, in Chinese
    html = parts["text/html"].get_payload(decode=True).decode()
    assert "按日回款" in html and "750.00" in html  # yesterday's three payments
    assert "<script>" not in html and "&lt;script&gt;" in html
    book = load_workbook(
        io.BytesIO(
            parts["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"].get_payload(
                decode=True
            )
        )
    )
    assert len(book.sheetnames) == len(keys("manager"))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    team_cells = [v for v in cells if isinstance(v, str) and "HYPERLINK" in v]
    assert team_cells and all(v.startswith("'") for v in team_cells)
    # The same day again: nothing twice.
    call_command("send_reports", date=WEDNESDAY.isoformat(), verbosity=0)
    assert len(smtp.envelopes) == 1


def test_weekly_goes_on_mondays_over_the_week_and_only_to_who_may_see_it(smtp, department):
    _world, _manager, lead = department
    Subscription.objects.create(user=lead, dashboard="team", frequency="weekly")
    # A lead who subscribed to the manager's dashboard (or was demoted since): refused.
    Subscription.objects.create(user=lead, dashboard="manager", frequency="weekly")
    call_command("send_reports", date=WEDNESDAY.isoformat(), verbosity=0)
    assert smtp.envelopes == []
    call_command("send_reports", date=MONDAY.isoformat(), verbosity=0)
    [envelope] = smtp.envelopes
    subject, _parts = _mail(envelope)
    assert subject == "Arrears Team report, 2026-03-02 to 2026-03-08"
    assert Subscription.objects.get(dashboard="manager").last_sent_on is None


def test_a_mail_server_that_is_down_means_a_retry_not_a_lost_report(settings, department):
    _world, manager, _lead = department
    subscription = Subscription.objects.create(user=manager, dashboard="manager", frequency="daily")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with pytest.raises(CommandError):
        call_command("send_reports", date=WEDNESDAY.isoformat(), verbosity=0)
    subscription.refresh_from_db()
    assert subscription.last_sent_on is None
