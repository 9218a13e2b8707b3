"""The workbench over HTTP: who sees what, who may change what, and what the pages cost."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from arrears.activity.models import Event, Kind
from arrears.cases import actions
from arrears.cases.models import Case, Promise
from arrears.contacts.models import ContactPoint, Person
from arrears.core.models import Role
from arrears.portfolio.models import Account, Creditor
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import (
    TUESDAY,
    TWO_TEAMS_DEBT,
    add_debtor,
    build_two_teams,
    client_for,
    local,
    make_user,
)

pytestmark = pytest.mark.django_db

ON = TUESDAY
MORNING = local(ON, 10)
# Queries per page (session and user included). A change here is a change in what the
# page costs: look at it, then update the number.
# 19, +2 for the messages panel (its messages and the templates), +4 for the controls (the
# gate's care-hold facts, the case's requests, its hold, the limits), +5 for the limitation
# period (its rules, the accounts, due items, payments and restarting events), +1 for the
# gate's notice facts, +2 for the agency panel (the active placement, the debtor's notices),
# +6 for the legal panel (the referrals with their matter, the exhibits, the configured
# requirements, the dossier's issuance, the demand letters' statuses, the demand templates:
# arrears.legal).
CASE_PAGE_QUERIES = 39
QUEUE_PAGE_QUERIES = 8  # + the day's capacity: the team's default and absences


@pytest.fixture
def world(db):
    teams = build_two_teams(ON)
    return teams.users, teams.case_a, teams.case_b


def test_the_nightly_run_gave_every_case_an_owner_of_its_team(world):
    users, case_a, case_b = world
    assert case_a.owner == users["alice"] and case_b.owner == users["bob"]


def test_a_collector_of_another_team_gets_404_on_page_and_api(world):
    users, case_a, _ = world
    bob = client_for(users["bob"])
    assert bob.get(f"/cases/{case_a.public_id}/").status_code == 404
    assert bob.get(f"/api/v1/cases/{case_a.public_id}").status_code == 404
    assert bob.post(f"/cases/{case_a.public_id}/note/", {"note": "x"}).status_code == 404
    assert client_for(users["lead_b"]).get(f"/cases/{case_a.public_id}/").status_code == 404
    account = Account.objects.get(debtor=case_a.debtor)
    assert bob.get(f"/accounts/{account.public_id}/").status_code == 404
    # Their own team's lead and the owner see it.
    assert client_for(users["lead"]).get(f"/cases/{case_a.public_id}/").status_code == 200
    assert client_for(users["alice"]).get(f"/api/v1/cases/{case_a.public_id}").status_code == 200


def mutating_posts(case: Case) -> list[tuple[str, dict]]:
    point = ContactPoint.objects.filter(person__debtor=case.debtor).earliest("pk")
    base = f"/cases/{case.public_id}"
    return [
        (f"{base}/contact/", {"contact_point": str(point.public_id), "outcome": "no_answer"}),
        (f"{base}/promise/", {"amount": "100", "due_on": (ON + timedelta(days=3)).isoformat()}),
        (f"{base}/plan/", {"due_on": ["2026-03-10", "2026-03-20"], "amount": ["1", "2"]}),
        (f"{base}/contact-points/", {"person": "x", "kind": "phone", "value": "1", "source": "other"}),
        (f"{base}/contact-points/{point.public_id}/mark/", {"state": "invalid"}),
        (f"{base}/visits/", {}),
        (f"{base}/dispute/", {"summary": "x"}),
        (f"{base}/preference/", {"kind": "cease"}),
        (f"{base}/note/", {"note": "x"}),
        (f"{base}/close/", {"reason": "settled"}),
        (f"{base}/stage/", {"stage": "field", "reason": "x"}),
        (f"{base}/assist/", {"text": "没钱"}),
        (f"{base}/assist/log/", {"label": "hardship_no_money", "text": "没钱"}),
        ("/team/recommendations/", {"decision": "confirm"}),
        ("/team/reassign/", {"case": case.reference, "owner": case.owner_id}),
    ]


def test_read_only_roles_get_403_on_every_mutating_endpoint(world):
    users, case_a, _ = world
    compliance = client_for(users["compliance"])
    events = Event.objects.count()
    for url, data in mutating_posts(case_a):
        assert compliance.post(url, data).status_code == 403, url
    point = ContactPoint.objects.filter(person__debtor=case_a.debtor).earliest("pk")
    api = [
        (
            f"/api/v1/cases/{case_a.public_id}/contacts",
            {"contact_point": str(point.public_id), "outcome": "busy"},
        ),
        (f"/api/v1/cases/{case_a.public_id}/promises", {"amount": "5", "due_on": "2026-03-09"}),
        (f"/api/v1/cases/{case_a.public_id}/notes", {"note": "x"}),
    ]
    for url, data in api:
        assert compliance.post(url, data, content_type="application/json").status_code == 403, url
    assert Event.objects.count() == events
    # Reading is theirs: every case, in full.
    assert compliance.get(f"/cases/{case_a.public_id}/").status_code == 200


def test_a_collector_may_not_confirm_stage_moves_or_reassign(world):
    users, case_a, _ = world
    alice = client_for(users["alice"])
    assert alice.post("/team/recommendations/", {"decision": "confirm"}).status_code == 403
    assert (
        alice.post("/team/reassign/", {"case": case_a.reference, "owner": users["alice"].pk}).status_code
        == 403
    )
    assert alice.get("/team/").status_code == 403


@time_machine.travel(MORNING, tick=False)
def test_logging_a_call_with_a_promise_through_the_page(world):
    users, case_a, _ = world
    alice = client_for(users["alice"])
    point = ContactPoint.objects.filter(person__debtor=case_a.debtor).earliest("pk")
    response = alice.post(
        f"/cases/{case_a.public_id}/contact/",
        {
            "contact_point": str(point.public_id),
            "channel": "call",
            "outcome": "promise_to_pay",
            "promise_amount": "1,500",
            "promise_date": (ON + timedelta(days=2)).isoformat(),
            "note": "pays Thursday",
        },
    )
    assert response.status_code == 200
    promise = Promise.objects.get(case=case_a)
    assert promise.amount == Decimal("1500.00") and promise.due_on == ON + timedelta(days=2)
    kinds = list(Event.objects.filter(case=case_a).order_by("-seq").values_list("kind", flat=True)[:2])
    assert kinds == [Kind.PROMISE_MADE, Kind.CONTACT]
    case_a.refresh_from_db()
    assert case_a.next_action == "check_promise" and case_a.next_action_on == ON + timedelta(days=2)
    assert "pays Thursday" in response.content.decode()


@time_machine.travel(local(ON, 22, 30), tick=False)
def test_a_blocked_contact_shows_the_rule_and_the_next_allowed_time(world):
    users, case_a, _ = world
    alice = client_for(users["alice"])
    point = ContactPoint.objects.filter(person__debtor=case_a.debtor).earliest("pk")
    before = Event.objects.filter(case=case_a, kind=Kind.CONTACT).count()
    response = alice.post(
        f"/cases/{case_a.public_id}/contact/",
        {
            "contact_point": str(point.public_id),
            "channel": "call",
            "outcome": "no_answer",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "CN-TIME-01" in html
    assert "2026-03-04 08:00" in html  # the next morning, 08:00 Shanghai
    assert Event.objects.filter(case=case_a, kind=Kind.CONTACT).count() == before
    blocked = Event.objects.get(case=case_a, kind=Kind.BLOCKED)
    assert blocked.decision is not None and not blocked.decision.allowed


def _page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@time_machine.travel(MORNING, tick=False)
def test_case_page_query_count_does_not_grow_with_the_case(world):
    users, case_a, _ = world
    alice = client_for(users["alice"])
    url = f"/cases/{case_a.public_id}/"
    _page_queries(alice, url)  # first use creates the policy version rows
    small = _page_queries(alice, url)
    person = Person.objects.get(debtor=case_a.debtor, relationship="self")
    for k in range(4):
        ContactPoint.objects.create(person=person, kind="phone", value=f"1370000{k:04d}", source="other")
    ContactPoint.objects.create(
        person=person, kind="address", address_kind="home", value="上海市某路 1 号", source="application"
    )
    for k in range(3):  # the visit form lists the team's staff
        make_user(f"field-{k}", Role.FIELD_COLLECTOR, case_a.team)
    for k in range(3):
        actions.add_note(case_a, users["alice"], f"note {k}")
    actions.make_promise(case_a, users["alice"], amount=Decimal("10"), due_on=ON + timedelta(days=1))
    actions.make_promise(case_a, users["alice"], amount=Decimal("20"), due_on=ON + timedelta(days=5))
    big = _page_queries(alice, url)
    assert big == small, (small, big)
    assert small == CASE_PAGE_QUERIES, small


@time_machine.travel(MORNING, tick=False)
def test_queue_page_query_count_is_constant(world):
    users, _, _ = world
    alice = client_for(users["alice"])
    _page_queries(alice, "/work/")
    small = _page_queries(alice, "/work/")
    creditor = Creditor.objects.get(code="a")
    for n in range(20, 30):
        add_debtor(creditor, n, amount=TWO_TEAMS_DEBT, on=ON)
    run_nightly(ON)
    assert Case.objects.filter(owner=users["alice"]).count() > 10
    big = _page_queries(alice, "/work/")
    assert big == small, (small, big)
    assert small == QUEUE_PAGE_QUERIES, small


def test_unmasking_is_for_roles_that_need_it_and_is_logged(world):
    from arrears.activity.models import Unmasking

    users, case_a, _ = world
    point = ContactPoint.objects.filter(person__debtor=case_a.debtor).earliest("pk")
    url = f"/cases/{case_a.public_id}/contact-points/{point.public_id}/unmask/"
    page = client_for(users["alice"]).get(f"/cases/{case_a.public_id}/").content.decode()
    assert point.value not in page  # masked for the collector
    assert client_for(users["alice"]).post(url).status_code == 403
    response = client_for(users["admin"]).post(url, {"reason": "audit"})
    assert response.status_code == 200 and point.value in response.content.decode()
    assert Unmasking.objects.filter(user=users["admin"], contact_point=point).count() == 1
