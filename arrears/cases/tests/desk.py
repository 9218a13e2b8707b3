"""The personas of the controls' tests: a collector and her team lead, a collections manager
over the team, a lead and a collector of another team who must see nothing, a compliance
officer who reads only; two cases of the collector (CNY 1,200 at 5 days past due, within
a lead's write-off limit, and CNY 12,000, above it)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from arrears.cases.models import Case
from arrears.conftest import make_user
from arrears.core.models import Profile, Role
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, World, add_debtor, build_world, local, open_case

# 10:00 in Shanghai on the world's Monday: inside every contact window.
MORNING = local(ON, 10)


@dataclass
class Desk:
    world: World
    collector: User
    lead: User
    manager: User
    other_lead: User
    outsider: User
    compliance: User
    small: Case  # CNY 1,200.00 at 5 DPD
    large: Case  # CNY 12,000.00 at 5 DPD
    theirs: Case  # the other team's

    def refresh(self) -> None:
        for case in (self.small, self.large, self.theirs):
            case.refresh_from_db()


def build_desk() -> Desk:
    world = build_world(collectors=1)
    other = build_world(collectors=1, code="other")
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    manager = make_user("manager", Role.MANAGER, None)
    Profile.objects.get(user=manager).managed_teams.set([world.team])
    other_lead = make_user("other-lead", Role.TEAM_LEAD, other.team)
    compliance = make_user("compliance", Role.COMPLIANCE, None)
    small = add_debtor(world, 1, dpd=5, amount=Decimal("1200.00"))
    large = add_debtor(world, 2, dpd=5, amount=Decimal("12000.00"))
    theirs = add_debtor(other, 3, dpd=5)
    run_nightly(ON)
    return Desk(
        world=world,
        collector=world.collectors[0],
        lead=lead,
        manager=manager,
        other_lead=other_lead,
        outsider=other.collectors[0],
        compliance=compliance,
        small=open_case(small),
        large=open_case(large),
        theirs=open_case(theirs),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def verify_clean(case: Case) -> None:
    """`manage.py verify_evidence` finds nothing wrong with the case's chain and rows."""
    import io

    out = io.StringIO()
    call_command("verify_evidence", "--case", case.reference, "--lang", "en", stdout=out, verbosity=0)
    assert "0 problems" in out.getvalue(), out.getvalue()


def kinds(case: Case, last: int) -> list[Any]:
    """The kinds of the case's last `last` events, oldest first."""
    return list(reversed(list(case.events.order_by("-seq").values_list("kind", flat=True)[:last])))
