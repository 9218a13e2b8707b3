"""The vectorised aging equals the rule in arrears.portfolio.aging, on random portfolios."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.portfolio.aging import DEFAULT_BOUNDS, Due, Paid, age
from arrears.strategy.aging import (
    SMALL_MAX,
    SMALL_MIN,
    age_accounts,
    age_frames,
    in_key_ranges,
    in_order,
    sorted_by,
    sums_by_sorted_key,
)
from arrears.strategy.frames import conform

ON = date(2026, 3, 16)

# Dates within a few days of each other make due-date ties, same-day payments and
# payments after the aging date common rather than rare.
days = st.integers(min_value=-200, max_value=5).map(lambda d: ON + timedelta(days=d))
money = st.integers(min_value=-3_000, max_value=30_000)
due_item = st.fixed_dictionaries(
    {
        "due_date": days,
        "amount": money,
        "minimum": st.one_of(st.none(), money),
        "statement_date": st.one_of(st.none(), days),
        "is_statement": st.booleans(),
        # Two possible keys: ties on (due_date, key) happen and must keep input order.
        "key": st.sampled_from(["a", "b"]),
    }
)
payment = st.fixed_dictionaries({"paid_on": days, "amount": st.integers(min_value=-5_000, max_value=40_000)})
account = st.tuples(st.lists(due_item, max_size=6), st.lists(payment, max_size=5))


def expected(dues: list[dict], paid: list[dict], on: date) -> dict:
    result = age(
        [
            Due(
                d["due_date"],
                Decimal(d["amount"]),
                None if d["minimum"] is None else Decimal(d["minimum"]),
                d["statement_date"],
                d["is_statement"],
                d["key"],
            )
            for d in dues
        ],
        [Paid(p["paid_on"], Decimal(p["amount"])) for p in paid],
        on,
        DEFAULT_BOUNDS,
    )
    return {
        "dpd": result.days_past_due,
        "bucket": result.bucket,
        "overdue": int(result.overdue_amount),
        "balance": int(result.balance),
        "oldest_unpaid_due": result.oldest_unpaid_due,
    }


@settings(max_examples=400, deadline=None)
@given(portfolio=st.lists(account, min_size=1, max_size=6), shift=st.integers(-3, 3))
def test_vectorised_aging_equals_the_rule(portfolio, shift):
    on = ON + timedelta(days=shift)
    dues = [dict(d, account_id=i) for i, (items, _) in enumerate(portfolio) for d in items]
    paid = [dict(p, account_id=i) for i, (_, pays) in enumerate(portfolio) for p in pays]
    got = (
        age_frames(
            conform("accounts", {"account_id": list(range(len(portfolio)))}).lazy(),
            conform("due_items", dues or None).lazy(),
            conform("payments", paid or None).lazy(),
            on,
        )
        .collect()
        .sort("account_id")
        .drop("account_id", "bucket_index")
        .to_dicts()
    )
    assert got == [expected(items, pays, on) for items, pays in portfolio]


@settings(max_examples=300, deadline=None)
@given(portfolio=st.lists(account, min_size=1, max_size=6), shift=st.integers(-3, 3))
def test_a_snapshot_already_in_order_takes_no_sort_and_ages_the_same(portfolio, shift):
    """The snapshot contract's layout (items by account, due date, key; payments by
    account) skips the sorts; ties on due date and statement date still go by key."""
    on = ON + timedelta(days=shift)
    dues = [dict(d, account_id=i) for i, (items, _) in enumerate(portfolio) for d in items]
    # Stable: items tied on (due_date, key) keep their FIFO order, as age() sees them.
    dues.sort(key=lambda d: (d["account_id"], d["due_date"], d["key"]))
    paid = [dict(p, account_id=i) for i, (_, pays) in enumerate(portfolio) for p in pays]
    ordered = conform("due_items", dues or None)
    assert in_order(ordered, ["account_id", "due_date", "key"])
    got = (
        age_frames(
            conform("accounts", {"account_id": list(range(len(portfolio)))}).lazy(),
            ordered.lazy(),
            conform("payments", paid or None).lazy(),
            on,
        )
        .collect()
        .drop("account_id", "bucket_index")
        .to_dicts()
    )
    assert got == [expected(items, pays, on) for items, pays in portfolio]


@settings(max_examples=200, deadline=None)
@given(
    portfolio=st.lists(account, min_size=1, max_size=8),
    shards=st.integers(2, 5),
    account_order=st.booleans(),
    seed=st.integers(0, 1000),
)
def test_aging_in_ranges_side_by_side_equals_aging_in_one(portfolio, shards, account_order, seed):
    """Ranges of accounts aged in threads give the one-range result, whether the items
    come in account order (each range sorts its own by date) or shuffled (one sort)."""
    accounts = conform("accounts", {"account_id": list(range(len(portfolio)))})
    dues = conform(
        "due_items", [dict(d, account_id=i) for i, (items, _) in enumerate(portfolio) for d in items] or None
    )
    paid = conform(
        "payments", [dict(p, account_id=i) for i, (_, pays) in enumerate(portfolio) for p in pays] or None
    )
    dues = dues.sample(fraction=1.0, shuffle=True, seed=seed)
    if account_order:  # stable: ties on (due_date, key) keep their order in both runs
        dues = dues.sort("account_id", maintain_order=True)
    one = age_accounts(accounts, dues, paid, ON, shards=1)
    assert age_accounts(accounts, dues, paid, ON, shards=shards).equals(one)


def test_key_ranges_never_split_a_key():
    frame = pl.DataFrame({"k": [1, 1, 1, 1, 2, 3, 3, 3, 4, 4]}).with_columns(pl.col("k").set_sorted())
    parts = in_key_ranges(lambda f: f["k"].to_list(), [frame], "k", shards=4)
    assert [k for part in parts for k in part] == frame["k"].to_list()
    assert all(set(a).isdisjoint(b) for a, b in pairwise(parts))
    assert all(parts)


keys = st.one_of(st.none(), st.integers(1, 3))
tie_breaks = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(keys, keys, tie_breaks), max_size=8))
def test_in_order_is_true_exactly_for_frames_sorted_without_nulls(rows):
    frame = pl.DataFrame(rows, schema={"a": pl.Int64, "d": pl.Int64, "k": pl.String}, orient="row")
    complete = all(value is not None for row in rows for value in row)
    assert in_order(frame, ["a", "d", "k"]) == (complete and rows == sorted(rows))
    first = [row[0] for row in rows]
    assert in_order(frame, ["a"]) == (None not in first and first == sorted(first))
    # A last column of numbers is compared in the same pass as the others.
    pairs = [row[:2] for row in rows]
    complete = all(value is not None for row in pairs for value in row)
    assert in_order(frame, ["a", "d"]) == (complete and pairs == sorted(pairs))
    ordered = sorted_by(frame.drop_nulls(), ["a", "d", "k"])
    assert in_order(ordered, ["a", "d", "k"]) and ordered["a"].flags["SORTED_ASC"]


def test_a_statement_account_is_aged_by_its_minimum_and_balanced_by_its_last_statement():
    dues = conform(
        "due_items",
        [
            {
                "account_id": 1,
                "key": "s1",
                "due_date": date(2026, 1, 20),
                "amount": 50_000,
                "minimum": 5_000,
                "statement_date": date(2025, 12, 31),
                "is_statement": True,
            },
            {
                "account_id": 1,
                "key": "s2",
                "due_date": date(2026, 2, 20),
                "amount": 60_000,
                "minimum": 6_000,
                "statement_date": date(2026, 1, 31),
                "is_statement": True,
            },
        ],
    )
    # 5,000 covers the first minimum; the second (due 20 Feb) is unpaid: DPD 24 on 16 Mar.
    paid = conform(
        "payments",
        [
            {"account_id": 1, "paid_on": date(2026, 1, 15), "amount": 5_000},
            {"account_id": 1, "paid_on": date(2026, 2, 10), "amount": 1_000},
        ],
    )
    row = (
        age_frames(conform("accounts", {"account_id": [1]}).lazy(), dues.lazy(), paid.lazy(), ON)
        .collect()
        .row(0, named=True)
    )
    assert (row["dpd"], row["bucket"], row["overdue"]) == (24, "M1", 5_000)
    # Latest statement 60,000 less the 1,000 paid after its statement date... which was
    # 31 Jan, so the 10 Feb payment counts: 59,000.
    assert row["balance"] == 59_000


small = st.one_of(st.none(), st.integers(SMALL_MIN, SMALL_MAX))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 4), st.integers(-(10**12), 10**12), small), max_size=12))
def test_sums_and_maxima_by_sorted_key_equal_a_group_by(rows):
    frame = pl.DataFrame(rows, schema={"k": pl.Int64, "v": pl.Int64, "m": pl.Int64}, orient="row").sort("k")
    got = sums_by_sorted_key(
        frame.lazy(), "k", {"v": pl.col("v")}, maxima={"m": pl.col("m"), "n": -pl.col("m")}
    )
    want = (
        frame.group_by("k")
        .agg(pl.col("v").sum(), pl.col("m").max(), (-pl.col("m")).max().alias("n"))
        .sort("k")
    )
    assert got.equals(want)
    assert got.is_empty() or got["k"].flags["SORTED_ASC"]
