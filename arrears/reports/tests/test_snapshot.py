"""The report rows the nightly run writes (arrears/reports/snapshot.py): a collector's row
counts what the team screen's live loads count, and a refused contact lands on its day,
rule and creditor."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from arrears.cases.models import Case
from arrears.compliance.actions import check_and_record
from arrears.compliance.models import ContactDecision
from arrears.compliance.tests.helpers import req
from arrears.conftest import make_user
from arrears.core.models import Role
from arrears.reports.flows import write_flows
from arrears.reports.models import BlockDay, CollectorDay
from arrears.reports.snapshot import write_states
from arrears.reports.tests.branches import into_every_branch
from arrears.strategy import today as today_plan
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, add_debtor, build_world

pytestmark = pytest.mark.django_db


def test_a_collectors_row_counts_as_the_live_loads_of_the_team_screen() -> None:
    world = build_world(collectors=2, capacity=3)
    for n in range(12):
        add_debtor(world, n, dpd=3 + n % 3, amount=Decimal(1000 + 100 * n))
    run_nightly(ON)
    ann, bo = world.collectors
    # Every branch of the counts: pinned today, backlog, overdue, a reminder due, a reminder
    # not yet due, no next action, no collector, a visit with no day.
    into_every_branch(ON, ann, bo)
    write_states(ON, ON)

    scope = Case.objects.filter(status="open", team=world.team)
    live = {load.collector_id: load for load in today_plan.loads(scope, ON, world.collectors)}
    for user in world.collectors:
        row = CollectorDay.objects.get(day=ON, owner=user)
        load = live[user.pk]
        assert (row.open, row.planned, row.pinned, row.backlog, row.overdue) == (
            load.open,
            load.planned,
            load.pinned,
            load.backlog,
            load.overdue,
        )
    rows = CollectorDay.objects.filter(day=ON)
    assert sum(r.reminders for r in rows) == today_plan.reminders(scope, ON).count() == 1
    assert sum(r.no_next_action for r in rows) == scope.filter(today_plan.NO_NEXT_ACTION).count()
    assert rows.get(owner=None).cases == scope.filter(owner=None).count() == 1


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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="extended statistics are PostgreSQL's")
def test_the_book_s_grouping_columns_have_statistics_of_their_own():
    # Without them the planner expects a group an account and sorts the book to group it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT stxname FROM pg_statistic_ext ORDER BY stxname")
        names = {name for (name,) in cursor.fetchall()}
    assert {"account_book_groups", "case_book_groups"} <= names
