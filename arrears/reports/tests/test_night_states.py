"""The day's states grouped from the night's frames (arrears/reports/night_states.py) are
the rows the tables give (snapshot.write_states): after a night with cases opened, an
agency holding one case and a payment curing a debtor; and with the open cases edited into
every branch of a collector's counts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from arrears.cases.models import Case
from arrears.conftest import make_user
from arrears.core.models import Role
from arrears.portfolio.models import Account, Payment
from arrears.recovery.models import Agency, Contract
from arrears.recovery.placement import place
from arrears.reports.models import CollectorDay, PortfolioDay
from arrears.reports.night_states import NightBook, write_night_states
from arrears.reports.snapshot import write_states
from arrears.reports.tests.branches import into_every_branch
from arrears.strategy.engine import decide
from arrears.strategy.extract import extract
from arrears.strategy.shell import run_config, run_nightly
from arrears.strategy.tests.world import ON, add_debtor, build_world

pytestmark = pytest.mark.django_db

PORTFOLIO = (
    "creditor_id",
    "product",
    "team_id",
    "owner_id",
    "stage",
    "bucket",
    "agency",
    "accounts",
    "balance",
    "overdue",
    "source",
)
COLLECTOR = (
    "creditor_id",
    "team_id",
    "owner_id",
    "cases",
    "open",
    "planned",
    "pinned",
    "backlog",
    "overdue",
    "reminders",
    "no_next_action",
)


def _rows(day: date) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    portfolio = sorted(PortfolioDay.objects.filter(day=day).values_list(*PORTFOLIO), key=repr)
    collectors = sorted(CollectorDay.objects.filter(day=day).values_list(*COLLECTOR), key=repr)
    return portfolio, collectors


def _world() -> Any:
    world = build_world(collectors=2, capacity=3)
    debtors = [add_debtor(world, n, dpd=3 + 9 * (n % 5), amount=Decimal(1000 + 137 * n)) for n in range(14)]
    # A debtor current on their account: in the book, without a case.
    add_debtor(world, 99, dpd=0, amount=Decimal(500))
    return world, debtors


def test_a_nights_states_are_the_tables_grouped() -> None:
    world, debtors = _world()
    run_nightly(ON - timedelta(days=1))
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    agency = Agency.objects.create(code="north", name="北方信用管理")
    contract = Contract.objects.create(
        agency=agency,
        reference="N-2026",
        starts_on=date(2026, 1, 1),
        term_days=60,
        tiers=[{"from_dpd": 0, "principal": "0.10", "interest": "0.20", "fees": "0.30"}],
    )
    placed = Case.objects.filter(status="open").order_by("pk").last()
    assert placed is not None
    place([placed.pk], agency, contract, lead, ON - timedelta(days=1))
    # One debtor pays everything overdue: tonight their case closes.
    account = Account.objects.filter(debtor=debtors[0]).get()
    paid_at = datetime.combine(ON - timedelta(days=1), time(12), tzinfo=timezone.get_default_timezone())
    Payment.objects.create(account=account, paid_at=paid_at, amount=account.overdue_amount)
    run_nightly(ON)
    assert not Case.objects.filter(debtor=debtors[0], status="open").exists()
    from_night = _rows(ON)
    assert from_night[0] and from_night[1]
    assert any(row[6] == "north" for row in from_night[0])

    write_states(ON, ON)
    assert _rows(ON) == from_night


def test_every_branch_of_a_collectors_counts_from_the_night() -> None:
    world, _debtors = _world()
    run_nightly(ON)
    ann, bo = world.collectors
    into_every_branch(ON, ann, bo)
    frames = extract(ON)
    book = NightBook.of(decide(frames, run_config(ON)).aging, frames.accounts)

    write_night_states(ON, ON, book)
    from_night = _rows(ON)
    write_states(ON, ON)
    tables = _rows(ON)
    assert from_night == tables
    # The branches are there: a reminder due, no next action, an unowned case.
    collectors = {row[2]: row for row in tables[1]}
    assert collectors[None][3] >= 1
    assert sum(row[9] for row in tables[1]) == 1
    assert sum(row[10] for row in tables[1]) == 1
