"""The default dunning levels of a company creditor, and their templates.

`seed_dunning(creditor)` loads the five templates (zh-hans and en) into the script library
(published like every template, so the content check and the placeholder check apply) and
gives the creditor the default levels it has not got yet; an administrator edits them
afterwards (admin: Dunning levels). Idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from arrears.dunning.models import DunningLevel, LevelChannel, LevelKind
from arrears.portfolio.models import Creditor
from arrears.scripts.seed import seed_scripts

SCRIPTS_PATH = Path(__file__).resolve().parent / "seed" / "scripts.json"
STATEMENT_SCRIPT = "statement-of-account"


@dataclass(frozen=True)
class Default:
    rank: int
    kind: str
    days_overdue: int
    repeat_after_days: int
    channel: str
    script_key: str
    fee: Decimal = Decimal("0.00")
    interest_rate: Decimal = Decimal("0")


# Days overdue as in common ERP follow-up plans (Odoo follow-up, ERPNext dunning types):
# a friendly email a week after the due date, demands at one and two months, a final
# notice, then referral. Fees and interest are 0 until the creditor sets them: a creditor
# may charge only what its contracts or the law give it.
DEFAULTS = (
    Default(1, LevelKind.FRIENDLY, 7, 14, LevelChannel.EMAIL, "dunning-friendly"),
    Default(2, LevelKind.FIRST_DEMAND, 30, 14, LevelChannel.EMAIL, "dunning-first-demand"),
    Default(3, LevelKind.SECOND_DEMAND, 45, 14, LevelChannel.LETTER, "dunning-second-demand"),
    Default(4, LevelKind.FINAL_NOTICE, 60, 21, LevelChannel.LETTER, "dunning-final-notice"),
    Default(5, LevelKind.REFERRAL, 90, 30, LevelChannel.LETTER, "dunning-referral"),
)


def seed_templates() -> None:
    seed_scripts(SCRIPTS_PATH)


@transaction.atomic
def seed_levels(creditor: Creditor) -> int:
    """The default levels the creditor lacks (by kind); returns how many were added."""
    have = set(DunningLevel.objects.filter(creditor=creditor).values_list("kind", flat=True))
    ranks = set(DunningLevel.objects.filter(creditor=creditor).values_list("rank", flat=True))
    added = 0
    for d in DEFAULTS:
        if d.kind in have or d.rank in ranks:
            continue
        DunningLevel.objects.create(
            creditor=creditor,
            rank=d.rank,
            kind=d.kind,
            days_overdue=d.days_overdue,
            repeat_after_days=d.repeat_after_days,
            channel=d.channel,
            script_key=d.script_key,
            fee=d.fee,
            interest_rate=d.interest_rate,
        )
        added += 1
    return added


def seed_dunning(creditor: Creditor) -> int:
    seed_templates()
    return seed_levels(creditor)
