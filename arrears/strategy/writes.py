"""The nightly write-back's transactions: each step (or a batch of one) commits on its own
with its events, so a row the night changes is locked for a step, never for the night."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from time import perf_counter

import polars as pl
from django.conf import settings
from django.db import transaction

from arrears.activity.actions import NewEvent, append_many
from arrears.core.bulk import check_constraints_now
from arrears.core.together import at_once

# Rows a write-back transaction updates at most (accounts aged, cases replanned): at 1M
# accounts about a second of locks (bench/nightly_db_bench.py, `longest_transaction`).
WRITE_BATCH = 25_000

Step = Callable[[str], None]


@dataclass
class Applied:
    counts: dict[str, int] = field(default_factory=dict)
    # The longest of the write-back's transactions, in seconds: how long at most a row the
    # night changes stays locked against a collector's action.
    longest: float = 0.0
    # Batches may be written at once, from threads (`write_batches`).
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, n: int) -> None:
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + n

    def took(self, seconds: float) -> None:
        with self.lock:
            self.longest = max(self.longest, seconds)


@contextmanager
def writing(done: Applied, *, new_rows_only: bool = False) -> Iterator[list[NewEvent]]:
    """One step's writes and their events in a transaction of their own: a row the night
    changes is locked for the step (a batch of it), not for the whole write-back, so a
    collector's action on it waits seconds at most. The longest is kept (`done.longest`),
    but for a step that only adds rows (`new_rows_only`: the cases opened, their events),
    which nobody else sees, let alone waits for, before it commits; its events are on those
    new cases alone, so their rows are not locked for the append either."""
    started = perf_counter()
    events: list[NewEvent] = []
    with transaction.atomic():
        # Keys checked as rows arrive, not queued for the commit: a first night's hundreds
        # of thousands of new cases would otherwise keep the events' bulk load (which drops
        # and re-adds their keys) from altering the tables (arrears.core.bulk).
        check_constraints_now()
        yield events
        done.add("events", append_many(events, new_cases=new_rows_only))
    if not new_rows_only:
        done.took(perf_counter() - started)


def write_batches(
    done: Applied, frame: pl.DataFrame, write: Callable[[pl.DataFrame], int], *, batch: int = WRITE_BATCH
) -> int:
    """`write` each slice of `frame` of `batch` rows in a transaction of its own; returns
    the rows written. The slices hold disjoint rows, so on PostgreSQL outside a transaction
    they go at once on `ARREARS_NIGHTLY_WRITERS` connections (default 2: the server
    updates each on a core of its own; at 1M accounts, 200,000 account rows in 5.1-5.9 s
    instead of 8.4-10.2 s on this machine's two cores). Elsewhere, in turn."""

    def one(offset: int) -> Callable[[], int]:
        def run() -> int:
            with writing(done):
                return write(frame.slice(offset, batch))

        return run

    parts = {str(offset): one(offset) for offset in range(0, frame.height, batch)}
    return sum(n for n, _seconds in at_once(parts, workers=settings.ARREARS_NIGHTLY_WRITERS).values())
