"""The outbox's send path with the file SMS provider: the gate at the moment of sending,
evidence, retries and leases."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from arrears.activity.actions import verify_case
from arrears.activity.models import Event, Kind
from arrears.messaging import actions
from arrears.messaging.models import Message, Status
from arrears.messaging.outbox import claim
from arrears.messaging.providers import Outgoing, TransientError
from arrears.messaging.sender import Providers, send_due
from arrears.messaging.sending import outgoing
from arrears.messaging.tests.world import make_world

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def sms_files(settings) -> list[dict]:
    folder = settings.SMS_DIR
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


@pytest.mark.django_db
def test_a_message_queued_at_2130_in_china_is_sent_at_0800_the_next_day_not_before(settings):
    with time_machine.travel(at(2026, 3, 3, 21, 30), tick=False):
        w = make_world()
        message = actions.queue_message(
            w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.phone
        )
    # The sender gets to it after 22:00: the gate, asked again now, blocks it (CN-TIME-01).
    with time_machine.travel(at(2026, 3, 3, 22, 0, 30), tick=False):
        assert [r.outcome for r in send_due()] == ["waiting"]
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.due_at == at(2026, 3, 4, 8, 0)
    assert "CN-TIME-01" in message.rule_ids
    with time_machine.travel(at(2026, 3, 4, 7, 59, 59), tick=False):
        assert send_due() == []
    assert sms_files(settings) == []
    with time_machine.travel(at(2026, 3, 4, 8, 0), tick=False):
        assert [r.outcome for r in send_due()] == ["sent"]
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.sent_at == at(2026, 3, 4, 8, 0)
    [sent] = sms_files(settings)
    assert sent["to"] == "13800000001"
    assert sent["text"].startswith("【示例银行】张1您好") and "95555" in sent["text"]
    blocked = Event.objects.get(case=w.case, kind=Kind.BLOCKED)
    assert blocked.data["next_allowed_at"] == at(2026, 3, 4, 8, 0).isoformat()
    contact = Event.objects.get(case=w.case, kind=Kind.CONTACT)
    assert (contact.channel, contact.outcome, contact.at) == ("sms", "sent", at(2026, 3, 4, 8, 0))
    assert contact.decision is not None and contact.decision.allowed
    assert contact.data["text"] == message.body
    assert verify_case(w.case) is None


@pytest.mark.django_db
def test_an_opted_out_number_gets_nothing(settings):
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):
        w = make_world()
        message = actions.queue_message(
            w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.phone
        )
        # The number is opted out after the message was queued: the gate at send time stops it.
        w.phone.opted_out = True
        w.phone.save()
        assert [r.outcome for r in send_due()] == ["blocked"]
        message.refresh_from_db()
        assert message.status == Status.CANCELLED
        assert message.rule_ids == "US-MEDIUM-01"  # the opt-out rule CN borrows (profiles.py)
        # Queueing to it again is refused outright: the block has no end.
        with pytest.raises(actions.MessageRefused):
            actions.queue_message(w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.phone)
    assert sms_files(settings) == []
    assert not Event.objects.filter(case=w.case, kind=Kind.CONTACT).exists()
    assert Event.objects.filter(case=w.case, kind=Kind.MESSAGE_CANCELLED).count() == 1


@pytest.mark.django_db
def test_an_sms_to_a_third_party_that_names_the_debt_is_blocked(settings):
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):
        w = make_world()
        with pytest.raises(actions.MessageRefused) as refused:
            actions.queue_message(
                w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.relative_phone
            )
    rules = refused.value.decision.rule_ids
    assert "CN-PARTY-03" in rules and "DEF-CONTENT-05" in rules
    assert not Message.objects.exists() and sms_files(settings) == []
    # The refused attempt is evidence, with the decision the gate took.
    blocked = Event.objects.get(case=w.case, kind=Kind.BLOCKED)
    assert blocked.contact_point_id == w.relative_phone.pk and "CN-PARTY-03" in blocked.data["rule_ids"]
    assert blocked.decision is not None and not blocked.decision.allowed


@pytest.mark.django_db
def test_a_provider_outage_is_retried_with_backoff_and_fails_after_the_last_attempt(settings):
    settings.MESSAGING_MAX_ATTEMPTS = 2

    class Down:
        name = "down"
        calls = 0

        def send(self, message: Outgoing):
            Down.calls += 1
            raise TransientError("gateway timeout", "504")

    start = at(2026, 3, 3, 10, 0)
    with time_machine.travel(start, tick=False):
        w = make_world()
        message = actions.queue_message(
            w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.phone
        )
        assert [r.outcome for r in send_due(providers=Providers(sms=Down()))] == ["retry"]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.due_at) == (
        Status.QUEUED,
        1,
        start + timedelta(seconds=60),
    )
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert send_due(providers=Providers(sms=Down())) == []
    with time_machine.travel(start + timedelta(seconds=60), tick=False):
        assert [r.outcome for r in send_due(providers=Providers(sms=Down()))] == ["failed"]
    message.refresh_from_db()
    assert message.status == Status.FAILED and "gateway timeout" in message.last_error
    failures = Event.objects.filter(case=w.case, kind=Kind.MESSAGE_FAILED).order_by("seq")
    assert [e.data["final"] for e in failures] == [False, True]
    assert Down.calls == 2


@pytest.mark.django_db
def test_a_message_left_sending_by_a_dead_sender_is_sent_once_after_its_lease(settings):
    settings.MESSAGING_LEASE_SECONDS = 60
    start = at(2026, 3, 3, 10, 0)
    with time_machine.travel(start, tick=False):
        w = make_world()
        message = actions.queue_message(
            w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.phone
        )
        _token, ids = claim(["sms"], start, 10)
        assert ids == [message.pk]
        # The sender handed the message to the provider and died before it recorded anything.
        from arrears.messaging.providers.sms_file import FileSms

        message.refresh_from_db()
        FileSms(settings.SMS_DIR).send(outgoing(message))
        assert send_due() == []  # still leased
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert [r.outcome for r in send_due()] == ["sent"]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert len(sms_files(settings)) == 1
    [contact] = Event.objects.filter(case=w.case, kind=Kind.CONTACT)
    assert contact.data["deduplicated"] is True


@pytest.mark.django_db
def test_a_collector_may_cancel_a_queued_message_but_not_a_sent_one():
    with time_machine.travel(at(2026, 3, 3, 23, 0), tick=False):
        w = make_world()
        message = actions.queue_message(
            w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.phone
        )
        assert message.due_at == at(2026, 3, 4, 8, 0)  # queued at night: waits for the window
        actions.cancel_message(message, w.collector, "wrong template")
        message.refresh_from_db()
        assert message.status == Status.CANCELLED
        with pytest.raises(ValidationError):
            actions.cancel_message(message, w.collector, "again")
