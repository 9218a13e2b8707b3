import pytest
from django.core.management import call_command

from arrears.portfolio.models import Account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_collector_signs_in_and_sees_the_portfolio_overview(page):
    call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
    delinquent = Account.objects.filter(creditor__code="demo-cn-bank").exclude(bucket="M0").count()

    page.goto("/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "collector")
    page.fill("input[name=password]", "collector-demo")
    page.keyboard.press("Enter")

    page.wait_for_selector("[data-testid=whoami]")
    assert page.text_content("[data-testid=whoami]").startswith("collector")
    assert page.text_content("[data-testid=accounts-demo-cn-bank]") == "400"
    assert page.text_content("[data-testid=delinquent-demo-cn-bank]") == f"{delinquent:,}"
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_a_wrong_password_is_refused(page):
    call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
    page.goto("/login/")
    page.fill("input[name=username]", "collector")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    page.wait_for_selector(".error")  # the answer to the post, not the page before it
    assert "/login/" in page.url
