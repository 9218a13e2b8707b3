"""Each case's limitation period from the database (the rule: arrears/recovery/limitation.py).

Per account of the case's debtor: the oldest unpaid due date by the aging rule, the
account's payments, and the case's `debt_acknowledged` and `demand_received` events; the
case's period is the account's that ends first. Computed when asked (the case page, the
gate's facts, the list of cases near their end), a few queries per batch of cases, never
one per case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from arrears.activity.models import Event, Kind
from arrears.cases.models import Case
from arrears.core.dpd import at_least
from arrears.portfolio.aging import Due, Paid, age, parse_bounds
from arrears.portfolio.models import Account, DueItem, Payment
from arrears.recovery.limitation import (
    ACKNOWLEDGMENT,
    DEFAULTS,
    DEMAND,
    PAYMENT,
    Fact,
    Limitation,
    Period,
    period,
)

FACT_KINDS: dict[str, str] = {Kind.DEBT_ACKNOWLEDGED: ACKNOWLEDGMENT, Kind.DEMAND_RECEIVED: DEMAND}
CHUNK = 1000


@dataclass(frozen=True)
class CasePeriod:
    """The case's limitation period: its account that ends first, and the rule applied."""

    period: Period
    account: str  # the account's external id
    rule: Limitation

    @property
    def expires_on(self) -> date:
        return self.period.expires_on

    def barred_on(self, day: date) -> bool:
        return self.period.barred_on(day)


def business_day(at: datetime | None = None) -> date:
    return timezone.localdate(at or timezone.now(), timezone.get_default_timezone())


def rules() -> dict[tuple[str, str], Limitation]:
    from arrears.recovery.models import LimitationRule

    return {
        (r.profile, r.product): r.limitation(DEFAULTS.get(r.profile, DEFAULTS["GLOBAL-STRICT"]).rule_id)
        for r in LimitationRule.objects.all()
    }


def rule_for(profile: str, product: str, table: dict[tuple[str, str], Limitation]) -> Limitation:
    """The product's row, else the profile's row for every product, else the default."""
    found = table.get((profile, product)) or table.get((profile, ""))
    return found or DEFAULTS.get(profile, DEFAULTS["GLOBAL-STRICT"])


def fact_of(kind: str, at: datetime, data: dict[str, Any] | None) -> Fact:
    """An acknowledgment or demand event as a fact: its `data.on` (the day it happened, which
    may be before the day it was recorded), else the business day of its time."""
    data = data or {}
    try:
        on = date.fromisoformat(str(data["on"]))
    except (KeyError, ValueError):
        on = business_day(at)
    return Fact(on, FACT_KINDS[kind], bool(data.get("written")))


def periods(cases: Sequence[Case], on: date) -> dict[int, CasePeriod | None]:
    """Each case's period on `on` (None: nothing unpaid). `cases` need `debtor` loaded
    (select_related) for the profile."""
    out: dict[int, CasePeriod | None] = {}
    table = rules()
    for start in range(0, len(cases), CHUNK):
        out.update(_chunk(cases[start : start + CHUNK], on, table))
    return out


def _chunk(
    cases: Sequence[Case], on: date, table: dict[tuple[str, str], Limitation]
) -> dict[int, CasePeriod | None]:
    bounds = parse_bounds(settings.ARREARS_BUCKETS)
    debtor_ids = {c.debtor_id for c in cases}
    accounts: dict[int, list[tuple[int, str, str, ZoneInfo]]] = defaultdict(list)
    zones: dict[str, ZoneInfo] = {}
    for pk, debtor_id, external_id, product, zone in Account.objects.filter(
        debtor_id__in=debtor_ids
    ).values_list("pk", "debtor_id", "external_id", "product", "creditor__default_time_zone"):
        accounts[debtor_id].append((pk, external_id, product, zones.setdefault(zone, ZoneInfo(zone))))
    account_ids = [a[0] for rows in accounts.values() for a in rows]
    dues: dict[int, list[Due]] = defaultdict(list)
    for item in DueItem.objects.filter(account_id__in=account_ids):
        dues[item.account_id].append(item.as_due())
    paid: dict[int, list[tuple[datetime, Decimal]]] = defaultdict(list)
    for account_id, paid_at, amount in Payment.objects.filter(account_id__in=account_ids).values_list(
        "account_id", "paid_at", "amount"
    ):
        paid[account_id].append((paid_at, amount))
    facts: dict[int, list[Fact]] = defaultdict(list)
    for case_id, kind, at, data in Event.objects.filter(
        case_id__in=[c.pk for c in cases], kind__in=list(FACT_KINDS)
    ).values_list("case_id", "kind", "at", "data"):
        fact = fact_of(kind, at, data)
        if fact.on <= on:
            facts[case_id].append(fact)
    out: dict[int, CasePeriod | None] = {}
    for case in cases:
        best: CasePeriod | None = None
        profile = case.debtor.jurisdiction
        for pk, external_id, product, account_zone in accounts.get(case.debtor_id, []):
            payments = [Paid(at.astimezone(account_zone).date(), amount) for at, amount in paid.get(pk, [])]
            payments = [p for p in payments if p.paid_on <= on]
            oldest = age(dues.get(pk, []), payments, on, bounds).oldest_unpaid_due
            rule = rule_for(profile, product, table)
            found = period(
                rule, oldest, [*(Fact(p.paid_on, PAYMENT) for p in payments), *facts.get(case.pk, [])]
            )
            if found is not None and (best is None or found.expires_on < best.expires_on):
                best = CasePeriod(found, external_id, rule)
        out[case.pk] = best
    return out


def case_period(case: Case, on: date | None = None) -> CasePeriod | None:
    return periods([case], on or business_day())[case.pk]


def is_time_barred(case: Case, at: datetime | None = None) -> bool:
    """Whether the case's claim is time-barred at `at` (the gate's `time_barred` fact)."""
    day = business_day(at)
    found = case_period(case, day)
    return found is not None and found.barred_on(day)


def time_barred_debtors(cases: Iterable[Case], at: datetime | None = None) -> set[int]:
    """The debtors among these cases' whose claim is time-barred at `at`."""
    day = business_day(at)
    listed = list(cases)
    found = periods(listed, day)
    return {c.debtor_id for c in listed if (p := found.get(c.pk)) is not None and p.barred_on(day)}


@dataclass(frozen=True)
class Near:
    case: Case
    period: CasePeriod
    days_left: int  # negative: time-barred that many days ago


def near_their_end(cases: QuerySet[Case], on: date, days: int = 90) -> list[Near]:
    """The open cases among `cases` whose period ends within `days` of `on` or has ended,
    soonest first. Only cases at least (shortest period - `days`) past due can be among them
    (a period ends no earlier than `years` after the oldest unpaid due date), so only those
    are computed."""
    shortest = min(r.years for r in [*DEFAULTS.values(), *rules().values()])
    candidates = list(
        cases.filter(at_least("delinquent_since", max(shortest * 365 - days, 1), on), status=Case.Status.OPEN)
        .select_related("debtor", "owner")
        .order_by("pk")
    )
    found = periods(candidates, on)
    out = []
    for case in candidates:
        p = found.get(case.pk)
        if p is not None and (p.expires_on - on).days <= days:
            out.append(Near(case, p, (p.expires_on - on).days))
    return sorted(out, key=lambda n: (n.period.expires_on, n.case.pk))
