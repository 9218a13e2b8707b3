"""Signed digests: every case's chain head, anchored outside the database.

The hash chain shows an edit inside a chain, but not a chain cut short (its last events
deleted), a case whose events are all gone, or a chain edited and then hashed again from
the edit on. So each night (and on demand) the head of every case's chain, its last number,
that event's hash and the number of events, goes into a file signed with a key that is not
in the database (settings.ARREARS_EVIDENCE_KEY). Checked later against the database
(`verify_evidence --against FILE`), a head that went back, vanished or changed shows.

The file, `digest-YYYY-MM-DDTHHMMSSZ.jsonl` (UTC), is JSON lines:

    {"body_sha256": ..., "cases": N, "created_at": ..., "events": M, "format":
     "arrears-evidence-digest", "key_id": ..., "previous": {"file": ..., "sha256": ...} | null,
     "signature": ..., "version": 1}
    {"case": "<public id>", "events": 12, "hash": "<hash of event 12>", "ref": "C-00000012", "seq": 12}
    ... one line per case, in case id order (a case without events: seq 0, hash "")

`signature` is HMAC-SHA256, with the key, over the header's canonical JSON without the
signature (keys sorted, no spaces, UTF-8); `body_sha256` is the SHA-256 of every byte after
the header's line, so the signature covers the whole file. `previous` is the SHA-256 of the
whole file of the digest before it in the same folder, so the digests form a chain too.
Files are written under a temporary name, then linked to their final name (which fails
rather than replace a file), and made read-only.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import polars as pl
from django.conf import settings
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity.heads import HEADS, normalised
from arrears.activity.models import Event
from arrears.cases.models import Case

logger = logging.getLogger("arrears.evidence")

FORMAT = "arrears-evidence-digest"
VERSION = 1
NAME = re.compile(r"^digest-(\d{4}-\d\d-\d\dT\d{6}Z)(?:-(\d+))?\.jsonl$")
# A header line longer than this is not one of ours (it is read before anything is trusted).
MAX_HEADER = 64 * 1024
DEV_KEY_FILE = "evidence.key"


class DigestError(Exception):
    """A digest that cannot be trusted or read; the message is in the user's language."""


# -- the key -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    secret: bytes
    id: str


def _key_id(secret: bytes, prefix: str) -> str:
    # Names the key without revealing it: an HMAC of a fixed text, not a hash of the key.
    return prefix + hmac.new(secret, b"arrears evidence key id", hashlib.sha256).hexdigest()[:16]


def signing_key() -> Key:
    """ARREARS_EVIDENCE_KEY; in development (settings refuse production without it) a key
    file under VAR_DIR, made on first use with a warning."""
    configured: str = settings.ARREARS_EVIDENCE_KEY
    if configured:
        return Key(configured.encode(), _key_id(configured.encode(), "k-"))
    path = Path(settings.VAR_DIR) / DEV_KEY_FILE
    if not path.exists():
        _make_dev_key(path)
    text = path.read_text().strip()
    if len(text) < 32:
        raise DigestError(_("The development evidence key %(path)s is too short.") % {"path": path})
    return Key(text.encode(), _key_id(text.encode(), "dev-"))


def _make_dev_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".evidence-key-")
    try:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # another process may have made it first: keep theirs
        except FileExistsError:
            return
    finally:
        os.unlink(tmp)
    logger.warning(
        "ARREARS_EVIDENCE_KEY is not set: evidence digests are signed with a development key, "
        "made now in %s. Anyone who can read that file can sign digests; production needs "
        "ARREARS_EVIDENCE_KEY (docs/evidence.md).",
        path,
    )


# -- writing --------------------------------------------------------------------------------


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _sign(key: Key, header: dict[str, Any]) -> str:
    unsigned = {k: v for k, v in header.items() if k != "signature"}
    return hmac.new(key.secret, _canonical(unsigned), hashlib.sha256).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def digests_in(folder: Path) -> list[Path]:
    """The digest files of a folder, oldest first (by the time in their names)."""

    def order(path: Path) -> tuple[str, int]:
        match = NAME.match(path.name)
        assert match is not None
        return match.group(1), int(match.group(2) or 1)

    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if NAME.match(p.name)), key=order)


# Cases whose heads are read in one statement (a range of case ids): memory stays flat
# whatever the number of cases.
CHUNK = 250_000


def head_frames() -> Iterator[pl.DataFrame]:
    """Every case's chain head, in case id order, a frame per range of CHUNK case ids:
    `case_id`, `public_id` (hyphenated, lower case), `seq` (0 for a case without events),
    `hash` ("" then) and `events`.

    Each range is one statement (one snapshot: a case's number, count and hash agree).
    Ranges read at different moments may see different events, which changes nothing
    a digest asserts: evidence is only appended, so a head read earlier stays a head of
    the chain the later check finds. The head's hash is an index probe on (case, number),
    not a join of the whole event table (at 1M accounts the grouped join took 3.2 s; the
    rows then went one Python object at a time)."""
    from arrears.core.bulk import copy_frame

    quote = connection.ops.quote_name
    events, cases = quote(Event._meta.db_table), quote(Case._meta.db_table)
    # Table names from the models, quoted; every value is bound.
    sql = (
        f"SELECT c.id AS case_id, c.public_id, h.last_seq AS seq,"  # noqa: S608
        f" (SELECT m.hash FROM {events} m WHERE m.case_id = c.id AND m.seq = h.last_seq) AS hash,"
        f" h.n AS events"
        f" FROM {cases} c LEFT JOIN (SELECT case_id, MAX(seq) AS last_seq, COUNT(*) AS n"
        f" FROM {events} WHERE case_id > %s AND case_id <= %s GROUP BY case_id) h ON h.case_id = c.id"
        f" WHERE c.id > %s AND c.id <= %s"
    )
    ends = Case.objects.aggregate(low=Min("id"), top=Max("id"))
    if ends["top"] is None:
        return
    for low in range(ends["low"] - 1, ends["top"], CHUNK):
        high = low + CHUNK
        frame = copy_frame(sql, [low, high, low, high], schema=HEADS)
        if frame.height:
            yield normalised(frame)


def head_lines(frame: pl.DataFrame) -> bytes:
    """The digest's lines of a frame of `head_frames`, as `_canonical` writes an entry
    (keys sorted, no spaces): built column-wise. The values need no JSON escaping (a
    UUID, digits, a hex hash, "C-" and digits); the tests compare them with `_canonical`'s."""
    line = pl.concat_str(
        [
            pl.lit('{"case":"'),
            pl.col("public_id"),
            pl.lit('","events":'),
            pl.col("events").cast(pl.String),
            pl.lit(',"hash":"'),
            pl.col("hash"),
            pl.lit('","ref":"C-'),
            pl.col("case_id").cast(pl.String).str.zfill(8),
            pl.lit('","seq":'),
            pl.col("seq").cast(pl.String),
            pl.lit("}\n"),
        ]
    )
    return "".join(frame.select(line).to_series().to_list()).encode()


@dataclass(frozen=True)
class Written:
    path: Path
    cases: int
    events: int
    key_id: str
    previous: Path | None
    carried: bool = False  # from the previous digest (arrears/activity/digest_carry.py)


def write_digest(folder: Path | None = None, *, progress: Any = None, full: bool = False) -> Written:
    """Write a signed digest of every case's head into `folder` (default
    settings.ARREARS_EVIDENCE_DIR): carried forward from the folder's last digest where it
    can be (arrears/activity/digest_carry.py), else, or with `full`, every head read from
    the database. `progress`, if given, is called with the number of cases each time a
    range of them is written."""
    key = signing_key()
    folder = Path(folder or settings.ARREARS_EVIDENCE_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    # One writer per folder at a time, so that two digests never name the same previous
    # one (the nightly run and a digest by hand at the same moment).
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _write(folder, key, progress, full)


def _write(folder: Path, key: Key, progress: Any, full: bool) -> Written:
    from arrears.activity import digest_carry

    created = timezone.now().astimezone(UTC)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    existing = digests_in(folder)
    previous = existing[-1] if existing else None
    # The mark first, then the reads (digest_carry): every row at or below it is settled.
    marks = digest_carry.settled_marks()
    before: dict[str, Any] | None = None
    carried: dict[str, Any] | None = None
    if previous is not None and not full:
        try:
            before = signed_header(previous, key)
            carried = digest_carry.carry_from(before, created)
        except (DigestError, digest_carry.NotCarried) as exc:
            logger.warning("evidence digest: not carried forward from %s: %s", previous.name, exc)
    header: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": stamp,
        "key_id": key.id,
        "previous": {"file": previous.name, "sha256": _file_sha256(previous)} if previous else None,
        "settled": marks,
    }
    body = tempfile.NamedTemporaryFile(dir=folder, prefix=".digest-", suffix=".body", delete=False)  # noqa: SIM115
    final: IO[bytes] | None = None
    try:
        totals: tuple[int, int, str] | None = None
        if carried is not None and before is not None and previous is not None:
            frames = digest_carry.carried_frames(previous, before, digest_carry.changed_heads(carried))
            try:
                totals = _write_body(body, frames, progress)
            except digest_carry.NotCarried as exc:
                logger.error("evidence digest: %s cannot be carried forward: %s", previous.name, exc)
        if totals is None:
            totals = _write_body(body, head_frames(), progress)
            header.update(full_at=stamp, carried_from=None)
        else:
            assert before is not None and previous is not None
            header.update(full_at=before["full_at"], carried_from=previous.name)
        cases, events, body_sha = totals
        header.update(cases=cases, events=events, body_sha256=body_sha)
        header["signature"] = _sign(key, header)
        final = tempfile.NamedTemporaryFile(dir=folder, prefix=".digest-", suffix=".part", delete=False)  # noqa: SIM115
        with final, open(body.name, "rb") as source:
            final.write(_canonical(header) + b"\n")
            for block in iter(lambda: source.read(1 << 20), b""):
                final.write(block)
            final.flush()
            os.fsync(final.fileno())
        os.chmod(final.name, 0o444)
        path = _link_new(Path(final.name), folder, created)
    finally:
        body.close()
        for name in (body.name, final.name if final is not None else None):
            if name is not None and os.path.exists(name):
                os.unlink(name)
    logger.info(
        "evidence digest %s: %s cases, %s events (%s)",
        path,
        cases,
        events,
        f"carried from {header['carried_from']}" if header["carried_from"] else "full",
    )
    return Written(path, cases, events, key.id, previous, header["carried_from"] is not None)


def _write_body(body: IO[bytes], frames: Iterator[pl.DataFrame], progress: Any) -> tuple[int, int, str]:
    """Write the lines of `frames` into `body` from its start; (cases, events, body hash)."""
    body.seek(0)
    body.truncate()
    cases = events = 0
    body_sha = hashlib.sha256()
    for frame in frames:
        lines = head_lines(frame)
        body.write(lines)
        body_sha.update(lines)
        cases += frame.height
        events += int(frame["events"].sum())
        if progress is not None:
            progress(frame.height)
    body.flush()
    return cases, events, body_sha.hexdigest()


def _link_new(tmp: Path, folder: Path, created: datetime) -> Path:
    """Give the finished file its name without ever replacing one: a hard link fails if the
    name is taken, and then the next suffix is tried (two digests in one second)."""
    stamp = created.strftime("%Y-%m-%dT%H%M%SZ")
    for n in range(1, 1000):
        path = folder / (f"digest-{stamp}.jsonl" if n == 1 else f"digest-{stamp}-{n}.jsonl")
        try:
            os.link(tmp, path)
        except FileExistsError:
            continue
        # The directory entry itself must survive a crash too.
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        return path
    raise DigestError(_("Too many digests in one second in %(folder)s.") % {"folder": folder})


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    case: str
    ref: str
    seq: int
    hash: str
    events: int


@dataclass(frozen=True)
class Digest:
    path: Path
    header: dict[str, Any]

    @property
    def cases(self) -> int:
        return int(self.header["cases"])

    @property
    def events(self) -> int:
        return int(self.header["events"])

    @property
    def created_at(self) -> str:
        return str(self.header["created_at"])

    def entries(self) -> Iterator[Entry]:
        """The digest's lines after the header, read one at a time."""
        with self.path.open("rb") as f:
            f.readline()
            for number, raw in enumerate(f, start=2):
                yield _entry(raw, number, self.path)


def _refuse(path: Path, why: str) -> DigestError:
    return DigestError(
        _("%(path)s cannot be trusted: %(why)s Nothing was checked against it.") % {"path": path, "why": why}
    )


def _entry(raw: bytes, number: int, path: Path) -> Entry:
    try:
        value = json.loads(raw)
        entry = Entry(
            str(uuid.UUID(value["case"])),
            str(value["ref"]),
            int(value["seq"]),
            str(value["hash"]),
            int(value["events"]),
        )
    except (ValueError, KeyError, TypeError):
        raise DigestError(
            _("%(path)s, line %(line)s: not a digest entry.") % {"path": path, "line": number}
        ) from None
    if entry.seq < 0 or entry.events < 0:
        raise DigestError(_("%(path)s, line %(line)s: not a digest entry.") % {"path": path, "line": number})
    return entry


def open_digest(path: Path, key: Key | None = None) -> Digest:
    """The digest at `path`, after checking that this installation's key signed it and that
    not one byte changed since. Raises DigestError otherwise."""
    header = signed_header(path, key)
    body = hashlib.sha256()
    lines = 0
    with path.open("rb") as f:
        f.readline(MAX_HEADER)
        for block in iter(lambda: f.read(1 << 20), b""):
            body.update(block)
            lines += block.count(b"\n")
    if not hmac.compare_digest(str(header.get("body_sha256")), body.hexdigest()):
        raise _refuse(path, _("its lines were changed after it was signed."))
    try:
        valid = lines == int(header["cases"]) and int(header["events"]) >= 0
    except (KeyError, TypeError, ValueError):
        valid = False
    if not valid:
        raise DigestError(_("%(path)s is not an evidence digest.") % {"path": path})
    return Digest(path, header)


def signed_header(path: Path, key: Key | None = None) -> dict[str, Any]:
    """The header of the digest at `path`, after checking that this installation's key
    signed it (its body is not read). Raises DigestError otherwise."""
    if not path.is_file():
        raise DigestError(_("No such digest file: %(path)s") % {"path": path})
    key = key or signing_key()
    with path.open("rb") as f:
        first = f.readline(MAX_HEADER)
    try:
        header = json.loads(first)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DigestError(_("%(path)s is not an evidence digest.") % {"path": path})
    if header.get("version") != VERSION:
        raise DigestError(
            _("%(path)s is a digest of version %(version)s, which this version cannot read.")
            % {"path": path, "version": header.get("version")}
        )
    if header.get("key_id") != key.id:
        raise _refuse(
            path,
            _(
                "it names the signing key %(theirs)s, and this installation's key is %(ours)s"
                " (verify it with the key that signed it)."
            )
            % {"theirs": header.get("key_id"), "ours": key.id},
        )
    signature = header.get("signature")
    if not isinstance(signature, str) or not hmac.compare_digest(signature, _sign(key, header)):
        raise _refuse(path, _("its signature does not match (forged, or its header was edited)."))
    return header


# -- checking the database against a digest ----------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A case whose chain does not reach the head the digest recorded."""

    entry: Entry
    case_id: int | None  # None: the case itself is gone
    events_now: int
    last_now: int
    hash_now: str | None  # the hash of event `entry.seq` now; None if it is gone


def _batched(entries: Iterator[Entry], size: int) -> Iterator[list[Entry]]:
    batch: list[Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def gaps(digest: Digest, *, case_ids: Sequence[int] | None = None, progress: Any = None) -> Iterator[Gap]:
    """Every case of the digest whose chain now ends before the digest's head, or whose
    event at that number changed. Cases opened since are not in the digest: not checked
    here. Three queries per 2,000 entries."""
    only = set(case_ids) if case_ids is not None else None
    for batch in _batched(digest.entries(), 2000):
        found = _case_ids([e.case for e in batch])
        if only is not None:
            batch = [e for e in batch if found.get(e.case) in only]
        pks = sorted({found[e.case] for e in batch if e.case in found})
        counts = _counts(pks) if pks else {}
        pairs = [(found[e.case], e.seq) for e in batch if e.case in found and e.seq > 0]
        hashes = _hashes(pairs) if pairs else {}
        for entry in batch:
            pk = found.get(entry.case)
            n, last = counts.get(pk, (0, 0)) if pk is not None else (0, 0)
            now = hashes.get((pk, entry.seq)) if pk is not None else None
            if pk is None or (entry.seq and now != entry.hash) or n < entry.events:
                yield Gap(entry, pk, n, last, now)
        if progress is not None:
            progress(len(batch))


# The batch look-ups. On PostgreSQL each list goes as one array parameter: two thousand
# placeholders cost more to send and plan than the index look-ups themselves
# (bench/evidence_bench.py). Only placeholders are spliced into the SQL, never values.
_EVENTS = Event._meta.db_table


def _case_ids(public_ids: list[str]) -> dict[str, int]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT public_id, id FROM {Case._meta.db_table} WHERE public_id = ANY(%s)",  # noqa: S608
                [[uuid.UUID(p) for p in public_ids]],
            )
            return {str(public_id): pk for public_id, pk in cursor.fetchall()}
    rows = Case.objects.filter(public_id__in=public_ids).values_list("public_id", "pk")
    return {str(public_id): pk for public_id, pk in rows}


def _counts(pks: list[int]) -> dict[int, tuple[int, int]]:
    """case id -> (number of events, last number)."""
    params: list[Any]
    if connection.vendor == "postgresql":
        where, params = "case_id = ANY(%s)", [pks]
    else:
        where, params = f"case_id IN ({', '.join(['%s'] * len(pks))})", list(pks)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT case_id, COUNT(*), MAX(seq) FROM {_EVENTS} WHERE {where} GROUP BY case_id",  # noqa: S608
            params,
        )
        return {case_id: (n, last) for case_id, n, last in cursor.fetchall()}


def _hashes(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(case id, number) -> that event's hash, exactly for these pairs (the (case, seq)
    unique index answers each)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT e.case_id, e.seq, e.hash FROM {_EVENTS} e"  # noqa: S608
                " JOIN unnest(%s::bigint[], %s::integer[]) AS h(case_id, seq)"
                " ON e.case_id = h.case_id AND e.seq = h.seq",
                [[c for c, _s in pairs], [s for _c, s in pairs]],
            )
        else:
            cursor.execute(
                f"SELECT case_id, seq, hash FROM {_EVENTS}"  # noqa: S608
                f" WHERE (case_id, seq) IN (VALUES {', '.join(['(%s, %s)'] * len(pairs))})",
                [v for pair in pairs for v in pair],
            )
        return {(case_id, seq): h for case_id, seq, h in cursor.fetchall()}


# -- the archive's own chain -----------------------------------------------------------------


def check_archive(folder: Path, key: Key | None = None) -> Iterator[tuple[Path, str]]:
    """Each digest of `folder` (oldest first) that cannot be trusted or does not link to the
    one before it, with why, in the active language. Digests signed with another key are
    named (their signature cannot be checked here) but still linked by their hashes."""
    key = key or signing_key()
    before: Path | None = None
    for path in digests_in(folder):
        header = _header_of(path)
        try:
            open_digest(path, key)
        except DigestError as exc:
            if header is None or header.get("key_id") == key.id:
                yield path, str(exc)
                before, header = path, None
            else:
                yield (
                    path,
                    _("signed with key %(theirs)s, not this installation's: its signature was not checked.")
                    % {"theirs": header.get("key_id")},
                )
        if header is None:
            continue
        previous = header.get("previous")
        link: dict[str, Any] = previous if isinstance(previous, dict) else {}
        if before is not None and link.get("file") != before.name:
            yield (
                path,
                _("it does not name %(before)s, the digest before it, as its previous one.")
                % {"before": before.name},
            )
        elif before is not None and link.get("sha256") != _file_sha256(before):
            yield (
                path,
                _("%(before)s, the digest before it, changed since it was written.")
                % {"before": before.name},
            )
        before = path


def _header_of(path: Path) -> dict[str, Any] | None:
    with path.open("rb") as f:
        try:
            header = json.loads(f.readline(MAX_HEADER))
        except ValueError:
            return None
    return header if isinstance(header, dict) else None
