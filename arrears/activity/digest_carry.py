"""Carrying a digest forward: the heads of the chains that changed since the last digest,
read from the database; every other line copied from that digest (arrears/activity/digest.py).

A full digest reads every case's head, and its cost grows with every event ever appended
(the count of each chain is a scan of the whole event table). A night appends to a small
part of the cases. So the nightly's digest is written from the one before it: the cases
with an event, or opened, since are read again; the others keep their line, copied from
the previous file once its signature checks out and every one of its bytes matches what
was signed (else nothing is carried and the digest is read whole).

What makes it exact is the mark each digest records before it reads anything
(`settled_marks`): an event id and a case id at or below which every row is settled,
committed or rolled back. The next digest reads again every case with an event, or a case
id, above the previous mark. On PostgreSQL ids are handed out before the commit, so a row
with a lower id can become visible after one with a higher id: the mark is the highest id
visible, and the digest then waits for the transactions writing to the events or cases at
that moment to end (a day's action or an import: milliseconds to seconds). A digest whose
wait ran out (ARREARS_DIGEST_WAIT seconds) records no mark, and the one after it is full.
On SQLite one writer at a time holds the database, and its rows get ids above every row
committed before it: the highest id visible is a mark as it is.

A digest is read whole, never carried, when asked (`evidence_digest --full`), when the
last full one is ARREARS_DIGEST_FULL_DAYS old, when the previous digest has no mark, is
signed by another key or fails its check, or when the database no longer holds what the
mark names (the event and the case at the mark, and as many cases at or below it as the
digest listed): a database restored from a backup, or another database, is never mixed
with an old digest's lines.
"""

from __future__ import annotations

import hashlib
import io
import logging
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

import polars as pl
from django.conf import settings
from django.db import connection

from arrears.activity.heads import HEADS, normalised, read_heads
from arrears.activity.models import Event
from arrears.cases.models import Case

logger = logging.getLogger("arrears.evidence")

EVENTS = Event._meta.db_table
CASES = Case._meta.db_table
# Lines of the previous digest read, checked and merged at a time: memory stays flat.
CHUNK = 250_000
_LINES: dict[str, Any] = {
    "case": pl.String,
    "events": pl.Int64,
    "hash": pl.String,
    "ref": pl.String,
    "seq": pl.Int64,
}


class NotCarried(Exception):
    """The previous digest cannot be carried forward (why, for the log)."""


def _one(sql: str, params: list[Any] | None = None) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        row = cursor.fetchone()
    return row[0] if row else None


def settled_marks(wait: float | None = None) -> dict[str, Any] | None:
    """The mark of a digest about to read the heads (module docstring): the highest event
    id and case id visible, with that event's hash and that case's public id (which tell
    the next digest it reads the same database), once every row at or below them is
    settled; None if the writers of that moment did not end within `wait` seconds."""
    wait = settings.ARREARS_DIGEST_WAIT if wait is None else wait
    event = _one(f"SELECT MAX(id) FROM {EVENTS}") or 0  # noqa: S608 (table names from the models)
    case = _one(f"SELECT MAX(id) FROM {CASES}") or 0  # noqa: S608
    if connection.vendor == "postgresql" and not _writers_ended(wait):
        return None
    return {
        "event": event,
        "event_hash": _one(f"SELECT hash FROM {EVENTS} WHERE id = %s", [event]) or "",  # noqa: S608
        "case": case,
        "case_public_id": str(_one(f"SELECT public_id FROM {CASES} WHERE id = %s", [case]) or ""),  # noqa: S608
    }


def _writers_ended(wait: float) -> bool:
    """Wait until every other transaction that holds a write lock on the events or the
    cases now has ended (its virtual transaction id's lock is gone): any id it was given
    before the marks were read is then committed or rolled back. PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT virtualtransaction FROM pg_locks"
            " WHERE locktype = 'relation' AND granted AND pid <> pg_backend_pid()"
            " AND relation IN (%s::regclass, %s::regclass)"
            " AND mode IN ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock',"
            " 'AccessExclusiveLock')",
            [EVENTS, CASES],
        )
        writers = [row[0] for row in cursor.fetchall()]
        deadline = time.monotonic() + wait
        while writers:
            cursor.execute(
                "SELECT DISTINCT virtualxid FROM pg_locks"
                " WHERE locktype = 'virtualxid' AND virtualxid = ANY(%s)",
                [writers],
            )
            writers = [row[0] for row in cursor.fetchall()]
            if not writers:
                break
            if time.monotonic() >= deadline:
                logger.warning(
                    "evidence digest: %s transactions writing events or cases did not end within %s s;"
                    " this digest records no mark and the next one reads every head",
                    len(writers),
                    wait,
                )
                return False
            time.sleep(0.05)
    return True


def carry_from(header: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The previous digest's mark, if a digest may be carried forward from it (its header
    already checked: signed by this installation's key). Raises NotCarried otherwise."""
    marks = header.get("settled")
    if not isinstance(marks, dict):
        raise NotCarried("the previous digest records no mark")
    full_at = header.get("full_at")
    try:
        since = datetime.strptime(str(full_at), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=now.tzinfo)
    except ValueError:
        raise NotCarried("the previous digest names no full digest") from None
    if now - since >= timedelta(days=settings.ARREARS_DIGEST_FULL_DAYS):
        raise NotCarried(f"the last full digest is {settings.ARREARS_DIGEST_FULL_DAYS} days old or more")
    try:
        event, case, cases = int(marks["event"]), int(marks["case"]), int(header["cases"])
    except (KeyError, TypeError, ValueError):
        raise NotCarried("the previous digest's mark cannot be read") from None
    # The same database as the previous digest's, holding what it listed: the event and
    # the case at the mark are still there (ids are reused after a rollback on SQLite, a
    # restored backup has others), and as many cases at or below the mark as it listed.
    now_hash = _one(f"SELECT hash FROM {EVENTS} WHERE id = %s", [event]) or ""  # noqa: S608
    now_case = str(_one(f"SELECT public_id FROM {CASES} WHERE id = %s", [case]) or "")  # noqa: S608
    same_case = _uuid_text(now_case) == _uuid_text(str(marks.get("case_public_id")))
    if now_hash != marks.get("event_hash") or not same_case:
        raise NotCarried("the event or the case at the previous digest's mark is not in the database")
    if _one(f"SELECT COUNT(*) FROM {CASES} WHERE id <= %s", [case]) != cases:  # noqa: S608
        raise NotCarried("the database holds another number of cases than the previous digest listed")
    return marks


def _uuid_text(value: str) -> str:
    return value.replace("-", "").lower()


def changed_heads(marks: dict[str, Any]) -> pl.DataFrame:
    """The heads of the cases with an event above the mark, or opened above it, as
    `head_frames` reads them (sorted by case id)."""
    from arrears.core.bulk import copy_frame

    ids = copy_frame(
        f"SELECT DISTINCT case_id FROM {EVENTS} WHERE id > %s"  # noqa: S608
        f" UNION SELECT id AS case_id FROM {CASES} WHERE id > %s",
        [int(marks["event"]), int(marks["case"])],
        schema={"case_id": pl.Int64},
    )["case_id"].to_list()
    if not ids:
        return pl.DataFrame(schema=HEADS)
    frame = read_heads(ids, count=True)
    return normalised(frame)


def carried_frames(previous: Path, header: dict[str, Any], changed: pl.DataFrame) -> Iterator[pl.DataFrame]:
    """Every line of the new digest as frames of `head_frames`' columns, in case id order:
    the previous digest's lines, a block at a time, with the changed cases' heads in place
    of theirs or added. The previous file's body is hashed as it is read; raises NotCarried
    (after the last frame) if it is not the body its header signed."""
    digest = hashlib.sha256()
    changed = changed.sort("case_id")
    changed_ids = changed["case_id"]
    lines = 0
    done = 0  # changed rows yielded so far (they are in case id order)
    with previous.open("rb") as f:
        f.readline()
        for block in _blocks(f):
            digest.update(block)
            try:
                old = pl.read_ndjson(io.BytesIO(block), schema=_LINES)
            except Exception as exc:  # any reader error: the file is not ours
                raise NotCarried(f"the previous digest's lines cannot be read ({exc})") from None
            lines += old.height
            try:
                old = old.select(
                    pl.col("ref").str.slice(2).cast(pl.Int64).alias("case_id"),
                    pl.col("case").alias("public_id"),
                    "seq",
                    "hash",
                    "events",
                )
            except pl.exceptions.PolarsError:
                raise NotCarried("the previous digest's lines cannot be read") from None
            top = old["case_id"].max()
            if not isinstance(top, int):
                raise NotCarried("the previous digest's lines cannot be read")
            upto = int(changed_ids.search_sorted(top, side="right"))
            fresh = changed.slice(done, upto - done)
            done = max(done, upto)
            if fresh.height:
                kept = old.join(fresh.select("case_id"), on="case_id", how="anti")
                old = pl.concat([kept, fresh]).sort("case_id")
            yield old
    if done < changed.height:
        yield changed.slice(done)
    if digest.hexdigest() != header.get("body_sha256") or lines != header.get("cases"):
        raise NotCarried("its lines were changed after it was signed")


def _blocks(f: IO[bytes]) -> Iterator[bytes]:
    while True:
        block = b"".join(line for _n, line in zip(range(CHUNK), f, strict=False))
        if not block:
            return
        yield block
