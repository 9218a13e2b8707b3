"""The messages panel on the case page, the leads' messages page and campaigns."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from arrears.core.models import Role, Team
from arrears.messaging.models import Campaign, Message, Status
from arrears.messaging.tests.world import World, make_world, user

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2026, 3, 3, 10, 0, tzinfo=SHANGHAI)


def client_for(u) -> Client:
    c = Client()
    c.force_login(u)
    return c


@pytest.fixture
def w(db) -> World:
    with time_machine.travel(MORNING, tick=False):
        return make_world()


def form(w: World, key: str = "sms-reminder", point=None) -> dict[str, str]:
    return {"script": str(w.script(key).pk), "contact_point": str((point or w.phone).public_id)}


@time_machine.travel(MORNING, tick=False)
def test_the_case_page_shows_the_messages_panel_with_the_templates(w):
    page = client_for(w.collector).get(f"/cases/{w.case.public_id}/").content.decode()
    assert 'data-testid="messages-panel"' in page
    assert "短信：还款提醒" in page and "信函：逾期通知" in page and "邮件：还款提醒" in page
    assert "138****0001" in page and "13800000001" not in page  # masked


@time_machine.travel(MORNING, tick=False)
def test_a_preview_shows_the_rendered_text_and_the_gates_verdict_and_writes_nothing(w):
    r = client_for(w.collector).post(
        f"/cases/{w.case.public_id}/messages/preview/", form(w), HTTP_HX_REQUEST="true"
    )
    page = r.content.decode()
    assert r.status_code == 200
    assert "【示例银行】张1您好" in page and "¥1,234.56" in page and "95555" in page
    assert "The gate allows it now." in page or "当前允许发送" in page
    assert 'data-testid="message-send"' in page
    assert not Message.objects.exists()


@time_machine.travel(MORNING, tick=False)
def test_the_preview_of_an_sms_to_a_relative_shows_the_blocking_rules_and_no_send_button(w):
    r = client_for(w.collector).post(
        f"/cases/{w.case.public_id}/messages/preview/",
        form(w, point=w.relative_phone),
        HTTP_HX_REQUEST="true",
    )
    page = r.content.decode()
    assert "CN-PARTY-03" in page and 'data-testid="message-send"' not in page


@time_machine.travel(MORNING, tick=False)
def test_sending_queues_the_message_and_the_panel_lists_it(w):
    r = client_for(w.collector).post(
        f"/cases/{w.case.public_id}/messages/send/", form(w), HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200
    message = Message.objects.get()
    assert (message.status, message.created_by, message.channel) == (Status.QUEUED, w.collector, "sms")
    assert 'data-testid="message-row"' in r.content.decode()


@time_machine.travel(MORNING, tick=False)
def test_sending_without_htmx_returns_to_the_case_page(w):
    r = client_for(w.collector).post(
        f"/cases/{w.case.public_id}/messages/send/", form(w, "letter-arrears-notice", w.address)
    )
    assert r.status_code == 302 and r["Location"] == f"/cases/{w.case.public_id}/"
    assert Message.objects.get().channel == "letter"


@time_machine.travel(MORNING, tick=False)
def test_a_template_to_the_wrong_kind_of_contact_point_is_refused_in_words(w):
    r = client_for(w.collector).post(
        f"/cases/{w.case.public_id}/messages/send/", form(w, point=w.email), HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 400
    assert "cannot be sent to that kind" in r.content.decode() or "不能发送到" in r.content.decode()
    assert not Message.objects.exists()


@time_machine.travel(MORNING, tick=False)
@pytest.mark.parametrize("path", ["preview/", "send/"])
def test_the_mutating_endpoints_refuse_outsiders_read_only_roles_and_get(w, path):
    url = f"/cases/{w.case.public_id}/messages/{path}"
    outsider = user("outsider", Role.COLLECTOR, Team.objects.create(name="B"))
    compliance = user("compliance-m", Role.COMPLIANCE, None)
    assert client_for(outsider).post(url, form(w)).status_code == 404
    assert client_for(compliance).post(url, form(w)).status_code == 403
    assert client_for(w.collector).get(url).status_code == 405
    assert not Message.objects.exists()


@time_machine.travel(MORNING, tick=False)
def test_cancel_refuses_outsiders_and_read_only_roles_and_cancels_for_the_owner(w):
    client_for(w.collector).post(f"/cases/{w.case.public_id}/messages/send/", form(w), HTTP_HX_REQUEST="true")
    message = Message.objects.get()
    url = f"/cases/{w.case.public_id}/messages/{message.public_id}/cancel/"
    assert client_for(user("o2", Role.COLLECTOR, Team.objects.create(name="C"))).post(url).status_code == 404
    assert client_for(user("c2", Role.COMPLIANCE, None)).post(url).status_code == 403
    assert client_for(w.collector).get(url).status_code == 405
    assert client_for(w.collector).post(url, HTTP_HX_REQUEST="true").status_code == 200
    message.refresh_from_db()
    assert message.status == Status.CANCELLED


@time_machine.travel(MORNING, tick=False)
def test_the_messages_page_counts_todays_messages_for_leads_only(w):
    client_for(w.collector).post(f"/cases/{w.case.public_id}/messages/send/", form(w), HTTP_HX_REQUEST="true")
    assert client_for(w.collector).get("/messages/").status_code == 403
    page = client_for(w.lead).get("/messages/").content.decode()
    assert 'data-testid="volumes"' in page and "<b>1</b>" in page
    other_lead = user("lead-b", Role.TEAM_LEAD, Team.objects.create(name="D"), language="en")
    assert "<b>1</b>" not in client_for(other_lead).get("/messages/").content.decode()


@time_machine.travel(MORNING, tick=False)
def test_a_campaign_previews_the_counts_by_rule_then_queues_the_allowed_messages(w):
    from arrears.cases import actions as case_actions
    from arrears.messaging.tests.world import make_debtor

    _d2, p2, c2 = make_debtor(w.creditor, w.team, w.collector, 2, on=MORNING.date())
    p2.contact_points.create(kind="phone", value="13800000022", source="application")
    case_actions.open_dispute(c2, w.collector, summary="不认", written=True)
    lead = client_for(w.lead)
    data = {"script": str(w.script("sms-reminder").pk), "stage": "reminder", "min_dpd": "1", "max_dpd": "30"}
    page = lead.post("/messages/campaign/", {**data, "action": "preview"}).content.decode()
    assert 'data-testid="plan-cases">2<' in page and 'data-testid="plan-now">1<' in page
    assert "CN-DISPUTE-01" in page and 'data-testid="plan-rule">1<' in page
    assert not Message.objects.exists()
    assert lead.post("/messages/campaign/", {**data, "action": "send"}).status_code == 200
    assert list(Message.objects.values_list("case_id", flat=True)) == [w.case.pk]
    assert Campaign.objects.get().counts["blocked"] == {"CN-DISPUTE-01": 1}
    assert client_for(w.collector).post("/messages/campaign/", data).status_code == 403
    assert lead.post("/messages/campaign/", {**data, "min_dpd": "40"}).status_code == 400


@time_machine.travel(MORNING, tick=False)
def test_the_api_sends_and_lists_a_cases_messages_with_the_same_rules(w):
    url = f"/api/v1/messages/cases/{w.case.public_id}"
    body = {"template": "sms-reminder", "contact_point": str(w.phone.public_id)}
    r = client_for(w.collector).post(url, body, content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "queued" and "张1您好" in r.json()["text"]
    refused = client_for(w.collector).post(
        url, {**body, "contact_point": str(w.relative_phone.public_id)}, content_type="application/json"
    )
    assert refused.status_code == 409 and "CN-PARTY-03" in refused.json()["decision"]["rule_ids"]
    assert client_for(user("o3", Role.COLLECTOR, Team.objects.create(name="E"))).get(url).status_code == 404
    compliance = client_for(user("c3", Role.COMPLIANCE, None))
    assert compliance.post(url, body, content_type="application/json").status_code == 403
    assert [m["channel"] for m in compliance.get(url).json()] == ["sms"]
