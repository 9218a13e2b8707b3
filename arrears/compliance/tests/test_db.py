"""The database side: policy versions, decision records, API, command, pages, shell."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from arrears.compliance.actions import active_policy, change_policy, check, check_and_record
from arrears.compliance.models import ContactDecision, PolicyVersion
from arrears.compliance.profiles import DEFAULTS, PolicyError
from arrears.compliance.shell import check_contact_for
from arrears.compliance.tests.helpers import req
from arrears.contacts.models import ContactPoint, Person
from arrears.core.models import Profile, Role
from arrears.portfolio.models import Creditor, Debtor

pytestmark = pytest.mark.django_db

LATE = req("US", "2025-03-05T22:00:00-06:00")
FINE = req("US", "2025-03-05T10:00:00-06:00")


def user(name: str, role: str) -> User:
    u = User.objects.create_user(name, password="pw")
    Profile.objects.create(user=u, role=role)
    return u


@pytest.fixture
def officer() -> User:
    return user("officer", Role.COMPLIANCE)


@pytest.fixture
def collector() -> User:
    return user("collector", Role.COLLECTOR)


def client_for(u: User) -> Client:
    c = Client()
    c.force_login(u)
    return c


# -- policy versions -----------------------------------------------------------------------

def test_the_first_use_of_a_profile_records_version_1_from_the_defaults() -> None:
    version = active_policy("CN")
    assert (version.version, version.author) == (1, None)
    assert version.policy() == DEFAULTS["CN"]


def test_a_policy_change_creates_a_version_with_author_and_reason(officer: User) -> None:
    params = {**DEFAULTS["US"].to_dict(), "window_end": "20:00"}
    changed = change_policy("US", params, author=officer, reason="State overlay: stop at 20:00")
    assert (changed.version, changed.author, changed.reason) == (2, officer, "State overlay: stop at 20:00")
    assert PolicyVersion.objects.filter(profile="US").count() == 2
    assert active_policy("US").policy().window_end == "20:00"


def test_a_decision_uses_and_records_the_active_version(officer: User, collector: User) -> None:
    params = {**DEFAULTS["US"].to_dict(), "window_end": "20:00"}
    change_policy("US", params, author=officer, reason="earlier end")
    checked, row = check_and_record(req("US", "2025-03-05T20:30:00-06:00"), user=collector)
    assert checked.decision.policy_version == 2
    assert row.policy_version.version == 2 and not row.allowed
    assert row.rule_list == ["US-TIME-01"] and row.user == collector
    assert row.request["at"] == "2025-03-05T20:30:00-06:00"
    assert row.decision["rule_ids"] == ["US-TIME-01"]


def test_a_policy_change_is_validated(officer: User) -> None:
    with pytest.raises(PolicyError, match="window_start must be before"):
        change_policy("US", {**DEFAULTS["US"].to_dict(), "window_start": "22:00"},
                      author=officer, reason="bad")
    with pytest.raises(PolicyError, match="unknown policy parameters"):
        change_policy("US", {**DEFAULTS["US"].to_dict(), "typo": 1}, author=officer, reason="bad")
    with pytest.raises(ValueError, match="needs a reason"):
        change_policy("US", DEFAULTS["US"].to_dict(), author=officer, reason=" ")
    assert PolicyVersion.objects.filter(profile="US").count() <= 1


def test_the_admin_adds_a_version_instead_of_editing(officer: User) -> None:
    officer.is_staff = officer.is_superuser = True
    officer.save()
    c = client_for(officer)
    params = {**DEFAULTS["UK"].to_dict(), "window_start": "09:00"}
    response = c.post("/admin/compliance/policyversion/add/", {
        "profile": "UK", "parameters": json.dumps(params), "reason": "Shift workers",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = active_policy("UK")
    assert (latest.version, latest.author, latest.reason) == (2, officer, "Shift workers")
    assert c.post(f"/admin/compliance/policyversion/{latest.pk}/change/", {}).status_code == 403


# -- API -----------------------------------------------------------------------------------

def test_the_api_requires_login() -> None:
    response = Client().post("/api/v1/compliance/check", FINE, content_type="application/json")
    assert response.status_code == 401
    assert ContactDecision.objects.count() == 0


def test_the_api_returns_and_records_the_decision(collector: User) -> None:
    response = client_for(collector).post("/api/v1/compliance/check?lang=en", LATE,
                                          content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "block" and body["rule_ids"] == ["US-TIME-01"]
    assert "22:00" in body["reasons"][0]["reason"]
    assert body["next_allowed_at"] == "2025-03-06T08:00:00-06:00"
    assert ContactDecision.objects.get().user == collector


def test_the_api_reports_every_error_in_a_bad_request(collector: User) -> None:
    bad = {**FINE, "channel": "fax", "recipient": {"role": "boss"}}
    response = client_for(collector).post("/api/v1/compliance/check", bad,
                                          content_type="application/json")
    # The API's one error shape: 422 with every field at fault.
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"channel", "recipient.role"}


def test_the_api_refuses_get(collector: User) -> None:
    assert client_for(collector).get("/api/v1/compliance/check").status_code == 405


# -- command ---------------------------------------------------------------------------------

def test_the_command_prints_one_decision_per_json_line(tmp_path: Any) -> None:
    path = tmp_path / "requests.jsonl"
    path.write_text(json.dumps(LATE) + "\n" + json.dumps(FINE) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("check_contact", str(path), "--lang", "zh-hans", stdout=out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["decision"] for x in lines] == ["block", "allow"]
    assert "不在允许时段" in lines[0]["reasons"][0]["reason"]
    assert ContactDecision.objects.count() == 0  # a what-if, not a real contact


def test_the_command_reads_stdin_and_fails_on_a_bad_request(monkeypatch: Any) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({**FINE, "at": "2025-03-05T10:00"})))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 request"):
        call_command("check_contact", "-", stdout=out)
    assert "needs a UTC offset" in out.getvalue()


# -- pages -----------------------------------------------------------------------------------

def test_the_check_page_requires_login() -> None:
    response = Client().get("/compliance/check/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_collector_may_not_use_the_officer_pages(collector: User) -> None:
    assert client_for(collector).get("/compliance/check/").status_code == 403
    assert client_for(collector).get("/compliance/decisions/").status_code == 403


def test_the_check_page_shows_the_decision(officer: User) -> None:
    response = client_for(officer).post("/compliance/check/", {"request": json.dumps(LATE)},
                                        HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "US-TIME-01" in page and "12 CFR 1006.6(b)(1)(i)" in page
    assert ContactDecision.objects.count() == 0


def test_the_check_page_lists_request_errors(officer: User) -> None:
    response = client_for(officer).post("/compliance/check/", {"request": '{"channel": "pigeon"}'})
    assert "pigeon" in response.content.decode()


def test_the_decision_list_filters_by_rule_and_collector(officer: User, collector: User) -> None:
    other = user("other", Role.COLLECTOR)
    check_and_record(LATE, user=collector)
    check_and_record(FINE, user=collector)
    check_and_record(LATE, user=other)
    c = client_for(officer)
    page = c.get("/compliance/decisions/", {"rule": "US-TIME-01", "collector": "collector"})
    assert len(page.context["page"].object_list) == 1
    assert len(c.get("/compliance/decisions/", {"rule": "US-TIME-01"}).context["page"].object_list) == 2
    assert len(c.get("/compliance/decisions/").context["page"].object_list) == 3


# -- shell -----------------------------------------------------------------------------------

@pytest.fixture
def world() -> dict[str, Any]:
    creditor = Creditor.objects.create(code="bank", name="A bank")
    debtor = Debtor.objects.create(creditor=creditor, external_id="X1", name="Debtor one",
                                   jurisdiction="US", time_zone="America/Chicago")
    me = Person.objects.create(debtor=debtor, relationship="self", name="Debtor one")
    phone = ContactPoint.objects.create(person=me, kind="phone", value="+15550100", source="application")
    sister = Person.objects.create(debtor=debtor, relationship="sibling", name="Sibling one")
    her_phone = ContactPoint.objects.create(person=sister, kind="phone", value="+15550101",
                                            source="application")
    return {"debtor": debtor, "me": me, "phone": phone, "sister": sister, "her_phone": her_phone}


def test_the_shell_builds_the_request_from_the_models(world: dict[str, Any], collector: User) -> None:
    at = datetime(2025, 3, 5, 22, 0, tzinfo=ZoneInfo("America/Chicago"))
    checked = check_contact_for(collector, world["debtor"], world["me"], world["phone"], "call", at,
                                "collect", account={"consumer": True})
    assert checked.decision.rule_ids == ["US-TIME-01"]
    row = ContactDecision.objects.get()
    assert row.debtor == world["debtor"] and row.request["recipient"]["time_zones"] == ["America/Chicago"]


def test_the_shell_passes_opt_outs_and_history(world: dict[str, Any], collector: User) -> None:
    at = datetime(2025, 3, 5, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    world["phone"].opted_out = True
    world["phone"].save()
    checked = check_contact_for(collector, world["debtor"], world["me"], world["phone"], "call", at,
                                "collect", account={"consumer": True}, record=False)
    assert "US-MEDIUM-01" in checked.decision.rule_ids
    sister = world["sister"]
    history = [{"at": "2025-02-20T10:00:00-06:00", "channel": "call", "purpose": "location",
                "person_id": str(sister.public_id), "connected": True, "conversation": True}]
    checked = check_contact_for(collector, world["debtor"], sister, world["her_phone"], "call", at,
                                "location", history=history, account={"consumer": True}, record=False)
    assert checked.decision.rule_ids == ["US-LOC-01"]
    assert ContactDecision.objects.count() == 0


def test_unknown_profile_in_a_request_is_an_error_not_an_allow() -> None:
    from arrears.compliance.request import RequestError

    with pytest.raises(RequestError, match="profile"):
        check({**FINE, "profile": "FR"})
