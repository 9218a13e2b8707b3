"""Fast bulk writes for imports and the nightly run.

The ORM's bulk_create builds one Python object per row; at a million rows that is most of
the import's time. These helpers write a Polars frame straight to a table: COPY on
PostgreSQL, executemany on SQLite. They run inside the caller's transaction.

A large load on PostgreSQL checks its table's foreign keys in bulk: the keys are dropped,
the rows copied, and the keys added back, which checks every row with one join per key
instead of one trigger query per row (PostgreSQL's manual, "Populating a Database",
recommends the same). It all happens in one savepoint, so a failure anywhere undoes the
drop too, and nothing commits without its keys. Dropping a key locks the table and the
tables it refers to until the transaction ends, so the bulk path is taken only for a load
of at least ``settings.ARREARS_BULK_LOAD_ROWS`` rows that is also at least a fifth of the
table (re-adding a key checks the whole table), and only if those locks come within
``settings.ARREARS_BULK_LOCK_TIMEOUT_MS``; otherwise the rows are checked one by one.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl
from django.conf import settings
from django.db import OperationalError, connection, models, transaction

NULL = r"\N"
# A bulk load must be at least this share of the table's (estimated) rows: re-adding a
# foreign key checks every row of the table, not only the new ones.
BULK_SHARE = 0.2


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
        with foreign_keys_checked_in_bulk(table, frame.height):
            _copy(sql, frame, chunk)
    else:
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"
        connection.ensure_connection()
        raw = connection.connection
        for start in range(0, frame.height, chunk):
            raw.executemany(sql, frame.slice(start, chunk).iter_rows())
    return frame.height


@contextmanager
def foreign_keys_checked_in_bulk(table: str, rows: int) -> Iterator[bool]:
    """On PostgreSQL, when `rows` new rows make a bulk load of `table` (see the module's
    docstring), drop the table's foreign keys for the block and add them back after it.
    Yields whether it did. Always a savepoint: an error in the block, or a row that
    breaks a key when it is added back (IntegrityError), undoes the whole block."""
    with transaction.atomic():
        keys = _foreign_keys(table) if _is_bulk(table, rows) else []
        if keys and not _lock_for_ddl([table, *{parent for _, parent, _ in keys}]):
            keys = []
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            for name, _, _ in keys:
                cursor.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(name)}")
        yield bool(keys)
        with connection.cursor() as cursor:
            for name, _, definition in keys:
                cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")


def _is_bulk(table: str, rows: int) -> bool:
    if connection.vendor != "postgresql" or rows < settings.ARREARS_BULK_LOAD_ROWS:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        estimate = max(float(cursor.fetchone()[0]), 0.0)  # -1: never analysed
    return rows >= BULK_SHARE * estimate


def _foreign_keys(table: str) -> list[tuple[str, str, str]]:
    """(name, referenced table, definition) of each foreign key of `table`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, confrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = %s::regclass ORDER BY conname",
            [table],
        )
        return list(cursor.fetchall())


def _lock_for_ddl(tables: list[str]) -> bool:
    """Take the locks that dropping the keys needs, waiting at most the configured time
    (a reader holding one of these tables must not make the import hang, nor queue every
    later reader behind it)."""
    q = connection.ops.quote_name
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout')")
            previous = cursor.fetchone()[0]
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)", [f"{settings.ARREARS_BULK_LOCK_TIMEOUT_MS}ms"]
            )
            cursor.execute(f"LOCK TABLE {', '.join(q(t) for t in tables)} IN ACCESS EXCLUSIVE MODE")
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except OperationalError:  # lock_not_available: check row by row instead
        return False
    return True


def check_constraints_now() -> None:
    """On PostgreSQL, check foreign keys row by row as rows arrive instead of queueing a
    million deferred trigger events for the commit (Django declares them DEFERRABLE
    INITIALLY DEFERRED). Safe for writers that insert parents before children."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _copy(sql: str, frame: pl.DataFrame, chunk: int) -> None:
    with connection.cursor() as cursor:
        for start in range(0, frame.height, chunk):
            buffer = io.BytesIO()
            frame.slice(start, chunk).write_csv(
                buffer, include_header=False, null_value=NULL, quote_style="non_numeric"
            )
            with cursor.cursor.copy(sql) as copy:
                copy.write(buffer.getvalue())


def replace_rows(rows: models.QuerySet[Any], frame: pl.DataFrame) -> tuple[int, int]:
    """Make the rows of `rows` (a queryset of one table) equal to `frame`, whose columns
    are the table's (by attribute name, the id apart), writing only the difference: the
    rows that are there read back (COPY), the ones the frame no longer holds deleted by
    id, the frame's rows not there yet inserted. Rows are compared on every column, a null
    equal to a null; the frame's rows are distinct (a grouped frame). Returns (inserted,
    deleted). A night that rewrote a week of report rows to change a day's now writes that
    day's."""
    columns = frame.columns
    sql, params = rows.values_list("id", *columns).order_by().query.sql_with_params()
    there = copy_frame(sql, params, schema={"id": pl.Int64, **frame.schema})
    gone = there.join(frame, on=columns, how="anti", nulls_equal=True)["id"].to_list()
    new = frame.join(there, on=columns, how="anti", nulls_equal=True)
    table = rows.model._meta.db_table
    delete_ids(table, gone)
    # A date goes in as its ISO text (COPY's CSV and SQLite's parameters alike).
    insert_frame(table, new.with_columns(pl.col(pl.Date).cast(pl.String)))
    return new.height, len(gone)


def delete_ids(table: str, ids: Sequence[int]) -> int:
    """Delete the rows of `table` whose id is in `ids` (PostgreSQL: one array literal;
    SQLite: in chunks within its limit of parameters). Returns how many ids were given."""
    if not ids:
        return 0
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {q(table)} WHERE id = ANY(%s::bigint[])", [bigint_array(ids)])
        else:
            for start in range(0, len(ids), 900):
                chunk = [int(i) for i in ids[start : start + 900]]
                marks = ", ".join("%s" for _ in chunk)
                cursor.execute(f"DELETE FROM {q(table)} WHERE id IN ({marks})", chunk)
    return len(ids)


def update_frame(table: str, key: str, frame: pl.DataFrame) -> int:
    """Set the non-key columns of `frame` on the rows of `table` whose `key` matches.

    PostgreSQL: COPY into a temporary table shaped like the target's columns, then one
    UPDATE ... FROM it. An UPDATE per row, even pipelined, ran at about 700 rows a second
    on localhost (the nightly run's 30,000 accounts took 20 s). SQLite, in process:
    executemany."""
    if frame.height == 0:
        return 0
    sets = [c for c in frame.columns if c != key]
    q = connection.ops.quote_name
    if connection.vendor == "postgresql":
        staged = q(f"arrears_update_{table}")
        columns = ", ".join(q(c) for c in frame.columns)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {staged} AS SELECT {columns} FROM {q(table)} WITH NO DATA"
            )
            _copy(f"COPY {staged} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')", frame, 200_000)
            cursor.execute(
                f"UPDATE {q(table)} AS t SET {', '.join(f'{q(c)} = s.{q(c)}' for c in sets)} "
                f"FROM {staged} AS s WHERE t.{q(key)} = s.{q(key)}"
            )
            cursor.execute(f"DROP TABLE {staged}")
        return frame.height
    assignments = ", ".join(f"{q(c)} = %s" for c in sets)
    sql = f"UPDATE {q(table)} SET {assignments} WHERE {q(key)} = %s"
    rows = frame.select([*sets, key]).iter_rows()
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))
    return frame.height


Schema = Mapping[str, pl.DataType | type[pl.DataType]]


def read_frame(sql: str, params: Sequence[Any] = (), *, schema: Schema) -> pl.DataFrame:
    """Run a query and return its rows as a Polars frame of exactly `schema` (its columns
    in the query's order, each with its type).

    Nothing is guessed from the rows: Polars would take each column's type from the first
    100 rows, so a column that is null there and holds a value later (a credit limit, a
    minimum due) fails the read for good, for every later import of that creditor. Give
    money as whole minor units in SQL (`cents_sql`), so no float is cut to an integer.
    """
    check_schema(schema)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if len(cursor.description) != len(schema):
            raise ValueError(
                f"the query returns {len(cursor.description)} columns, the schema names {len(schema)}"
            )
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=dict(schema), orient="row")


def copy_frame(sql: str, params: Sequence[Any] = (), *, schema: Schema) -> pl.DataFrame:
    """`read_frame` at memory speed: on PostgreSQL the rows leave the server through
    `COPY (query) TO STDOUT` as CSV, in the caller's connection and transaction, and Polars
    parses them with `schema` (no Python object per row; the nightly's payments, 4M rows,
    in about a tenth of the tuples' time). Booleans travel as 0/1 and instants as
    microseconds since the epoch (UTC), so nothing depends on the session's formats.
    Elsewhere (SQLite): `read_frame`."""
    check_schema(schema)
    if connection.vendor != "postgresql":
        return read_frame(sql, params, schema=schema)
    from psycopg import ClientCursor

    q = connection.ops.quote_name
    wire: dict[str, Any] = {}
    outer = []
    for name, dtype in schema.items():
        if dtype == pl.Boolean:
            outer.append(f"CAST(q.{q(name)} AS INT) AS {q(name)}")
            wire[name] = pl.Int8
        elif isinstance(dtype, pl.Datetime) or dtype == pl.Datetime:
            outer.append(f"CAST(EXTRACT(EPOCH FROM q.{q(name)}) * 1000000 AS BIGINT) AS {q(name)}")
            wire[name] = pl.Int64
        else:
            outer.append(f"q.{q(name)}")
            wire[name] = dtype
    query = f"COPY (SELECT {', '.join(outer)} FROM ({sql}) AS q) TO STDOUT WITH (FORMAT csv)"
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if params:
            # COPY takes no bind parameters: they are merged in as literals, client side.
            query = ClientCursor(raw.connection).mogrify(query, list(params))
        elif "%%" in query:
            query = query.replace("%%", "%")
        with raw.copy(query) as copy:
            for block in copy:
                buffer.write(block)
    if buffer.tell() == 0:
        frame = pl.DataFrame(schema=wire)
    else:
        buffer.seek(0)
        frame = pl.read_csv(buffer, has_header=False, new_columns=list(wire), schema=wire)
    casts = []
    for name, dtype in schema.items():
        if dtype == pl.Boolean:
            casts.append(pl.col(name).cast(pl.Boolean))
        elif isinstance(dtype, pl.Datetime) or dtype == pl.Datetime:
            zone = getattr(dtype, "time_zone", None) or "UTC"
            casts.append(
                pl.from_epoch(pl.col(name), time_unit="us")
                .dt.replace_time_zone("UTC")
                .dt.convert_time_zone(zone)
                .alias(name)
            )
    return frame.with_columns(casts) if casts else frame


def copy_frame_in(
    sql: str, column: str, ids: Sequence[Any], *, schema: Schema, params: Sequence[Any] = ()
) -> pl.DataFrame:
    """`read_frame_in` through `copy_frame` (PostgreSQL: one `= ANY(array)` literal)."""
    if connection.vendor != "postgresql":
        return read_frame_in(sql, column, ids, schema=schema, params=params)
    values = list(ids)
    if values and all(type(v) is int for v in values):
        # Python ints only (not bools) go in as one array literal.
        query = sql.replace("{in}", f"{column} = ANY(%s::bigint[])")
        return copy_frame(query, [*params, bigint_array(values)], schema=schema)
    return copy_frame(sql.replace("{in}", f"{column} = ANY(%s)"), [*params, values], schema=schema)


def bigint_array(ids: Iterable[int]) -> str:
    """Integer keys as one PostgreSQL array literal, made by a string join: psycopg adapts a
    list element by element (0.75 s for a steady night's 200,000 accounts). `int()` of each,
    so the text holds digits and signs alone."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


def check_schema(schema: Schema) -> None:
    untyped = [name for name, dtype in schema.items() if dtype is None]
    if untyped:
        raise TypeError(f"give a type for every column read from the database: {', '.join(untyped)}")


def cents_sql(column: str) -> str:
    """A money column as whole minor units (x100), an integer on both databases."""
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def read_frame_in(
    sql: str,
    column: str,
    ids: Sequence[Any],
    *,
    schema: Schema,
    params: Sequence[Any] = (),
) -> pl.DataFrame:
    """`read_frame` for a query whose WHERE holds `{in}`, filled with `column` in `ids`;
    `params` fill the placeholders before `{in}`.

    PostgreSQL gets one `= ANY(array)` parameter; SQLite an IN list in chunks, as it allows
    at most 32,766 parameters a statement.
    """
    if connection.vendor == "postgresql":
        return read_frame(sql.replace("{in}", f"{column} = ANY(%s)"), [*params, list(ids)], schema=schema)
    frames = [
        read_frame(
            sql.replace("{in}", f"{column} IN ({', '.join(['%s'] * len(part))})"),
            [*params, *part],
            schema=schema,
        )
        for part in (ids[start : start + 20_000] for start in range(0, len(ids), 20_000))
    ]
    if not frames:
        return read_frame(sql.replace("{in}", "1 = 0"), params, schema=schema)
    return pl.concat(frames)


def uuid_texts(values: Iterable[str]) -> list[str]:
    """Public ids as str(model.public_id) gives them, whichever form the database hands
    back (PostgreSQL's hyphenated text, SQLite's 32 hex digits)."""
    return [str(uuid.UUID(v)) for v in values]


def uuid4_hex(n: int) -> pl.Series:
    """n random (version 4) UUIDs as 32-digit hex, made in one go: the uuid module's one
    object per call is a noticeable share of a million-row import."""
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.tobytes().hex()
    return pl.Series("public_id", [text[i : i + 32] for i in range(0, 32 * n, 32)], dtype=pl.String)

def money_text(column: str) -> pl.Expr:
    """Whole minor units -> the decimal text of `_money` ("-12.05"), vectorised."""
    cents = pl.col(column).fill_null(0).cast(pl.Int64)
    units = cents.abs()
    return (
        pl.when(cents < 0).then(pl.lit("-")).otherwise(pl.lit(""))
        + (units // 100).cast(pl.String)
        + pl.lit(".")
        + (units % 100).cast(pl.String).str.zfill(2)
    ).alias(column)


def db_datetime(value: datetime | None) -> str | None:
    """An instant as the database takes it in a bulk write."""
    return None if value is None else str(connection.ops.adapt_datetimefield_value(value))



def db_datetime_column(column: str) -> pl.Expr:
    """`db_datetime` over a column of aware instants, vectorised: UTC, with the
    microseconds only when there are some (as str() of a datetime writes them)."""
    utc = pl.col(column).dt.convert_time_zone("UTC")
    micro = utc.dt.microsecond()
    text = utc.dt.strftime("%Y-%m-%d %H:%M:%S")
    text = pl.when(micro != 0).then(text + "." + micro.cast(pl.String).str.zfill(6)).otherwise(text)
    if connection.vendor == "postgresql":
        text = text + "+00:00"
    return text.alias(column)

def insert_rows(model: type[models.Model], frame: pl.DataFrame) -> int:
    """Insert `frame`'s rows as new rows of `model` through the bulk writer (COPY on
    PostgreSQL), not one model object each: the first night opens hundreds of thousands of
    cases. The columns `frame` lacks take their field's default (a fresh public id each)."""
    if not frame.height:
        return 0
    fill: list[pl.Expr | pl.Series] = []
    renames: dict[str, str] = {}
    for f in model._meta.concrete_fields:
        column = str(f.column)
        if f.attname in frame.columns and f.attname != column:
            renames[f.attname] = column
        if f.primary_key or f.attname in frame.columns or column in frame.columns:
            continue
        if isinstance(f, models.UUIDField) and f.has_default():
            fill.append(uuid4_hex(frame.height).alias(column))
            continue
        if f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        elif f.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.name} needs a value")
        if isinstance(value, dict | list):
            value = json.dumps(value)
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, datetime):
            value = db_datetime(value)
        fill.append(pl.lit(value).alias(column))
    return insert_frame(model._meta.db_table, frame.rename(renames).with_columns(fill))
