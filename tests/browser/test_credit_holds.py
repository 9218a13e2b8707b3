"""Issue 19's commercial lever in a real browser: a collector's credit-hold proposal
waits on the leads' page; the lead reads what the customer is worth, approves it, and the
ERP's API call (with a token of scope credit_holds:read) then says the customer is on hold.
(The collector's half, on the case page, is a test of its own.)"""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal

import pytest

from arrears.core.tokens import create_token
from arrears.dunning import holds
from arrears.dunning.models import CreditHold
from arrears.dunning.tests.world import ON, add_customer, build_b2b
from arrears.receivables.models import CustomerProfile
from arrears.strategy.shell import run_nightly
from tests.browser.test_workbench import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_approves_a_credit_hold_and_the_api_shows_it(browser, live_server, page):
    b2b = build_b2b()
    customer = add_customer(b2b, 1, [("INV-1", 40, Decimal("5000.00"))])
    CustomerProfile.objects.create(
        debtor=customer, annual_sales=Decimal("1200000.00"), value_note="十年老客户"
    )
    run_nightly(ON)
    hold = holds.propose_hold(customer, b2b.collector, "三次承诺未兑现，停止发货")
    _token, secret = create_token("erp", b2b.lead, ["credit_holds:read"])

    def erp_sees() -> dict:
        request = urllib.request.Request(  # noqa: S310 (the test's own live server)
            f"{live_server.url}/api/v1/credit-holds/customers/{customer.public_id}",
            headers={"Authorization": f"Bearer {secret}"},
        )
        with urllib.request.urlopen(request) as answer:  # noqa: S310
            return json.loads(answer.read())

    assert erp_sees()["on_hold"] is False
    sign_in(page, "lead", "pw")
    page.click("[data-testid=nav-credit-holds]")
    card = page.locator("[data-testid=proposed-hold][data-customer='C1']")
    card.wait_for()
    assert "十年老客户" in card.text_content()
    card.locator("[data-testid=hold-decision]").select_option("approve")
    card.locator("[data-testid=hold-decide]").click()
    page.locator("[data-testid=active-hold][data-customer='C1']").wait_for()
    hold.refresh_from_db()
    assert hold.status == CreditHold.Status.ACTIVE and hold.decided_by == b2b.lead
    seen = erp_sees()
    assert seen["on_hold"] is True and seen["hold"]["id"] == str(hold.public_id)
