"""The aging rule of `arrears.portfolio.aging.age`, vectorised over every account at once.

Same rule, same results (tests/test_aging.py holds the two to each other with random
portfolios). The sequential FIFO allocation becomes cumulative sums per account:
with items in (due_date, key) order, r_i = max(required_i, 0) and P the pool of payments
made on or before the aging date, the pool left when item i comes up is
max(P - (r_1 + ... + r_{i-1}), 0), so item i takes min(r_i, that). One exception keeps
us exact: a negative pool (reversals exceeding payments) is taken in full by the first
item, as the loop in `age()` does.

Layout: items in (account, due date, key) order and payments in account order, checked in
one pass and sorted only when a frame is out of order (the snapshot contract in
docs/nightly.md). Per-account results are then read off running sums at the last row of
each account (`sums_by_sorted_key`), group maxima off running maxima (`is_group_max`), and
the per-account frames meet in joins of sorted frames: no hash group-by over accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Final, TypeVar

import polars as pl

from arrears.portfolio.aging import DEFAULT_BOUNDS, bucket_labels

AGING = pl.Schema(
    {
        "account_id": pl.Int64(),
        "dpd": pl.Int64(),
        "bucket_index": pl.Int64(),
        # An Enum of the configured labels (M0, M1, ...; these are the defaults'): a small
        # integer a row, not a string.
        "bucket": pl.Enum(bucket_labels(DEFAULT_BOUNDS)),
        "overdue": pl.Int64(),
        "balance": pl.Int64(),
        "oldest_unpaid_due": pl.Date(),
    }
)


def bucket_index(dpd: pl.Expr, bounds: Sequence[int]) -> pl.Expr:
    """0 for M0, k for Mk, len(bounds) for the open-ended last bucket (as `bucket_for`)."""
    return pl.sum_horizontal([(dpd > b).cast(pl.Int64) for b in bounds])


def bucket_label(index: pl.Expr, bounds: Sequence[int]) -> pl.Expr:
    labels = bucket_labels(bounds)
    return index.replace_strict(list(range(len(labels))), labels, return_dtype=pl.Enum(labels))


# The in-memory engine keeps Polars' fast paths for sorted keys (group-by and join); the
# streaming engine, at this version, hashes them like any other keys and was twice as slow.
ENGINE: Final = "in-memory"


def starts_group(column: str) -> pl.Expr:
    """True on the first row of each run of equal values (the frame sorted by `column`)."""
    return pl.col(column).ne_missing(pl.col(column).shift(1)).fill_null(True)


def ends_group(column: str) -> pl.Expr:
    """True on the last row of each run of equal values (the frame sorted by `column`)."""
    return pl.col(column).ne_missing(pl.col(column).shift(-1)).fill_null(True)


def exclusive_cum_sum_in_groups(value: str, first: str) -> pl.Expr:
    """Sum of `value` over the earlier rows of the same group, in a frame sorted by group.

    A global running sum less its value where the group starts: the same as
    `cum_sum().over(group)` minus the row's value, but a window over millions of small
    groups is many times slower than two linear passes.
    """
    before = pl.col(value).cum_sum() - pl.col(value)
    return before - pl.when(pl.col(first)).then(before).forward_fill()


# Values a running maximum per run can carry (see `sums_by_sorted_key`): 32-bit, less the
# lowest, which stands for null.
SMALL_MIN, SMALL_MAX = -(2**31) + 1, 2**31 - 1


def fits_running_max(values: pl.Series) -> bool:
    """True when `values` (and their negatives) can go through `maxima` below."""
    low, high = values.min(), values.max()
    return values.null_count() == values.len() or (
        isinstance(low, int) and isinstance(high, int) and low >= SMALL_MIN and high <= SMALL_MAX
    )


def sums_by_sorted_key(
    frame: pl.LazyFrame,
    key: str,
    sums: Mapping[str, pl.Expr],
    last: Sequence[str] = (),
    maxima: Mapping[str, pl.Expr] | None = None,
) -> pl.DataFrame:
    """One row per run of equal `key` values in a frame sorted by `key`: the key, for each
    entry of `sums` the run's sum of that (integer, null-free) expression, the columns
    `last` as they are on the run's last row, and for each entry of `maxima` the run's
    maximum of that integer expression (values within SMALL_MIN..SMALL_MAX; nulls are
    skipped; null for a run without values). Flagged sorted by `key`.

    A running sum taken at the last row of each run, less the one at the end of the run
    before; a running maximum of the value offset by the run's number (so that no earlier
    run can win), taken at the last row: a group-by's result without its per-group
    bookkeeping.
    """
    maxima = maxima or {}
    shift = 2**32
    run = starts_group(key).cast(pl.Int64).cum_sum()
    lifted = {
        name: (run * shift + (expr.cast(pl.Int64) - SMALL_MIN + 1).fill_null(0)).cum_max() - run * shift
        for name, expr in maxima.items()
    }
    return (
        frame.select(
            key,
            *(expr.cum_sum().alias(name) for name, expr in sums.items()),
            *last,
            *(expr.alias(name) for name, expr in lifted.items()),
            ends_group(key).alias("_end"),
        )
        .filter("_end")
        .select(
            key,
            *(pl.col(name) - pl.col(name).shift(1, fill_value=0) for name in sums),
            *last,
            *(pl.when(pl.col(name) > 0).then(pl.col(name) + SMALL_MIN - 1).alias(name) for name in maxima),
        )
        .collect(engine=ENGINE)
        .with_columns(pl.col(key).set_sorted())
    )


def is_group_max(value: str, first: str) -> pl.Expr:
    """True where `value` (an integer or date column, within 32 bits) is the maximum of
    its group, in a frame sorted by group with `first` marking each group's first row.

    A running maximum from the front and one from the back, each over the value offset
    by the group's number (so that other groups never win), give the group's maximum up
    to and from each row; a row equal to both holds the maximum. Four linear passes in
    place of a group-by and a join back.
    """
    shift = 2**32
    group = pl.col(first).cast(pl.Int64).cum_sum()
    later = pl.len().cast(pl.Int64) + 1 - group
    v = pl.col(value).to_physical().cast(pl.Int64) + 2**31
    upto = (group * shift + v).cum_max() - group * shift
    onwards = (later * shift + v).cum_max(reverse=True) - later * shift
    return (v == upto) & (v == onwards)


def rank_in_groups(first: str) -> pl.Expr:
    """1, 2, ... within each group of a frame sorted by group."""
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    return row - pl.when(pl.col(first)).then(row).forward_fill() + 1


def in_order(frame: pl.DataFrame, by: Sequence[str]) -> bool:
    """True when `frame` is sorted ascending by the columns `by`, with no nulls in them.

    Linear passes comparing each row with the previous one, so that a snapshot written
    in order (docs/nightly.md, "snapshot contract") is not sorted again. A last column of
    strings (an item's key, a tie-break) is compared only on the rows tied on the others,
    which in a real portfolio are few; numbers and times are compared in the same pass.
    """
    if frame.is_empty():
        return True
    if any(frame[name].null_count() for name in by):
        # Null counts are kept with each column: no pass over the data.
        return False
    if len(by) == 1:
        return frame[by[0]].is_sorted()
    *prefix, last = by
    by_string = frame.schema[last] == pl.String
    ahead: pl.Expr | None = None
    tied: pl.Expr | None = None
    for name in reversed(prefix if by_string else by):
        now, before = pl.col(name), pl.col(name).shift(1)
        ahead = now > before if ahead is None else (now > before) | ((now == before) & ahead)
        tied = now == before if tied is None else (now == before) & tied
    assert ahead is not None and tied is not None
    ordered = (ahead | tied).slice(1).fill_null(False).all().alias("ordered")
    if not by_string:
        return bool(frame.select(ordered).item())
    checks = frame.select(ordered, tied.fill_null(False).arg_true().alias("ties").implode()).row(
        0, named=True
    )
    if not checks["ordered"]:
        return False
    ties = pl.Series(checks["ties"], dtype=pl.get_index_type())
    if ties.is_empty():
        return True
    keys = frame[last]
    return bool((keys.gather(ties) >= keys.gather(ties - 1)).all())


def sorted_by(frame: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """`frame` in (stable) order of `by`, sorted only when it is not already; the first
    column flagged sorted, so that group-bys and joins on it take Polars' sorted paths."""
    if not in_order(frame, by):
        frame = frame.sort(list(by), maintain_order=True)
    return frame.with_columns(pl.col(by[0]).set_sorted())


T = TypeVar("T")

# Below this many accounts one shard is faster than starting threads; above it, shards
# of about SHARD_ACCOUNTS each. Smaller shards keep each one's working set in the CPU's
# caches: at 10M accounts, 40 shards aged in 3.5 s and 3.6 GiB, 2 shards in 5.3 s and
# 5.6 GiB (docs/nightly.md).
SHARD_MIN_ACCOUNTS: Final = 100_000
SHARD_ACCOUNTS: Final = 250_000


def age_accounts(
    accounts: pl.DataFrame,
    due_items: pl.DataFrame,
    payments: pl.DataFrame,
    on: date,
    bounds: Sequence[int] = DEFAULT_BOUNDS,
    shards: int | None = None,
) -> pl.DataFrame:
    """The AGING columns for every row of `accounts`, in account-id order, followed by
    the other columns of `accounts` (carried through, e.g. debtor_id and p_pay).

    Each input is put in account order once (a no-op for a snapshot already in order);
    from there every step is a linear pass, a group-by on sorted keys or a join of two
    sorted frames: no hash tables over millions of accounts, no sort per group.

    Linear passes (running sums, fills) use one core each. Accounts age independently,
    so the sorted inputs are cut into `shards` ranges of account ids (by default, from
    100,000 accounts, ranges of about 250,000 and at least one per Polars thread), aged
    by one thread per core, and the results put back together in order: the same result
    as one shard, in less than half the time on two cores (Polars releases Python's lock
    while it works) and with less memory at once.
    """
    accounts = sorted_by(accounts, ["account_id"])
    # Items tied on (due_date, key) keep their input order, as with Python's stable
    # sorted() in age(): the sort is stable. Items in account order are checked (and
    # if need be sorted) by due date and key range by range, side by side: the same
    # order as one sort of the whole, as the ranges do not overlap.
    item_order = ["account_id", "due_date", "key"]
    items = due_items.select(
        "account_id", "key", "due_date", "amount", "minimum", "statement_date", "is_statement"
    )
    items = sorted_by(items, ["account_id"] if in_order(items, ["account_id"]) else item_order)
    paid = sorted_by(
        payments.select("account_id", "paid_on", "amount").filter(pl.col("paid_on") <= on),
        ["account_id"],
    )
    aged = in_key_ranges(
        lambda a, i, p: _age_sorted(a, sorted_by(i, item_order), p, on, bounds),
        [accounts, items, paid],
        "account_id",
        shards=shards,
    )
    return pl.concat(aged).with_columns(pl.col("account_id").set_sorted())


def shard_count(rows: int, shards: int | None = None) -> int:
    """`shards` if given; else 1 below SHARD_MIN_ACCOUNTS rows, and above it one shard
    per SHARD_ACCOUNTS rows (rounded up), at least one per Polars thread."""
    if shards is None:
        by_size = -(-rows // SHARD_ACCOUNTS)  # rounded up
        shards = max(pl.thread_pool_size(), by_size) if rows >= SHARD_MIN_ACCOUNTS else 1
    return max(1, min(shards, rows))


def in_key_ranges(
    work: Callable[..., T],
    frames: Sequence[pl.DataFrame],
    key: str,
    shards: int | None = None,
) -> list[T]:
    """`work(*slices)` for each of `shards` ranges of `key`, results in key order.

    Every frame is sorted by `key` (flagged or checked by the caller). The ranges are
    cut at equal row counts of the first frame, on the first row of a key, and each
    frame is sliced there by binary search: a key's rows are never split between two
    ranges, and slices copy nothing. The ranges run in one thread per Polars thread;
    Polars releases Python's lock while it works, so linear passes (one core each) run
    side by side, and a range's working set stays in the CPU's caches.
    """
    first = frames[0]
    count = shard_count(first.height, shards)
    if count == 1:
        return [work(*frames)]
    cuts = first[key].gather([k * first.height // count for k in range(1, count)]).unique(maintain_order=True)
    cuts = cuts.filter(cuts > first[key][0])  # no empty first range

    def edges(frame: pl.DataFrame) -> list[int]:
        return [0, *frame[key].search_sorted(cuts, side="left").to_list(), frame.height]

    bounds = [edges(frame) for frame in frames]
    ranges = [
        [frame.slice(at[k], at[k + 1] - at[k]) for frame, at in zip(frames, bounds, strict=True)]
        for k in range(len(cuts) + 1)
    ]
    with ThreadPoolExecutor(max_workers=min(pl.thread_pool_size(), len(ranges))) as pool:
        return list(pool.map(lambda parts: work(*parts), ranges))


def _age_sorted(
    accounts: pl.DataFrame,
    items: pl.DataFrame,
    paid: pl.DataFrame,
    on: date,
    bounds: Sequence[int],
) -> pl.DataFrame:
    """`age_accounts` on inputs already in account order (flagged sorted)."""

    # The latest statement: by statement date, else due date, then key; among full ties
    # the first in FIFO order, as max() in age() keeps the first. Keep the statements
    # on the account's latest date; where one is left (nearly always), that is it; the
    # few accounts with several go through a stable sort by key, descending.
    statements = (
        items.lazy()
        .filter(pl.col("is_statement").fill_null(False))
        .select(
            "account_id",
            "key",
            pl.col("amount").alias("last_amount"),
            pl.coalesce("statement_date", "due_date").alias("since"),
        )
        .collect(engine=ENGINE)
        .with_columns(pl.col("account_id").set_sorted())
    )
    candidates = (
        statements.lazy()
        .with_columns(starts_group("account_id").alias("first"))
        .filter(is_group_max("since", "first"))
        .with_columns((starts_group("account_id") & ends_group("account_id")).alias("alone"))
        .collect(engine=ENGINE)
    )
    latest = candidates.filter("alone").select("account_id", "last_amount", "since")
    tied = candidates.filter(~pl.col("alone"))
    if tied.height:
        resolved = (
            tied.sort(["account_id", "key"], descending=[False, True], maintain_order=True)
            .filter(starts_group("account_id"))
            .select("account_id", "last_amount", "since")
        )
        latest = latest.merge_sorted(resolved, key="account_id")
    latest = latest.with_columns(pl.col("account_id").set_sorted())

    # Per account: the pool (payments up to the aging date) and what was paid after the
    # latest statement date, in one group-by over the payments.
    pools = sums_by_sorted_key(
        paid.lazy().join(
            latest.lazy().select("account_id", "since"), on="account_id", how="left", maintain_order="left"
        ),
        "account_id",
        {
            "pool": pl.col("amount"),
            "paid_since": pl.when(pl.col("paid_on") > pl.col("since")).then("amount").otherwise(0),
        },
    )

    taken = (
        items.lazy()
        .select("account_id", "due_date", "amount", pl.coalesce("minimum", "amount").alias("required"))
        .join(pools.lazy().select("account_id", "pool"), on="account_id", how="left", maintain_order="left")
        .with_columns(
            pl.col("pool").fill_null(0),
            pl.col("required").clip(lower_bound=0).alias("claim"),
            starts_group("account_id").alias("first"),
        )
        .with_columns(exclusive_cum_sum_in_groups("claim", "first").alias("before"))
        .with_columns(
            pl.when(pl.col("first") & (pl.col("pool") < 0))
            .then(pl.col("pool"))
            .otherwise(pl.min_horizontal("claim", (pl.col("pool") - pl.col("before")).clip(0)))
            .alias("take")
        )
        .with_columns((pl.col("required") - pl.col("take")).alias("uncovered"))
        .with_columns(((pl.col("uncovered") > 0) & (pl.col("due_date") < on)).alias("unpaid"))
        # Items are in due-date order: the account's first unpaid one is its oldest. The
        # next unpaid due date from each row on, read at the account's first row, carried
        # to its last (where the sums are read); it is the account's own when the account
        # has an unpaid item at all.
        .with_columns(
            pl.when("first")
            .then(pl.when("unpaid").then("due_date").backward_fill())
            .forward_fill()
            .alias("oldest_unpaid_due")
        )
    )
    per_account = sums_by_sorted_key(
        taken,
        "account_id",
        {
            "overdue": pl.when("unpaid").then("uncovered").otherwise(0),
            "due_total": pl.col("amount"),
            "unpaid_items": pl.col("unpaid").cast(pl.Int64),
        },
        last=["oldest_unpaid_due"],
    ).with_columns(pl.when(pl.col("unpaid_items") > 0).then("oldest_unpaid_due").alias("oldest_unpaid_due"))

    dpd = (pl.lit(on) - pl.col("oldest_unpaid_due")).dt.total_days().fill_null(0)
    carried = [c for c in accounts.columns if c not in AGING]
    return (
        accounts.lazy()
        .join(per_account.lazy(), on="account_id", how="left", maintain_order="left")
        .join(
            latest.lazy().select("account_id", "last_amount"),
            on="account_id",
            how="left",
            maintain_order="left",
        )
        .join(pools.lazy(), on="account_id", how="left", maintain_order="left")
        .select(
            "account_id",
            dpd.cast(pl.Int64).alias("dpd"),
            pl.col("overdue").fill_null(0),
            pl.when(pl.col("last_amount").is_not_null())
            .then(pl.col("last_amount") - pl.col("paid_since").fill_null(0))
            .otherwise(pl.col("due_total").fill_null(0) - pl.col("pool").fill_null(0))
            .alias("balance"),
            "oldest_unpaid_due",
            *carried,
        )
        .with_columns(bucket_index(pl.col("dpd"), bounds).alias("bucket_index"))
        .with_columns(bucket_label(pl.col("bucket_index"), bounds).alias("bucket"))
        .select(*AGING, *carried)
        .collect(engine=ENGINE)
        .with_columns(pl.col("account_id").set_sorted())
    )


def age_frames(
    accounts: pl.LazyFrame,
    due_items: pl.LazyFrame,
    payments: pl.LazyFrame,
    on: date,
    bounds: Sequence[int] = DEFAULT_BOUNDS,
) -> pl.LazyFrame:
    """One row per account in `accounts` (schema AGING); accounts with no items are current."""
    return age_accounts(
        accounts.select("account_id").collect(), due_items.collect(), payments.collect(), on, bounds
    ).lazy()
