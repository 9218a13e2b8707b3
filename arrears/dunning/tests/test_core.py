"""The dunning decision on tiny literal ledgers (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from arrears.dunning.core import Level, decide, interest_on, level_for

ON = date(2026, 3, 2)
LEVELS = [
    Level(1, 1, "friendly", 7, 14),
    Level(2, 2, "first_demand", 30, 14, Decimal("50.00")),
    Level(3, 3, "second_demand", 45, 14, Decimal("100.00"), Decimal("6")),
]


@dataclass(frozen=True)
class Inv:
    number: str
    days_overdue: int
    open_amount: Decimal
    disputed: bool = False
    expected_on: date | None = None
    currency: str = "CNY"

    @property
    def due_on(self) -> date:
        return date.fromordinal(ON.toordinal() - self.days_overdue)


@dataclass(frozen=True)
class Cr:
    kind: str
    number: str
    open_amount: Decimal
    currency: str = "CNY"


def test_one_dunning_covers_every_overdue_invoice_at_the_highest_level_reached() -> None:
    invoices = [
        Inv("A", 10, Decimal("100.00")),
        Inv("B", 35, Decimal("200.00")),
        Inv("C", 0, Decimal("999.00")),
    ]
    d = decide(invoices, [], LEVELS, {}, ON, "CNY")
    assert d.level is not None and d.level.kind == "first_demand"
    assert [line.number for line in d.lines] == ["B", "A"]  # oldest first; C is not overdue
    assert d.overdue == Decimal("300.00")
    assert d.fee == Decimal("50.00")
    assert d.total == Decimal("350.00")
    assert d.send


def test_disputed_and_expected_invoices_are_paused_and_do_not_raise_the_level() -> None:
    invoices = [
        Inv("A", 10, Decimal("100.00")),
        Inv("B", 50, Decimal("200.00"), disputed=True),
        Inv("C", 40, Decimal("300.00"), expected_on=date(2026, 3, 5)),
    ]
    d = decide(invoices, [], LEVELS, {}, ON, "CNY")
    assert d.level is not None and d.level.kind == "friendly"
    assert [line.number for line in d.lines] == ["A"]
    assert [(p.number, p.reason) for p in d.paused] == [("B", "disputed"), ("C", "expected")]


def test_an_expected_payment_whose_day_passed_no_longer_pauses() -> None:
    d = decide([Inv("C", 40, Decimal("300.00"), expected_on=date(2026, 3, 1))], [], LEVELS, {}, ON, "CNY")
    assert d.level is not None and d.level.kind == "first_demand"
    assert not d.paused


def test_everything_paused_sends_nothing_but_lists_the_paused() -> None:
    d = decide([Inv("B", 50, Decimal("200.00"), disputed=True)], [], LEVELS, {}, ON, "CNY")
    assert d.level is None and not d.send
    assert len(d.paused) == 1


def test_a_level_is_not_repeated_within_its_interval() -> None:
    invoices = [Inv("A", 35, Decimal("100.00"))]
    assert decide(invoices, [], LEVELS, {2: date(2026, 2, 20)}, ON, "CNY").too_soon  # 10 days ago
    assert not decide(invoices, [], LEVELS, {2: date(2026, 2, 16)}, ON, "CNY").too_soon  # 14 days ago
    # A higher level than the one sent recently goes out at once.
    assert not decide(invoices, [], LEVELS, {1: date(2026, 3, 1)}, ON, "CNY").too_soon


def test_open_credits_are_listed_and_subtracted_never_below_zero() -> None:
    invoices = [Inv("A", 10, Decimal("100.00"))]
    credits = [Cr("credit_note", "CN1", Decimal("30.00")), Cr("unapplied_cash", "P9", Decimal("20.00"))]
    d = decide(invoices, credits, LEVELS, {}, ON, "CNY")
    assert d.credit_total == Decimal("50.00")
    assert d.total == Decimal("50.00")
    big = decide(invoices, [Cr("credit_note", "CN2", Decimal("500.00"))], LEVELS, {}, ON, "CNY")
    assert big.total == Decimal("0.00")


def test_interest_is_open_amount_times_rate_times_days_over_365_to_the_cent() -> None:
    # 10,000.00 x 6 % x 50 / 365 = 82.1917... -> 82.19
    assert interest_on(Decimal("10000.00"), Decimal("6"), 50) == Decimal("82.19")
    d = decide(
        [Inv("A", 50, Decimal("10000.00")), Inv("B", 46, Decimal("1000.00"))], [], LEVELS, {}, ON, "CNY"
    )
    # B: 1,000.00 x 6 % x 46 / 365 = 7.5616... -> 7.56
    assert [line.interest for line in d.lines] == [Decimal("82.19"), Decimal("7.56")]
    assert d.interest == Decimal("89.75")
    assert d.total == Decimal("11000.00") + Decimal("100.00") + Decimal("89.75")


def test_below_the_first_level_nothing_is_sent() -> None:
    assert level_for(6, LEVELS) is None
    d = decide([Inv("A", 6, Decimal("100.00"))], [], LEVELS, {}, ON, "CNY")
    assert d.level is None and not d.paused


def test_other_currencies_are_left_to_their_own_dunning() -> None:
    d = decide([Inv("A", 10, Decimal("100.00"), currency="USD")], [], LEVELS, {}, ON, "CNY")
    assert d.level is None
