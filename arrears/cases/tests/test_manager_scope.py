"""A collections manager works the cases of the teams they manage, as a lead does there."""

from __future__ import annotations

import pytest

from arrears.cases.access import is_approver, is_lead, team_ids, visible_cases
from arrears.cases.models import Case
from arrears.conftest import make_user
from arrears.core.models import Profile, Role, Team
from arrears.portfolio.models import Creditor, Debtor

pytestmark = pytest.mark.django_db


def _case(team: Team, n: int) -> Case:
    creditor = Creditor.objects.get_or_create(code=f"c{team.pk}", defaults={"name": team.name, "team": team})[
        0
    ]
    debtor = Debtor.objects.create(creditor=creditor, external_id=f"D{n}", name=f"D{n}")
    return Case.objects.create(debtor=debtor, team=team, opened_on="2026-03-02")


def test_a_manager_sees_the_teams_they_manage_and_their_own() -> None:
    one, two, three = (Team.objects.create(name=n) for n in ("one", "two", "three"))
    cases = {t.name: _case(t, k) for k, t in enumerate((one, two, three))}
    manager = make_user("manager", Role.MANAGER, three)
    assert set(visible_cases(manager)) == {cases["three"]}
    Profile.objects.get(user=manager).managed_teams.set([one])
    manager.profile.refresh_from_db()
    assert set(visible_cases(manager)) == {cases["one"], cases["three"]}
    assert team_ids(manager) == sorted([one.pk, three.pk])
    assert is_lead(manager) and is_approver(manager)
    lone = make_user("lone", Role.MANAGER, None)
    assert not visible_cases(lone).exists() and team_ids(lone) == []


def test_an_administrator_is_a_lead_everywhere_but_approves_nothing() -> None:
    admin = make_user("admin", Role.ADMIN, None)
    assert is_lead(admin) and not is_approver(admin) and team_ids(admin) is None
