"""The decision log (/compliance/decisions/) shows each reviewer only what is theirs to see."""

from __future__ import annotations

import pytest
from django.test import Client

from arrears.compliance.actions import check_and_record
from arrears.compliance.tests.helpers import req
from arrears.conftest import make_user
from arrears.core.models import Role, Team

pytestmark = pytest.mark.django_db

LATE = req("US", "2025-03-05T22:00:00-06:00")


@pytest.fixture
def log():
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    people = {
        "alice": make_user("alice", Role.COLLECTOR, team_a),
        "bob": make_user("bob", Role.COLLECTOR, team_b),
        "lead_a": make_user("lead_a", Role.TEAM_LEAD, team_a),
        "lead_b": make_user("lead_b", Role.TEAM_LEAD, team_b),
        "lead_none": make_user("lead_none", Role.TEAM_LEAD, None),
        "officer": make_user("officer", Role.COMPLIANCE, None),
    }
    for _ in range(2):
        check_and_record(LATE, user=people["alice"])
    check_and_record(LATE, user=people["bob"])
    return people


def shown(user, **params) -> tuple[list[str], str]:
    client = Client()
    client.force_login(user)
    response = client.get("/compliance/decisions/", params)
    assert response.status_code == 200
    rows = [d.user.username for d in response.context["page"].object_list]
    return rows, response.content.decode()


def test_a_team_lead_sees_only_their_teams_decisions(log):
    rows, page = shown(log["lead_a"])
    assert rows == ["alice", "alice"]
    assert "bob" not in page


def test_an_outsider_lead_sees_none_of_another_teams_decisions_even_by_name(log):
    rows, page = shown(log["lead_b"])
    assert rows == ["bob"]
    assert "alice" not in page  # not in the rows, not in the collector filter either
    assert shown(log["lead_b"], collector="alice")[0] == []


def test_a_lead_without_a_team_sees_nothing(log):
    assert shown(log["lead_none"])[0] == []


def test_a_compliance_officer_sees_every_decision(log):
    assert sorted(shown(log["officer"])[0]) == ["alice", "alice", "bob"]


def test_a_collector_is_refused_the_log(log):
    client = Client()
    client.force_login(log["alice"])
    assert client.get("/compliance/decisions/").status_code == 403
