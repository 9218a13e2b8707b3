"""Independent database work at once, each part on a connection of its own (PostgreSQL).

The nightly's last steps (the report rows of the day, the evidence digest) read and write
tables that none of the others touch. On PostgreSQL each part runs in a thread with its own
connection, so the server works on them in parallel, one backend each; Polars and the
driver release the interpreter while they wait. On SQLite (one writer at a time), or when
the caller is inside a transaction (another connection would not see its writes, and the
parts would no longer undo with it), the parts run in turn on the caller's connection.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from django.db import connection, connections

T = TypeVar("T")


def parallel() -> bool:
    """Whether `at_once` runs its parts at once here."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def at_once(
    parts: Mapping[str, Callable[[], Any]], *, workers: int | None = None
) -> dict[str, tuple[Any, float]]:
    """Run every part; returns each one's result and the seconds it took, by name. The
    first part that fails raises here, after the others have finished. With `workers`, at
    most that many run at a time (and hold a connection), the others waiting their turn."""
    if not parallel() or len(parts) < 2 or workers == 1:
        return {name: _timed(call) for name, call in parts.items()}
    with ThreadPoolExecutor(min(len(parts), workers or len(parts)), thread_name_prefix="together") as pool:
        futures = {name: pool.submit(_on_own_connection, call) for name, call in parts.items()}
        return {name: future.result() for name, future in futures.items()}


def _timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - started, 3)


def _on_own_connection(call: Callable[[], Any]) -> tuple[Any, float]:
    # Django gives each thread its own connections; they are closed when the part ends
    # (a pool's threads are not request threads, nothing else would close them).
    try:
        return _timed(call)
    finally:
        connections.close_all()
