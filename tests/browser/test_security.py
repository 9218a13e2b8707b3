"""What a user types never runs in another user's browser.

A collector plants markup as an email through the case page's own form; a compliance
officer reveals it. The page must show it as text: no script runs (no dialog, no marker set
on the window) and the Content-Security-Policy is never even needed (the `new_page` fixture
fails the test on any violation it reports).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from arrears.activity.models import Unmasking
from arrears.cases.models import Case
from arrears.contacts.models import ContactPoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAYLOAD = 'a@b<img src=x onerror="window.__pwned=1;alert(document.cookie)">'


def tomorrow_at(hour: int) -> datetime:
    day = datetime.now(SHANGHAI).date() + timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def sign_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=whoami]")


def test_markup_planted_as_an_email_is_shown_as_text_when_a_compliance_officer_reveals_it(new_page):
    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        case = Case.objects.filter(owner__username="collector", status="open").order_by("pk").first()

        collector = new_page()
        sign_in(collector, "collector", "collector-demo")
        collector.goto(f"/cases/{case.public_id}/")
        repair = collector.locator("[data-testid=add-contact-point]")
        repair.locator("select[name=kind]").select_option("email")
        repair.locator("input[name=value]").fill(PAYLOAD)
        repair.locator("select[name=source]").select_option("debtor_provided")
        repair.locator("button[type=submit]").click()
        # The form no longer takes it (not an email address)...
        collector.wait_for_selector("[data-testid=error]")
        assert not ContactPoint.objects.filter(value=PAYLOAD).exists()
        # ...but rows written before that check, or by another system into the same tables,
        # may still carry it: the page must show it as text all the same.
        person = case.debtor.people.get(relationship="self")
        point = ContactPoint.objects.create(person=person, kind="email", value=PAYLOAD, source="bank_system")

        officer = new_page()
        sign_in(officer, "compliance", "compliance-demo")
        officer.goto(f"/cases/{case.public_id}/")
        officer.click(f"[data-testid=unmask-{point.public_id}]")
        shown = officer.locator(f"#cp-{point.public_id} [data-testid=unmasked]")
        shown.wait_for()
        assert shown.text_content() == PAYLOAD
        assert officer.locator(f"#cp-{point.public_id} img").count() == 0
        officer.wait_for_timeout(300)  # an image error handler would have fired by now
        assert officer.evaluate("window.__pwned") is None
        assert Unmasking.objects.filter(user__username="compliance", contact_point=point).count() == 1


def test_every_page_of_the_app_runs_under_the_content_security_policy(new_page):
    """Each screen, as the role that uses it: the fixture fails the test on any violation
    (an inline script, handler or style left behind) or script error."""
    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        case = Case.objects.filter(owner__username="collector", status="open").order_by("pk").first()
        account = case.debtor.accounts.first()

        anonymous = new_page()
        anonymous.goto("/login/")
        # The language switch submits on change through behaviour.js, not an inline handler.
        with anonymous.expect_navigation():
            anonymous.select_option("select[name=language]", "en")
        assert anonymous.locator("html").get_attribute("lang") == "en"

        collector = new_page()
        sign_in(collector, "collector", "collector-demo")
        for url in ("/", "/work/", f"/cases/{case.public_id}/", f"/accounts/{account.public_id}/"):
            assert collector.goto(url).status == 200, url
        # keys.js (a static file) runs: "?" shows the keyboard help on the case page.
        collector.goto(f"/cases/{case.public_id}/")
        collector.keyboard.press("?")
        assert collector.locator("#keys-help").is_visible()
        collector.goto("/work/")
        collector.fill("[data-search]", case.debtor.name)
        collector.wait_for_timeout(800)  # the search runs through HTMX after a pause

        lead = new_page()
        sign_in(lead, "lead", "lead-demo")
        assert lead.goto("/team/").status == 200
        check_all = lead.locator("input[data-check-all=rec]")
        if check_all.count():
            check_all.check()
            assert all(box.is_checked() for box in lead.locator("input[name=rec]").all())

        officer = new_page()
        sign_in(officer, "compliance", "compliance-demo")
        for url in ("/compliance/check/", "/compliance/decisions/", f"/cases/{case.public_id}/"):
            assert officer.goto(url).status == 200, url

        admin = new_page()
        sign_in(admin, "admin", "admin-demo")
        for url in ("/admin/", "/admin/cases/case/", f"/admin/cases/case/{case.pk}/change/"):
            assert admin.goto(url).status == 200, url


def test_the_promise_the_call_panel_heard_fills_the_contact_form_without_inline_script(page):
    from arrears.scripts.classifier import get_classifier

    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        case = Case.objects.filter(owner__username="collector", status="open").order_by("pk").first()
        get_classifier()
        sign_in(page, "collector", "collector-demo")
        page.goto(f"/cases/{case.public_id}/")
        page.fill("[data-testid=assist-text]", "我下周五还500块")
        page.click("[data-testid=assist-go]")
        page.click("[data-testid=assist-fill]")
        assert page.input_value("[data-testid=promise-amount]") == "500.00"
        assert page.input_value("[data-testid=outcome]") == "promise_to_pay"
        assert page.input_value("[data-testid=promise-date]") != ""


def test_a_bad_amount_is_shown_next_to_its_field_and_fixed_without_retyping(page):
    """Bad input through HTMX: the error beside the field in Chinese, the input kept; a
    refused request on the page's error line; the fix goes through. HTMX's settling between
    swaps must not write inline styles (the fixture fails the test on any policy violation)."""
    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        case = Case.objects.filter(owner__username="collector", status="open").order_by("pk").first()
        sign_in(page, "collector", "collector-demo")
        page.goto(f"/cases/{case.public_id}/")
        due = (datetime.now(SHANGHAI).date() + timedelta(days=3)).isoformat()
        page.select_option("[data-testid=outcome]", "promise_to_pay")
        page.fill("[data-testid=promise-amount]", "1e30")
        page.fill("[data-testid=promise-date]", due)
        page.fill("[data-testid=contact-note]", "客户承诺三天后还款")
        page.click("[data-testid=log-contact]")
        error = page.locator("#contact-form .errorlist")
        error.wait_for()
        assert "金额" in error.text_content()
        assert page.input_value("[data-testid=contact-note]") == "客户承诺三天后还款"
        assert page.input_value("[data-testid=promise-date]") == due
        page.fill("[data-testid=promise-amount]", "0.001")  # a second refusal, a second swap
        page.click("[data-testid=log-contact]")
        page.wait_for_selector("#contact-form [value='0.001']")
        # A control character is refused before any view (a 400 HTMX does not swap): the
        # page's error line says so and the form keeps what was typed.
        page.fill("[data-testid=contact-note]", "客户承诺\x01三天后还款")
        page.click("[data-testid=log-contact]")
        page.wait_for_selector("[data-testid=request-error]:not([hidden])")
        assert "控制字符" in page.text_content("[data-testid=request-error]")
        page.fill("[data-testid=contact-note]", "客户承诺三天后还款")
        page.fill("[data-testid=promise-amount]", "100")  # within what the debtor owes
        # A style set through the CSSOM (allowed; the browser and tools do it, e.g. for a
        # caret) must not come back as an inline attribute when HTMX settles the next swap.
        page.evaluate("document.getElementById('promise-amount').style.caretColor = 'red'")
        page.click("[data-testid=log-contact]")
        page.wait_for_selector("[data-testid=done]")
        assert "客户承诺三天后还款" in page.text_content("[data-testid=timeline]")
