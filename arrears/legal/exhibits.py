"""The exhibits a court case needs, per jurisdiction profile and product: the built-in
defaults, and which of them a case has. Pure: no database, no clock.

Each exhibit is satisfied one of three ways (`Source`):

- ATTACHED: someone uploads a copy (the agreement, an affidavit, a default notice);
- DOSSIER: the product derives it from the case: the evidence dossier carries the statements,
  the computation of the amount and the collection record, so an issued dossier
  (`dossier_issued` event) satisfies it;
- DEMAND_LETTER: a demand letter (催收函) sent through the letter channel and printed.

The defaults follow compliance.md and docs/legal.md (research notes, not legal advice).
An administrator overrides them per profile and product (models.ExhibitRequirement).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Source(StrEnum):
    ATTACHED = "attached"
    DOSSIER = "dossier"
    DEMAND_LETTER = "demand_letter"


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str  # in the reader's language (a lazy string for the defaults)
    source: Source


def _r(code: str, label: object, source: Source) -> Requirement:
    return Requirement(code, label, source)  # type: ignore[arg-type]  # lazy strings


# The evidence dossier's sections that make these exhibits (arrears/recovery/dossier.py).
_STATEMENTS = _r("statements", _("Statements (账单明细)"), Source.DOSSIER)
_COMPUTATION = _r("computation", _("Computation of the amount owed (逾期金额计算)"), Source.DOSSIER)
_RECORD = _r("collection_record", _("Collection record (催收记录)"), Source.DOSSIER)
_DEMAND = _r("demand_letter", _("Demand letter sent (催收函)"), Source.DEMAND_LETTER)

# (profile, product) -> the exhibits; product "" is every product without its own list.
DEFAULTS: dict[tuple[str, str], tuple[Requirement, ...]] = {
    ("CN", "credit_card"): (
        _r("agreement", _("Card agreement or application form (领用合约/申请表)"), Source.ATTACHED),
        _STATEMENTS,
        _COMPUTATION,
        _RECORD,
        _DEMAND,
    ),
    ("CN", "consumer_loan"): (
        _r("loan_contract", _("Loan contract (借款合同)"), Source.ATTACHED),
        _r("statements", _("Repayment schedule and statements (还款计划及明细)"), Source.DOSSIER),
        _COMPUTATION,
        _RECORD,
        _DEMAND,
    ),
    ("CN", ""): (
        _r("contract", _("Contract or invoice (合同/发票)"), Source.ATTACHED),
        _STATEMENTS,
        _COMPUTATION,
        _RECORD,
        _DEMAND,
    ),
    ("US", ""): (
        _r("affidavit", _("The creditor's affidavit of the debt"), Source.ATTACHED),
        _r("agreement_or_charge_off", _("The agreement or the charge-off statement"), Source.ATTACHED),
        _r("chain_of_title", _("The chain of title (every assignment of the debt)"), Source.ATTACHED),
    ),
    ("UK", ""): (
        _r("cca_copy", _("The agreement (a CCA s.78 copy)"), Source.ATTACHED),
        _STATEMENTS,
        _r("default_notice", _("The default notice"), Source.ATTACHED),
    ),
    # Unknown rules: everything the others ask that a case of any product can give.
    ("GLOBAL-STRICT", ""): (
        _r("agreement", _("The signed agreement"), Source.ATTACHED),
        _STATEMENTS,
        _COMPUTATION,
        _RECORD,
        _DEMAND,
        _r("default_notice", _("The default notice"), Source.ATTACHED),
    ),
}


def default_requirements(profile: str, product: str) -> tuple[Requirement, ...]:
    """The built-in list for (profile, product), else (profile, ""), else GLOBAL-STRICT's."""
    return DEFAULTS.get((profile, product)) or DEFAULTS.get((profile, "")) or DEFAULTS[("GLOBAL-STRICT", "")]


def merge(lists: Iterable[Iterable[Requirement]]) -> list[Requirement]:
    """Several products' lists as one, each code once, in the order first met (a case with
    a card and a loan needs both agreements, and the dossier once)."""
    seen: dict[str, Requirement] = {}
    for requirements in lists:
        for requirement in requirements:
            seen.setdefault(requirement.code, requirement)
    return list(seen.values())


@dataclass(frozen=True)
class Facts:
    """What the case has: the codes of its attached exhibits, whether a dossier was
    issued, whether a demand letter was printed (and whether one waits in the outbox)."""

    attached: frozenset[str]
    dossier_issued: bool
    demand_letter_sent: bool
    demand_letter_queued: bool = False


@dataclass(frozen=True)
class Item:
    requirement: Requirement
    done: bool
    # Why it is not done yet, beyond "missing": a letter queued but not printed.
    waiting: bool = False


def checklist(requirements: Iterable[Requirement], facts: Facts) -> list[Item]:
    items = []
    for requirement in requirements:
        if requirement.source == Source.ATTACHED:
            items.append(Item(requirement, requirement.code in facts.attached))
        elif requirement.source == Source.DOSSIER:
            items.append(Item(requirement, facts.dossier_issued))
        else:
            items.append(
                Item(
                    requirement,
                    facts.demand_letter_sent,
                    waiting=not facts.demand_letter_sent and facts.demand_letter_queued,
                )
            )
    return items
