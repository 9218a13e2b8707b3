"""Maker-checker in a real browser: the collector asks for a write-off on the case page
(in Chinese), the team lead approves it on the approvals page (in English), and the case is
closed with both steps in its timeline.

Screenshots go to a temporary folder, or to ARREARS_SCREENSHOTS (docs/screenshots/ when the
documentation's pictures are refreshed).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from arrears.activity.models import Kind
from arrears.cases.models import ApprovalRequest, Case
from tests.browser.test_workbench import sign_in, tomorrow_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("ARREARS_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_collector_asks_for_a_write_off_and_the_lead_approves_it(browser, live_server, page, shots):
    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        # A case within the lead's write-off limit (5,000.00).
        case = (
            Case.objects.filter(owner__username="collector", status="open", balance__lte=Decimal("5000"))
            .order_by("pk")
            .first()
        )
        assert case is not None
        sign_in(page, "collector", "collector-demo")
        page.goto(f"/cases/{case.public_id}/")
        page.click("[data-testid=ask-write-off]")
        page.fill("[data-testid=write-off-reason]", "债务人已移居海外，无可执行财产。")
        page.check("[data-testid=write-off-confirm]")
        page.click("[data-testid=write-off-send]")
        page.wait_for_selector("[data-testid=pending-request]")
        assert "待审批" in page.text_content("[data-testid=pending-request]")
        page.locator("[data-testid=controls]").screenshot(path=str(shots / "write-off-request-zh.png"))
        req = ApprovalRequest.objects.get(case=case, status="pending")
        assert req.requested_by.username == "collector" and req.amount == case.balance

        lead = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
        sign_in(lead, "lead", "lead-demo")
        lead.click("text=Approvals")
        row = lead.locator(f"[data-testid=pending-row][data-case='{case.reference}']")
        row.wait_for()
        assert "Write-off" in row.text_content()
        lead.locator("[data-testid=pending]").screenshot(path=str(shots / "approvals-en.png"))
        row.locator("[data-testid=approve]").click()
        lead.wait_for_selector(f"text={case.reference}: approved and applied.")
        lead.context.close()

        case.refresh_from_db()
        assert (case.status, case.close_reason) == ("closed", "written_off")
        page.goto(f"/cases/{case.public_id}/")
        timeline = page.text_content("[data-testid=timeline]")
        assert "提交审批" in timeline and "审批结果" in timeline
        assert "案件已结案：不得联系" in page.text_content("[data-testid=contact-points]")
        page.screenshot(path=str(shots / "write-off-approved-zh.png"), full_page=True)
        kinds = list(case.events.order_by("-seq").values_list("kind", flat=True)[:3])
        assert kinds == [Kind.CASE_CLOSED, Kind.APPROVAL_DECIDED, Kind.APPROVAL_REQUESTED]
