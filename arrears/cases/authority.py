"""Who may approve what (审批权限): pure rules over plain values, no Django.

Each approver role has limits (`Limits`), set per creditor or for all creditors in the
admin (cases.ApprovalLimit) or, with no row, the defaults below:

| role      | write-off up to | settlement discount up to | stage skips | reopening |
|-----------|-----------------|---------------------------|-------------|-----------|
| team lead | 5,000.00        | 20 %                      | yes         | yes       |
| manager   | no limit        | 100 %                     | yes         | yes       |

What a request asks is measured as:

- write-off: the balance written off (the case's balance when decided);
- settlement: the discount, (balance - agreed amount) / balance, in percent;
- close as settled: the balance forgiven; when an approved settlement on the case already
  forgave at least as much, the settlement's approval covers it and any approver may
  confirm the close;
- stage skip and reopening: yes or no per role.

`refusal(...)` returns None when the approver's limits cover the request, else why not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from arrears.core.money import MAX_AMOUNT

WRITE_OFF, SETTLEMENT, CLOSE_SETTLED, STAGE_SKIP, REOPEN = (
    "write_off",
    "settlement",
    "close_settled",
    "stage_skip",
    "reopen",
)
TEAM_LEAD, MANAGER = "team_lead", "manager"


@dataclass(frozen=True)
class Limits:
    max_write_off: Decimal
    max_discount_pct: Decimal
    may_skip_stages: bool = True
    may_reopen: bool = True

    @property
    def unlimited_write_off(self) -> bool:
        return self.max_write_off >= MAX_AMOUNT


DEFAULTS: dict[str, Limits] = {
    TEAM_LEAD: Limits(max_write_off=Decimal("5000.00"), max_discount_pct=Decimal("20.00")),
    MANAGER: Limits(max_write_off=MAX_AMOUNT, max_discount_pct=Decimal("100.00")),
}


class Refusal(Enum):
    NOT_AN_APPROVER = "not_an_approver"
    WRITE_OFF_ABOVE_LIMIT = "write_off_above_limit"
    DISCOUNT_ABOVE_LIMIT = "discount_above_limit"
    NO_STAGE_SKIPS = "no_stage_skips"
    NO_REOPENING = "no_reopening"


def discount_pct(balance: Decimal, agreed: Decimal) -> Decimal:
    """The share of `balance` a settlement at `agreed` forgoes, in percent (2 places); 0 when
    the agreed amount covers the balance, 100 when the balance is zero or less and something
    is still forgiven (it never is: the request refuses it)."""
    if agreed >= balance:
        return Decimal("0.00")
    if balance <= 0:
        return Decimal("100.00")
    return ((balance - agreed) * 100 / balance).quantize(Decimal("0.01"))


def refusal(
    kind: str,
    limits: Limits | None,
    *,
    balance: Decimal = Decimal(0),
    amount: Decimal | None = None,
    covered: Decimal = Decimal(0),
) -> Refusal | None:
    """None if an approver with `limits` may approve a request of `kind`; `balance` is the
    case's balance now, `amount` the settlement's agreed amount, `covered` the discount an
    approved settlement on the case already granted (close as settled)."""
    if limits is None:
        return Refusal.NOT_AN_APPROVER
    if kind == WRITE_OFF:
        return None if balance <= limits.max_write_off else Refusal.WRITE_OFF_ABOVE_LIMIT
    if kind == SETTLEMENT:
        agreed = amount if amount is not None else Decimal(0)
        # Exact, not the rounded percentage shown: 20.001 % is above a 20 % limit.
        forgone = max(balance - agreed, Decimal(0))
        within = forgone * 100 <= limits.max_discount_pct * max(balance, Decimal(0))
        return None if within else Refusal.DISCOUNT_ABOVE_LIMIT
    if kind == CLOSE_SETTLED:
        if balance <= covered or balance <= limits.max_write_off:
            return None
        return Refusal.WRITE_OFF_ABOVE_LIMIT
    if kind == STAGE_SKIP:
        return None if limits.may_skip_stages else Refusal.NO_STAGE_SKIPS
    if kind == REOPEN:
        return None if limits.may_reopen else Refusal.NO_REOPENING
    raise ValueError(f"unknown request kind {kind!r}")
