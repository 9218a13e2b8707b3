"""Checking the evidence: each case's chain, its rows against its events, and the database
against a signed digest. Every problem comes out as one sentence in the active language.

`check_cases` streams a batch of cases' events in one query and, per case, verifies the
hash chain (chain.verify_chain) and compares the case, promise and plan rows with what the
events say (facts.fold, facts.compare). `check_digest` turns digest.gaps into sentences.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from arrears.activity.chain import CONTENT, HASHED, LINK, MISSING, Break, verify_chain
from arrears.activity.digest import Digest, Gap, gaps
from arrears.activity.facts import CASE_FIELDS, MISSING_ROW, NO_EVENT, Mismatch, compare, fold
from arrears.activity.models import Event
from arrears.cases.models import Case, PaymentPlan, Promise


@dataclass(frozen=True)
class Problem:
    reference: str
    public_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.reference} ({self.public_id}): {self.message}"


# -- the chain -----------------------------------------------------------------------------


def chain_message(broken: Break) -> str:
    if broken.kind == MISSING:
        return _("event #%(seq)s is missing (the next one is #%(found)s)") % {
            "seq": broken.seq,
            "found": broken.found,
        }
    if broken.kind == LINK:
        return _("event #%(seq)s does not link to the event before it (its previous-hash differs)") % {
            "seq": broken.seq
        }
    if broken.kind == CONTENT:
        return _(
            "event #%(seq)s was changed after it was written (its content no longer matches its hash)"
        ) % {"seq": broken.seq}
    return f"event #{broken.seq}: {broken.reason}"


# -- rows against events ---------------------------------------------------------------------

# Where each compared field's name and choices come from, for the sentences.
_MODEL_FIELD = {
    "case": (Case, {"owner": "owner"}),
    "promise": (Promise, {}),
    "plan": (PaymentPlan, {}),
}


def _label(subject: str, name: str) -> str:
    model, renamed = _MODEL_FIELD[subject]
    return str(getattr(model._meta.get_field(renamed.get(name, name)), "verbose_name", name))


def _shown(subject: str, name: str, value: Any) -> str:
    if name == "owner":
        return _("nobody") if value is None else _("user %(id)s") % {"id": value}
    if value is None or value == "":
        return _("none")
    model, _renamed = _MODEL_FIELD[subject]
    field = model._meta.get_field(name)
    choices = dict(field.flatchoices) if isinstance(field, models.Field) and field.choices else {}
    return str(choices.get(value, value))


def mismatch_message(m: Mismatch) -> str:
    values = {"promise": m.ref, "plan": m.ref, "seq": m.seq}
    if m.field == MISSING_ROW:
        if m.subject == "promise":
            return _("promise %(promise)s, made by event #%(seq)s, is not in the database") % values
        return _("payment plan %(plan)s, made by event #%(seq)s, is not in the database") % values
    if m.field == NO_EVENT:
        values["amount"] = m.database
        if m.subject == "promise":
            return _("promise %(promise)s (%(amount)s) is in the database, but no event made it") % values
        return _("payment plan %(plan)s (total %(amount)s) is in the database, but no event made it") % values
    values.update(
        field=_label(m.subject, m.field),
        database=_shown(m.subject, m.field, m.database),
        events=_shown(m.subject, m.field, m.events),
    )
    if m.subject == "promise":
        return (
            _(
                "promise %(promise)s: %(field)s is %(database)s in the database,"
                " %(events)s by its events (event #%(seq)s)"
            )
            % values
        )
    if m.subject == "plan":
        return (
            _(
                "payment plan %(plan)s: %(field)s is %(database)s in the database,"
                " %(events)s by its events (event #%(seq)s)"
            )
            % values
        )
    return _("%(field)s is %(database)s in the database, %(events)s by its events (event #%(seq)s)") % values


def _rows(
    case_ids: Sequence[int],
) -> tuple[dict[int, dict[str, Any]], dict[int, list[Any]], dict[int, list[Any]]]:
    # By the ids' range, not a list of a thousand: batches are consecutive ids, and a long
    # IN list costs more to send and plan than the rows (bench/evidence_bench.py).
    span, wanted = (min(case_ids), max(case_ids)), set(case_ids)
    cases: dict[int, dict[str, Any]] = {}
    for row in Case.objects.filter(pk__range=span).values(
        "pk", "public_id", *[f if f != "owner" else "owner_id" for f in CASE_FIELDS]
    ):
        row["owner"] = row.pop("owner_id")
        if row["pk"] in wanted:
            cases[row["pk"]] = row
    promises: dict[int, list[Any]] = defaultdict(list)
    for row in Promise.objects.filter(case__gte=span[0], case__lte=span[1]).values(
        "case_id",
        "public_id",
        "instalment",
        "amount",
        "due_on",
        "status",
        "paid",
        "checked_on",
        plan_ref=F("plan__public_id"),
    ):
        promises[row["case_id"]].append({**row, "plan": row["plan_ref"]})
    plans: dict[int, list[Any]] = defaultdict(list)
    for row in PaymentPlan.objects.filter(case__gte=span[0], case__lte=span[1]).values(
        "case_id", "public_id", "total", "status"
    ):
        plans[row["case_id"]].append(row)
    return cases, promises, plans


def check_cases(case_ids: Sequence[int]) -> Iterator[Problem]:
    """The problems of these cases: a batch, best of consecutive ids, since its rows and
    events are read by the ids' range (the events in one streamed query)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Rows and events read in one snapshot: a row and its event are written in one
        # transaction, and one committed between two of these queries is no disagreement.
        # (SQLite reads each query in its own snapshot: docs/evidence.md.)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield from _check_cases(case_ids)
    else:
        yield from _check_cases(case_ids)


def _check_cases(case_ids: Sequence[int]) -> Iterator[Problem]:
    cases, promises, plans = _rows(case_ids)
    events = (
        Event.objects.filter(case__gte=min(case_ids), case__lte=max(case_ids))
        .order_by("case_id", "seq")
        .values("case_id", "prev_hash", "hash", *HASHED)
        .iterator(chunk_size=5000)
    )
    current: int | None = None
    rows: list[dict[str, Any]] = []

    def finish(case_id: int, rows: list[dict[str, Any]]) -> Iterator[Problem]:
        case = cases[case_id]
        ref, public_id = f"C-{case_id:08d}", str(case["public_id"])
        broken = verify_chain(public_id, rows)
        if broken is not None:
            yield Problem(ref, public_id, chain_message(broken))
        for mismatch in compare(fold(rows), case, promises.get(case_id, ()), plans.get(case_id, ())):
            yield Problem(ref, public_id, mismatch_message(mismatch))

    seen: set[int] = set()
    for row in events:
        if row["case_id"] not in cases:
            continue  # in the range, not in the batch
        if row["case_id"] != current:
            if current is not None:
                yield from finish(current, rows)
            current, rows = row["case_id"], []
            seen.add(current)
        rows.append(row)
    if current is not None:
        yield from finish(current, rows)
    # Cases without a single event: their rows have nothing to answer to, except a promise
    # or plan, which no event made.
    for case_id in sorted(set(cases) - seen):
        if promises.get(case_id) or plans.get(case_id):
            yield from finish(case_id, [])


# -- the digest -----------------------------------------------------------------------------


def gap_message(gap: Gap) -> str:
    entry = gap.entry
    values = {"n": entry.events, "seq": entry.seq, "now": gap.events_now, "last": gap.last_now}
    if gap.case_id is None:
        return (
            _(
                "the digest recorded this case with %(n)s events (up to #%(seq)s);"
                " the case is no longer in the database"
            )
            % values
        )
    if gap.events_now == 0:
        return (
            _("the digest recorded %(n)s events (up to #%(seq)s); none are left: every event was deleted")
            % values
        )
    if gap.hash_now is None:
        return (
            _(
                "the digest recorded %(n)s events (up to #%(seq)s);"
                " the database has %(now)s (up to #%(last)s): events were deleted"
            )
            % values
        )
    if gap.hash_now != entry.hash:
        return (
            _(
                "event #%(seq)s no longer has the hash the digest recorded: the chain was rewritten at or"
                " before #%(seq)s"
            )
            % values
        )
    return (
        _("the digest recorded %(n)s events (up to #%(seq)s); the database has %(now)s: events were deleted")
        % values
    )


def check_digest(
    digest: Digest, *, case_ids: Sequence[int] | None = None, progress: Any = None
) -> Iterator[Problem]:
    for gap in gaps(digest, case_ids=case_ids, progress=progress):
        yield Problem(gap.entry.ref, gap.entry.case, gap_message(gap))
