"""A small world of named personas shared by the app tests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from arrears.core.models import Role, Team
from arrears.testing.personas import make_user

__all__ = ["make_user"]  # the many tests that import it from here


@pytest.fixture
def team_a(db) -> Team:
    return Team.objects.create(name="Team A")


@pytest.fixture
def collector(team_a) -> User:
    return make_user("alice-collector", Role.COLLECTOR, team_a)


@pytest.fixture
def compliance_officer(db) -> User:
    return make_user("compliance", Role.COMPLIANCE, None)
