"""A business customer in a real browser (issue 19): the collector opens the customer, sees
its open invoices with the decision-maker marked, records "cheque sent" with its number and
date, and on that date the check is in their queue.

The clock is moved (time-machine, process-wide, so the live server sees it too) to a
working day after today, so the browser keeps the session cookie the server sets.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from arrears.cases.models import Case, NextAction
from arrears.contacts.models import ContactPoint, PayingRole, Person, Relationship
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem
from arrears.receivables.models import ExpectedPayment
from arrears.strategy.planner import next_working_day
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import build_case_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def customer(day: date) -> Case:
    world = build_case_world()
    Creditor.objects.filter(pk=world.creditor.pk).update(kind=Creditor.Kind.COMPANY)
    debtor = Debtor.objects.create(
        creditor=world.creditor, external_id="B1", name="华东贸易有限公司", kind=Debtor.Kind.COMPANY,
        jurisdiction="CN", time_zone="Asia/Shanghai",
    )  # fmt: skip
    Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=debtor.name)
    for name, role, phone in [("王会计", PayingRole.AP_CLERK, "+8613800000001"),
                              ("李总", PayingRole.DECISION_MAKER, "+8613800000002")]:  # fmt: skip
        p = Person.objects.create(debtor=debtor, relationship=Relationship.STAFF, name=name, paying_role=role)
        ContactPoint.objects.create(person=p, kind="phone", value=phone, source="debtor_provided")
    account = Account.objects.create(
        creditor=world.creditor, debtor=debtor, external_id="AR1", product=Account.Product.INVOICE,
        credit_limit=Decimal("100000"), opened_on=date(2025, 1, 1),
    )  # fmt: skip
    for number, days, amount in [("INV-1", 45, "12000.00"), ("INV-2", 15, "3000.00")]:
        due = day - timedelta(days=days)
        DueItem.objects.create(
            account=account, external_id=number, kind=DueItem.Kind.INVOICE, due_date=due,
            statement_date=due - timedelta(days=30), amount_due=Decimal(amount),
        )  # fmt: skip
    run_nightly(day)
    return Case.objects.get(debtor=debtor)


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=whoami]")


def test_a_collector_records_cheque_sent_and_finds_the_check_in_the_queue_that_day(page):
    day = next_working_day(datetime.now(SHANGHAI).date() + timedelta(days=1))
    cheque_day = next_working_day(day + timedelta(days=3))
    with time_machine.travel(at(day), tick=True):
        case = customer(day)
        assert case.owner is not None
        sign_in(page, case.owner.get_username())
        page.goto(f"/cases/{case.public_id}/")

        panel = page.locator("[data-testid=customer-panel]")
        assert panel.locator("[data-testid=open-invoice]").count() == 2
        assert "李总" in panel.locator("[data-testid=decision-maker]").text_content()
        assert "王会计" not in panel.locator("[data-testid=decision-maker]").text_content()

        page.click("[data-testid=payment-sent-open]")
        page.check("[data-testid=sent-invoice-INV-1]")
        page.select_option("[data-testid=sent-method]", "cheque")
        page.fill("[data-testid=sent-number]", "00812345")
        page.fill("[data-testid=sent-bank]", "中国银行")
        page.fill("[data-testid=sent-date]", cheque_day.isoformat())
        page.click("[data-testid=sent-save]")
        page.wait_for_selector("[data-testid=done]")
        assert "00812345" in page.text_content("[data-testid=expected-payments]")
        expected = ExpectedPayment.objects.get()
        assert (expected.reference_number, expected.expected_on) == ("00812345", cheque_day)

        page.goto("/work/")
        page.wait_for_selector("[data-testid=plan-summary]")
        assert case.reference not in page.content()  # not today: the check is on its day

    with time_machine.travel(at(cheque_day, 2), tick=False):
        run_nightly(cheque_day)
    with time_machine.travel(at(cheque_day), tick=True):
        case.refresh_from_db()
        assert case.next_action == NextAction.CHECK_PROMISE
        # Days later: the session has timed out, so the collector signs in again.
        sign_in(page, case.owner.get_username())
        page.goto("/work/")
        assert case.reference in page.text_content("[data-testid=queue]")
