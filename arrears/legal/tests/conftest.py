"""The legal tests' world: the messaging world (a CN bank with its settings, a credit-card
case of 5,000.00 with 1,234.56 overdue, the debtor's phone, email and home address, the
seeded templates), with a second lead of the team, a manager over it, and another team's
lead; at 10:00 in Shanghai on Tuesday 2026-03-03. Files go to the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import User

from arrears.core.models import Profile, Role, Team
from arrears.messaging.tests.world import World, make_world
from arrears.testing.personas import local, make_user

ON = date(2026, 3, 3)
MORNING = local(ON, 10)


@dataclass
class Legal:
    world: World
    lead2: User
    manager: User
    other_lead: User
    compliance: User

    @property
    def case(self):
        return self.world.case


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path: Path) -> None:
    settings.LETTERS_DIR = tmp_path / "letters"
    settings.LEGAL_EXHIBITS_DIR = tmp_path / "exhibits"
    settings.MESSAGING_SEND_ON_QUEUE = False


@pytest.fixture
def legal(db) -> Iterator[Legal]:
    with time_machine.travel(MORNING, tick=False):
        world = make_world(ON)
        lead2 = make_user("lead-2", Role.TEAM_LEAD, world.team, language="zh-hans")
        manager = make_user("manager-l", Role.MANAGER, None, language="zh-hans")
        Profile.objects.get(user=manager).managed_teams.set([world.team])
        other_lead = make_user("other-lead", Role.TEAM_LEAD, Team.objects.create(name="其他组"))
        compliance = make_user("compliance-l", Role.COMPLIANCE, None)
        yield Legal(world, lead2, manager, other_lead, compliance)
