"""Independent database work at once (arrears.core.together): on PostgreSQL, outside a
transaction, each part on a connection of its own and at the same time; otherwise in turn
on the caller's connection."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from arrears.core.together import at_once, parallel


def _backend() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_backend_pid()")
        else:
            cursor.execute("SELECT 0")
        return int(cursor.fetchone()[0])


def _sleep(seconds: float) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(%s)", [seconds])
        else:
            time.sleep(seconds)
    return _backend()


def _open(backends: set[int], wait: float = 10.0) -> set[int]:
    """Which of these backends are still open. A closed connection's backend leaves the
    server's activity view a moment after the client hangs up, so this waits for it (up to
    `wait` seconds) before answering."""
    deadline = time.monotonic() + wait
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", [list(backends)])
            still = {int(row[0]) for row in cursor.fetchall()}
        if not still or time.monotonic() > deadline:
            return still
        time.sleep(0.05)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parts run at once on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_parts_run_at_once_each_on_its_own_connection_and_close_it() -> None:
    mine = _backend()
    assert parallel()
    started = time.perf_counter()
    done = at_once({"a": lambda: _sleep(0.8), "b": lambda: _sleep(0.8), "c": lambda: _sleep(0.8)})
    elapsed = time.perf_counter() - started
    backends = {result for result, _seconds in done.values()}
    assert len(backends) == 3 and mine not in backends
    assert all(seconds >= 0.8 for _result, seconds in done.values())
    # In turn: 2.4 s at least; at once, 0.8 s and three connections opened (room for a
    # loaded machine).
    assert elapsed < 2.0
    assert _open(backends) == set()  # every part's connection closed


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_parts_run_in_turn_on_the_callers_connection() -> None:
    mine = _backend()
    with transaction.atomic():
        assert not parallel()
        done = at_once({"a": _backend, "b": _backend})
    assert {result for result, _seconds in done.values()} == {mine}


@pytest.mark.django_db(transaction=True)
def test_a_failing_part_raises_after_the_others_finished() -> None:
    # At once, the slow part still finishes; in turn (SQLite), the failure stops the rest.
    expected = ["slow"] if parallel() else []
    finished: list[str] = []

    def slow() -> None:
        _sleep(0.2)
        finished.append("slow")

    def broken() -> None:
        raise ValueError("the part failed")

    with pytest.raises(ValueError, match="the part failed"):
        at_once({"broken": broken, "slow": slow})
    assert finished == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parts run at once on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_with_workers_at_most_that_many_parts_run_at_a_time() -> None:
    spans: dict[str, tuple[float, float]] = {}

    def part(name: str) -> Callable[[], None]:
        def run() -> None:
            started = time.perf_counter()
            _sleep(0.4)
            spans[name] = (started, time.perf_counter())

        return run

    done = at_once({name: part(name) for name in "abcde"}, workers=2)
    assert set(done) == set("abcde") == set(spans)
    # At any part's start, at most two are running (itself included); at some, two.
    overlapping = [
        sum(1 for start, end in spans.values() if start <= moment < end) for moment, _end in spans.values()
    ]
    assert max(overlapping) == 2
