"""The nightly on Dask distributed (arrears.strategy.distributed): a LocalCluster of two
worker processes decides exactly what one process does, from frames, from partitioned
Parquet and from the database by key range, and `nightly --cluster local:2` writes the
same plan as the run without it."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import timedelta

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from arrears.cases.models import Case
from arrears.strategy import distributed
from arrears.strategy.engine import Decisions, decide, decide_part, finish
from arrears.strategy.extract import extract
from arrears.strategy.frames import RunConfig
from arrears.strategy.shell import run_config, run_nightly
from arrears.strategy.synth import DEFAULT_ON, generate
from arrears.strategy.tests.world import ON, add_debtor, build_world


def assert_same(got: Decisions, want: Decisions) -> None:
    for f in fields(want):
        assert getattr(got, f.name).equals(getattr(want, f.name)), f.name


def with_leavers(frames):
    """Every fifth collector has left: their open cases are handed to teammates, which
    the fewest-open-cases rule does over the whole portfolio."""
    active = pl.when(pl.col("collector_id") % 5 == 0).then(False).otherwise(pl.col("active"))
    return replace(frames, collectors=frames.collectors.with_columns(active.alias("active")))


def test_key_ranges_cover_every_debtor_in_about_equal_parts() -> None:
    ids = pl.Series([5, 1, 3, 3, 9, 7, 2, 8, 4, 6])
    ranges = distributed.key_ranges(ids, 3)
    assert ranges == [(None, 4), (4, 7), (7, None)]
    # More parts than debtors: no empty range.
    assert distributed.key_ranges(pl.Series([1, 1, 2]), 5) == [(None, 2), (2, None)]
    assert distributed.key_ranges(pl.Series([], dtype=pl.Int64), 3) == [(None, None)]
    with pytest.raises(ValueError, match="at least one"):
        distributed.key_ranges(ids, 0)


def test_parts_finished_together_equal_decide_for_any_number_of_parts() -> None:
    frames = with_leavers(generate(3_000, seed=5))
    config = RunConfig(on=DEFAULT_ON)
    whole = decide(frames, config)
    assert whole.reassigned.height and whole.opened.height and whole.plan["planned_for"].n_unique() > 1
    for n in (2, 5):
        parts = distributed.split(frames, distributed.key_ranges(distributed.debtor_ids(frames), n))
        assert sum(p.accounts.height for p in parts) == frames.accounts.height
        assert_same(finish([decide_part(p, config) for p in parts], frames, config), whole)


def test_a_local_cluster_of_two_processes_decides_as_one_process_does(tmp_path) -> None:
    frames = with_leavers(generate(4_000, seed=6))
    config = RunConfig(on=DEFAULT_ON)
    whole = decide(frames, config)
    distributed.write_partitions(frames, tmp_path, 3)
    with distributed.connect("local:2") as client:
        assert len(client.scheduler_info()["workers"]) == 2
        from_frames = distributed.decide_on(client, frames, config, 4)
        from_parquet = distributed.decide_from_parquet(client, tmp_path, config)
    assert_same(from_frames, whole)
    assert_same(from_parquet, whole)


PLAN = ("debtor_id", "owner_id", "next_action", "planned_for", "backlog", "priority")


def plan_in_db() -> list[tuple]:
    return sorted(Case.objects.filter(status=Case.Status.OPEN).values_list(*PLAN))


def plan_of(decisions: Decisions) -> list[tuple]:
    return sorted(decisions.plan.select(PLAN).iter_rows())


@pytest.mark.django_db(transaction=True)
def test_nightly_on_a_local_cluster_gives_the_plan_of_the_run_without() -> None:
    # Workers read the database on their own connections: the rows must be committed.
    world = build_world(collectors=3, capacity=1)
    for n in range(18):
        add_debtor(world, n, dpd=(n * 11) % 40 - 4, months=1 + n % 3, address=n % 2 == 0)
    run_nightly(ON)
    # A collector leaves (their cases go to the others); new debtors fall behind.
    User.objects.filter(pk=world.collectors[0].pk).update(is_active=False)
    for n in range(18, 26):
        add_debtor(world, n, dpd=n % 7 + 1, on=ON + timedelta(days=1))
    on = ON + timedelta(days=1)
    single = decide(extract(on), run_config(on))
    # Owners handed out and days filled within capacity across the key ranges.
    assert single.reassigned.height and single.opened.height
    assert single.queues.height and single.plan["planned_for"].n_unique() > 1
    with distributed.connect("local:2") as client:
        done = distributed.decide_from_db(client, on, run_config(on), 3)
    assert done.partitions == 3
    assert done.accounts == 26
    assert_same(done.decisions, single)

    call_command(
        "nightly", "--date", on.isoformat(), "--cluster", "local:2", "--partitions", "3", verbosity=0
    )
    assert plan_in_db() == plan_of(single)


@pytest.mark.django_db
def test_nightly_refuses_a_bad_cluster_or_partition_count() -> None:
    with pytest.raises(CommandError, match="--partitions"):
        call_command("nightly", "--partitions", "0", "--cluster", "local:2", verbosity=0)
    with pytest.raises(CommandError, match="--partitions"):
        call_command("nightly", "--partitions", "2", verbosity=0)
    with pytest.raises(CommandError, match="local:N"):
        call_command("nightly", "--cluster", "local:two", verbosity=0)
