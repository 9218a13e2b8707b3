"""The nightly's database side at memory speed: the COPY reader, the key-range extract, the
write-back of only what changed, and the bench that measures them (at a tiny size)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import polars as pl
import psycopg
import pytest
from django.db import connection, transaction
from django.test import override_settings
from polars.testing import assert_frame_equal

from arrears.core.bulk import Schema, copy_frame, copy_frame_in, read_frame, read_frame_in
from arrears.core.dpd import days_since
from arrears.core.reads import conninfo, snapshot_reads
from arrears.portfolio.models import Account, DueItem
from arrears.strategy.extract import extract
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, add_calls, add_debtor, build_world, local, open_case, pay

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _tuples(sql: str, params: Sequence[Any] = (), *, schema: Schema) -> pl.DataFrame:
    return read_frame(sql, params, schema=schema)


def _tuples_in(
    sql: str, column: str, ids: Sequence[Any], *, schema: Schema, params: Sequence[Any] = ()
) -> pl.DataFrame:
    return read_frame_in(sql, column, ids, schema=schema, params=params)


def test_the_copy_extract_gives_what_the_tuple_extract_gives() -> None:
    world = build_world(collectors=2)
    debtors = [add_debtor(world, n, dpd=3 + n) for n in range(4)]
    add_debtor(world, 9, dpd=-5)
    pay(debtors[0], Decimal("12.34"), local(ON - timedelta(days=1)), 'P,"1"')
    # Text that CSV must quote: a comma, quotes, a line break, Chinese.
    DueItem.objects.filter(account__debtor=debtors[1]).update(external_id='账单,"一"\n2')
    run_nightly(ON)
    add_calls(open_case(debtors[2]), [(local(ON - timedelta(days=2)), False), (local(ON), True)])
    fast = extract(ON + timedelta(days=1))
    with (
        mock.patch("arrears.strategy.extract.copy_frame", _tuples),
        mock.patch("arrears.strategy.extract.copy_frame_in", _tuples_in),
        mock.patch("arrears.core.reads.copy_frame", _tuples),
    ):
        slow = extract(ON + timedelta(days=1))
    for name in ("accounts", "due_items", "payments", "cases", "promises", "contacts", "tasks", "addresses"):
        a, b = getattr(fast, name), getattr(slow, name)
        assert (a is None) == (b is None), name
        if a is not None:
            assert_frame_equal(a, b), name
    assert all(getattr(fast, n).height for n in ("accounts", "due_items", "payments", "cases", "contacts"))
    assert '账单,"一"\n2' in fast.due_items["key"].to_list()
    one = copy_frame_in(
        "SELECT id, aged_on FROM portfolio_account WHERE {in}",
        "id",
        [Account.objects.filter(debtor=debtors[0]).get().pk],
        schema={"id": pl.Int64, "aged_on": pl.Date},
    )
    assert one["aged_on"].to_list() == [ON]
    assert copy_frame("SELECT id FROM portfolio_account WHERE 1 = 0", schema={"id": pl.Int64}).height == 0


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="snapshots are exported on PostgreSQL only"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_reads_that_share_the_runs_snapshot_give_the_frames_read_in_turn() -> None:
    world = build_world(collectors=2)
    debtors = [add_debtor(world, n, dpd=3 + n) for n in range(5)]
    pay(debtors[0], Decimal("12.34"), local(ON - timedelta(days=1)), "P1")
    run_nightly(ON)  # committed: this test's rows are in every snapshot
    add_calls(open_case(debtors[2]), [(local(ON - timedelta(days=2)), False), (local(ON), True)])
    on = ON + timedelta(days=1)
    with transaction.atomic():
        with snapshot_reads() as reads:
            assert reads.parallel  # the transaction has written nothing: its snapshot is shared
        together = extract(on)
        with override_settings(ARREARS_READ_CONNECTIONS=1):
            in_turn = extract(on)
    for name in ("accounts", "due_items", "payments", "cases", "promises", "contacts", "tasks", "collectors"):
        assert_frame_equal(getattr(together, name), getattr(in_turn, name)), name
    assert all(getattr(together, n).height for n in ("accounts", "due_items", "payments", "contacts"))

    account = Account.objects.get(debtor=debtors[0])
    product = {"id": pl.Int64, "product": pl.String}
    sql = "SELECT id, product FROM portfolio_account WHERE id = %s"
    with transaction.atomic(), snapshot_reads() as reads:
        # Committed by someone else after the snapshot was taken: not seen, as the run's own
        # transaction (REPEATABLE READ) would not see it either.
        with psycopg.connect(conninfo(), autocommit=True) as other:
            other.execute("UPDATE portfolio_account SET product = 'later' WHERE id = %s", [account.pk])
        seen = reads.submit(sql, [account.pk], schema=product).result()
        assert seen["product"].to_list() == [account.product]
    with transaction.atomic():
        Account.objects.filter(pk=account.pk).update(product="mine")  # written, not committed
        with snapshot_reads() as reads:
            # No snapshot holds the transaction's own rows: the reads run on its connection.
            assert not reads.parallel
            assert reads.submit(sql, [account.pk], schema=product).result()["product"].to_list() == ["mine"]


def test_a_key_range_extracts_what_its_debtors_extract() -> None:
    world = build_world(collectors=2)
    debtors = [add_debtor(world, n, dpd=3 + n) for n in range(6)]
    run_nightly(ON)
    ids = sorted(d.pk for d in debtors)
    lo, hi = ids[1], ids[4]
    ranged = extract(ON + timedelta(days=1), debtor_range=(lo, hi))
    listed = extract(ON + timedelta(days=1), [i for i in ids if lo <= i < hi])
    assert sorted(set(ranged.accounts["debtor_id"].to_list())) == ids[1:4]
    for name in (
        "accounts",
        "due_items",
        "payments",
        "cases",
        "promises",
        "collectors",
        "addresses",
        "booked",
    ):
        a, b = getattr(ranged, name), getattr(listed, name)
        if a is None or b is None:
            assert a is None and b is None, name
            continue
        assert_frame_equal(a.sort(a.columns), b.sort(b.columns), check_row_order=False), name
    with pytest.raises(ValueError, match="not both"):
        extract(ON, ids, debtor_range=(lo, hi))


def test_a_steady_night_rewrites_only_the_accounts_whose_aging_changed() -> None:
    world = build_world(collectors=1)
    late = add_debtor(world, 1, dpd=3)
    current = add_debtor(world, 2, dpd=-5)  # not yet due
    first = run_nightly(ON)
    assert first.counts["accounts_aged"] == 2
    second = run_nightly(ON + timedelta(days=1))
    # Nothing changed but the date: the late account's days past due moved on, derived from
    # the unchanged date it fell behind, so the account is not rewritten (the case's plan
    # is, only because its call was not made: it moves to the next working day).
    assert second.counts["accounts_aged"] == 0
    late_account = Account.objects.get(debtor=late)
    assert late_account.aged_on == ON
    assert days_since(late_account.delinquent_since, ON + timedelta(days=1)) == 4
    assert Account.objects.get(debtor=current).aged_on == ON


def test_the_bench_runs_a_first_and_a_steady_night_at_a_tiny_size() -> None:
    sys.path.insert(0, str(ROOT))
    bench = importlib.import_module("bench.nightly_db_bench")  # not a package of the app

    loaded = bench.load(300)
    first = bench.night(bench.ON)
    work = bench.casework(300, bench.ON + timedelta(days=1))
    steady = bench.night(bench.ON + timedelta(days=1))
    checked = bench.verify()
    assert loaded["accounts"] == 300
    assert first["writes"]["cases_opened"] > 0 and work["contacts"] > 0
    assert 0 < steady["rows_written"] < first["rows_written"]
    assert checked["broken_chains"] == 0 and checked["events"] >= first["writes"]["events"]
    summary = bench.summarise(
        loaded,
        first,
        work,
        steady,
        {"extract_copy_s": 0, "extract_tuples_s": 0, "accounts_rewritten_before": 300},
        checked,
        "sqlite",
    )
    assert {"accounts", "first_night_s", "steady_night_s", "peak_rss_gib", "rows_written_steady"} <= set(
        summary
    )
