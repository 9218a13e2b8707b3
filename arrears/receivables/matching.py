"""Which invoice numbers a payment's reference names.

ERPs and banks write references many ways: "INV-0012, INV-0013", "inv 12", "付款 INV0012".
Both the number and the reference are read as runs of letters, of digits, and of other
(non-ASCII) characters; everything else (spaces, dashes, dots, slashes, commas, "#") only
separates runs. Letters are compared without case and digit runs without leading zeros. An
invoice number is named when its runs appear one after another in the reference's runs:
"INV-0012" is named by "inv 12" and "货款INV0012", not by "XINV-0012" or "INV-00123".
"INV-0012/0013" names INV-0012 only (a bare "0013" would match any invoice ending in 13).
Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

_RUNS = re.compile(r"[A-Za-z]+|[0-9]+|[^\x00-\x7f]+")


def runs(text: str) -> tuple[str, ...]:
    return tuple(r.lstrip("0") or "0" if r.isdigit() else r.upper() for r in _RUNS.findall(text))


class Matcher:
    """The numbers of one account, read once, for the references of many payments."""

    def __init__(self, numbers: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self.order: dict[str, int] = {}
        for number in numbers:
            key = runs(number)
            if key and number not in self.order:
                self.order[number] = len(self.order)
                self.by_first[key[0]].append((key, number))

    def named_in(self, reference: str) -> list[str]:
        """The numbers `reference` names, in the order they were given."""
        have = runs(reference)
        found = set()
        for start, run in enumerate(have):
            for key, number in self.by_first.get(run, ()):
                if have[start : start + len(key)] == key:
                    found.add(number)
        return sorted(found, key=self.order.__getitem__)


def named_in(reference: str, numbers: Iterable[str]) -> list[str]:
    """The numbers among `numbers` that `reference` names, in the order given."""
    return Matcher(numbers).named_in(reference)
