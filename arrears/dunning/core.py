"""The dunning decision for one customer, as a pure function over plain data.

No Django, no clock: `decide` is given the customer's open invoices and credits (the shape
of arrears.receivables.ledger), the creditor's levels, the customer's last dunning day at
each level and the day. It returns what to send, or why nothing is sent:

- an invoice with an open dispute, or with an expected payment (a cheque in the post) whose
  day has not passed, is *paused*: listed, never dunned, and it does not raise the level;
- the level is the highest one any unpaused overdue invoice reached (days overdue >= the
  level's days), and the dunning covers every unpaused overdue invoice of the currency;
- a level sent to the customer less than its interval ago is not sent again (`too_soon`);
- the fee is the level's; interest is per invoice: open amount x rate / 100 x days overdue
  / 365, rounded half up to the cent, then summed;
- open credit notes and unapplied cash of the currency are listed and subtracted from the
  total claimed (never below zero).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class InvoiceLike(Protocol):
    """arrears.receivables.ledger.OpenInvoice, or a test's literal."""

    @property
    def number(self) -> str: ...
    @property
    def due_on(self) -> date: ...
    @property
    def currency(self) -> str: ...
    @property
    def open_amount(self) -> Decimal: ...
    @property
    def days_overdue(self) -> int: ...
    @property
    def disputed(self) -> bool: ...
    @property
    def expected_on(self) -> date | None: ...


class CreditLike(Protocol):
    """arrears.receivables.ledger.OpenCredit, or a test's literal."""

    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def open_amount(self) -> Decimal: ...


@dataclass(frozen=True)
class Level:
    id: int
    rank: int
    kind: str
    days_overdue: int
    repeat_after_days: int
    fee: Decimal = ZERO
    interest_rate: Decimal = Decimal(0)  # percent a year


@dataclass(frozen=True)
class Line:
    number: str
    due_on: date
    open_amount: Decimal
    days_overdue: int
    interest: Decimal
    amount: Decimal | None = None  # the invoice's own amount, when partly paid or credited


@dataclass(frozen=True)
class Paused:
    number: str
    open_amount: Decimal
    reason: str  # "disputed" | "expected"
    expected_on: date | None = None


@dataclass(frozen=True)
class Credit:
    kind: str
    number: str
    open_amount: Decimal


@dataclass(frozen=True)
class Decision:
    currency: str
    level: Level | None  # None: nothing to dun (nothing overdue, or everything paused)
    lines: tuple[Line, ...] = ()
    paused: tuple[Paused, ...] = ()
    credits: tuple[Credit, ...] = ()
    too_soon: bool = False  # the level was sent within its interval
    fee: Decimal = ZERO
    interest: Decimal = ZERO
    overdue: Decimal = ZERO
    credit_total: Decimal = ZERO
    total: Decimal = ZERO
    notes: list[str] = field(default_factory=list)

    @property
    def send(self) -> bool:
        return self.level is not None and not self.too_soon and bool(self.lines)


def interest_on(open_amount: Decimal, rate: Decimal, days: int) -> Decimal:
    """Simple statutory interest: open amount x rate % a year x days / 365, to the cent."""
    if rate <= 0 or days <= 0 or open_amount <= 0:
        return ZERO
    return (open_amount * rate / 100 * days / 365).quantize(CENT, rounding=ROUND_HALF_UP)


def level_for(days_overdue: int, levels: Sequence[Level]) -> Level | None:
    """The highest level `days_overdue` reaches, or None below the first."""
    reached = [lv for lv in levels if days_overdue >= lv.days_overdue]
    return max(reached, key=lambda lv: lv.rank) if reached else None


def pause_reason(invoice: InvoiceLike, on: date) -> str:
    if invoice.disputed:
        return "disputed"
    if invoice.expected_on is not None and invoice.expected_on >= on:
        return "expected"
    return ""


def decide(
    invoices: Sequence[InvoiceLike],
    credits: Sequence[CreditLike],
    levels: Sequence[Level],
    last_sent: Mapping[int, date],
    on: date,
    currency: str,
) -> Decision:
    """The dunning of one customer in `currency` on `on`. `last_sent`: level id -> the last
    day that level was sent to this customer."""
    mine = [i for i in invoices if i.currency == currency and i.open_amount > 0 and i.days_overdue > 0]
    paused: list[Paused] = []
    due: list[InvoiceLike] = []
    for invoice in sorted(mine, key=lambda i: (i.due_on, i.number)):
        reason = pause_reason(invoice, on)
        if reason:
            paused.append(Paused(invoice.number, invoice.open_amount, reason, invoice.expected_on))
        else:
            due.append(invoice)
    own_credits = tuple(
        Credit(c.kind, c.number, c.open_amount)
        for c in credits
        if c.currency == currency and c.open_amount > 0
    )
    credit_total = sum((c.open_amount for c in own_credits), ZERO)
    active = sorted(levels, key=lambda lv: lv.rank)
    level = level_for(max((i.days_overdue for i in due), default=0), active) if due else None
    if level is None:
        return Decision(currency, None, paused=tuple(paused), credits=own_credits, credit_total=credit_total)
    lines = tuple(
        Line(
            i.number,
            i.due_on,
            i.open_amount,
            i.days_overdue,
            interest_on(i.open_amount, level.interest_rate, i.days_overdue),
            getattr(i, "amount", None),
        )
        for i in due
    )
    last = last_sent.get(level.id)
    too_soon = last is not None and (on - last).days < level.repeat_after_days
    overdue = sum((line.open_amount for line in lines), ZERO)
    interest = sum((line.interest for line in lines), ZERO)
    total = max(overdue + level.fee + interest - credit_total, ZERO)
    return Decision(
        currency,
        level,
        lines,
        tuple(paused),
        own_credits,
        too_soon,
        level.fee,
        interest,
        overdue,
        credit_total,
        total,
    )
