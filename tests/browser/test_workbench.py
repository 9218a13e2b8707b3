"""A collector's day in a real browser: queue, case, a call with a promise, a blocked call,
and the call panel's live assist.

The clock is moved (time-machine, process-wide, so the live server sees it too) to a time
the contact gate allows or refuses, on the day after today: in the future, so the
browser keeps the session cookie the server sets.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from arrears.activity.models import Event, Kind
from arrears.cases.models import Case, Promise
from arrears.portfolio.models import Account, Payment
from arrears.scripts.classifier import get_classifier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = datetime.now(SHANGHAI).date() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def sign_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=whoami]")


def open_first_case(page) -> Case:
    assert "/work/" in page.url
    link = page.locator("[data-testid=queue-case]").first
    reference = link.text_content()
    link.click()
    page.wait_for_selector("[data-testid=case-ref]")
    assert page.text_content("[data-testid=case-ref]") == reference
    return Case.objects.get(pk=int(reference.removeprefix("C-")))


def test_a_collector_logs_a_call_with_a_promise_and_sees_it_in_the_timeline(page):
    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        sign_in(page, "collector", "collector-demo")
        case = open_first_case(page)
        due = (timezone.localdate() + timedelta(days=2)).isoformat()
        page.select_option("[data-testid=outcome]", "promise_to_pay")
        page.fill("[data-testid=promise-amount]", "1500")
        page.fill("[data-testid=promise-date]", due)
        page.fill("[data-testid=contact-note]", "客户承诺后天还款")
        page.click("[data-testid=log-contact]")
        page.wait_for_selector("[data-testid=done]")
        timeline = page.text_content("[data-testid=timeline]")
        assert "客户承诺后天还款" in timeline
        assert "1500.00" in timeline and due in timeline
        assert due in page.text_content("[data-testid=promises]")
        promise = Promise.objects.get(case=case)
        assert promise.amount == Decimal("1500.00") and promise.due_on.isoformat() == due
        assert Event.objects.filter(case=case, kind=Kind.CONTACT, outcome="promise_to_pay").exists()


def test_a_blocked_contact_shows_the_rule_and_the_next_allowed_time(page):
    with time_machine.travel(tomorrow_at(22, 30), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        sign_in(page, "collector", "collector-demo")
        case = open_first_case(page)
        page.select_option("[data-testid=outcome]", "no_answer")
        page.click("[data-testid=log-contact]")
        page.wait_for_selector("[data-testid=blocked]")
        rules = page.locator("[data-testid=blocked-rule]").all_text_contents()
        assert any(rule.endswith("TIME-01") for rule in rules)
        next_allowed = page.text_content("[data-testid=next-allowed]")
        assert "08:00" in next_allowed or "09:00" in next_allowed
        assert not Event.objects.filter(case=case, kind=Kind.CONTACT).exists()
        assert Event.objects.filter(case=case, kind=Kind.BLOCKED).exists()


def test_the_call_panel_hears_already_paid_and_shows_the_recent_payments(page):
    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        sign_in(page, "collector", "collector-demo")
        case = Case.objects.filter(owner__username="collector", status="open").order_by("pk").first()
        account = Account.objects.filter(debtor=case.debtor).first()
        Payment.objects.create(
            account=account,
            external_id="browser-1",
            amount=Decimal("800.00"),
            paid_at=timezone.now() - timedelta(days=6),
            reference="PAY-REF-7731",
        )
        # The classifier trains on first use when no saved model exists: do it before the
        # browser waits for it.
        get_classifier()
        page.goto(f"/cases/{case.public_id}/")
        page.fill("[data-testid=assist-text]", "我上周已经还过了")
        page.click("[data-testid=assist-go]")
        page.wait_for_selector("[data-testid=assist-label]")
        assert page.get_attribute("[data-testid=assist-label]", "data-label") == "claims_already_paid"
        payments = page.text_content("[data-testid=assist-payments]")
        assert "PAY-REF-7731" in payments and "800.00" in payments
        assert page.locator("[data-testid=assist-suggestions] li").count() >= 2
        # One click logs the reaction on the case's timeline.
        page.click("[data-testid=assist-log]")
        page.wait_for_selector("[data-testid=done]")
        assert Event.objects.filter(case=case, kind=Kind.CONTACT, reaction="claims_already_paid").exists()
