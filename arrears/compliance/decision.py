"""What the gate returns (Decision, Finding) and the record a single evaluation builds (Run).

Pure data, no Django: the gate's modules (gate, timing, frequency) write into a Run, and
evaluate() turns it into a Decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from arrears.compliance.profiles import Policy
from arrears.compliance.request import ContactRequest
from arrears.compliance.rules import SOURCES


# A named tuple rather than a frozen dataclass: a frozen dataclass pays object.__setattr__
# per field, and the gate builds several findings on most decisions.
class Finding(NamedTuple):
    rule_id: str
    gate: str
    reason_en: str
    reason_zh: str
    # The computed values the reason quotes (local times, counts, dates), for the log.
    values: dict[str, Any]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        en, zh = SOURCES.get(self.rule_id, ("", ""))
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "gate": self.gate,
            "reason_en": self.reason_en,
            "reason_zh": self.reason_zh,
            "source_en": en,
            "source_zh": zh,
            "values": self.values,
        }
        if lang is not None:
            zh_wanted = lang.startswith("zh")
            out["reason"] = self.reason_zh if zh_wanted else self.reason_en
            out["source"] = zh if zh_wanted else en
        return out


class Decision:
    """The gate's answer. Read-only by convention; built only by gate.evaluate().

    `next_allowed_at` is worked out on first access (to_dict() reads it), not in evaluate():
    a dialler that only asks "may I call now?" does not pay for the search. The value is the
    same either way: it depends only on the evaluation that produced the decision.
    """

    __slots__ = ("_find_next", "_next", "allowed", "at", "blocks", "content_model", "notes",
                 "policy_version", "profile", "zones")

    def __init__(self, *, allowed: bool, profile: str, policy_version: int | None, at: datetime,
                 blocks: tuple[Finding, ...], notes: tuple[Finding, ...],
                 zones: tuple[ZoneInfo, ...],
                 find_next: Callable[[], datetime | None] | None = None,
                 content_model: str | None = None) -> None:
        self.allowed = allowed
        # The version of the learned content model that checked the text (None: no text).
        self.content_model = content_model
        self.profile = profile
        self.policy_version = policy_version
        self.at = at
        self.blocks = blocks
        self.notes = notes
        self.zones = zones
        self._find_next = find_next
        self._next: datetime | None = None

    @property
    def next_allowed_at(self) -> datetime | None:
        """When every block will have lifted; None if allowed or if a human must act first."""
        if self._find_next is not None:
            self._next, self._find_next = self._find_next(), None
        return self._next

    def __repr__(self) -> str:
        return (f"Decision(allowed={self.allowed}, profile={self.profile!r}, "
                f"rule_ids={self.rule_ids}, at={self.at.isoformat()})")

    @property
    def local_times(self) -> dict[str, str]:
        """The contact's local time in every candidate zone (for the operator and the log)."""
        return {z.key: self.at.astimezone(z).isoformat() for z in self.zones}

    @property
    def rule_ids(self) -> list[str]:
        return list(dict.fromkeys(f.rule_id for f in self.blocks))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "decision": "allow" if self.allowed else "block",
            "allowed": self.allowed,
            "profile": self.profile,
            "policy_version": self.policy_version,
            "at": self.at.isoformat(),
            "rule_ids": self.rule_ids,
            "reasons": [f.to_dict(lang) for f in self.blocks],
            "notes": [f.to_dict(lang) for f in self.notes],
            "next_allowed_at": self.next_allowed_at.isoformat() if self.next_allowed_at else None,
            "local_times": self.local_times,
            "content_model_version": self.content_model,
            "content_review": self.held_for_review,
        }

    @property
    def held_for_review(self) -> bool:
        """The learned content model was unsure: a compliance officer must look at the text."""
        return any(f.values.get("review") for f in self.blocks)


class _Never:
    """Marks a block with no computable end (a cease request, a bankruptcy, bad content)."""


NEVER = _Never()


@dataclass(slots=True)
class Run:
    """One evaluation in progress: the inputs, and every block and note found so far."""

    req: ContactRequest
    policy: Policy
    zones: tuple[ZoneInfo, ...]
    # The request's instant in UTC: every comparison with history is UTC against UTC.
    at: datetime
    # The same instant in the first zone, whose local days the frequency rules count.
    local: datetime
    blocks: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    # For each block, the earliest instant it can lift, or NEVER when a human must act.
    not_before: list[datetime | _Never] = field(default_factory=list)
    # Set when the frequency gate was skipped because the call falls under a direct consent
    # (US-FREQ-03): the counts apply again from this instant, which next_allowed must know.
    consent_ends: datetime | None = None
    # A compliance officer's decision on this request's text: ("approved"|"rejected", rule id).
    reviewed: tuple[str, str] | None = None
    content_model: str | None = None

    def block(self, rule: str, gate: str, en: str, zh: str,
              not_before: datetime | _Never | None = None, **values: Any) -> None:
        self.blocks.append(Finding(rule, gate, en, zh, values))
        if not_before is not None:
            self.not_before.append(not_before)

    def note(self, rule: str, gate: str, en: str, zh: str, **values: Any) -> None:
        self.notes.append(Finding(rule, gate, en, zh, values))

    def day_start(self, day: date) -> datetime:
        """Start of a local calendar day of the primary zone, as a UTC instant (§8)."""
        return _midnight_utc(self.zones[0], day)

    def local_date(self, instant: datetime) -> date:
        return (self.local if instant is self.at else instant.astimezone(self.zones[0])).date()


# Local midnights as UTC instants. Pure, and the same few days and zones recur in every
# decision of a working day, so each conversion is done once.
@lru_cache(maxsize=8192)
def _midnight_utc(zone: ZoneInfo, day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


@lru_cache(maxsize=1024)
def zones_for(names: tuple[str, ...], default: str) -> tuple[ZoneInfo, ...]:
    return tuple(ZoneInfo(z) for z in names) or (ZoneInfo(default),)
