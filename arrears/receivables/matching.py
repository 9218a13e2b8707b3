"""Which invoice numbers a payment's reference names.

ERPs and banks write references many ways: "INV-0012, INV-0013", "inv 12", "INV0012/0013"
is not handled (a bare "0013" would match any invoice ending in 13), "付款 INV-0012". An
invoice number matches when its letters and digits appear in order, separated by nothing or
by spaces, dashes, dots, slashes, underscores or "#", with leading zeros of a digit run
optional, and with no letter or digit on either side. Case is ignored. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_RUNS = re.compile(r"[A-Za-z]+|[0-9]+|[^\x00-\x7f]+")
_SEP = r"[\s\-_./#]*"


@lru_cache(maxsize=4096)
def _pattern(number: str) -> re.Pattern[str] | None:
    runs = _RUNS.findall(number)
    if not runs:
        return None
    parts = []
    for run in runs:
        if run.isdigit():
            parts.append("0*" + re.escape(run.lstrip("0") or "0"))
        else:
            parts.append(re.escape(run))
    return re.compile(r"(?<![A-Za-z0-9])" + _SEP.join(parts) + r"(?![A-Za-z0-9])", re.IGNORECASE)


def named_in(reference: str, numbers: Iterable[str]) -> list[str]:
    """The numbers among `numbers` that `reference` names, in the order given."""
    if not reference.strip():
        return []
    found = []
    for number in numbers:
        pattern = _pattern(number.strip())
        if pattern is not None and pattern.search(reference):
            found.append(number)
    return found
