"""The hash chain over a case's events: pure functions of the event's fields.

hash(n) = SHA-256 over the canonical JSON of event n's content and hash(n-1); the first
event's previous hash is "". Canonical: keys sorted, no spaces, UTF-8, instants in UTC
with microseconds, ids as integers or null. Anyone with the rows can recompute it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import polars as pl

# The columns that make up an event's content, in the order of the model.
HASHED = (
    "seq",
    "kind",
    "at",
    "recorded_at",
    "actor_id",
    "channel",
    "person_id",
    "contact_point_id",
    "outcome",
    "reaction",
    "connected",
    "conversation",
    "note",
    "data",
    "decision_id",
    "corrects_id",
)


@lru_cache(maxsize=4096)
def _instant(value: datetime) -> str:
    # Cached: a run's events share their recorded_at (and often their at).
    if value.tzinfo is None:
        raise ValueError("event instants must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# One encoder for every event (json.dumps with options builds a new one per call: half the
# time of a night's hundreds of thousands of hashes).
_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def canonical(case_public_id: str, event: Mapping[str, Any], prev_hash: str) -> bytes:
    content: dict[str, Any] = {"case": str(case_public_id), "prev_hash": prev_hash}
    for name in HASHED:
        value = event.get(name)
        if isinstance(value, datetime):
            value = _instant(value)
        content[name] = value
    return _ENCODE(content).encode()


def event_hash(case_public_id: str, event: Mapping[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(case_public_id, event, prev_hash)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first link of a case's chain that does not verify, and why: `kind` is one of
    MISSING (no event numbered `seq`; `found` is the number that came instead), LINK (its
    previous-hash does not match the event before it) or CONTENT (its content does not match
    its own hash). `reason` says it in English; the commands translate by `kind`."""

    seq: int
    reason: str
    kind: str = ""
    found: int | None = None


MISSING, LINK, CONTENT = "missing", "link", "content"


def verify_chain(case_public_id: str, events: Iterable[Mapping[str, Any]]) -> Break | None:
    """None if `events` (in seq order) form an intact chain numbered from 1."""
    prev = ""
    expected = 1
    for event in events:
        seq = event["seq"]
        if seq != expected:
            return Break(expected, f"event {expected} is missing (found {seq})", MISSING, seq)
        if event["prev_hash"] != prev:
            return Break(seq, "previous-hash link does not match the event before it", LINK)
        if event_hash(case_public_id, event, prev) != event["hash"]:
            return Break(seq, "content does not match its hash (edited after it was written)", CONTENT)
        prev = event["hash"]
        expected += 1
    return None


# -- many events at once ------------------------------------------------------------------
#
# A night (or a mass delinquency) appends hundreds of thousands of events. Building a dict
# per event and encoding it (`canonical`) cost ~60 us an event; here each event's canonical
# JSON is assembled from its fields' encodings, which are cached for the values events share
# (kinds, channels, outcomes, the run's instant), in the sorted key order `canonical` uses.
# Only the link (prev_hash, seq) is left to the sequential pass over each case's events,
# which is a string join and a SHA-256. Equal bytes to `canonical` (a test holds them equal).

_SORTED = sorted((*HASHED, "case", "prev_hash"))
_BEFORE_PREV = _SORTED[: _SORTED.index("prev_hash")]
_AFTER_PREV = [k for k in _SORTED[_SORTED.index("prev_hash") + 1 :] if k != "seq"]
assert _SORTED[-1] == "seq"  # the link's number closes the object


class Encoded(str):
    """A value already in canonical JSON (an event's data): taken as it is."""

    __slots__ = ()


class Encoder:
    """Field encodings, cached for the values a batch repeats."""

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._instants: dict[datetime, str] = {}

    def value(self, value: Any) -> str:
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if type(value) is int:
            return str(value)
        if type(value) is Encoded:
            return value
        if type(value) is str:
            cached = self._strings.get(value)
            if cached is None:
                cached = self._strings[value] = _ENCODE(value)
            return cached
        if isinstance(value, datetime):
            cached = self._instants.get(value)
            if cached is None:
                cached = self._instants[value] = '"' + _instant(value) + '"'
            return cached
        return _ENCODE(value)

    def parts(self, case_public_id: str, event: Mapping[str, Any]) -> tuple[str, str]:
        """The canonical JSON of `event` without its link: (the text before the previous
        hash, the text between it and the sequence number)."""
        values = {**event, "case": str(case_public_id)}
        head = ",".join(f'"{k}":{self.value(values.get(k))}' for k in _BEFORE_PREV)
        tail = ",".join(f'"{k}":{self.value(values.get(k))}' for k in _AFTER_PREV)
        return "{" + head + ',"prev_hash":"', '",' + tail + ',"seq":'


def link(head: str, prev_hash: str, middle: str, seq: int) -> str:
    """The hash of an event from its `Encoder.parts`, its predecessor's hash and its number."""
    return hashlib.sha256(f"{head}{prev_hash}{middle}{seq}}}".encode()).hexdigest()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def _encoded_column(values: Sequence[Any], encoder: Encoder) -> pl.Series:
    """One field's JSON for each event, as `Encoder.value` makes it, column-wise."""
    types = {type(v) for v in values}
    if types == {datetime}:
        # Instants: UTC with microseconds, formatted column-wise (`_instant`'s format).
        if any(v.tzinfo is None for v in values):
            raise ValueError("event instants must be timezone-aware")
        micros = pl.Series([(v - _EPOCH) // _MICRO for v in values], dtype=pl.Int64)
        return '"' + micros.cast(pl.Datetime("us")).dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ") + '"'
    if types <= {int, type(None)}:
        return pl.Series(values, dtype=pl.Int64).cast(pl.String).fill_null("null")
    if types <= {bool, type(None)}:
        flags = pl.Series(values, dtype=pl.Boolean)
        return pl.select(
            pl.when(flags.is_null())
            .then(pl.lit("null"))
            .when(flags)
            .then(pl.lit("true"))
            .otherwise(pl.lit("false"))
        ).to_series()
    if Encoded not in types and all(issubclass(t, str) for t in types):
        # Strings (choices among them): each distinct one encoded once.
        plain = pl.Series([str.__str__(v) for v in values], dtype=pl.String)
        distinct = plain.unique().to_list()
        return plain.replace_strict(distinct, [encoder.value(v) for v in distinct], return_dtype=pl.String)
    return pl.Series([encoder.value(v) for v in values], dtype=pl.String)


def parts_of_columns(
    columns: Mapping[str, Sequence[Any]], cases: Sequence[str]
) -> tuple[list[str], list[str]]:
    """`Encoder.parts` for many events at once, column by column: `columns` holds each hashed
    field but `seq` (`data` as canonical JSON text, `Encoded`), `cases` each event's case
    public id. Each distinct value is encoded once; the texts are joined by Polars."""
    encoder = Encoder()
    frame = pl.DataFrame(
        {
            name: _encoded_column(cases if name == "case" else columns[name], encoder)
            if name != "data"
            else pl.Series([str(v) for v in columns[name]], dtype=pl.String)
            for name in (*_BEFORE_PREV, *_AFTER_PREV)
        }
    )

    def joined(names: list[str]) -> pl.Expr:
        pieces: list[pl.Expr] = []
        for i, name in enumerate(names):
            pieces += [pl.lit(("," if i else "") + f'"{name}":'), pl.col(name)]
        return pl.concat_str(pieces)

    out = frame.select(
        (pl.lit("{") + joined(_BEFORE_PREV) + pl.lit(',"prev_hash":"')).alias("head"),
        (pl.lit('",') + joined(_AFTER_PREV) + pl.lit(',"seq":')).alias("middle"),
    )
    return out["head"].to_list(), out["middle"].to_list()
