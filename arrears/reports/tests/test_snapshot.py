"""The report rows the nightly run writes (arrears/reports/snapshot.py): a collector's row
counts what the team screen's live loads count, and a refused contact lands on its day,
rule and creditor."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from arrears.compliance.actions import check_and_record
from arrears.compliance.models import ContactDecision
from arrears.compliance.tests.helpers import req
from arrears.conftest import make_user
from arrears.core.models import Role
from arrears.reports.models import BlockDay
from arrears.reports.snapshot import write_flows
from arrears.strategy.tests.world import add_debtor, build_world

pytestmark = pytest.mark.django_db


def test_a_refused_contact_lands_on_its_day_rule_and_creditor() -> None:
    world = build_world(collectors=1)
    debtor = add_debtor(world, 1, dpd=5, amount=Decimal("900.00"))
    collector = make_user("late-caller", Role.COLLECTOR, world.team)
    check_and_record(req("US", "2025-03-05T22:00:00-06:00"), user=collector)
    decision = ContactDecision.objects.get(allowed=False)
    ContactDecision.objects.filter(pk=decision.pk).update(debtor=debtor)
    on = timezone.localdate(decision.created_at)
    write_flows(on, on)
    rows = BlockDay.objects.filter(day=on)
    assert rows.exists() and {r.creditor_id for r in rows} == {world.creditor.pk}
    assert sum(r.count for r in rows) == len(decision.rule_ids.split())
