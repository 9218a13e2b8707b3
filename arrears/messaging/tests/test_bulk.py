"""Campaigns and the nightly's reminders: the bulk path gives what the one-by-one path gives."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from arrears.activity.actions import contact_history, verify_case
from arrears.activity.models import Event, Kind
from arrears.cases import actions as case_actions
from arrears.cases.actions.gate import gate_context
from arrears.cases.models import Case, NextAction
from arrears.contacts.models import ContactPoint, Preference
from arrears.messaging import bulk
from arrears.messaging.compose import compose
from arrears.messaging.models import Message, Status
from arrears.messaging.reminders import queue_reminders, reminders_due
from arrears.messaging.tests.world import make_debtor, make_world

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 3, 3, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def busy(db):
    """The world plus a debtor with history, a dispute, preferences and no phone."""
    with time_machine.travel(NOON, tick=False):
        w = make_world()
        case_actions.log_contact(
            w.case, w.collector, person=w.person, contact_point=w.phone, channel="call", outcome="no_answer"
        )
        case_actions.record_preference(
            w.case,
            w.collector,
            kind=Preference.Kind.INCONVENIENT_TIME,
            slot={"weekdays": [1], "from": "12:00", "to": "13:00"},
        )
        _d2, p2, c2 = make_debtor(w.creditor, w.team, w.collector, 2, on=NOON.date())
        ContactPoint.objects.create(person=p2, kind="phone", value="13800000022", source="application")
        case_actions.open_dispute(c2, w.collector, summary="不认这笔", written=True)
        _d3, _p3, c3 = make_debtor(w.creditor, w.team, w.collector, 3, on=NOON.date())
    return w, c2, c3


def test_the_bulk_history_and_gate_context_are_what_the_case_page_reads(busy):
    w, c2, c3 = busy
    cases = [w.case, c2, c3]
    debtors = {c.debtor_id: c.debtor for c in cases}
    history = bulk.history_by_debtor(list(debtors), NOON)
    contexts = bulk.context_by_debtor(debtors, {c.debtor_id: c.reference for c in cases})
    for case in cases:
        assert history.get(case.debtor_id, []) == contact_history(case.debtor, NOON)
        assert contexts[case.debtor_id] == gate_context(case)
    assert history[w.case.debtor_id] and contexts[c2.debtor_id]["account"]["written_dispute_at"]


def test_a_campaign_plan_renders_like_one_message_and_says_why_the_others_do_not_go(busy):
    w, c2, c3 = busy
    script = w.script("sms-reminder")
    with time_machine.travel(NOON, tick=False):
        planned = bulk.plan([w.case.pk, c2.pk, c3.pk], script, NOON)
        one = compose(w.case, script, w.phone, w.collector)
    assert planned.cases == 3 and planned.no_contact_point == 1
    assert planned.blocked == {"CN-DISPUTE-01": 1} and planned.blocked_cases == 1
    [item] = planned.items
    assert (item.case_id, item.body, item.params) == (w.case.pk, one.body, one.params)
    assert not Message.objects.exists()  # a plan writes nothing


def test_queueing_a_plan_writes_each_message_with_its_evidence(busy):
    w, c2, c3 = busy
    with time_machine.travel(NOON, tick=False):
        planned = bulk.plan([w.case.pk, c2.pk, c3.pk], w.script("sms-reminder"), NOON)
        assert bulk.queue(planned, user=w.lead) == 1
    message = Message.objects.get()
    assert (message.case_id, message.status, message.address_key) == (w.case.pk, Status.QUEUED, "13800000001")
    event = Event.objects.get(case=w.case, kind=Kind.MESSAGE_QUEUED)
    assert event.data["message"] == str(message.public_id) and event.data["text"] == message.body
    assert verify_case(w.case) is None


def test_the_nightlys_reminders_are_queued_once_for_tomorrow_at_the_reminder_hour(db, settings):
    settings.REMINDER_HOUR = 9
    tomorrow = date(2026, 3, 4)
    with time_machine.travel(datetime(2026, 3, 3, 23, 0, tzinfo=SHANGHAI), tick=False):
        w = make_world()
        Case.objects.filter(pk=w.case.pk).update(
            next_action=NextAction.REMIND, next_action_on=tomorrow, planned_for=tomorrow
        )
        assert list(reminders_due(tomorrow)) == [w.case]
        call_command("queue_reminders", "--date", "2026-03-04", verbosity=0)
        call_command("queue_reminders", "--date", "2026-03-04", verbosity=0)  # again: nothing new
    message = Message.objects.get()
    assert message.due_at == datetime(2026, 3, 4, 9, 0, tzinfo=SHANGHAI)
    assert message.dedupe_key == f"remind:{w.case.pk}:2026-03-04"
    assert message.expires_at == datetime(2026, 3, 5, 0, 0, tzinfo=SHANGHAI)
    assert message.campaign is not None and message.script_version.script.key == "sms-reminder"
    assert queue_reminders(tomorrow).queued == 0
    assert timedelta(0) < message.expires_at - message.due_at
