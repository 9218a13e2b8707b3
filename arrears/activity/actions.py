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

from arrears.activity.chain import HASHED, Break, event_hash, verify_chain
from arrears.activity.models import CONNECTED, CONVERSATION, Event, Kind
from arrears.cases.models import Case
from arrears.core.bulk import insert_frame
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


def append_many(events: Sequence[NewEvent], *, actor: Any = None, batch_size: int = 5000) -> int:
    """Append many events in one transaction (the nightly run): one query for the chains'
    heads, hashes in Python, bulk inserts. The caller holds the run's lock."""
    if not events:
        return 0
    case_ids = sorted({e.case_id for e in events})
    heads: dict[int, tuple[int, str]] = {}
    public: dict[int, str] = {}
    for chunk in _chunks(case_ids, 5000):
        last = dict(
            Event.objects.filter(case_id__in=chunk)
            .values_list("case_id")
            .annotate(m=Max("seq"))
            .values_list("case_id", "m")
        )
        if last:
            for case_id, seq, digest in Event.objects.filter(
                case_id__in=list(last), seq__in=set(last.values())
            ).values_list("case_id", "seq", "hash"):
                if last.get(case_id) == seq:
                    heads[case_id] = (seq, digest)
        public.update(
            (pk, str(uid)) for pk, uid in Case.objects.filter(pk__in=chunk).values_list("pk", "public_id")
        )
    rows = []
    now = timezone.now()  # recorded together
    for e in events:
        seq, prev = heads.get(e.case_id, (0, ""))
        fields = _fields(e.kind, e.at, actor, now, **dict(e.values or {}))
        fields["seq"] = seq + 1
        fields["hash"] = event_hash(public[e.case_id], fields, prev)
        heads[e.case_id] = (seq + 1, fields["hash"])
        rows.append({"case_id": e.case_id, "prev_hash": prev, **fields})
    with transaction.atomic():
        for start in range(0, len(rows), batch_size):
            _insert(rows[start : start + batch_size])
    return len(rows)


def _insert(rows: list[dict[str, Any]]) -> None:
    """INSERT the rows as they are (COPY on PostgreSQL): the values are already what the
    hash was computed over, so only their database form is made here, column by column.
    The ORM's bulk_create spent two thirds of `append_many` preparing each field."""
    columns = list(rows[0])
    instant = (
        (lambda v: v.isoformat())
        if connection.vendor == "postgresql"
        else (lambda v: connection.ops.adapt_datetimefield_value(v))
    )
    values: dict[str, list[Any]] = {c: [r[c] for r in rows] for c in columns}
    values["at"] = [instant(v) for v in values["at"]]
    values["recorded_at"] = [instant(v) for v in values["recorded_at"]]
    values["data"] = [_TEXT(v) for v in values["data"]]
    schema = {c: pl.Int64 if c.endswith("_id") or c == "seq" else None for c in columns}
    frame = pl.DataFrame(values, schema_overrides={c: t for c, t in schema.items() if t is not None})
    insert_frame(Event._meta.db_table, frame, chunk=len(rows))


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
