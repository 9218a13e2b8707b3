"""A collector sends an SMS from the case page in a real browser: preview, then send; the
file provider gets it and the panel shows it sent. A relative's number shows the blocking
rule and no send button."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from arrears.messaging.models import Message, Status
from arrears.messaging.tests.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_collector_previews_and_sends_an_sms_from_the_case_page(page, settings, tmp_path):
    settings.SMS_DIR = tmp_path / "sms"
    settings.MESSAGING_SEND_ON_QUEUE = True
    day = datetime.now(SHANGHAI).date() + timedelta(days=1)  # in the future: the session cookie stays
    with time_machine.travel(datetime.combine(day, time(10, 0), tzinfo=SHANGHAI), tick=True):
        w = make_world(day)
        page.goto("/login/")
        page.fill("input[name=username]", "collector-m")
        page.fill("input[name=password]", "pw")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=whoami]")
        page.goto(f"/cases/{w.case.public_id}/")
        panel = page.locator("[data-testid=messages-panel]")
        panel.locator("[data-testid=message-template]").select_option(label="短信：还款提醒 · 简体中文")
        panel.locator("[data-testid=message-to]").select_option(str(w.relative_phone.public_id))
        panel.locator("[data-testid=message-preview]").click()
        verdict = page.locator("[data-testid=message-verdict]")
        verdict.wait_for()
        assert "CN-PARTY-03" in verdict.inner_text()
        assert page.locator("[data-testid=message-send]").count() == 0
        page.locator("[data-testid=message-to]").select_option(str(w.phone.public_id))
        page.locator("[data-testid=message-preview]").click()
        page.wait_for_selector("[data-testid=message-send]")
        assert "张1您好" in page.locator("[data-testid=message-preview-text]").inner_text()
        page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
        page.locator("[data-testid=message-send]").click()
        page.wait_for_selector("[data-testid=message-done]")
        page.goto(f"/cases/{w.case.public_id}/")
        status = page.locator("[data-testid=message-status]").first.inner_text()
    message = Message.objects.get()
    assert message.status == Status.SENT and status in ("已发送", "Sent")
    [sms] = [json.loads(p.read_text()) for p in (tmp_path / "sms").glob("*.json")]
    assert sms["to"] == "13800000001" and sms["text"] == message.body
