"""The dunning run over a small literal ledger: grouping, levels, pauses, the gate, the
outbox, idempotence."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from arrears.activity.models import Event, Kind
from arrears.contacts.models import Preference
from arrears.dunning.levels import seed_dunning
from arrears.dunning.models import Dunning, DunningLevel, DunningRun
from arrears.dunning.run import run_dunning
from arrears.dunning.tests.world import ON, add_customer, build_b2b
from arrears.messaging.models import Message
from arrears.portfolio.models import DueItem, Payment
from arrears.receivables.models import CreditNote, ExpectedPayment, InvoiceDispute
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import local

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def ledger():
    """C1: two overdue invoices (10 and 35 days) and an open credit note; C2: one disputed
    invoice at 50 days and one at 8; C3: one at 40 days with a cheque announced for ON+3;
    C4: one at 95 days; C5: one at 3 days (below the first level)."""
    b2b = build_b2b()
    c1 = add_customer(b2b, 1, [("INV-1A", 10, D("100.00")), ("INV-1B", 35, D("200.00"))])
    c2 = add_customer(b2b, 2, [("INV-2A", 50, D("300.00")), ("INV-2B", 8, D("100.00"))])
    c3 = add_customer(b2b, 3, [("INV-3A", 40, D("500.00"))])
    c4 = add_customer(b2b, 4, [("INV-4A", 95, D("1000.00"))])
    add_customer(b2b, 5, [("INV-5A", 3, D("100.00"))])
    CreditNote.objects.create(
        account=c1.accounts.get(), number="CN-1", issued_on=ON - timedelta(days=5), amount=D("30.00")
    )
    InvoiceDispute.objects.create(
        due_item=DueItem.objects.get(external_id="INV-2A"),
        lines="2",
        explanation="short delivery",
        opened_on=ON,
    )
    cheque = ExpectedPayment.objects.create(
        debtor=c3, method="cheque", reference_number="000123", expected_on=ON + timedelta(days=3)
    )
    cheque.due_items.set([DueItem.objects.get(external_id="INV-3A")])
    run_nightly(ON)
    seed_dunning(b2b.creditor)
    DunningLevel.objects.filter(creditor=b2b.creditor, kind="first_demand").update(fee=D("50.00"))
    return b2b, {"c1": c1, "c2": c2, "c3": c3, "c4": c4}


def _level(dunning: Dunning) -> str:
    return dunning.level.kind if dunning.level else ""


def _message(dunning: Dunning) -> Message:
    assert dunning.message is not None
    return dunning.message


def _run(b2b, day=ON):
    with time_machine.travel(local(day, 10), tick=False):
        return run_dunning(b2b.creditor, day)


def test_one_dunning_per_customer_at_the_highest_level_reached(ledger) -> None:
    b2b, c = ledger
    run = _run(b2b)
    one = Dunning.objects.get(debtor=c["c1"])
    assert one.status == Dunning.Status.QUEUED
    assert _level(one) == "first_demand"
    assert [i["number"] for i in one.invoices] == ["INV-1B", "INV-1A"]
    # The credit note went to the oldest invoice (the ledger's allocation): 200 - 30 open.
    assert [i["open_amount"] for i in one.invoices] == ["170.00", "100.00"]
    assert (one.overdue, one.fee, one.total) == (D("270.00"), D("50.00"), D("320.00"))
    message = _message(one)
    assert message.channel == "email" and message.address == "ap1@example.com"
    assert "INV-1A" in message.body and "INV-1B" in message.body
    assert "发票金额¥200.00" in message.body  # the partly credited invoice shows its own amount
    assert "¥320.00" in message.body
    # The message went the usual way: its queued event on the customer's case chain.
    assert Event.objects.filter(
        case=one.case, kind=Kind.MESSAGE_QUEUED, data__message=str(message.public_id)
    ).exists()
    four = Dunning.objects.get(debtor=c["c4"])
    assert _level(four) == "referral" and _message(four).channel == "letter"
    assert run.counts["dunned_by_level"] == {"first_demand": 1, "friendly": 1, "referral": 1}
    assert Dunning.objects.filter(run=run).count() == 4  # C5 is below the first level


def test_disputed_and_expected_invoices_are_paused_not_dunned(ledger) -> None:
    b2b, c = ledger
    _run(b2b)
    two = Dunning.objects.get(debtor=c["c2"])
    assert _level(two) == "friendly"  # the disputed 50-day invoice does not raise the level
    assert [i["number"] for i in two.invoices] == ["INV-2B"]
    assert two.paused == [
        {"number": "INV-2A", "open_amount": "300.00", "reason": "disputed", "expected_on": None}
    ]
    assert "INV-2A" in _message(two).body  # listed as not included
    three = Dunning.objects.get(debtor=c["c3"])
    assert three.status == Dunning.Status.PAUSED and three.message is None
    assert three.paused[0]["reason"] == "expected"


def test_a_rerun_on_the_same_day_sends_nothing_more(ledger) -> None:
    b2b, _c = ledger
    first = _run(b2b)
    messages = Message.objects.count()
    again = _run(b2b)
    assert again.pk == first.pk
    assert Message.objects.count() == messages
    assert again.counts == first.counts
    assert DunningRun.objects.count() == 1


def test_a_level_is_not_sent_again_within_its_interval(ledger) -> None:
    b2b, c = ledger
    _run(b2b)
    later = _run(b2b, ON + timedelta(days=3))
    assert not Dunning.objects.filter(run=later, debtor=c["c1"]).exists()
    assert later.counts["too_soon"] >= 1


def test_the_gate_refusal_is_respected_and_recorded(ledger) -> None:
    b2b, c = ledger
    Preference.objects.create(
        debtor=c["c1"], kind=Preference.Kind.OPT_OUT_CHANNEL, channel="email", recorded_at=local(ON, 8)
    )
    _run(b2b)
    one = Dunning.objects.get(debtor=c["c1"])
    assert one.status == Dunning.Status.BLOCKED and one.message is None
    assert one.rule_ids
    assert Event.objects.filter(case=one.case, kind=Kind.BLOCKED).exists()


def test_the_command_runs_the_creditor_for_a_day(ledger) -> None:
    b2b, _c = ledger
    with time_machine.travel(local(ON, 10), tick=False):
        call_command(
            "dunning_run",
            "--creditor",
            b2b.creditor.code,
            "--on",
            ON.isoformat(),
            stdout=(out := __import__("io").StringIO()),
        )
    assert "first_demand" in out.getvalue()
    assert DunningRun.objects.filter(creditor=b2b.creditor, on=ON).exists()


def test_a_payment_clears_the_invoice_from_the_next_dunning(ledger) -> None:
    b2b, c = ledger
    account = c["c1"].accounts.get()
    Payment.objects.create(
        account=account,
        external_id="P1",
        amount=D("200.00"),
        paid_at=local(ON - timedelta(days=1)),
        reference="INV-1B",
    )
    _run(b2b)
    one = Dunning.objects.get(debtor=c["c1"])
    assert [i["number"] for i in one.invoices] == ["INV-1A"]
    assert _level(one) == "friendly"
