"""The team lead's grouped stage moves: groups, one-action decisions with a reason on every
case, idempotence, scope, and progress for big groups."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from arrears.activity.models import Event, Kind
from arrears.cases.models import Case, Stage, StageRecommendation
from arrears.cases.views import recommendations as recs_view
from arrears.cases.views.recommendations import recommendation_groups
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Role, Team
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem
from arrears.strategy.shell import run_nightly

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 3)


@pytest.fixture(autouse=True)
def _on_the_day():
    # Confirmed moves replan the cases "today": let today be the day the world was aged.
    with time_machine.travel(datetime.combine(ON, time(10), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def _debtor(creditor: Creditor, n: int, dpd: int, amount: int) -> None:
    debtor = Debtor.objects.create(
        creditor=creditor, external_id=f"D{n}", name=f"债务人{n}", jurisdiction="CN"
    )
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=debtor.name)
    ContactPoint.objects.create(person=person, kind="phone", value=f"1390000{n:04d}", source="bank_system")
    ContactPoint.objects.create(
        person=person, kind="address", address_kind="home", value=f"上海市某路{n}号", source="application"
    )
    account = Account.objects.create(
        creditor=creditor, debtor=debtor, external_id=f"A{n}", product="consumer_loan"
    )
    DueItem.objects.create(
        account=account,
        external_id="1",
        kind="instalment",
        due_date=ON - timedelta(days=dpd),
        amount_due=Decimal(amount),
    )


@pytest.fixture
def world():
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    bank_a = Creditor.objects.create(code="a", name="Bank A", team=team_a)
    bank_b = Creditor.objects.create(code="b", name="Bank B", team=team_b)
    users = {
        "alice": make_user("alice", Role.COLLECTOR, team_a),
        "bob": make_user("bob", Role.COLLECTOR, team_b),
        "lead": make_user("lead", Role.TEAM_LEAD, team_a),
        "lead_b": make_user("lead_b", Role.TEAM_LEAD, team_b),
        "compliance": make_user("compliance", Role.COMPLIANCE, None),
    }
    for n in range(7):  # M2, 1,000-10,000: one group of 7
        _debtor(bank_a, n, 45, 3000 + n)
    # M1: a group of 3 (a field visit is recommended from 3,000 overdue, with an address).
    for n in range(7, 10):
        _debtor(bank_a, n, 20, 3200)
    _debtor(bank_b, 20, 45, 3000)
    run_nightly(ON)
    return users


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _group(user, count: int):
    return next(g for g in recommendation_groups(user) if g.count == count)


def test_pending_moves_are_grouped_by_rule_and_segment_with_sums_and_a_preview(world):
    groups = recommendation_groups(world["lead"])
    assert sorted(g.count for g in groups) == [3, 7]
    big = _group(world["lead"], 7)
    assert big.key["to_stage"] == Stage.FIELD and big.key["dpd_band"] == "M2" and big.key["balance_band"] == 1
    assert big.overdue == sum(Decimal(3000 + n) for n in range(7))
    assert len(big.preview) == 3 and big.more == 4
    assert big.creditor.code == "a"
    page = client_for(world["lead"]).get("/team/").content.decode()
    assert re.findall(r'data-testid="rec-count">(\d+)<', page) == ["7", "3"]
    assert "M2 · 31–60 days" in page or "M2 · 逾期 31–60 天" in page


def test_grouping_costs_the_same_queries_whatever_the_number_of_groups(world):
    with CaptureQueriesContext(connection) as few:
        recommendation_groups(world["lead"])
    creditor = Creditor.objects.get(code="a")
    for n in range(30, 36):
        _debtor(creditor, n, 100 + 20 * (n % 3), 50_000 * (n % 3) + 10)
    run_nightly(ON)
    assert len(recommendation_groups(world["lead"])) > 4
    with CaptureQueriesContext(connection) as many:
        recommendation_groups(world["lead"])
    assert len(few) == len(many) == 3


def test_confirming_a_group_moves_every_case_with_the_leads_reason_in_its_evidence(world):
    lead = client_for(world["lead"])
    group = _group(world["lead"], 7)
    response = lead.post(
        "/team/recommendations/",
        {"group": group.token, "decision": "confirm", "reason": "M2 无承诺，安排外访"},
        HTTP_HX_REQUEST="true",
    )
    assert (
        "7 stage moves confirmed." in response.content.decode() or "已确认 7 项" in response.content.decode()
    )
    moved = Case.objects.filter(stage=Stage.FIELD)
    assert moved.count() == 7
    for case in moved:
        event = Event.objects.filter(case=case, kind=Kind.STAGE_CHANGED).latest("seq")
        assert "M2 无承诺，安排外访" in event.note and event.data["to"] == Stage.FIELD
        assert event.actor == world["lead"]
    assert StageRecommendation.objects.filter(status="applied").count() == 7
    # The other group and the other team's case are untouched.
    assert StageRecommendation.objects.filter(status="pending").count() == 4


def test_rejecting_a_group_keeps_the_stage_and_records_the_reason_per_case(world):
    group = _group(world["lead"], 3)
    client_for(world["lead"]).post(
        "/team/recommendations/", {"group": group.token, "decision": "reject", "reason": "先电话跟进一周"}
    )
    rejected = StageRecommendation.objects.filter(status="rejected")
    assert rejected.count() == 3
    for rec in rejected.select_related("case"):
        assert rec.case.stage == Stage.PHONE
        note = Event.objects.filter(case=rec.case, kind=Kind.NOTE).latest("seq")
        assert "先电话跟进一周" in note.note and note.data["recommendation"] == rec.pk


def test_a_double_submit_decides_nothing_twice(world):
    lead = client_for(world["lead"])
    data = {"group": _group(world["lead"], 7).token, "decision": "confirm", "reason": "批量"}
    lead.post("/team/recommendations/", data, HTTP_HX_REQUEST="true")
    events = Event.objects.count()
    second = lead.post("/team/recommendations/", data, HTTP_HX_REQUEST="true").content.decode()
    assert Event.objects.count() == events
    assert 'data-testid="rec-done"' in second
    assert StageRecommendation.objects.filter(status="applied").count() == 7


def test_moves_added_after_the_lead_looked_are_not_decided_unseen(world):
    group = _group(world["lead"], 7)
    _debtor(Creditor.objects.get(code="a"), 40, 45, 3500)
    run_nightly(ON)
    client_for(world["lead"]).post(
        "/team/recommendations/", {"group": group.token, "decision": "confirm", "reason": "x"}
    )
    assert StageRecommendation.objects.filter(status="applied").count() == 7
    assert _group(world["lead"], 1).key["dpd_band"] == "M2"


def test_a_lead_of_another_team_gets_404_and_changes_nothing(world):
    token = _group(world["lead"], 7).token
    response = client_for(world["lead_b"]).post(
        "/team/recommendations/", {"group": token, "decision": "confirm", "reason": "x"}
    )
    assert response.status_code == 404
    assert not StageRecommendation.objects.exclude(status="pending").exists()


def test_collectors_and_read_only_roles_get_403_and_get_is_405(world):
    token = _group(world["lead"], 7).token
    data = {"group": token, "decision": "confirm", "reason": "x"}
    assert client_for(world["alice"]).post("/team/recommendations/", data).status_code == 403
    assert client_for(world["compliance"]).post("/team/recommendations/", data).status_code == 403
    assert client_for(world["lead"]).get("/team/recommendations/").status_code == 405
    assert not StageRecommendation.objects.exclude(status="pending").exists()


def test_a_forged_group_or_a_missing_reason_is_refused_in_words(world):
    lead = client_for(world["lead"])
    token = _group(world["lead"], 7).token
    forged = lead.post(
        "/team/recommendations/",
        {"group": token[:-2] + "xx", "decision": "confirm", "reason": "x"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'data-testid="rec-error"' in forged
    empty = lead.post(
        "/team/recommendations/", {"group": token, "decision": "confirm", "reason": "  "}, follow=True
    ).content.decode()
    assert "reason" in empty.lower() or "原因" in empty
    assert not StageRecommendation.objects.exclude(status="pending").exists()


def test_a_big_group_is_decided_in_chunks_with_progress_until_done(world, monkeypatch):
    monkeypatch.setattr(recs_view, "CHUNK", 2)
    monkeypatch.setattr(recs_view, "BUDGET_SECONDS", 0.0)  # one chunk per request
    lead = client_for(world["lead"])
    data = {"group": _group(world["lead"], 7).token, "decision": "confirm", "reason": "分批"}
    seen = []
    for _ in range(10):
        html = lead.post("/team/recommendations/", data, HTTP_HX_REQUEST="true").content.decode()
        progress = re.search(r'<progress max="(\d+)" value="(\d+)">', html)
        if progress is None:
            break
        seen.append(progress.groups())
        # The section asks for the next part by itself (hx-trigger="load"): do as it does.
        assert 'hx-trigger="load"' in html
        data = dict(data, done=progress.group(2))
    assert seen == [("7", "2"), ("7", "4"), ("7", "6")]
    done = re.search(r'data-testid="rec-done">([^<]*)<', html)
    assert done is not None and "7" in done.group(1)
    assert Case.objects.filter(stage=Stage.FIELD).count() == 7


def test_the_bulk_action_skips_cases_outside_the_scope_and_needs_a_reason(world):
    from django.core.exceptions import ValidationError

    from arrears.cases import actions
    from arrears.cases.access import visible_cases

    lead = world["lead"]
    theirs = list(StageRecommendation.objects.filter(case__team__name="B").values_list("pk", flat=True))
    assert theirs
    assert (
        actions.decide_recommendations(theirs, lead, confirm=True, reason="x", scope=visible_cases(lead)) == 0
    )
    with pytest.raises(ValidationError):
        actions.decide_recommendations(theirs, lead, confirm=True, reason=" ", scope=visible_cases(lead))
    assert not StageRecommendation.objects.exclude(status="pending").exists()
