"""The aging rule, written once.

Pure: no Django import, no clock. The web app (through
`arrears.portfolio.actions.age_account`) and the nightly engine's Polars version
(`arrears.strategy`) apply this same rule, and the tests hold them to each other.

The rule (also in docs/aging.md):

1. Each due item has a *required* amount: the minimum due for a card statement, the full
   amount for an instalment or an invoice.
2. Payments made on or before the aging date are pooled and allocated to the due items
   oldest due date first (ties: the item's key), each item taking up to its required
   amount ("first in, first out"). A payment is not tied to the item it was meant for:
   money pays the oldest debt, as collection law and card agreements usually require.
3. An item is *unpaid* if its due date is before the aging date and its required amount
   is not fully covered. Days past due (DPD) = aging date - due date of the oldest unpaid
   item; 0 if there is none. Due on the 10th and unpaid: DPD 1 on the 11th.
4. Overdue amount = the uncovered part of every unpaid item.
5. Balance: for statements (whose amounts are running balances) the latest statement's
   amount less the payments made after its statement date; for instalments and invoices
   the sum of amounts due less all payments. Never below zero is *not* enforced: a
   negative balance is a credit the creditor owes back.
6. Buckets: M0 for DPD 0, then M1 for 1-30, M2 31-60 ... by the configured upper bounds;
   past the last bound, "M{n}+".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

ZERO = Decimal(0)
DEFAULT_BOUNDS: tuple[int, ...] = (0, 30, 60, 90, 120, 150, 180)


@dataclass(frozen=True, slots=True)
class Due:
    due_date: date
    amount: Decimal
    minimum: Decimal | None = None
    statement_date: date | None = None
    is_statement: bool = False
    key: str = ""

    @property
    def required(self) -> Decimal:
        return self.minimum if self.minimum is not None else self.amount


@dataclass(frozen=True, slots=True)
class Paid:
    paid_on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Aging:
    days_past_due: int
    bucket: str
    overdue_amount: Decimal
    balance: Decimal
    oldest_unpaid_due: date | None


def bucket_for(dpd: int, bounds: Sequence[int] = DEFAULT_BOUNDS) -> str:
    """M0 for current; Mk where dpd falls in (bounds[k-1], bounds[k]]; past the end Mn+."""
    if dpd <= bounds[0]:
        return "M0"
    for index in range(1, len(bounds)):
        if dpd <= bounds[index]:
            return f"M{index}"
    return f"M{len(bounds)}+"


def bucket_labels(bounds: Sequence[int] = DEFAULT_BOUNDS) -> list[str]:
    return ["M0", *(f"M{i}" for i in range(1, len(bounds))), f"M{len(bounds)}+"]


def age(
    dues: Iterable[Due],
    payments: Iterable[Paid],
    on: date,
    bounds: Sequence[int] = DEFAULT_BOUNDS,
) -> Aging:
    items = sorted(dues, key=lambda d: (d.due_date, d.key))
    paid = [p for p in payments if p.paid_on <= on]
    pool = sum((p.amount for p in paid), ZERO)

    oldest: date | None = None
    overdue = ZERO
    for item in items:
        take = min(max(item.required, ZERO), pool)
        pool -= take
        uncovered = item.required - take
        if uncovered > 0 and item.due_date < on:
            overdue += uncovered
            if oldest is None:
                oldest = item.due_date

    statements = [d for d in items if d.is_statement]
    if statements:
        last = max(statements, key=lambda d: (d.statement_date or d.due_date, d.key))
        since = last.statement_date or last.due_date
        balance = last.amount - sum((p.amount for p in paid if p.paid_on > since), ZERO)
    else:
        balance = sum((d.amount for d in items), ZERO) - sum((p.amount for p in paid), ZERO)

    dpd = (on - oldest).days if oldest is not None else 0
    return Aging(dpd, bucket_for(dpd, bounds), overdue, balance, oldest)


@dataclass(frozen=True, slots=True)
class Allocation:
    """One due item and the payments the rule's step 2 allocates to it: `taken` holds
    (index of the payment in the list given to `allocate`, amount); `remaining` is what
    stays uncovered of its required amount, `days_past_due` counts from its own due date
    (0 when it is covered or not yet due)."""

    due: Due
    taken: tuple[tuple[int, Decimal], ...]
    remaining: Decimal
    days_past_due: int

    @property
    def past_due(self) -> bool:
        return self.days_past_due > 0


def allocate(dues: Iterable[Due], payments: Sequence[Paid], on: date) -> list[Allocation]:
    """The allocation `age` makes, item by item, naming the payments: the pooled payments
    are spent oldest first (by date, then by their order in `payments`) on the items in the
    rule's order. Its uncovered past-due amounts add up to `age(...).overdue_amount`."""
    items = sorted(dues, key=lambda d: (d.due_date, d.key))
    order = sorted(
        (i for i, p in enumerate(payments) if p.paid_on <= on), key=lambda i: (payments[i].paid_on, i)
    )
    left = {i: payments[i].amount for i in order}
    out = []
    for item in items:
        need = max(item.required, ZERO)
        taken: list[tuple[int, Decimal]] = []
        while need > 0 and order:
            index = order[0]
            take = min(need, left[index])
            taken.append((index, take))
            need -= take
            left[index] -= take
            if left[index] == 0:
                order.pop(0)
        remaining = item.required - sum((t for _i, t in taken), ZERO)
        dpd = (on - item.due_date).days if remaining > 0 and item.due_date < on else 0
        out.append(Allocation(item, tuple(taken), remaining, dpd))
    return out


def parse_bounds(values: Sequence[str | int]) -> tuple[int, ...]:
    bounds = tuple(int(v) for v in values)
    if not bounds or bounds[0] != 0 or any(b >= c for b, c in pairwise(bounds)):
        raise ValueError(f"bucket bounds must start at 0 and increase: {bounds}")
    return bounds
