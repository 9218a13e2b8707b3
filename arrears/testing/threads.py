"""A transaction held open on another connection, for the tests of what waits for what.

`HeldOpen(work)` runs `work` inside a transaction on a thread (so a connection) of its own
and leaves it uncommitted, its locks held, until `release()` or the end of the `with`
block: what the test does in between meets a collector's action still in flight. A failure
inside `work` is raised when the block ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from django.db import connections, transaction

WAIT = 10.0


class HeldOpen:
    def __init__(self, work: Callable[[], Any]) -> None:
        self._work = work
        self._held = threading.Event()
        self._release = threading.Event()
        self.failures: list[BaseException] = []
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        try:
            with transaction.atomic():
                self._work()
                self._held.set()
                self._release.wait(WAIT)
        except BaseException as exc:  # raised in the test's thread, at the block's end
            self.failures.append(exc)
            self._held.set()
        finally:
            connections.close_all()

    def release(self) -> None:
        """Let the transaction commit (the block's end does, at the latest)."""
        self._release.set()

    def __enter__(self) -> HeldOpen:
        self._thread.start()
        assert self._held.wait(WAIT), "the held transaction did not start"
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._release.set()
        self._thread.join(WAIT)
        if self.failures and exc is None:
            raise self.failures[0]
