"""What a case's events say its state is, and where its rows disagree: pure functions.

The events that change a case's state carry the facts that state rests on:

    case_opened      on, owner, stage (and team, the opening DPD, overdue and balance,
                     which are kept but not compared: they change every night)
    assigned         owner
    stage_changed    to
    case_closed      reason, on; the case is closed, its stage is "closed" and its open
                     promises are cancelled
    case_reopened    to (the stage it reopens in); the case is open again, with no close
                     reason or date
    promise_made     promise, amount, due_on; the promise is open, nothing paid yet
    plan_made        plan, total, instalments [[due_on, amount], ...], promises (the
                     instalments' public ids, in order); the plan is active
    promise_checked  promise, status, paid, on; a plan whose instalment was checked is
                     broken when one is broken or partly kept, completed when all are kept

`fold` replays a case's events (in number order) into `CaseFacts`; `compare` sets them
against the case's row and its promise and plan rows and returns each disagreement.

Events written before a fact was added to them simply lack it (a case_opened of an older
version has no owner): a fact that no event states is unknown, and an unknown fact is
never a disagreement. No Django here: the rows come in as plain mappings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

# Case row fields compared, as the row's keys (owner is the row's owner_id).
CASE_FIELDS = ("owner", "stage", "status", "close_reason", "closed_on", "opened_on")
PROMISE_FIELDS = ("amount", "due_on", "status", "paid", "checked_on")
PLAN_FIELDS = ("total", "status")

OPEN, CANCELLED, KEPT = "open", "cancelled", "kept"
PLAN_ACTIVE, PLAN_BROKEN, PLAN_COMPLETED = "active", "broken", "completed"
BROKEN_PROMISES = frozenset({"broken", "partly_kept"})


class Unknown(Exception):
    """A fact an event should state but does not state in a form we can read."""


@dataclass(frozen=True)
class Fact:
    value: Any
    seq: int  # the event that fixed it


@dataclass
class PromiseFacts:
    fields: dict[str, Fact] = field(default_factory=dict)
    made: int = 0  # the event that made it; 0 if only a check of it was seen
    plan: str | None = None
    instalment: int | None = None


@dataclass
class PlanFacts:
    made: int
    fields: dict[str, Fact] = field(default_factory=dict)
    # (due_on, amount) per instalment, in order.
    instalments: list[tuple[date, Decimal]] = field(default_factory=list)
    # The instalments' promise ids, when the event names them (events before that do not).
    promises: list[str] | None = None


@dataclass
class CaseFacts:
    case: dict[str, Fact] = field(default_factory=dict)
    promises: dict[str, PromiseFacts] = field(default_factory=dict)
    plans: dict[str, PlanFacts] = field(default_factory=dict)
    events: int = 0


@dataclass(frozen=True)
class Mismatch:
    """One disagreement. `subject` is "case", "promise" or "plan"; `ref` the promise's or
    plan's public id. `field` is a field name, or MISSING_ROW (the events made it, the
    database has no such row) or NO_EVENT (a row no event made)."""

    subject: str
    ref: str | None
    field: str
    database: Any = None
    events: Any = None
    seq: int | None = None


MISSING_ROW, NO_EVENT = "missing_row", "no_event"


# -- reading facts out of event data ---------------------------------------------------------


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Unknown from None


def _date(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Unknown from None


def _owner(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise Unknown


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise Unknown


def _set(target: dict[str, Fact], name: str, data: Mapping[str, Any], key: str, read: Any, seq: int) -> None:
    """target[name] = read(data[key]) if the event states it readably; otherwise unknown
    (an event that changes a fact without stating it leaves it unknown from then on)."""
    if key not in data:
        target.pop(name, None)
        return
    try:
        target[name] = Fact(read(data[key]), seq)
    except Unknown:
        target.pop(name, None)


def _case_opened(facts: CaseFacts, seq: int, data: Mapping[str, Any]) -> None:
    # An opened case is open and has no close reason or date, whatever version wrote it.
    facts.case.update(status=Fact(OPEN, seq), close_reason=Fact("", seq), closed_on=Fact(None, seq))
    _set(facts.case, "opened_on", data, "on", _date, seq)
    _set(facts.case, "owner", data, "owner", _owner, seq)
    _set(facts.case, "stage", data, "stage", _text, seq)


def _assigned(facts: CaseFacts, seq: int, data: Mapping[str, Any]) -> None:
    _set(facts.case, "owner", data, "owner", _owner, seq)


def _stage_changed(facts: CaseFacts, seq: int, data: Mapping[str, Any]) -> None:
    _set(facts.case, "stage", data, "to", _text, seq)


def _case_closed(facts: CaseFacts, seq: int, data: Mapping[str, Any]) -> None:
    facts.case.update(status=Fact("closed", seq), stage=Fact("closed", seq))
    _set(facts.case, "close_reason", data, "reason", _text, seq)
    _set(facts.case, "closed_on", data, "on", _date, seq)
    # Both ways of closing (by hand and in the nightly run) cancel the open promises.
    for promise in facts.promises.values():
        status = promise.fields.get("status")
        if status is not None and status.value == OPEN:
            promise.fields["status"] = Fact(CANCELLED, seq)


def _case_reopened(facts: CaseFacts, seq: int, data: Mapping[str, Any]) -> None:
    facts.case.update(status=Fact(OPEN, seq), close_reason=Fact("", seq), closed_on=Fact(None, seq))
    _set(facts.case, "stage", data, "to", _text, seq)


def _new_promise(seq: int, amount: Any, due_on: Any) -> PromiseFacts:
    promise = PromiseFacts(made=seq)
    promise.fields.update(status=Fact(OPEN, seq), paid=Fact(Decimal(0), seq), checked_on=Fact(None, seq))
    if amount is not None:
        _set(promise.fields, "amount", {"v": amount}, "v", _money, seq)
    if due_on is not None:
        _set(promise.fields, "due_on", {"v": due_on}, "v", _date, seq)
    return promise


def _promise_made(facts: CaseFacts, seq: int, data: Mapping[str, Any]) -> None:
    ref = data.get("promise")
    if isinstance(ref, str):
        facts.promises[ref] = _new_promise(seq, data.get("amount"), data.get("due_on"))


def _plan_made(facts: CaseFacts, seq: int, data: Mapping[str, Any]) -> None:
    ref = data.get("plan")
    if not isinstance(ref, str):
        return
    plan = PlanFacts(made=seq)
    plan.fields["status"] = Fact(PLAN_ACTIVE, seq)
    _set(plan.fields, "total", data, "total", _money, seq)
    try:
        plan.instalments = [(_date(d) or date.min, _money(a)) for d, a in data.get("instalments") or []]
    except (Unknown, TypeError, ValueError):
        plan.instalments = []
    ids = data.get("promises")
    if isinstance(ids, list) and len(ids) == len(plan.instalments) and all(isinstance(i, str) for i in ids):
        plan.promises = ids
        for number, (promise_ref, (due_on, amount)) in enumerate(zip(ids, plan.instalments, strict=True), 1):
            promise = _new_promise(seq, amount, due_on.isoformat())
            promise.plan, promise.instalment = ref, number
            facts.promises[promise_ref] = promise
    facts.plans[ref] = plan


def _promise_checked(facts: CaseFacts, seq: int, data: Mapping[str, Any]) -> None:
    ref = data.get("promise")
    if not isinstance(ref, str):
        return
    promise = facts.promises.setdefault(ref, PromiseFacts())
    _set(promise.fields, "status", data, "status", _text, seq)
    _set(promise.fields, "paid", data, "paid", _money, seq)
    _set(promise.fields, "checked_on", data, "on", _date, seq)
    plan = facts.plans.get(promise.plan) if promise.plan else None
    if plan is not None and plan.promises is not None:
        _settle_plan(facts, plan, seq)


def _settle_plan(facts: CaseFacts, plan: PlanFacts, seq: int) -> None:
    """As the nightly run does after checking a plan's instalment (strategy.apply)."""
    status = plan.fields.get("status")
    if status is None or status.value != PLAN_ACTIVE or plan.promises is None:
        return
    statuses = []
    for ref in plan.promises:
        known = facts.promises[ref].fields.get("status") if ref in facts.promises else None
        if known is None:
            plan.fields.pop("status")  # an instalment we cannot follow: the plan's too
            return
        statuses.append(known.value)
    if BROKEN_PROMISES & set(statuses):
        plan.fields["status"] = Fact(PLAN_BROKEN, seq)
    elif set(statuses) == {KEPT}:
        plan.fields["status"] = Fact(PLAN_COMPLETED, seq)


FOLD: dict[str, Callable[[CaseFacts, int, Mapping[str, Any]], None]] = {
    "case_opened": _case_opened,
    "assigned": _assigned,
    "stage_changed": _stage_changed,
    "case_closed": _case_closed,
    "case_reopened": _case_reopened,
    "promise_made": _promise_made,
    "plan_made": _plan_made,
    "promise_checked": _promise_checked,
}


def fold(events: Iterable[Mapping[str, Any]]) -> CaseFacts:
    """The facts a case's events state, replayed in the order given (number order)."""
    facts = CaseFacts()
    for event in events:
        facts.events += 1
        handler = FOLD.get(event["kind"])
        data = event.get("data")
        if handler is not None and isinstance(data, Mapping):
            handler(facts, event["seq"], data)
    return facts


# -- comparing ---------------------------------------------------------------------------------


def _same(database: Any, events: Any) -> bool:
    if isinstance(database, Decimal) or isinstance(events, Decimal):
        try:
            return Decimal(str(database)) == Decimal(str(events))
        except (InvalidOperation, ValueError):
            return False
    if isinstance(database, date) or isinstance(events, date):
        return str(database) == str(events)
    if database is None or events is None:
        return database is None and events is None
    return bool(database == events)


def _fields(
    subject: str, ref: str | None, row: Mapping[str, Any], known: Mapping[str, Fact], names: Sequence[str]
) -> list[Mismatch]:
    return [
        Mismatch(subject, ref, name, row[name], known[name].value, known[name].seq)
        for name in names
        if name in known and not _same(row[name], known[name].value)
    ]


def compare(
    facts: CaseFacts,
    case: Mapping[str, Any],
    promises: Iterable[Mapping[str, Any]] = (),
    plans: Iterable[Mapping[str, Any]] = (),
) -> list[Mismatch]:
    """Every field of the case row (keys CASE_FIELDS), its promise rows (public_id, plan,
    instalment and PROMISE_FIELDS) and plan rows (public_id and PLAN_FIELDS) that differs
    from what the case's events say. A case with no events has no facts to compare."""
    if not facts.events:
        return []
    out = _fields("case", None, case, facts.case, CASE_FIELDS)
    seen: set[str] = set()
    for row in promises:
        ref = str(row["public_id"])
        seen.add(ref)
        promise = facts.promises.get(ref, PromiseFacts())
        known = dict(promise.fields)
        made = promise.made
        plan = facts.plans.get(str(row["plan"])) if row.get("plan") else None
        if not made and plan is not None and plan.promises is None:
            # An instalment of a plan whose event predates naming them: by its number.
            number = row.get("instalment") or 0
            if 1 <= number <= len(plan.instalments):
                due_on, amount = plan.instalments[number - 1]
                known.setdefault("due_on", Fact(due_on, plan.made))
                known.setdefault("amount", Fact(amount, plan.made))
                made = plan.made
        if not made:
            out.append(Mismatch("promise", ref, NO_EVENT, database=row.get("amount")))
        out += _fields("promise", ref, row, known, PROMISE_FIELDS)
    out += [
        Mismatch("promise", ref, MISSING_ROW, seq=promise.made)
        for ref, promise in facts.promises.items()
        if promise.made and ref not in seen
    ]
    seen = set()
    for row in plans:
        ref = str(row["public_id"])
        seen.add(ref)
        plan_facts = facts.plans.get(ref)
        if plan_facts is None:
            out.append(Mismatch("plan", ref, NO_EVENT, database=row.get("total")))
            continue
        out += _fields("plan", ref, row, plan_facts.fields, PLAN_FIELDS)
    out += [
        Mismatch("plan", ref, MISSING_ROW, seq=plan.made)
        for ref, plan in facts.plans.items()
        if ref not in seen
    ]
    return out
