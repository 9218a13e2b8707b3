"""The nightly write-back's transactions: each step (or a batch of one) commits on its own
with its events, so a row the night changes is locked for a step, never for the night."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from time import perf_counter

from django.db import transaction

from arrears.activity.actions import NewEvent, append_many
from arrears.core.bulk import check_constraints_now

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

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


@contextmanager
def writing(done: Applied) -> Iterator[list[NewEvent]]:
    """One step's writes and their events in a transaction of their own: a row the night
    changes is locked for the step (a batch of it), not for the whole write-back, so a
    collector's action on it waits seconds at most. The longest is kept (`done.longest`)."""
    started = perf_counter()
    events: list[NewEvent] = []
    with transaction.atomic():
        # Keys checked as rows arrive, not queued for the commit: a first night's hundreds
        # of thousands of new cases would otherwise keep the events' bulk load (which drops
        # and re-adds their keys) from altering the tables (arrears.core.bulk).
        check_constraints_now()
        yield events
        done.add("events", append_many(events))
    done.longest = max(done.longest, perf_counter() - started)
