"""Limitation periods (诉讼时效): the day a case's claim becomes time-barred. Pure: no Django,
no clock; `arrears.recovery.periods` reads the database and calls it.

The rule, per account (docs/legal.md):

1. The period starts on the due date of the account's oldest unpaid due item (the aging
   rule's, arrears/portfolio/aging.py): the day the creditor could first claim it. Choosing
   the due date itself, not the day after, gives the earlier, safer end.
2. Facts that restart it (中断, "restart"; which ones count is the profile's and product's
   `Limitation`): a part payment on the account, an acknowledgment of the debt by the debtor
   (in some jurisdictions only a written one), a demand the debtor received. A fact restarts
   the period only if it falls after the current start and on or before the current end: a
   payment before the due date restarts nothing, and nothing revives a period that has
   ended (UK Limitation Act 1980 s.29(7); in China a debtor who agrees to pay after the end
   loses the defence, 民法典 art 192, which is not modelled: such a case stays time-barred).
3. It ends `years` after its start, on the corresponding day; with no corresponding day (29
   February), on the last day of that month (民法典 art 202). The claim is time-barred from
   the day after (`expires_on` is the last day a claim can still be brought).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# Fact kinds, as restart reasons.
DUE = "due"
PAYMENT = "payment"
ACKNOWLEDGMENT = "acknowledgment"
DEMAND = "demand"


@dataclass(frozen=True, slots=True)
class Limitation:
    """One profile's (and product's) limitation rule."""

    years: int
    restart_on_payment: bool = True
    restart_on_acknowledgment: bool = True
    # Only a written acknowledgment restarts it (UK Limitation Act 1980 s.30: in writing and
    # signed).
    acknowledgment_in_writing: bool = False
    restart_on_demand: bool = False
    rule_id: str = ""


# The defaults when no LimitationRule row says otherwise, from compliance.md (CN-LIMIT-01,
# US-TB-01, UK-SB-01; see docs/legal.md).
DEFAULTS: dict[str, Limitation] = {
    # 民法典 art 188 (3 years) [V]; art 195: a demand, the debtor's agreement to perform
    # (an acknowledgment; a part payment is one by conduct) restart it; 银行卡规定 art 3: a
    # collection message to the registered phone, address or email is a demand [V].
    "CN": Limitation(3, True, True, False, True, "CN-LIMIT-01"),
    # compliance.md gives no US period: it is state law (commonly 3 to 6 years for written
    # contracts, some states longer) [M]. 6 is only a default, to be set per the states the
    # portfolio is in; a written acknowledgment or a payment restarts it in most states [M].
    "US": Limitation(6, True, True, True, False, "US-TB-01"),
    # England and Wales: 6 years for a simple contract (Limitation Act 1980 s.5) [M]; a
    # written, signed acknowledgment or a part payment restarts it (ss.29(5), 30) [M].
    # Scotland: 5 years' prescription (CONC 7.15.3) [S]: a LimitationRule row per product.
    "UK": Limitation(6, True, True, True, False, "UK-SB-01"),
    # The strictest column: the shortest period, and only the facts every profile accepts.
    "GLOBAL-STRICT": Limitation(3, True, True, True, False, "DEF-CONTENT-04"),
}


def add_years(day: date, years: int) -> date:
    """The corresponding day `years` later; the month's last day when there is none (29
    February in a common year: 28 February)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last))


@dataclass(frozen=True, slots=True)
class Fact:
    on: date
    kind: str  # PAYMENT, ACKNOWLEDGMENT, DEMAND
    written: bool = False


@dataclass(frozen=True, slots=True)
class Period:
    """An account's limitation period: it started (or last restarted) on `start` by
    `reason` (DUE or a fact's kind) and ends on `expires_on`."""

    start: date
    reason: str
    expires_on: date

    def barred_on(self, day: date) -> bool:
        return day > self.expires_on

    @property
    def barred_from(self) -> date:
        return self.expires_on + timedelta(days=1)


def counts(rule: Limitation, fact: Fact) -> bool:
    if fact.kind == PAYMENT:
        return rule.restart_on_payment
    if fact.kind == ACKNOWLEDGMENT:
        return rule.restart_on_acknowledgment and (fact.written or not rule.acknowledgment_in_writing)
    if fact.kind == DEMAND:
        return rule.restart_on_demand
    return False


def period(rule: Limitation, oldest_unpaid_due: date | None, facts: Iterable[Fact]) -> Period | None:
    """The period of a claim whose oldest unpaid item fell due on `oldest_unpaid_due`
    (None: nothing is unpaid, no period runs), given the facts that may restart it."""
    if oldest_unpaid_due is None:
        return None
    start, reason = oldest_unpaid_due, DUE
    end = add_years(start, rule.years)
    for fact in sorted(facts, key=lambda f: f.on):
        if start < fact.on <= end and counts(rule, fact):
            start, reason = fact.on, fact.kind
            end = add_years(start, rule.years)
    return Period(start, reason, end)
