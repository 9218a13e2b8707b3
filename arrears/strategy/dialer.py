"""The dialer's call list: the day's queue, one row per (case, debtor phone), each with the
best call window of the next day, and only the rows the contact gate allows.

`call_list(on)`:

1. The queue: open cases owned by a collector (Profile.role collector) planned for `on`
   (`Case.planned_for`: the day planner fits them in each collector's capacity).
2. Phones: the debtor's own (relationship "self") phone numbers that are valid.
3. Windows: `timing.best_windows(run_date=on)`, i.e. one-hour windows on the debtor's local
   day after `on`, clipped to the contact window of the active policy of the debtor's
   profile (jurisdiction), ranked by a contact-rate model fitted on the calls of the last
   `HISTORY_DAYS` days (segment: the creditor).
4. The gate: each (case, phone) is checked with `arrears.compliance.actions.check` at the
   start of its best window; if blocked, at the start of the next-best windows (up to 3).
   Rows blocked at every window are left out and counted by rule id. Nothing is recorded
   in the decision log: this is planning; the dialler's call itself goes through the gate
   again (`log_contact`).

The phone number is written in full: a dialler dials it. The file is personal data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.db.models import QuerySet

from arrears.activity.actions import contact_history
from arrears.activity.models import Event, Kind
from arrears.cases.actions import gate_context
from arrears.cases.models import Case
from arrears.compliance.actions import active_policy, check
from arrears.compliance.profiles import FALLBACK_PROFILE, business_profile
from arrears.compliance.shell import build_request
from arrears.contacts.models import ContactPoint, Relationship
from arrears.core.models import Profile, Role
from arrears.core.spreadsheets import DictWriter, Writable, write_xlsx
from arrears.portfolio.models import Debtor
from arrears.strategy.timing import (
    ContactModel,
    ContactWindow,
    best_windows,
    contact_windows,
    fit_contact_rates,
)
from arrears.strategy.today import held_from, planned_for

COLUMNS = (
    "collector",
    "case",
    "debtor",
    "phone",
    "window_start",
    "window_end",
    "priority",
    "next_action",
)
HISTORY_DAYS = 90
WINDOWS_PER_DEBTOR = 3


@dataclass
class CallList:
    rows: list[dict[str, Any]] = field(default_factory=list)
    cases: int = 0
    blocked: Counter[str] = field(default_factory=Counter)
    blocked_rows: int = 0
    no_phone: int = 0
    no_window: int = 0
    on_hold: int = 0

    def summary(self) -> str:
        rules = ", ".join(f"{rule} {n}" for rule, n in sorted(self.blocked.items())) or "-"
        return (
            f"call list: {len(self.rows)} rows from {self.cases} queued cases; "
            f"left out: {self.blocked_rows} blocked by the gate ({rules}), "
            f"{self.no_phone} cases without a valid own phone, {self.no_window} without a window, "
            f"{self.on_hold} on a care hold"
        )

    def write_csv(self, out: Writable) -> None:
        # Names and case data are typed by people: no cell may run as a formula when the
        # file is opened in a spreadsheet (arrears.core.spreadsheets).
        writer = DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(self.rows)

    def write_xlsx(self, path: Path) -> None:
        write_xlsx(path, COLUMNS, ([row[c] for c in COLUMNS] for row in self.rows), title="call list")


def _collectors(collector: str | None) -> QuerySet[Profile]:
    profiles = Profile.objects.filter(role=Role.COLLECTOR, user__is_active=True).select_related("user")
    if collector is not None:
        profiles = profiles.filter(user__username=collector)
    return profiles


def queue(on: date, collector: str | None = None) -> list[Case]:
    """The day's plan, per collector (timed callbacks first, then by priority): the cases
    planned for `on`, which the planner has fitted in each one's capacity."""
    profiles = _collectors(collector)
    out: list[Case] = []
    for profile in profiles.order_by("user__username"):
        cases = planned_for(Case.objects.filter(owner=profile.user), on).select_related(
            "debtor", "debtor__creditor", "owner"
        )
        out.extend(cases)
    return out


def contact_model(on: date, days: int = HISTORY_DAYS) -> ContactModel:
    """The contact-rate model fitted on the calls of the `days` days up to `on`."""
    since = datetime.combine(on - timedelta(days=days), datetime.min.time(), ZoneInfo("UTC"))
    rows = Event.objects.filter(kind=Kind.CONTACT, channel="call", at__gte=since).values_list(
        "case__debtor_id", "case__debtor__creditor__code", "at", "case__debtor__time_zone", "connected"
    )
    data = list(rows.iterator(chunk_size=5000))
    history = pl.DataFrame(
        data,
        schema={
            "debtor_id": pl.Int64,
            "segment": pl.String,
            "at": pl.Datetime("us", "UTC"),
            "time_zone": pl.String,
            "connected": pl.Boolean,
        },
        orient="row",
    ).with_columns(pl.col("time_zone").fill_null("Asia/Shanghai"))
    return fit_contact_rates(history)


B2B = "+B2B"  # a profile key's suffix: the profile's business rules, for company debtors


def window_profile(debtor: Any) -> str:
    """The key of the window the gate applies to `debtor`: a company's is its
    jurisdiction's B2B profile (business hours on business days)."""
    profile = debtor.jurisdiction or FALLBACK_PROFILE
    return profile + B2B if debtor.kind == Debtor.Kind.COMPANY else profile


def profile_windows(debtors: Iterable[Any]) -> dict[str, ContactWindow]:
    """The gate's contact window of each profile among `debtors`, from its active policy."""
    policies = {}
    for key in sorted({window_profile(d) for d in debtors}):
        policy = active_policy(key.removesuffix(B2B)).policy()
        policies[key] = business_profile(policy) if key.endswith(B2B) else policy
    # A Chinese company's finance staff are off on the statutory holidays too (the
    # calendar is China's; the gate itself closes only weekends for B2B).
    return contact_windows(policies, closed_on_holidays=(FALLBACK_PROFILE, "CN" + B2B))


def debtor_windows(
    debtors: Iterable[Any],
    on: date,
    model: ContactModel,
    *,
    k: int = 3,
    windows: Mapping[str, ContactWindow] | None = None,
) -> pl.DataFrame:
    """Each debtor's top-k one-hour call windows on the day after `on`, inside the gate's
    window for their profile (timing.best_windows), ranked per debtor."""
    debtors = list(debtors)
    windows = profile_windows(debtors) if windows is None else windows
    rows = [(d.pk, d.creditor.code, d.time_zone or None, d.income_day, window_profile(d)) for d in debtors]
    if len(rows) == 1:
        # The case page asks for one debtor at every view and after every action. The
        # windows depend on the debtor's segment, zone, income day and profile only, which
        # most debtors share: the same answer all day for the same model and policies (a
        # new day refits the model).
        debtor_id, *facts = rows[0]
        shared = _one_debtor_windows(tuple(facts), on, _Key(model), tuple(sorted(windows.items())), k)
        return shared.with_columns(pl.lit(debtor_id, pl.Int64).alias("debtor_id"))
    return _windows(rows, on, model, windows, k)


@dataclass(frozen=True)
class _Key:
    """A contact model as a cache key: by identity (fitted once a day per process)."""

    model: ContactModel = field(hash=False, compare=False)
    ident: int = 0

    def __init__(self, model: ContactModel) -> None:
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "ident", id(model))


@lru_cache(maxsize=4096)
def _one_debtor_windows(
    facts: tuple[Any, ...], on: date, key: _Key, windows: tuple[tuple[str, ContactWindow], ...], k: int
) -> pl.DataFrame:
    return _windows([(0, *facts)], on, key.model, dict(windows), k)


def _windows(
    rows: list[tuple[Any, ...]], on: date, model: ContactModel, windows: Mapping[str, ContactWindow], k: int
) -> pl.DataFrame:
    frame = pl.DataFrame(
        rows,
        schema={
            "debtor_id": pl.Int64,
            "segment": pl.String,
            "time_zone": pl.String,
            "income_day": pl.Int64,
            "profile": pl.String,
        },
        orient="row",
    )
    return best_windows(frame, on, model, windows, k=k).sort("debtor_id", "rank")


def call_list(on: date, collector: str | None = None, *, model: ContactModel | None = None) -> CallList:
    result = CallList()
    cases = queue(on, collector)
    result.cases = len(cases)
    owners = _collectors(collector).values("user_id")
    result.on_hold = held_from(Case.objects.filter(owner__in=owners), on).count()
    if not cases:
        return result
    model = model or contact_model(on)
    debtors = {c.debtor_id: c.debtor for c in cases}
    windows = profile_windows(debtors.values())
    ranked = debtor_windows(debtors.values(), on, model, k=WINDOWS_PER_DEBTOR, windows=windows)
    by_debtor: dict[int, list[tuple[datetime, datetime]]] = {}
    for debtor_id, start, end in ranked.select("debtor_id", "window_start", "window_end").iter_rows():
        by_debtor.setdefault(debtor_id, []).append((start, end))
    points = _own_phones(debtors)
    for case in cases:
        debtor = case.debtor
        own = points.get(debtor.pk)
        if own is None or not own[1]:
            result.no_phone += 1
            continue
        person, phones = own
        slots = by_debtor.get(debtor.pk, [])
        if not slots:
            result.no_window += 1
            continue
        context = gate_context(case)
        zone = ZoneInfo(debtor.time_zone or windows[debtor.jurisdiction or FALLBACK_PROFILE].default_zone)
        histories: dict[datetime, list[dict[str, Any]]] = {}
        for point in phones:
            first_block: tuple[str, ...] = ()
            chosen: tuple[datetime, datetime] | None = None
            for start, end in slots:
                if start not in histories:
                    histories[start] = contact_history(debtor, start)
                request = build_request(
                    debtor,
                    person,
                    point,
                    "call",
                    start,
                    "collect",
                    history=histories[start],
                    debtor_self=person,
                    debtor_points=phones,
                    **context,
                )
                decision = check(request).decision
                if decision.allowed:
                    chosen = (start, end)
                    break
                if not first_block:
                    first_block = tuple(f.rule_id for f in decision.blocks) or ("blocked",)
            if chosen is None:
                result.blocked_rows += 1
                result.blocked.update(first_block)
                continue
            start, end = chosen
            result.rows.append(
                {
                    "collector": case.owner.username if case.owner else "",
                    "case": case.reference,
                    "debtor": debtor.name,
                    "phone": point.value,
                    "window_start": start.astimezone(zone).isoformat(),
                    "window_end": end.astimezone(zone).isoformat(),
                    "priority": case.priority,
                    "next_action": case.next_action,
                }
            )
    return result


def _own_phones(debtors: dict[int, Any]) -> dict[int, tuple[Any, list[ContactPoint]]]:
    """debtor id -> (their "self" person, their valid phones in id order)."""
    out: dict[int, tuple[Any, list[ContactPoint]]] = {}
    points: Iterable[ContactPoint] = (
        ContactPoint.objects.filter(
            person__debtor_id__in=list(debtors),
            person__relationship=Relationship.SELF,
            kind=ContactPoint.Kind.PHONE,
            valid=True,
        )
        .select_related("person")
        .order_by("person__debtor_id", "pk")
    )
    for point in points:
        debtor_id = point.person.debtor_id
        if debtor_id not in out:
            out[debtor_id] = (point.person, [])
        out[debtor_id][1].append(point)
    return out
