"""Strategy versions and the champion/challenger split."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory

from arrears.cases import actions
from arrears.cases.models import Case
from arrears.strategy import champion
from arrears.strategy.champion import CHALLENGER, CHAMPION, ParameterError, arm_of, uniform, wilson
from arrears.strategy.frames import RunConfig
from arrears.strategy.models import StrategyVersion
from arrears.strategy.shell import add_version, run_config, run_nightly
from arrears.strategy.tests.world import ON, add_debtor, build_world, local, pay


def test_arms_are_stable_and_the_share_holds() -> None:
    ids = range(1, 10_001)
    first = [arm_of(i, 0.2) for i in ids]
    assert first == [arm_of(i, 0.2) for i in ids]
    share = first.count(CHALLENGER) / len(first)
    # Binomial sd at n = 10,000, p = 0.2 is 0.004: 0.02 is five sd.
    assert abs(share - 0.2) < 0.02
    assert all(0 <= uniform(i, "s") < 1 for i in range(100))
    # Another salt draws other debtors; share 0 and 1 are all or nothing.
    assert [arm_of(i, 0.2, "other") for i in ids] != first
    assert {arm_of(i, 0.0) for i in ids} == {CHAMPION}
    assert {arm_of(i, 1.0) for i in ids} == {CHALLENGER}


def test_parameters_are_validated_into_run_config() -> None:
    base = RunConfig(on=ON)
    config = champion.config_from_parameters(
        base, {"follow_up_days": {"phone": 1}, "early_dpd_pct": 200, "unreachable_attempts": 3}
    )
    assert config.follow_up_days["phone"] == 1 and config.follow_up_days["field"] == 7
    assert config.early_dpd_pct == 200 and config.unreachable_attempts == 3
    for bad in (
        {"nonsense": 1},
        {"early_dpd_pct": "high"},
        {"early_dpd_pct": True},
        {"stage_from_dpd": {"field": 500}},  # thresholds must not decrease
        {"follow_up_days": {"moon": 2}},
        {"on": "2026-01-01"},
        {"prior_by_bucket": [0.5]},
    ):
        with pytest.raises(ParameterError):
            champion.config_from_parameters(base, bad)
    with pytest.raises(ParameterError):
        champion.validate(CHAMPION, {"challenger_share": 1.5})
    with pytest.raises(ParameterError):
        champion.validate(CHALLENGER, {"challenger_share": 0.5})
    champion.validate(CHAMPION, {"challenger_share": 0.5, "early_dpd": 3})


def test_wilson_interval() -> None:
    p, low, high = wilson(5, 10)
    assert p == 0.5 and low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    assert wilson(0, 0) == (None, None, None)
    # None kept or all kept: the interval starts (ends) at the rate itself, not a rounding above.
    for n in range(1, 200):
        rate, low, _high = wilson(0, n)
        assert rate == low == 0.0
        rate, _low, high = wilson(n, n)
        assert rate == high == 1.0
    assert wilson(0, 20)[1] == 0.0


@pytest.mark.django_db
def test_versions_are_added_never_edited(admin_user) -> None:
    first = add_version(CHAMPION, {"early_dpd_pct": 150}, author=admin_user, reason="start")
    second = add_version(CHAMPION, {"early_dpd_pct": 160}, author=admin_user, reason="more")
    assert (first.version, second.version) == (1, 2)
    assert run_config(ON).early_dpd_pct == 160
    # No challenger version yet: the challenger arm runs the champion's config.
    assert run_config(ON, CHALLENGER).early_dpd_pct == 160
    with pytest.raises(ParameterError):
        add_version(CHAMPION, {"early_dpd_pct": -1}, author=admin_user, reason="bad")
    model_admin = site._registry[StrategyVersion]
    request = RequestFactory().get("/")
    request.user = admin_user
    assert model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, first)
    assert not model_admin.has_delete_permission(request, first)


@pytest.mark.django_db
def test_nightly_splits_debtors_by_arm_and_keeps_them(admin_user) -> None:
    world = build_world(collectors=2, capacity=25)
    debtors = [add_debtor(world, n, dpd=3 + n % 3) for n in range(60)]
    add_version(CHAMPION, {"challenger_share": 0.5}, author=admin_user, reason="A/B")
    # The challenger calls early delinquencies with a much higher priority.
    add_version(CHALLENGER, {"early_dpd_pct": 500}, author=admin_user, reason="early first")
    run = run_nightly(ON)
    assert run.strategy == {"champion": 1, "challenger": 1, "challenger_share": 0.5, "scored_accounts": 0}
    arms = dict(Case.objects.values_list("debtor_id", "arm"))
    assert set(arms.values()) == {CHAMPION, CHALLENGER}
    assert arms == {d.pk: arm_of(d.pk, 0.5) for d in debtors}
    assert run.counts["arm_champion"] + run.counts["arm_challenger"] == 60
    # The challenger's config decided its cases: same amount and DPD, 5x the weight.
    prio = {
        a: {c.priority for c in Case.objects.filter(arm=a, delinquent_since=ON - timedelta(days=3))}
        for a in (CHAMPION, CHALLENGER)
    }
    assert min(prio[CHALLENGER]) > max(prio[CHAMPION])
    # One queue per collector at capacity over both arms, not one per arm.
    assert run.counts["queue_rows"] == 50
    # Changing the share later moves no case that already has an arm.
    add_version(CHAMPION, {"challenger_share": 0.1}, author=admin_user, reason="smaller")
    run_nightly(ON + timedelta(days=1))
    assert dict(Case.objects.values_list("debtor_id", "arm")) == arms
    # A replan of one debtor keeps its arm too.
    from arrears.strategy.shell import replan

    replan([debtors[0].pk], ON + timedelta(days=1))
    assert Case.objects.get(debtor=debtors[0]).arm == arms[debtors[0].pk]


@pytest.mark.django_db
def test_strategy_report(admin_user, capsys) -> None:
    world = build_world(collectors=1)
    debtors = [add_debtor(world, n, dpd=3) for n in range(20)]
    add_version(CHAMPION, {"challenger_share": 0.5}, author=admin_user, reason="A/B")
    add_version(CHALLENGER, {}, author=admin_user, reason="same rules")
    run_nightly(ON)
    user = world.collectors[0]
    for n, debtor in enumerate(debtors[:8]):
        case = Case.objects.get(debtor=debtor)
        actions.make_promise(
            case, user, amount=Decimal("1000.00"), due_on=ON + timedelta(days=1), at=local(ON)
        )
        if n % 2 == 0:
            pay(debtor, Decimal("1000.00"), local(ON + timedelta(days=1)), f"R{n}")
    run_nightly(ON + timedelta(days=2))
    rows = {r.arm: r for r in champion.report()}
    assert rows[CHAMPION].cases + rows[CHALLENGER].cases == 20
    total = sum((r.recovered for r in rows.values()), Decimal(0))
    assert total == Decimal("4000.00")
    assert sum(r.promises for r in rows.values()) == 8
    assert sum(r.checked for r in rows.values()) == 8 and sum(r.kept for r in rows.values()) == 4
    for r in rows.values():
        if r.checked:
            p, low, high = r.kept_rate
            assert p is not None and low is not None and high is not None and low <= p <= high
    call_command("strategy_report", "--since", date(2026, 1, 1).isoformat())
    out = capsys.readouterr().out
    assert "champion" in out and "challenger" in out and "Wilson" in out
