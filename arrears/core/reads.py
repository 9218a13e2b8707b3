"""Reads of one snapshot on several connections at once (PostgreSQL).

The nightly's extract reads about ten tables, some 9M rows at 1M accounts. One after
another through COPY on the run's own connection that took 15-20 s: the server scanning
and formatting each table in turn on one core, the client taking one message a row.
Here the run's transaction exports its snapshot (`pg_export_snapshot()`), a few extra
connections import it (REPEATABLE READ, READ ONLY, `SET TRANSACTION SNAPSHOT`), and the
reads run at once, each through ADBC's binary COPY straight into Arrow (no Python object
a row). Every read sees exactly what the run's transaction sees, and all of them the same
moment (one after another in READ COMMITTED, each read saw its own).

Only while the run's transaction has written nothing (`pg_current_xact_id_if_assigned()`
is null): its own uncommitted rows are in no exported snapshot. Otherwise (SQLite, a
transaction that has written, one connection configured, no transaction open) each read
runs in turn on the caller's connection (`arrears.core.bulk.copy_frame`): the same frames.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection

from arrears.core.bulk import Schema, check_schema, copy_frame

log = logging.getLogger(__name__)


def done(frame: pl.DataFrame) -> Future[pl.DataFrame]:
    future: Future[pl.DataFrame] = Future()
    future.set_result(frame)
    return future


def conform(frame: pl.DataFrame, schema: Schema) -> pl.DataFrame:
    """`frame` (Arrow's types: int4, timestamps in UTC) with `schema`'s names and types,
    column by position, as `copy_frame` gives them."""
    if frame.width != len(schema):
        raise ValueError(f"the query returns {frame.width} columns, the schema names {len(schema)}")
    frame = frame.rename(dict(zip(frame.columns, schema, strict=True)))
    out = []
    for name, dtype in schema.items():
        if isinstance(dtype, pl.Datetime) or dtype == pl.Datetime:
            zone = getattr(dtype, "time_zone", None) or "UTC"
            column = pl.col(name).dt.cast_time_unit("us")
            if getattr(frame.schema[name], "time_zone", None) is None:
                column = column.dt.replace_time_zone("UTC")
            out.append(column.dt.convert_time_zone(zone).alias(name))
        else:
            out.append(pl.col(name).cast(dtype))
    return frame.select(out)


class Reads:
    """Submit reads; each `submit` returns a future of the frame. In turn on the caller's
    connection, or at once on connections that share its snapshot (`snapshot_reads`)."""

    def __init__(self, snapshot: str | None = None, conninfo: str = "", workers: int = 1) -> None:
        self.snapshot = snapshot
        self.conninfo = conninfo
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="snapshot-read") if snapshot else None
        self._local = threading.local()
        self._opened: list[Any] = []
        self._lock = threading.Lock()

    @property
    def parallel(self) -> bool:
        return self.pool is not None

    def submit(self, sql: str, params: Sequence[Any] = (), *, schema: Schema) -> Future[pl.DataFrame]:
        if self.pool is None:
            return done(copy_frame(sql, params, schema=schema))
        check_schema(schema)
        from psycopg import ClientCursor

        # The parameters merged in here, on the caller's thread, as copy_frame does.
        raw = connection.connection
        query = ClientCursor(raw).mogrify(sql, list(params)) if params else sql.replace("%%", "%")
        return self.pool.submit(self._read, query, schema)

    def _read(self, query: str, schema: Schema) -> pl.DataFrame:
        cursor = self._cursor()
        cursor.execute(query)
        return conform(pl.from_arrow(cursor.fetch_arrow_table()), schema)  # type: ignore[arg-type]

    def _cursor(self) -> Any:
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            import adbc_driver_postgresql.dbapi as adbc

            conn = adbc.connect(self.conninfo, autocommit=True)
            with self._lock:
                self._opened.append(conn)
            cursor = conn.cursor()
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{self.snapshot}'")
            self._local.cursor = cursor
        return cursor

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        for conn in self._opened:
            try:
                conn.close()  # ends its read-only transaction
            except Exception:
                log.exception("closing a snapshot read connection")
        self._opened.clear()


def _exportable() -> bool:
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id_if_assigned() IS NULL")
        return bool(cursor.fetchone()[0])


def conninfo() -> str:
    """The caller's connection's parameters, its password with them (for the extra ones)."""
    from psycopg.conninfo import make_conninfo

    connection.ensure_connection()
    raw = connection.connection
    return make_conninfo(raw.info.dsn, password=raw.info.password)


@contextmanager
def snapshot_reads(workers: int | None = None) -> Iterator[Reads]:
    """`Reads` for the caller's transaction: `workers` connections sharing its snapshot
    (default settings.ARREARS_READ_CONNECTIONS) where it can be shared, else in turn."""
    workers = settings.ARREARS_READ_CONNECTIONS if workers is None else workers
    reads = Reads()
    if workers > 1 and _exportable():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        reads = Reads(snapshot, conninfo(), workers)
    try:
        yield reads
    finally:
        reads.close()
