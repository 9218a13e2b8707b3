"""A steady night keeps the plans that still hold: a case planned for a day still ahead,
whose action, due day, amount, stage and owner did not change, is not rewritten; the
cases whose day passed unworked are planned again, within capacity."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from arrears.cases.models import Case
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, add_debtor, build_world

pytestmark = pytest.mark.django_db

PLAN = (
    "owner_id",
    "stage",
    "next_action",
    "next_action_on",
    "next_action_at",
    "overdue_amount",
    "balance",
    "delinquent_since",
    "expected_recovery",
    "priority",
    "treatment",
    "info_repair",
    "failed_attempts",
    "backlog",
    "planned_for",
    "planned_on",
)


def test_a_quiet_night_keeps_the_days_still_ahead_and_replans_the_days_that_passed() -> None:
    world = build_world(collectors=2, capacity=3)
    for n in range(10):
        add_debtor(world, n, dpd=3 + n % 3, amount=Decimal(1000 + 100 * n))
    run_nightly(ON)
    tue = ON + timedelta(days=1)
    before = {c["pk"]: c for c in Case.objects.filter(status="open").values("pk", *PLAN)}
    ahead = {pk for pk, c in before.items() if c["planned_for"] == tue}
    assert len(ahead) == 4  # 2 collectors x (5 cases - 3 a day)

    run_nightly(tue)
    after = {c["pk"]: c for c in Case.objects.filter(status="open").values("pk", *PLAN)}
    same = [
        pk
        for pk in ahead
        if all(after[pk][k] == before[pk][k] for k in PLAN if k not in ("planned_for", "planned_on"))
    ]
    assert len(same) >= 2, "too few cases kept their facts: the test would prove nothing"
    for pk in same:
        # Kept, and not even rewritten: the row still says which night planned it.
        assert after[pk]["planned_for"] == tue and after[pk]["planned_on"] == ON
    # Monday's cases, not worked, are planned again on Tuesday or later; nobody past capacity.
    for pk in set(before) - ahead:
        assert after[pk]["planned_for"] >= tue and after[pk]["planned_on"] == tue
    for owner in world.collectors:
        assert Case.objects.filter(owner=owner, status="open", planned_for=tue, backlog=False).count() <= 3



def test_the_write_back_compares_with_what_the_night_read_so_work_done_meanwhile_stands() -> None:
    # The night reads the plans and the aging with its frames and writes a row only where
    # its decision differs from what it read. A collector who books a callback while the
    # night runs (between its extract and its write-back), or an import that posts a
    # balance, keeps that change when the night decided nothing new for the row; compared
    # with the table instead, the night wrote its older values over them.
    from django.db import transaction

    from arrears.portfolio.models import Account
    from arrears.strategy.apply import apply
    from arrears.strategy.engine import decide
    from arrears.strategy.extract import extract_with_stored
    from arrears.strategy.shell import run_config

    world = build_world(collectors=2, capacity=3)
    for n in range(10):
        add_debtor(world, n, dpd=3 + n % 3, amount=Decimal(1000 + 100 * n))
    run_nightly(ON)
    tue = ON + timedelta(days=1)
    thursday = tue + timedelta(days=2)
    ahead = list(Case.objects.filter(status="open", planned_for=tue).values_list("pk", flat=True))
    accounts = list(Account.objects.filter(debtor__cases__pk__in=ahead).values_list("pk", flat=True))
    assert ahead and accounts

    def meanwhile() -> None:
        Case.objects.filter(pk__in=ahead).update(next_action_on=thursday, planned_for=thursday)
        Account.objects.filter(pk__in=accounts).update(balance=Decimal("1.23"))

    def kept() -> tuple[set[int], set[int]]:
        cases = set(Case.objects.filter(pk__in=ahead, planned_for=thursday).values_list("pk", flat=True))
        posted = Account.objects.filter(pk__in=accounts, balance=Decimal("1.23"))
        return cases, set(posted.values_list("pk", flat=True))

    with transaction.atomic():
        frames, stored = extract_with_stored(tue)
        assert set(stored.plans["id"].to_list()) == set(
            Case.objects.filter(status="open").values_list("pk", flat=True)
        )
        decisions = decide(frames, run_config(tue))
        meanwhile()
        savepoint = transaction.savepoint()
        apply(decisions, tue)  # compared with the table
        overwritten = kept()
        transaction.savepoint_rollback(savepoint)
        apply(decisions, tue, stored=stored)
    cases, balances = kept()
    assert len(cases) >= 2 and balances == set(accounts)
    # Compared with the table, the same decisions had written over both.
    assert overwritten == (set(), set())
    for pk in cases:
        assert Case.objects.get(pk=pk).planned_on == ON  # not rewritten by the night
