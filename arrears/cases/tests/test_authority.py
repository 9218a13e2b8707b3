"""Who may approve what (审批权限): the pure rule, table-driven."""

from __future__ import annotations

from decimal import Decimal

import pytest

from arrears.cases.authority import DEFAULTS, MANAGER, TEAM_LEAD, Limits, Refusal, discount_pct, refusal

LEAD = DEFAULTS[TEAM_LEAD]
STRICT = Limits(
    max_write_off=Decimal("0"), max_discount_pct=Decimal("0"), may_skip_stages=False, may_reopen=False
)
D = Decimal

CASES = [
    # (kind, limits, balance, amount, covered, expected)
    ("write_off", LEAD, D("5000.00"), None, D(0), None),
    ("write_off", LEAD, D("5000.01"), None, D(0), Refusal.WRITE_OFF_ABOVE_LIMIT),
    ("write_off", DEFAULTS[MANAGER], D("999999999.00"), None, D(0), None),
    ("settlement", LEAD, D("1000.00"), D("800.00"), D(0), None),  # exactly 20 %
    ("settlement", LEAD, D("1000.00"), D("799.99"), D(0), Refusal.DISCOUNT_ABOVE_LIMIT),
    ("settlement", DEFAULTS[MANAGER], D("1000.00"), D("1.00"), D(0), None),
    ("close_settled", LEAD, D("3000.00"), None, D("3000.00"), None),  # covered by a settlement
    ("close_settled", LEAD, D("9000.00"), None, D("3000.00"), Refusal.WRITE_OFF_ABOVE_LIMIT),
    ("close_settled", LEAD, D("4000.00"), None, D(0), None),  # within the write-off limit
    ("stage_skip", LEAD, D(0), None, D(0), None),
    ("stage_skip", STRICT, D(0), None, D(0), Refusal.NO_STAGE_SKIPS),
    ("reopen", STRICT, D(0), None, D(0), Refusal.NO_REOPENING),
    ("write_off", None, D(1), None, D(0), Refusal.NOT_AN_APPROVER),
]


@pytest.mark.parametrize(("kind", "limits", "balance", "amount", "covered", "expected"), CASES)
def test_refusal(kind, limits, balance, amount, covered, expected) -> None:
    assert refusal(kind, limits, balance=balance, amount=amount, covered=covered) == expected


def test_the_discount_is_the_share_of_the_balance_forgone() -> None:
    assert discount_pct(D("1200.00"), D("1000.00")) == D("16.67")
    assert discount_pct(D("1000.00"), D("1000.00")) == D("0.00")
    assert discount_pct(D("0.00"), D("-1")) == D("100.00")


def test_an_unknown_kind_is_an_error_not_an_approval() -> None:
    with pytest.raises(ValueError, match="unknown request kind"):
        refusal("forgive_everything", LEAD)
