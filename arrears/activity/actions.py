"""Writing and reading the evidence trail."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from arrears.activity.chain import _ENCODE as _CANONICAL
from arrears.activity.chain import HASHED, Break, Encoded, event_hash, link, parts_of_columns, verify_chain
from arrears.activity.heads import read_heads
from arrears.activity.models import CONNECTED, CONVERSATION, Event, Kind
from arrears.cases.models import Case
from arrears.core.bulk import bigint_array, insert_frame, uuid_texts
from arrears.portfolio.models import Debtor


def _json_safe(data: Mapping[str, Any] | None) -> dict[str, Any]:
    # Whatever goes into `data` must read back identically from the JSON column, or the
    # hash would not verify: normalise through JSON now (Decimal and dates as strings).
    return json.loads(_SAFE(dict(data or {})))


# Made once: json.dumps with options builds an encoder per call.
_SAFE = json.JSONEncoder(default=str, ensure_ascii=False).encode
_TEXT = json.JSONEncoder(ensure_ascii=False).encode


def _fields(
    kind: str, at: datetime | None, actor: Any, now: datetime | None = None, **values: Any
) -> dict[str, Any]:
    now = now or timezone.now()
    outcome = values.get("outcome", "") or ""
    fields: dict[str, Any] = {
        "kind": kind,
        "at": at or now,
        "recorded_at": now,
        "actor_id": getattr(actor, "pk", None) if actor is not None and actor.is_authenticated else None,
        "channel": values.get("channel", "") or "",
        "person_id": values.get("person_id"),
        "contact_point_id": values.get("contact_point_id"),
        "outcome": outcome,
        "reaction": values.get("reaction", "") or "",
        "connected": values.get("connected", outcome in CONNECTED),
        "conversation": values.get("conversation", outcome in CONVERSATION),
        "note": values.get("note", "") or "",
        "data": _json_safe(values.get("data")),
        "decision_id": values.get("decision_id"),
        "corrects_id": values.get("corrects_id"),
    }
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    return fields


@transaction.atomic
def append(case: Case, kind: str, *, actor: Any = None, at: datetime | None = None, **values: Any) -> Event:
    """Append one event to `case`'s chain (the case row is locked while the link is made)."""
    locked = Case.objects.select_for_update().only("id", "public_id").get(pk=case.pk)
    last = Event.objects.filter(case_id=case.pk).order_by("-seq").values("seq", "hash").first()
    fields = _fields(kind, at, actor, **values)
    fields["seq"] = (last["seq"] if last else 0) + 1
    prev = last["hash"] if last else ""
    fields["hash"] = event_hash(str(locked.public_id), fields, prev)
    event = Event(case_id=case.pk, prev_hash=prev, **fields)
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class NewEvent:
    case_id: int
    kind: str
    at: datetime | None = None
    values: Mapping[str, Any] | None = None


def _lock_cases(case_ids: list[int]) -> None:
    """Lock these cases' rows for the transaction, in id order, as `append` locks its one:
    an event another transaction appends to one of them lands before this run reads the
    chains' heads, never between that read and the insert (where the chain's unique number
    would refuse the run's). SQLite has one writer at a time."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM cases_case WHERE id = ANY(%s::bigint[]) ORDER BY id FOR NO KEY UPDATE",
            [bigint_array(case_ids)],
        )


@transaction.atomic
def append_many(
    events: Sequence[NewEvent], *, actor: Any = None, batch_size: int = 5000, new_cases: bool = False
) -> int:
    """Append many events in one transaction (the nightly run): one query for the chains'
    heads, hashes in Python, bulk inserts. The cases are locked first (`_lock_cases`), so
    an action appending to one of them at the same time waits, or is waited for; but for
    `new_cases`, cases the caller's transaction created, which no other can see, let alone
    append to (a first night's 181,000 locks took 0.7-1.4 s at 1M accounts)."""
    if not events:
        return 0
    if not new_cases:
        _lock_cases(sorted({e.case_id for e in events}))
    found = read_heads(sorted({e.case_id for e in events}))
    heads: dict[int, tuple[int, str]] = {
        case_id: (seq, digest)
        for case_id, seq, digest in found.filter(pl.col("seq").is_not_null())
        .select("case_id", "seq", "hash")
        .iter_rows()
    }
    if new_cases and heads:
        # A chain already begun is not a new case's: appended to without its lock, a
        # concurrent append could take the same number.
        raise ValueError(f"new_cases: {len(heads)} of these cases already have events")
    public = dict(zip(found["case_id"], uuid_texts(found["public_id"]), strict=True))
    now = timezone.now()  # recorded together
    actor_id = getattr(actor, "pk", None) if actor is not None and actor.is_authenticated else None
    for e in events:
        if e.values:
            unknown = set(e.values) - _VALUES
            if unknown:
                raise TypeError(f"unknown event fields: {sorted(unknown)}")
    columns = _columns(events, now, actor_id)
    # The canonical JSON around each link, column-wise; then the chains, case by case in
    # the events' order: a string join and a SHA-256 an event.
    case_ids = [e.case_id for e in events]
    before, between = parts_of_columns(columns, [public[c] for c in case_ids])
    prev_hashes, hashes, seqs = [], [], []
    for case_id, head, middle in zip(case_ids, before, between, strict=True):
        seq, prev = heads.get(case_id, (0, ""))
        seq += 1
        digest = link(head, prev, middle, seq)
        heads[case_id] = (seq, digest)
        prev_hashes.append(prev)
        hashes.append(digest)
        seqs.append(seq)
    columns["data"] = [str(v) for v in columns["data"]]
    columns = {"case_id": case_ids, "prev_hash": prev_hashes, "hash": hashes, "seq": seqs, **columns}
    _insert_columns(columns, batch_size)
    return len(events)


# The fields an event's values may give: the hashed ones but the run's own (its sequence,
# kind, instants and actor).
_VALUES = frozenset(HASHED) - {"seq", "kind", "at", "recorded_at", "actor_id"}


_NESTED = (dict, list, tuple)


def _string_keys(value: Any) -> bool:
    """Every object's keys are strings (others would change order once read back). Checked
    without a Python step a key: joining the keys fails on any other type."""
    children: Iterable[Any]
    if isinstance(value, dict):
        try:
            "".join(value)
        except TypeError:
            return False
        children = value.values()
    elif isinstance(value, list | tuple):
        children = list(value)
    else:
        return True
    kinds = set(map(type, children))
    if kinds.isdisjoint(_NESTED) and not any(issubclass(k, _NESTED) for k in kinds):
        return True
    return all(_string_keys(v) for v in children if isinstance(v, _NESTED))


def _refuse(value: Any) -> Any:
    raise TypeError


# Canonical JSON of data made of JSON's own types; anything else (Decimal, dates) raises.
_STRICT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_refuse).encode


def _data_text(data: Any) -> Encoded:
    """An event's data as canonical JSON, made once: what is stored is what is hashed."""
    if not data:
        return Encoded("{}")
    if _string_keys(data):
        try:
            return Encoded(_STRICT(data))
        except TypeError:
            pass
    return Encoded(_CANONICAL(_json_safe(data)))


def _columns(events: Sequence[NewEvent], now: datetime, actor_id: Any) -> dict[str, list[Any]]:
    """`_fields` of each event, column by column (no dict an event)."""
    values = [e.values or {} for e in events]
    outcome = [v.get("outcome", "") or "" for v in values]

    def text(name: str) -> list[Any]:
        return [v.get(name, "") or "" for v in values]

    def ids(name: str) -> list[Any]:
        return [v.get(name) for v in values]

    return {
        "kind": [e.kind for e in events],
        "at": [e.at or now for e in events],
        "recorded_at": [now] * len(events),
        "actor_id": [actor_id] * len(events),
        "channel": text("channel"),
        "person_id": ids("person_id"),
        "contact_point_id": ids("contact_point_id"),
        "outcome": outcome,
        "reaction": text("reaction"),
        "connected": [v.get("connected", o in CONNECTED) for v, o in zip(values, outcome, strict=True)],
        "conversation": [
            v.get("conversation", o in CONVERSATION) for v, o in zip(values, outcome, strict=True)
        ],
        "note": text("note"),
        "data": [_data_text(v.get("data")) for v in values],
        "decision_id": ids("decision_id"),
        "corrects_id": ids("corrects_id"),
    }


def _insert_columns(columns: dict[str, list[Any]], batch_size: int) -> None:
    """INSERT the events column by column (COPY on PostgreSQL): the values are already what
    the hash was computed over, so only their database form is made here. The ORM's
    bulk_create spent two thirds of the time preparing each field."""
    cache: dict[datetime, str] = {}
    adapt = connection.ops.adapt_datetimefield_value
    postgresql = connection.vendor == "postgresql"

    def instant(v: datetime) -> str:
        text = cache.get(v)
        if text is None:
            text = cache[v] = v.isoformat() if postgresql else str(adapt(v))
        return text

    columns["at"] = [instant(v) for v in columns["at"]]
    columns["recorded_at"] = [instant(v) for v in columns["recorded_at"]]
    ints = {c: pl.Int64 for c in columns if c.endswith("_id") or c == "seq"}
    frame = pl.DataFrame(
        columns, schema_overrides={**ints, "connected": pl.Boolean, "conversation": pl.Boolean}
    )
    # One load, so a first night's hundreds of thousands of events count as the bulk load
    # they are (arrears.core.bulk: the keys checked once, not row by row); COPY in chunks.
    insert_frame(Event._meta.db_table, frame, chunk=max(batch_size, 50_000))


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def verify_case(case: Case) -> Break | None:
    rows = Event.objects.filter(case=case).order_by("seq").values("prev_hash", "hash", *HASHED)
    return verify_chain(str(case.public_id), rows.iterator(chunk_size=2000))


def verify_all(case_ids: Iterable[int] | None = None) -> Iterator[tuple[Case, Break]]:
    """Every broken chain, with its first broken link (cases in id order)."""
    cases = Case.objects.order_by("pk").only("pk", "public_id")
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    current: int | None = None
    rows: list[dict[str, Any]] = []
    by_id = {c.pk: c for c in cases}
    events = (
        (Event.objects.filter(case_id__in=list(by_id)) if case_ids is not None else Event.objects.all())
        .order_by("case_id", "seq")
        .values("case_id", "prev_hash", "hash", *HASHED)
        .iterator(chunk_size=5000)
    )

    def flush() -> Iterator[tuple[Case, Break]]:
        if current is not None:
            broken = verify_chain(str(by_id[current].public_id), rows)
            if broken is not None:
                yield by_id[current], broken

    for row in events:
        if row["case_id"] != current:
            yield from flush()
            current, rows = row["case_id"], []
        rows.append(row)
    yield from flush()


# The gate's view of the contact history: contact attempts of the last 35 days (the
# longest window any profile counts over is 7 days; US validation and consent periods
# come from the account, not from history).
HISTORY_DAYS = 35

# activity channels -> request channels are the same words; visits are not history.
HISTORY_CHANNELS = ("call", "sms", "email", "letter", "im", "voicemail")


def contact_history(debtor: Debtor, now: datetime, *, days: int = HISTORY_DAYS) -> list[dict[str, Any]]:
    """The debtor's contact attempts (every case of theirs) as the gate's `history[]`."""
    rows = (
        Event.objects.filter(
            case__debtor=debtor,
            kind=Kind.CONTACT,
            at__gte=now - timedelta(days=days),
            at__lte=now,
            channel__in=HISTORY_CHANNELS,
        )
        .order_by("at")
        .values_list(
            "at",
            "channel",
            "person__public_id",
            "contact_point__public_id",
            "connected",
            "conversation",
            "actor_id",
            "data",
        )
    )
    history = []
    for at, channel, person, point, connected, conversation, actor, data in rows:
        entry: dict[str, Any] = {
            "at": at.isoformat(),
            "channel": channel,
            "connected": connected,
            "conversation": conversation,
            "purpose": (data or {}).get("purpose", "collect"),
        }
        if person:
            entry["person_id"] = str(person)
        if point:
            entry["contact_point"] = str(point)
        if actor:
            entry["by"] = str(actor)
        history.append(entry)
    return history


def count_by_case(case_ids: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for case_id, n in (
        Event.objects.filter(case_id__in=list(case_ids))
        .values_list("case_id")
        .annotate(n=Max("seq"))
        .values_list("case_id", "n")
    ):
        counts[case_id] = n
    return counts
