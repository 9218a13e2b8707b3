"""What the agencies earn, and how well they collect.

`accrue()` finds every payment made on a placed debtor's accounts while the placement ran
(from its day to the day it was recalled) that has no commission yet, and applies it to the
placement's balance as the contract applies it: fees first, then interest, then principal
(what is paid beyond the placed balance earns nothing). Each base earns the contract's
rate for the placement's days past due. A payment later reversed (bounced, charged back:
`Payment.reversed_on`) gets a mirror of each of its lines, negative, on the reversal's
day: the commission goes back with the payment, in the month it went back. Idempotent:
a payment accrues once and is reversed once (a unique constraint on payment, base and
reversal).

`statement(agency, month)` sums a month's commission; `league(...)` is the agency league
table: cumulative liquidation (collected / placed balance) by months since placement, per
batch and per agency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from arrears.portfolio.models import Payment
from arrears.recovery.models import RATE_BASES, Agency, Commission, Placement, PlacementBatch

ZERO = Decimal(0)
CENT = Decimal("0.01")
# Payments are applied to these bases in this order; reversals take them back the other way.
WATERFALL = ("fees", "interest", "principal")


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _collected(placement: Placement) -> dict[str, Decimal]:
    got = dict(
        Commission.objects.filter(placement=placement)
        .values("base")
        .annotate(total=Sum("collected"))
        .values_list("base", "total")
        .order_by()
    )
    return {base: Decimal(got.get(base) or 0) for base in RATE_BASES}


def allocate(
    amount: Decimal, placed: dict[str, Decimal], collected: dict[str, Decimal]
) -> dict[str, Decimal]:
    """How much of `amount` goes to each base, given what was placed and what has been
    collected on each so far: fees, then interest, then principal. Pure."""
    parts: dict[str, Decimal] = {}
    left = amount
    for base in WATERFALL:
        room = max(placed[base] - collected[base], ZERO)
        take = min(left, room)
        if take > 0:
            parts[base] = take
            left -= take
    return parts


def _payments_during(placement: Placement) -> Any:
    zone = _zone()
    start = datetime.combine(placement.placed_on, time.min, tzinfo=zone)
    payments = Payment.objects.filter(account__debtor_id=placement.case.debtor_id, paid_at__gte=start)
    if placement.recalled_on is not None:
        end = datetime.combine(placement.recalled_on + timedelta(days=1), time.min, tzinfo=zone)
        payments = payments.filter(paid_at__lt=end)
    return (
        payments.filter(reversed_on__isnull=True)
        .exclude(pk__in=Commission.objects.values("payment_id"))
        .order_by("paid_at", "pk")
    )


@dataclass(frozen=True)
class Accrued:
    payments: int
    lines: int
    amount: Decimal


def accrue(placements: Any = None) -> Accrued:
    """Accrue commission on every payment of the placements (default: all that ran in the
    last 400 days) that has none yet."""
    if placements is None:
        since = timezone.localdate(timezone=timezone.get_default_timezone()) - timedelta(days=400)
        placements = Placement.objects.filter(Q(recalled_on__isnull=True) | Q(recalled_on__gte=since))
    zone = _zone()
    n_payments = n_lines = 0
    total = ZERO
    for placement in placements.select_related("batch__contract", "case", "agency"):
        rates = placement.batch.contract.rates(placement.dpd)
        placed = {"principal": placement.principal, "interest": placement.interest, "fees": placement.fees}
        for payment in _payments_during(placement):
            with transaction.atomic():
                collected = _collected(placement)
                parts = allocate(payment.amount, placed, collected)
                lines = [
                    Commission(
                        placement=placement,
                        agency=placement.agency,
                        payment=payment,
                        base=base,
                        collected=part,
                        rate=rates[base],
                        amount=(part * rates[base]).quantize(CENT, rounding=ROUND_HALF_UP),
                        accrued_on=payment.paid_at.astimezone(zone).date(),
                    )
                    for base, part in parts.items()
                ]
                try:
                    Commission.objects.bulk_create(lines)
                except IntegrityError:
                    continue  # accrued by a concurrent run
            n_payments += 1
            n_lines += len(lines)
            total += sum((line.amount for line in lines), ZERO)
    mirrors = reverse_commission()
    return Accrued(n_payments, n_lines + len(mirrors), total + sum((c.amount for c in mirrors), ZERO))


def reverse_commission() -> list[Commission]:
    """The mirror lines of every commission line whose payment has been reversed since."""
    done = Commission.objects.filter(reversal=True).values("payment_id")
    due = (
        Commission.objects.filter(reversal=False, payment__reversed_on__isnull=False)
        .exclude(payment_id__in=done)
        .select_related("payment")
    )
    mirrors = [
        Commission(
            placement_id=line.placement_id,
            agency_id=line.agency_id,
            payment_id=line.payment_id,
            base=line.base,
            collected=-line.collected,
            rate=line.rate,
            amount=-line.amount,
            accrued_on=line.payment.reversed_on or line.accrued_on,
            reversal=True,
        )
        for line in due
    ]
    Commission.objects.bulk_create(mirrors, ignore_conflicts=True)
    return mirrors


@dataclass(frozen=True)
class StatementLine:
    case: str
    batch: str
    paid_on: date
    base: str
    collected: Decimal
    rate: Decimal
    commission: Decimal


def statement(agency: Agency, month: date) -> tuple[list[StatementLine], dict[str, Decimal]]:
    """A month's commission of `agency`: each line, and totals by base and in all."""
    first = month.replace(day=1)
    after = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    rows = (
        Commission.objects.filter(agency=agency, accrued_on__gte=first, accrued_on__lt=after)
        .select_related("placement__case", "placement__batch")
        .order_by("accrued_on", "pk")
    )
    lines = [
        StatementLine(
            case=c.placement.case.reference,
            batch=c.placement.batch.reference,
            paid_on=c.accrued_on,
            base=c.base,
            collected=c.collected,
            rate=c.rate,
            commission=c.amount,
        )
        for c in rows
    ]
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        totals[line.base] += line.commission
        totals["total"] += line.commission
    return lines, dict(totals)


def months_between(first: date, second: date) -> int:
    return (second.year - first.year) * 12 + second.month - first.month


@dataclass
class LeagueRow:
    agency: str
    batch: str
    segment: str
    placed_month: str
    cases: int
    placed: Decimal
    # Collected by the end of month 0, 1, 2, ... since placement, cumulative (None: that
    # month has not come yet).
    collected: list[Decimal | None]

    @property
    def curve(self) -> list[float | None]:
        """Cumulative liquidation rate by month since placement."""
        return [float(c / self.placed) if c is not None and self.placed else None for c in self.collected]


def by_agency(rows: list[LeagueRow]) -> list[LeagueRow]:
    """The league table's rows summed per agency (a month counts where every batch has it
    or, for younger batches, over the batches that have it)."""
    out: dict[str, LeagueRow] = {}
    for row in rows:
        total = out.setdefault(row.agency, LeagueRow(row.agency, "", "", "", 0, ZERO, []))
        total.cases += row.cases
        total.placed += row.placed
    for name, total in out.items():
        mine = [r for r in rows if r.agency == name]
        width = max((len(r.collected) for r in mine), default=0)
        for k in range(width):
            have = [r for r in mine if k < len(r.collected) and r.collected[k] is not None]
            if not have:
                total.collected.append(None)
                continue
            placed = sum((r.placed for r in have), ZERO)
            collected = sum((r.collected[k] or ZERO for r in have), ZERO)
            # Over the batches old enough: their collected share of their placed balance.
            total.collected.append(collected * total.placed / placed if placed else None)
    return sorted(out.values(), key=lambda r: r.agency)


def league(on: date, months: int = 6, agency_ids: list[int] | None = None) -> list[LeagueRow]:
    """The league table: per batch, collected in months 0..`months`-1 since placement (the
    placement's own month is month 0) as a share of the placed balance, cumulative; ordered
    by segment and placement month, so batches placed on the same segment in the same
    month sit side by side."""
    batches = PlacementBatch.objects.select_related("agency").order_by("segment", "placed_on", "agency__name")
    if agency_ids is not None:
        batches = batches.filter(agency_id__in=agency_ids)
    placed = {
        r["batch_id"]: (r["n"], (r["p"] or ZERO) + (r["i"] or ZERO) + (r["f"] or ZERO))
        for r in Placement.objects.values("batch_id")
        .annotate(n=Count("pk"), p=Sum("principal"), i=Sum("interest"), f=Sum("fees"))
        .order_by()
    }
    by_month: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for batch_id, accrued_on, amount, placed_on in Commission.objects.values_list(
        "placement__batch_id", "accrued_on", "collected", "placement__placed_on"
    ):
        by_month[batch_id][months_between(placed_on, accrued_on)] += amount
    rows = []
    for batch in batches:
        n, balance = placed.get(batch.pk, (0, ZERO))
        age = months_between(batch.placed_on, on)
        running = ZERO
        collected: list[Decimal | None] = []
        for k in range(months):
            if k > age:
                collected.append(None)
                continue
            running += by_month[batch.pk].get(k, ZERO)
            collected.append(running)
        rows.append(
            LeagueRow(
                agency=batch.agency.name,
                batch=batch.reference,
                segment=batch.segment,
                placed_month=batch.placed_on.strftime("%Y-%m"),
                cases=n,
                placed=balance,
                collected=collected,
            )
        )
    return rows
