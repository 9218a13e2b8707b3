"""Step 4 of compliance.md §6.2 (the time gate) and the next allowed time of a decision.

A time must suit every candidate zone of the recipient (US-TIME-02): inside the profile's
window on one of its weekdays, or in a slot the person agreed to (where the profile lets an
agreement override the window), and never in a slot the person called inconvenient.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from arrears.compliance.decision import Run
from arrears.compliance.frequency import frequency_gate
from arrears.compliance.request import Slot
from arrears.compliance.wording import day_set, local_moment

_MIDNIGHT = time(0)
# Blocks whose end next_allowed can compute; any other block needs a human first.
_TIMED_GATES = frozenset({"time", "frequency", "account"})
# The search looks this many local days ahead: the longest closed stretch of any window (a
# Sunday) plus stated inconvenient days fits well inside.
_SEARCH_DAYS = 9
# Frequency re-checks after a consent lapses (see next_allowed); each one moves forward.
_MAX_RECHECKS = 4


class TimeRules(NamedTuple):
    """Everything the time gate reads, as one hashable value (a cache key for the search)."""

    start: time
    end: time
    weekdays: tuple[int, ...]
    # Agreed slots count only where the profile lets an agreement override the window.
    agreed: tuple[Slot, ...]
    inconvenient: tuple[Slot, ...]

    @classmethod
    def of(cls, run: Run) -> TimeRules:
        policy, prefs = run.policy, run.req.preferences
        return cls(policy.start, policy.end, policy.window_weekdays,
                   prefs.agreed_times if policy.agreed_times_override else (),
                   prefs.inconvenient_times)

    def verdict(self, weekday: int, t: time) -> tuple[bool, bool]:
        """(outside the window and every agreed slot, inside an inconvenient slot)."""
        outside = not (weekday in self.weekdays and self.start <= t < self.end)
        if outside and self.agreed:
            outside = not any(s.contains_wall(weekday, t) for s in self.agreed)
        slots = self.inconvenient
        return outside, bool(slots) and any(s.contains_wall(weekday, t) for s in slots)


def time_verdict(run: Run, instant: datetime,
                 rules: TimeRules | None = None) -> tuple[list[ZoneInfo], list[ZoneInfo]]:
    """Zones where `instant` is outside the window, and zones where it is a stated bad time."""
    rules = rules or TimeRules.of(run)
    outside: list[ZoneInfo] = []
    inconvenient: list[ZoneInfo] = []
    for zone in run.zones:
        # The request's own instant was converted to the first zone once, in evaluate().
        local = run.local if zone is run.zones[0] and instant is run.at else instant.astimezone(zone)
        bad_time, bad_slot = rules.verdict(local.isoweekday(), local.time())
        if bad_time:
            outside.append(zone)
        if bad_slot:
            inconvenient.append(zone)
    return outside, inconvenient


def time_gate(run: Run) -> None:
    policy = run.policy
    outside, inconvenient = time_verdict(run, run.at)
    window = f"{policy.window_start}–{policy.window_end}"
    if outside:
        locals_ = [(run.local if z is run.zones[0] else run.at.astimezone(z), z.key)
                   for z in outside]
        shown_en = "; ".join(local_moment(local, key, zh=False) for local, key in locals_)
        shown_zh = "；".join(local_moment(local, key, zh=True) for local, key in locals_)
        run.block(policy.rule_time, "time",
                  f"Local time {shown_en} is outside the allowed window {window} "
                  f"({day_set(policy.window_weekdays, zh=False)}).",
                  f"债务人当地时间 {shown_zh}，不在允许时段 {window}"
                  f"（{day_set(policy.window_weekdays, zh=True)}）内。",
                  local_times=shown_en, window=window)
        if len(run.zones) > 1 and len(outside) < len(run.zones):
            run.block("US-TIME-02", "time",
                      "The person may be in several time zones; the time must suit all of them.",
                      "对方可能位于多个时区：联系时间须在所有时区均为允许时段。",
                      zones=[z.key for z in run.zones])
    if inconvenient:
        run.block(policy.rule_inconvenient, "time",
                  "The person said this time is inconvenient.",
                  "对方已表示该时段不便联系。", zones=[z.key for z in inconvenient])


def next_allowed(run: Run) -> datetime | None:
    """The first instant at which every block of `run` has lifted, if every one can lift."""
    instants: list[datetime] = []
    for nb in run.not_before:
        if not isinstance(nb, datetime):  # NEVER: a human must act first
            return None
        instants.append(nb)
    if any(f.gate not in _TIMED_GATES for f in run.blocks):
        return None
    lower = max([run.at, *instants])
    if run.req.channel == "letter":
        return lower
    for _ in range(_MAX_RECHECKS):
        found = _next_time_ok(run, lower)
        if found is None:
            return None
        # Calls under a direct consent were not counted (US-FREQ-03); once the consent's
        # 7 days are over the counts apply, so they are checked again at that instant.
        if run.consent_ends is None or found < run.consent_ends:
            # Shown in the recipient's (first) zone: the clock the operator must respect.
            return found.astimezone(run.zones[0])
        later = Run(run.req, run.policy, run.zones, found, found.astimezone(run.zones[0]))
        frequency_gate(later)
        if not later.blocks:
            return found.astimezone(run.zones[0])
        lower = max([found, *(nb for nb in later.not_before if isinstance(nb, datetime))])
    return None


def _next_time_ok(run: Run, after: datetime) -> datetime | None:
    """The first instant >= `after` that passes the time gate in every candidate zone.

    The allowed set is an intersection of unions of intervals, so its first point is `after`
    itself or the start of some interval: a window opening, an agreed slot opening, the end
    of an inconvenient slot, or a midnight (where a slot limited to some weekdays begins or
    ends), in one of the zones. Those openings that pass are listed once per zones, rules
    and starting days (_openings), and the answer is a bisection into that list.
    """
    rules = TimeRules.of(run)
    if not any(time_verdict(run, after, rules)):
        return after
    first_days = tuple(after.astimezone(zone).date() for zone in run.zones)
    openings = _openings(run.zones, first_days, rules)
    i = bisect_left(openings, after)
    return openings[i] if i < len(openings) else None


# Pure, and a working day's decisions share a few zones, preference sets and days, so each
# list is computed once and reused (a hit costs a bisection instead of a day-by-day search).
@lru_cache(maxsize=4096)
def _openings(zones: tuple[ZoneInfo, ...], first_days: tuple[date, ...],
              rules: TimeRules) -> tuple[datetime, ...]:
    """Candidate instants of the next _SEARCH_DAYS local days that pass in every zone, sorted."""
    walls = {rules.start, *(s.end for s in rules.inconvenient), *(s.start for s in rules.agreed)}
    if any(s.weekdays for s in (*rules.inconvenient, *rules.agreed)):
        walls.add(_MIDNIGHT)
    candidates = {
        datetime.combine(first + timedelta(days=offset), wall, tzinfo=zone).astimezone(UTC)
        for zone, first in zip(zones, first_days, strict=True)
        for offset in range(_SEARCH_DAYS)
        for wall in walls
    }
    return tuple(sorted(
        instant for instant in candidates
        if not any(any(rules.verdict(*_wall(instant.astimezone(zone)))) for zone in zones)
    ))


def _wall(local: datetime) -> tuple[int, time]:
    return local.isoweekday(), local.time()
