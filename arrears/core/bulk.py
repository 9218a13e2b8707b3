"""Fast bulk writes for imports and the nightly run.

The ORM's bulk_create builds one Python object per row; at a million rows that is most of
the import's time. These helpers write a Polars frame straight to a table: COPY on
PostgreSQL, executemany on SQLite. They run inside the caller's transaction.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl
from django.db import connection

NULL = r"\N"


def insert_frame(table: str, frame: pl.DataFrame, chunk: int = 200_000) -> int:
    """Insert every row of `frame` into `table` (columns by name). Returns the row count."""
    if frame.height == 0:
        return 0
    columns = frame.columns
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        sql = (
            f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
        )
        with connection.cursor() as cursor:
            for start in range(0, frame.height, chunk):
                buffer = io.BytesIO()
                frame.slice(start, chunk).write_csv(
                    buffer, include_header=False, null_value=NULL, quote_style="non_numeric"
                )
                with cursor.cursor.copy(sql) as copy:
                    copy.write(buffer.getvalue())
    else:
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"
        connection.ensure_connection()
        raw = connection.connection
        for start in range(0, frame.height, chunk):
            raw.executemany(sql, frame.slice(start, chunk).iter_rows())
    return frame.height


def check_constraints_now() -> None:
    """On PostgreSQL, check foreign keys row by row as rows arrive instead of queueing a
    million deferred trigger events for the commit (Django declares them DEFERRABLE
    INITIALLY DEFERRED). Safe for writers that insert parents before children."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def update_frame(table: str, key: str, frame: pl.DataFrame) -> int:
    """Set the non-key columns of `frame` on the rows of `table` whose `key` matches."""
    if frame.height == 0:
        return 0
    sets = [c for c in frame.columns if c != key]
    q = connection.ops.quote_name
    assignments = ", ".join(f"{q(c)} = %s" for c in sets)
    sql = f"UPDATE {q(table)} SET {assignments} WHERE {q(key)} = %s"
    rows = frame.select([*sets, key]).iter_rows()
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))
    return frame.height


def read_frame(sql: str, params: Sequence[Any] = (), schema: dict | None = None) -> pl.DataFrame:
    """Run a query and return its rows as a Polars frame (columns named by the query)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema or names, orient="row")


def read_frame_in(sql: str, column: str, ids: Sequence[Any], schema: dict | None = None) -> pl.DataFrame:
    """`read_frame` for a query whose WHERE holds `{in}`, filled with `column` in `ids`.

    PostgreSQL gets one `= ANY(array)` parameter; SQLite an IN list in chunks, as it allows
    at most 32,766 parameters a statement.
    """
    if connection.vendor == "postgresql":
        return read_frame(sql.replace("{in}", f"{column} = ANY(%s)"), [list(ids)], schema)
    frames = [
        read_frame(sql.replace("{in}", f"{column} IN ({', '.join(['%s'] * len(part))})"), part, schema)
        for part in (ids[start : start + 20_000] for start in range(0, len(ids), 20_000))
    ]
    if not frames:
        return read_frame(sql.replace("{in}", "1 = 0"), [], schema)
    return pl.concat(frames, how="vertical_relaxed")


def uuid4_hex(n: int) -> pl.Series:
    """n random (version 4) UUIDs as 32-digit hex, made in one go: the uuid module's one
    object per call is a noticeable share of a million-row import."""
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.tobytes().hex()
    return pl.Series("public_id", [text[i : i + 32] for i in range(0, 32 * n, 32)], dtype=pl.String)
