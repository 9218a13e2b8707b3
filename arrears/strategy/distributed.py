"""The nightly past one machine: decide()'s partitions on Dask distributed.

decide() is a pure function of frames, and most of it is per debtor: aging, the debtor's
sums, closing cured cases, opening new ones, promises, contact state, the stage ladder,
next actions and priorities (engine.decide_part). Two steps look at the whole portfolio:
the owner of a new case is the team's collector with the fewest open cases, counted over
every case (engine.finish, assign.py), and each collector's days are filled within their
capacity with their most valuable cases, wherever the debtors are (planner.py). So:

1. The driver splits the debtor key space into N ranges of about equal numbers of debtors
   (`key_ranges`). Every row of a debtor (accounts, due items, payments, cases, promises,
   contacts, tasks, address) belongs to the range of its debtor id.
2. Each range is a task on a Dask worker: it reads its partition (a Parquet directory on
   storage every worker sees, `write_partitions`, or the database by key range,
   `_part_from_db`) and runs `decide_part`, returning its frames.
3. The driver concatenates the parts in key order and runs `finish`: owners, the day plan
   and the queues. The normal apply follows (arrears.strategy.shell).

`decide()` itself is `finish([decide_part(frames)])`, so the one-process run and the
cluster run are the same code; the tests and bench/nightly_dask_bench.py check that their
outputs are equal frame by frame. docs/nightly.md says how to run it on a cluster.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import polars as pl

from arrears.strategy.engine import Decisions, Part, decide_part, finish
from arrears.strategy.frames import DECIDE_READS, Frames, RunConfig, conform

# A key range: debtor ids from `lo` (included) to `hi` (excluded); None is unbounded.
KeyRange = tuple[int | None, int | None]
# Frames every partition needs whole: the collectors (whose owners are kept, their teams),
# their absences and booked days; small (one row per collector, or per collector-day).
SHARED = ("collectors", "absences", "booked")
LOCAL = "local:"


def key_ranges(debtor_ids: pl.Series, n: int) -> list[KeyRange]:
    """At most `n` ranges covering every debtor id, with about as many of `debtor_ids` in
    each; the first and last are open-ended, so a debtor added meanwhile still falls in one."""
    if n < 1:
        raise ValueError("at least one partition")
    ids = debtor_ids.unique().sort()
    cuts: list[int] = []
    for k in range(1, n):
        cut = ids[k * ids.len() // n] if ids.len() else None
        if cut is not None and cut > (cuts[-1] if cuts else ids[0]):
            cuts.append(int(cut))
    bounds: list[int | None] = [None, *cuts, None]
    return list(pairwise(bounds))


def _in_range(column: str, key: KeyRange) -> pl.Expr:
    lo, hi = key
    expr = pl.lit(True)
    if lo is not None:
        expr &= pl.col(column) >= lo
    if hi is not None:
        expr &= pl.col(column) < hi
    return expr


def split(frames: Frames, ranges: Sequence[KeyRange]) -> list[Frames]:
    """`frames` cut into one Frames per debtor key range (the shared frames whole in each)."""
    parts = []
    for key in ranges:
        accounts = frames.accounts.filter(_in_range("debtor_id", key))
        cases = frames.cases.filter(_in_range("debtor_id", key))
        account_ids = accounts["account_id"].implode()
        case_ids = cases["case_id"].implode()
        parts.append(
            Frames(
                accounts=accounts,
                due_items=frames.due_items.filter(pl.col("account_id").is_in(account_ids)),
                payments=frames.payments.filter(pl.col("account_id").is_in(account_ids)),
                cases=cases,
                promises=frames.promises.filter(pl.col("case_id").is_in(case_ids)),
                contacts=frames.contacts.filter(_in_range("debtor_id", key)),
                tasks=frames.tasks.filter(pl.col("case_id").is_in(case_ids)),
                addresses=frames.addresses.filter(_in_range("debtor_id", key)),
                **{name: getattr(frames, name) for name in SHARED},
            )
        )
    return parts


def debtor_ids(frames: Frames) -> pl.Series:
    """The debtors decide() works on: those with an account or a case."""
    return pl.concat([frames.accounts["debtor_id"], frames.cases["debtor_id"]])


def write_partitions(frames: Frames, directory: Path, n: int) -> list[Path]:
    """The snapshot as partitioned Parquet: `directory/part-00000/`, ... one snapshot
    directory per debtor key range (Frames.write_parquet), and `ranges.json`."""
    ranges = key_ranges(debtor_ids(frames), n)
    paths = []
    for i, part in enumerate(split(frames, ranges)):
        path = directory / f"part-{i:05d}"
        part.write_parquet(path)
        paths.append(path)
    (directory / "ranges.json").write_text(json.dumps(ranges))
    return paths


def partitions(directory: Path) -> list[Path]:
    """The partition directories of `write_partitions`, in key order."""
    return sorted(p for p in directory.glob("part-*") if p.is_dir())


# --- what runs on a worker ----------------------------------------------------------------


def part_from_frames(frames: Frames, config: RunConfig) -> Part:
    return decide_part(frames, config)


def part_from_parquet(path: str, config: RunConfig) -> Part:
    """One partition's snapshot, read from storage the worker sees, decided."""
    return decide_part(Frames.read_parquet(Path(path), DECIDE_READS), config)


def _django(database: dict[str, Any]) -> None:
    """Django in a worker process, on the driver's database (pytest's test database too)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.db import connection

    if connection.settings_dict.get("NAME") != database.get("NAME"):
        connection.close()
        connection.settings_dict.update(database)


def part_from_db(
    key: KeyRange, on: date, config: RunConfig, shared: dict[str, pl.DataFrame], database: dict[str, Any]
) -> tuple[Part, int, int]:
    """One debtor key range read from the database and decided, with its numbers of
    accounts and scored accounts. `shared` are the driver's collectors (with no load: the
    whole portfolio is being planned), absences and no booked days."""
    _django(database)
    from django.db import connection

    from arrears.strategy.extract import extract

    lo, hi = key
    bounds = (lo if lo is not None else -(2**62), hi if hi is not None else 2**62)
    try:
        # The key-range extract (COPY on PostgreSQL): the range's rows, never a list of ids.
        frames = replace(extract(on, debtor_range=bounds), **shared)
    finally:
        connection.close()
    return (
        decide_part(frames, config),
        frames.accounts.height,
        int(frames.accounts["p_pay"].is_not_null().sum()),
    )


# --- the driver ---------------------------------------------------------------------------


@contextmanager
def connect(address: str) -> Iterator[Any]:
    """A Dask client: `local:N` starts a LocalCluster of N worker processes on this
    machine (for tests, and to try it out); anything else is a scheduler's address
    (tcp://host:8786)."""
    from dask.distributed import Client, LocalCluster

    if address.startswith(LOCAL):
        try:
            workers = int(address[len(LOCAL) :])
        except ValueError:
            raise ValueError(f"{address!r}: give local:N with N worker processes") from None
        if workers < 1:
            raise ValueError(f"{address!r}: at least one worker")
        # One task at a time per process; Polars' threads share the cores between them.
        threads = max(1, (os.cpu_count() or 1) // workers)
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                env={"POLARS_MAX_THREADS": str(threads)},
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        with Client(address) as client:
            yield client


def default_partitions(client: Any) -> int:
    """One partition per worker thread: each worker runs one partition at a time."""
    return max(1, sum(client.nthreads().values()))


def decide_on(client: Any, frames: Frames, config: RunConfig, n: int | None = None) -> Decisions:
    """decide() on the cluster, from frames in the driver's memory (cut and sent)."""
    ranges = key_ranges(debtor_ids(frames), n or default_partitions(client))
    futures = [client.submit(part_from_frames, part, config, pure=False) for part in split(frames, ranges)]
    return finish(client.gather(futures), frames, config)


def decide_from_parquet(client: Any, directory: Path, config: RunConfig) -> Decisions:
    """decide() on the cluster, each worker reading its partition of `write_partitions`
    (the directory must be at the same path on every worker: a shared file system)."""
    paths = partitions(directory)
    if not paths:
        raise ValueError(f"no partitions under {directory}")
    futures = [client.submit(part_from_parquet, str(p), config, pure=False) for p in paths]
    parts = client.gather(futures)
    # The shared frames are whole in every partition: the first one's.
    shared = Frames.build(
        **{
            name: pl.read_parquet(paths[0] / f"{name}.parquet", columns=list(DECIDE_READS[name]))
            for name in SHARED
        }
    )
    return finish(parts, shared, config)


@dataclass(frozen=True)
class ClusterRun:
    decisions: Decisions
    accounts: int
    scored_accounts: int
    partitions: int


def decide_from_db(client: Any, on: date, config: RunConfig, n: int | None = None) -> ClusterRun:
    """The nightly's extract and decide on the cluster: each worker reads one debtor key
    range from the database and decides it; the driver reads the collectors, their
    absences and the key ranges, and finishes."""
    from django.db import connection

    from arrears.core.bulk import read_frame
    from arrears.strategy.extract import read_absences, read_collectors

    ids = read_frame("SELECT id FROM portfolio_debtor ORDER BY id", (), schema={"id": pl.Int64})["id"]
    ranges = key_ranges(ids, n or default_partitions(client))
    shared = {
        "collectors": conform("collectors", read_collectors()),
        "absences": conform("absences", read_absences(on)),
        "booked": conform("booked"),
    }
    database = dict(connection.settings_dict)
    futures = [client.submit(part_from_db, key, on, config, shared, database, pure=False) for key in ranges]
    results = client.gather(futures)
    frames = Frames.build(accounts=None, due_items=None, payments=None, **shared)
    decisions = finish([r[0] for r in results], frames, config)
    return ClusterRun(
        decisions=decisions,
        accounts=sum(r[1] for r in results),
        scored_accounts=sum(r[2] for r in results),
        partitions=len(ranges),
    )
