"""The call ledgers of compliance.md §6.3, built once per request from its history.

Each ledger is a sorted list of UTC instants of calls (Reg F's sense: calls and voicemails)
under one key: a contact point, a person, a person and a debt, and the same for connected
calls and conversations. A frequency rule then counts a window with two bisections instead of
walking the history, so a decision costs the same with 30 days of history as with 3.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arrears.compliance.request import Contact

_EMPTY: list[datetime] = []


class CallLedger:
    """Instants of calls, sorted, under every key the frequency rules count by.

    Keys: `point` contact point; `person`; `person_debt` (person, debt); the same three with
    `connected_` (it rang, was answered or reached voicemail, §8) and `talk_` (a conversation).
    None is a key like any other: a request and a history entry that both lack a person id
    are the same unknown person, as they were when the history was scanned.
    """

    __slots__ = ("connected_person", "connected_person_debt", "person", "person_debt", "point",
                 "talk_person", "talk_person_debt")

    def __init__(self, calls: Iterable[Contact]) -> None:
        point: defaultdict[str | None, list[datetime]] = defaultdict(list)
        person: defaultdict[str | None, list[datetime]] = defaultdict(list)
        person_debt: defaultdict[tuple[str | None, str | None], list[datetime]] = defaultdict(list)
        connected_person: defaultdict[str | None, list[datetime]] = defaultdict(list)
        connected_person_debt: defaultdict[tuple[str | None, str | None], list[datetime]] = (
            defaultdict(list))
        talk_person: defaultdict[str | None, list[datetime]] = defaultdict(list)
        talk_person_debt: defaultdict[tuple[str | None, str | None], list[datetime]] = (
            defaultdict(list))
        # `calls` is in time order, so every list is appended to in order and stays sorted.
        for h in calls:
            at, who, both = h.at, h.person_id, (h.person_id, h.debt_id)
            point[h.contact_point].append(at)
            person[who].append(at)
            person_debt[both].append(at)
            if h.connected or h.conversation:
                connected_person[who].append(at)
                connected_person_debt[both].append(at)
            if h.conversation:
                talk_person[who].append(at)
                talk_person_debt[both].append(at)
        self.point = dict(point)
        self.person = dict(person)
        self.person_debt = dict(person_debt)
        self.connected_person = dict(connected_person)
        self.connected_person_debt = dict(connected_person_debt)
        self.talk_person = dict(talk_person)
        self.talk_person_debt = dict(talk_person_debt)

    def calls(self, person: str | None, debt: str | None, *, per_debt: bool,
              connected_only: bool) -> list[datetime]:
        if per_debt:
            table = self.connected_person_debt if connected_only else self.person_debt
            return table.get((person, debt), _EMPTY)
        return (self.connected_person if connected_only else self.person).get(person, _EMPTY)

    def talks(self, person: str | None, debt: str | None, *, per_debt: bool) -> list[datetime]:
        if per_debt:
            return self.talk_person_debt.get((person, debt), _EMPTY)
        return self.talk_person.get(person, _EMPTY)


def window(instants: list[datetime], start: datetime, end: datetime) -> tuple[int, int]:
    """Index range of the instants in [start, end)."""
    lo = bisect_left(instants, start)
    return lo, bisect_left(instants, end, lo)
