"""The controls' endpoints at their edges: who may call them (outsider 404, read-only 403,
wrong method 405) and every bad input (a field error, nothing written)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from arrears.activity.models import Event
from arrears.cases import actions
from arrears.cases.models import ApprovalRequest, CareHold
from arrears.cases.tests.desk import MORNING, Desk, build_desk, client_for
from arrears.core.models import Profile
from arrears.strategy.tests.world import ON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _morning():
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def desk() -> Desk:
    return build_desk()


def written() -> tuple[int, int, int]:
    return Event.objects.count(), ApprovalRequest.objects.count(), CareHold.objects.count()


def endpoints(desk: Desk) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every mutating endpoint of the controls, with a valid body."""
    case = desk.small
    req = actions.request_approval(desk.large, desk.collector, "write_off", reason="no assets")
    hold, _new = actions.raise_care_hold(desk.large, desk.collector, source="manual", reason="crisis")
    base = f"/cases/{case.public_id}"
    return {
        "write_off": (f"{base}/requests/write_off/", {"reason": "gone", "confirm": "on"}),
        "settlement": (
            f"{base}/requests/settlement/",
            {"amount": "900", "due_on": (ON + timedelta(days=5)).isoformat(), "reason": "r", "confirm": "on"},
        ),
        "close_settled": (f"{base}/requests/close_settled/", {"reason": "paid", "confirm": "on"}),
        "reopen": (f"{base}/requests/reopen/", {"reason": "again", "confirm": "on"}),
        "withdraw": (f"/cases/{desk.large.public_id}/requests/{req.public_id}/withdraw/", {}),
        "care_hold": (f"{base}/care-hold/", {"reason": "crisis", "confirm": "on"}),
        "decide": (f"/team/approvals/{req.public_id}/decide/", {"decision": "approve"}),
        "review": (f"/team/care-holds/{hold.public_id}/review/", {"outcome": "resume", "note": "ok"}),
    }


CASE_PAGE = ("write_off", "settlement", "close_settled", "reopen", "withdraw", "care_hold")
TEAM = ("decide", "review")


def test_outsiders_get_404_and_write_nothing(desk: Desk) -> None:
    urls = endpoints(desk)
    before = written()
    outsider, other_lead = client_for(desk.outsider), client_for(desk.other_lead)
    for name in CASE_PAGE:
        url, data = urls[name]
        assert outsider.post(url, data).status_code == 404, name
        assert other_lead.post(url, data).status_code == 404, name
    for name in TEAM:
        url, data = urls[name]
        assert other_lead.post(url, data).status_code == 404, name
    assert (
        client_for(desk.manager).post("/cases/00000000-0000-0000-0000-000000000000/care-hold/").status_code
        == 404
    )
    assert written() == before


def test_read_only_and_unauthorised_roles_get_403_and_write_nothing(desk: Desk) -> None:
    urls = endpoints(desk)
    before = written()
    compliance = client_for(desk.compliance)
    for name, (url, data) in urls.items():
        assert compliance.post(url, data).status_code == 403, name
    collector = client_for(desk.collector)
    for name in TEAM:
        url, data = urls[name]
        assert collector.post(url, data).status_code == 403, name
    assert collector.get("/team/approvals/").status_code == 403
    assert compliance.get("/team/approvals/").status_code == 403
    assert written() == before


def test_the_wrong_method_gets_405(desk: Desk) -> None:
    lead = client_for(desk.lead)
    for name, (url, _data) in endpoints(desk).items():
        assert lead.get(url).status_code == 405, name
    assert lead.post("/team/approvals/").status_code == 405
    assert lead.get("/team/approvals/").status_code == 200


def test_an_unknown_kind_of_request_is_404(desk: Desk) -> None:
    response = client_for(desk.collector).post(
        f"/cases/{desk.small.public_id}/requests/stage_skip/", {"reason": "x", "confirm": "on"}
    )
    assert response.status_code == 404


LONG = "x" * 2001
SETTLEMENT_OK = {
    "amount": "900.00",
    "due_on": (ON + timedelta(days=5)).isoformat(),
    "reason": "r",
    "confirm": "on",
}

BAD_CASE_PAGE: list[tuple[str, str, dict[str, Any], str]] = [
    # (endpoint, what, changes to a valid body, the message expected next to the field)
    ("settlement", "three decimals", {"amount": "100.555"}, "at most 2 decimal places"),
    ("settlement", "not a number", {"amount": "abc"}, "is not an amount"),
    ("settlement", "zero", {"amount": "0"}, "more than zero"),
    ("settlement", "negative", {"amount": "-5"}, "more than zero"),
    ("settlement", "an exponent", {"amount": "1e3"}, "is not an amount"),
    ("settlement", "beyond any amount", {"amount": "99999999999999"}, "larger than any"),
    ("settlement", "the whole balance", {"amount": "1200"}, "covers the whole balance"),
    ("settlement", "no amount", {"amount": ""}, "required"),
    ("settlement", "an impossible date", {"due_on": "2027-02-30"}, "valid date"),
    ("settlement", "a date in the past", {"due_on": (ON - timedelta(days=1)).isoformat()}, "has passed"),
    ("settlement", "a date too far ahead", {"due_on": (ON + timedelta(days=181)).isoformat()}, "At most 180"),
    ("settlement", "no reason", {"reason": "  "}, "required"),
    ("settlement", "a reason too long", {"reason": LONG}, "at most 2000"),
    ("settlement", "a NUL in the reason", {"reason": "ok\x00"}, "control character"),
    ("settlement", "not confirmed", {"confirm": ""}, "Tick the box"),
    ("write_off", "no reason", {"reason": ""}, "required"),
    ("write_off", "not confirmed", {"confirm": ""}, "Tick the box"),
    ("close_settled", "no reason", {"reason": ""}, "required"),
    ("reopen", "an unknown stage", {"stage": "closed"}, "valid choice"),
    ("reopen", "an open case", {}, "The case is open."),
    ("care_hold", "no reason", {"reason": ""}, "required"),
    ("care_hold", "not confirmed", {"confirm": ""}, "Tick the box"),
]


@pytest.mark.parametrize(
    ("name", "what", "changes", "message"), BAD_CASE_PAGE, ids=[f"{b[0]}: {b[1]}" for b in BAD_CASE_PAGE]
)
def test_bad_input_on_the_case_page_is_a_field_error_and_writes_nothing(
    desk: Desk, name: str, what: str, changes: dict[str, Any], message: str
) -> None:
    url, data = endpoints(desk)[name]
    if name == "settlement":
        data = dict(SETTLEMENT_OK)
    data = {k: v for k, v in {**data, **changes}.items() if v != ""}
    Profile.objects.filter(user=desk.collector).update(language="en")
    before = written()
    response = client_for(desk.collector).post(url, data)
    assert response.status_code == 400, what
    html = response.content.decode()
    assert message in html, (what, html[html.find('data-testid="error"') :][:400])
    assert written() == before, what


BAD_TEAM: list[tuple[str, str, dict[str, Any], str]] = [
    ("decide", "an unknown decision", {"decision": "maybe"}, "valid choice"),
    ("decide", "a rejection without a note", {"decision": "reject"}, "Say why you reject it"),
    ("decide", "a note too long", {"decision": "reject", "note": LONG}, "at most 2000"),
    ("review", "an unknown outcome", {"outcome": "forget"}, "valid choice"),
    ("review", "a wait without its day", {"outcome": "wait"}, "Give the day contact may resume"),
    ("review", "a wait ending today", {"outcome": "wait", "resume_on": ON.isoformat()}, "after today"),
    (
        "review",
        "a wait over a year",
        {"outcome": "wait", "resume_on": (ON + timedelta(days=400)).isoformat()},
        "a year",
    ),
    ("review", "an impossible day", {"outcome": "wait", "resume_on": "2026-02-30"}, "valid date"),
    ("review", "no note", {"note": ""}, "required"),
]


@pytest.mark.parametrize(
    ("name", "what", "changes", "message"), BAD_TEAM, ids=[f"{b[0]}: {b[1]}" for b in BAD_TEAM]
)
def test_bad_input_on_the_approvals_page_is_a_field_error_and_writes_nothing(
    desk: Desk, name: str, what: str, changes: dict[str, Any], message: str
) -> None:
    url, data = endpoints(desk)[name]
    data = {k: v for k, v in {**data, **changes}.items() if v != ""}
    before = written()
    response = client_for(desk.lead).post(url, data)
    assert response.status_code == 400, what
    html = response.content.decode()
    assert 'data-testid="error"' in html and message in html, what
    assert written() == before, what
    assert ApprovalRequest.objects.filter(status="pending").count() == 1
    assert CareHold.objects.filter(reviewed_at__isnull=True).count() == 1


def test_a_field_error_speaks_the_users_language(desk: Desk) -> None:
    Profile.objects.filter(user=desk.collector).update(language="zh-hans")
    url = f"/cases/{desk.small.public_id}/requests/settlement/"
    response = client_for(desk.collector).post(url, {**SETTLEMENT_OK, "amount": "1200", "reason": "减免"})
    assert response.status_code == 400
    assert "约定金额已覆盖全部余额" in response.content.decode()
