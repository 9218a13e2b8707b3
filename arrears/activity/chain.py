"""The hash chain over a case's events: pure functions of the event's fields.

hash(n) = SHA-256 over the canonical JSON of event n's content and hash(n-1); the first
event's previous hash is "". Canonical: keys sorted, no spaces, UTF-8, instants in UTC
with microseconds, ids as integers or null. Anyone with the rows can recompute it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

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
