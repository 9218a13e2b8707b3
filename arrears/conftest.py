"""A small world of named personas shared by the app tests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from arrears.core.models import Profile, Role, Team


def make_user(username: str, role: str, team: Team | None, language: str = "en") -> User:
    user = User.objects.create_user(username, password="pw")  # noqa: S106
    Profile.objects.create(user=user, role=role, team=team, language=language)
    return user


@pytest.fixture
def team_a(db) -> Team:
    return Team.objects.create(name="Team A")


@pytest.fixture
def collector(team_a) -> User:
    return make_user("alice-collector", Role.COLLECTOR, team_a)


@pytest.fixture
def compliance_officer(db) -> User:
    return make_user("compliance", Role.COMPLIANCE, None)
