"""The customer panel of a business customer's case: open invoices, the people with the
decision-maker marked, "cheque sent" (an expected payment and a promise checked that day)
and "invoice disputed", with their permissions; and the escalation hint."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import User

from arrears.activity.actions import NewEvent, append_many
from arrears.activity.models import Event, Kind
from arrears.cases.models import Case, NextAction
from arrears.contacts.models import ContactPoint, PayingRole, Person, Relationship
from arrears.core.models import Role
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem
from arrears.receivables import build
from arrears.receivables.ledger import open_invoices, settle_expected_payments
from arrears.receivables.models import ExpectedPayment, InvoiceDispute
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import ON, World, build_case_world, client_for, local, make_user, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(local(ON, 10), tick=False):
        yield


@pytest.fixture
def world() -> World:
    world = build_case_world()
    Creditor.objects.filter(pk=world.creditor.pk).update(kind=Creditor.Kind.COMPANY)
    return world


def person(debtor: Debtor, name: str, role: str, phone: str) -> Person:
    p = Person.objects.create(debtor=debtor, relationship=Relationship.STAFF, name=name, paying_role=role)
    ContactPoint.objects.create(person=p, kind="phone", value=phone, source="debtor_provided")
    return p


@pytest.fixture
def case(world: World) -> Case:
    debtor = Debtor.objects.create(
        creditor=world.creditor, external_id="B1", name="华东贸易有限公司", kind=Debtor.Kind.COMPANY,
        jurisdiction="CN", time_zone="Asia/Shanghai",
    )  # fmt: skip
    me = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=debtor.name)
    ContactPoint.objects.create(person=me, kind="phone", value="+862150000001", source="bank_system")
    person(debtor, "王会计", PayingRole.AP_CLERK, "+8613800000001")
    person(debtor, "李总", PayingRole.DECISION_MAKER, "+8613800000002")
    account = Account.objects.create(
        creditor=world.creditor, debtor=debtor, external_id="AR1", product=Account.Product.INVOICE,
        credit_limit=Decimal("100000"), opened_on=date(2025, 1, 1),
    )  # fmt: skip
    for number, days, amount in [
        ("INV-1", 40, "12000.00"),
        ("INV-2", 10, "3000.00"),
        ("INV-3", -5, "800.00"),
    ]:
        due = ON - timedelta(days=days)
        DueItem.objects.create(
            account=account, external_id=number, kind=DueItem.Kind.INVOICE, due_date=due,
            statement_date=due - timedelta(days=30), amount_due=Decimal(amount),
        )  # fmt: skip
    run_nightly(ON)
    return open_case(debtor)


def owner(case: Case) -> User:
    assert case.owner is not None
    return case.owner


def test_the_case_page_shows_open_invoices_and_marks_the_decision_maker(world: World, case: Case) -> None:
    page = client_for(owner(case)).get(f"/cases/{case.public_id}/").content.decode()
    assert 'data-testid="customer-panel"' in page
    assert 'data-number="INV-1"' in page and 'data-number="INV-3"' in page
    marked = page.split('data-testid="decision-maker"')[1].split("</tr>")[0]
    assert "李总" in marked and "王会计" not in marked
    assert "13800000002" not in page  # phones masked


def test_a_consumer_case_has_no_customer_panel(world: World) -> None:
    from arrears.testing.personas import add_debtor

    debtor = add_debtor(world, 7)
    run_nightly(ON)
    page = client_for(owner(open_case(debtor))).get(f"/cases/{open_case(debtor).public_id}/").content.decode()
    assert 'data-testid="customer-panel"' not in page


def test_cheque_sent_records_an_expected_payment_and_a_promise_checked_that_day(case: Case) -> None:
    day = ON + timedelta(days=4)
    response = client_for(owner(case)).post(
        f"/cases/{case.public_id}/customer/payment-sent/",
        {"invoices": ["INV-1", "INV-2"], "method": "cheque", "reference_number": "00812345",
         "bank": "中国银行", "expected_on": day.isoformat()},
    )  # fmt: skip
    assert response.status_code == 200, response.content.decode()[:500]
    expected = ExpectedPayment.objects.get(debtor=case.debtor)
    assert (expected.reference_number, expected.bank, expected.expected_on) == ("00812345", "中国银行", day)
    assert expected.amount == Decimal("15000.00")
    assert sorted(expected.due_items.values_list("external_id", flat=True)) == ["INV-1", "INV-2"]
    promise = expected.promise
    assert promise is not None and (promise.due_on, promise.amount) == (day, Decimal("15000.00"))
    event = Event.objects.filter(case=case, kind=Kind.PROMISE_MADE).get()
    assert "00812345" in event.note and "INV-1" in event.note
    # The ledger pauses those invoices; the nightly puts the case in the queue that day.
    paused = {i.number: i.expected_on for i in open_invoices([case.debtor_id], ON)}
    assert paused == {"INV-1": day, "INV-2": day, "INV-3": None}
    run_nightly(day)
    case.refresh_from_db()
    assert case.next_action == NextAction.CHECK_PROMISE and case.next_action_on == day


@pytest.mark.parametrize(("paid", "status"), [(True, "arrived"), (False, "missed")])
def test_the_expected_payment_closes_when_its_promise_is_judged(case: Case, paid: bool, status: str) -> None:
    day = ON + timedelta(days=4)
    client_for(owner(case)).post(
        f"/cases/{case.public_id}/customer/payment-sent/",
        {"invoices": ["INV-1"], "method": "transfer", "reference_number": "TX-77",
         "expected_on": day.isoformat()},
    )  # fmt: skip
    expected = ExpectedPayment.objects.get(debtor=case.debtor)
    if paid:
        build.payment(Account.objects.get(debtor=case.debtor), "P-77", day, "12000.00", "TX-77")
    run_nightly(day + timedelta(days=1))
    assert settle_expected_payments() == {"arrived": int(paid), "missed": int(not paid)}
    expected.refresh_from_db()
    assert expected.status == status
    # Closed, it no longer pauses the invoice: a missed cheque is dunned again.
    assert {i.number: i.expected_on for i in open_invoices([case.debtor_id], day)}.get("INV-1") is None
    assert settle_expected_payments() == {"arrived": 0, "missed": 0}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"invoices": ["INV-9"]}, "invoices"),
        ({"invoices": []}, "invoices"),
        ({"reference_number": ""}, "reference_number"),
        ({"expected_on": "2026-02-30"}, "expected_on"),
        ({"expected_on": (ON - timedelta(days=1)).isoformat()}, "expected_on"),
        ({"expected_on": (ON + timedelta(days=400)).isoformat()}, "expected_on"),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(case: Case, data: dict, field: str) -> None:
    good = {"invoices": ["INV-1"], "method": "transfer", "reference_number": "TX1",
            "expected_on": (ON + timedelta(days=3)).isoformat()}  # fmt: skip
    response = client_for(owner(case)).post(
        f"/cases/{case.public_id}/customer/payment-sent/", {**good, **data}
    )
    assert response.status_code == 400
    assert f'name="{field}"' in response.content.decode()
    assert not ExpectedPayment.objects.exists()
    assert not case.promises.exists()


def test_invoice_disputed_opens_a_dispute_per_invoice_and_keeps_evidence(case: Case) -> None:
    response = client_for(owner(case)).post(
        f"/cases/{case.public_id}/customer/dispute/",
        {"invoices": ["INV-2"], "lines": "第3行", "reason": "quantity", "explanation": "只收到200件"},
    )
    assert response.status_code == 200
    dispute = InvoiceDispute.objects.get()
    assert (dispute.due_item.external_id, dispute.lines, dispute.reason) == ("INV-2", "第3行", "quantity")
    assert dispute.opened_by == case.owner and dispute.is_open
    event = Event.objects.get(case=case, kind=Kind.DISPUTE_OPENED)
    assert event.data["invoices"] == ["INV-2"]
    assert [i.number for i in open_invoices([case.debtor_id], ON) if i.disputed] == ["INV-2"]
    again = client_for(owner(case)).post(
        f"/cases/{case.public_id}/customer/dispute/",
        {"invoices": ["INV-2"], "lines": "x", "reason": "price"},
    )
    assert again.status_code == 400 and InvoiceDispute.objects.count() == 1


def test_only_the_cases_collector_or_a_lead_may_record(world: World, case: Case) -> None:
    url = f"/cases/{case.public_id}/customer/dispute/"
    data = {"invoices": ["INV-1"], "lines": "all", "reason": "price"}
    outsider = make_user("outsider", Role.COLLECTOR, world.team)
    assert client_for(outsider).post(url, data).status_code == 404
    compliance = make_user("compliance", Role.COMPLIANCE, None)
    assert client_for(compliance).post(url, data).status_code == 403
    assert client_for(owner(case)).get(url).status_code == 405
    assert not InvoiceDispute.objects.exists()
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    assert client_for(lead).post(url, data).status_code == 200
    assert InvoiceDispute.objects.count() == 1


def test_the_panel_suggests_the_decision_maker_after_three_conversations_with_the_clerk(case: Case) -> None:
    clerk = Person.objects.get(debtor=case.debtor, paying_role=PayingRole.AP_CLERK)

    def talk(n: int) -> None:
        append_many([
            NewEvent(case.pk, Kind.CONTACT, at=local(ON, 9) - timedelta(days=k),
                     values={"channel": "call", "outcome": "right_party_contact", "connected": True,
                             "person_id": clerk.pk})
            for k in range(n)
        ])  # fmt: skip

    talk(2)
    page = client_for(owner(case)).get(f"/cases/{case.public_id}/").content.decode()
    assert 'data-testid="escalation"' not in page
    talk(1)
    page = client_for(owner(case)).get(f"/cases/{case.public_id}/").content.decode()
    hint = page.split('data-testid="escalation"')[1].split("</p>")[0]
    assert "李总" in hint and "3" in hint


def test_the_assist_panel_gives_a_company_the_business_label(case: Case) -> None:
    response = client_for(owner(case)).post(
        f"/cases/{case.public_id}/assist/", {"text": "The cheque was sent out last Thursday"}
    )
    assert response.status_code == 200
    assert 'data-label="payment_sent"' in response.content.decode()
