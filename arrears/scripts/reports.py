"""Which replies work: promise and payment rates after each reply, per reaction and stage.

A pure function over plain records so the activity tables can feed it later and tests can
use literals. Rates are Decimal fractions rounded to 4 places; a group with no records does
not appear, so there is never a division by zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple


class ReplyOutcome(NamedTuple):
    reply_id: str
    reaction: str
    stage: str
    followed_by_promise: bool
    followed_by_payment: bool


@dataclass(frozen=True)
class ReplyStats:
    reply_id: str
    reaction: str
    stage: str
    uses: int
    promises: int
    payments: int
    promise_rate: Decimal
    payment_rate: Decimal


def _rate(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def reply_effectiveness(
    records: Iterable[tuple[str, str, str, bool, bool]],
) -> list[ReplyStats]:
    """Stats per (reply, reaction, stage), best payment rate first, then most used."""
    counts: dict[tuple[str, str, str], list[int]] = {}
    for record in records:
        row = ReplyOutcome(*record)
        bucket = counts.setdefault((row.reply_id, row.reaction, row.stage), [0, 0, 0])
        bucket[0] += 1
        bucket[1] += bool(row.followed_by_promise)
        bucket[2] += bool(row.followed_by_payment)
    stats = [
        ReplyStats(
            reply_id=key[0],
            reaction=key[1],
            stage=key[2],
            uses=uses,
            promises=promises,
            payments=payments,
            promise_rate=_rate(promises, uses),
            payment_rate=_rate(payments, uses),
        )
        for key, (uses, promises, payments) in counts.items()
    ]
    return sorted(stats, key=lambda s: (-s.payment_rate, -s.uses, s.reply_id, s.reaction, s.stage))
