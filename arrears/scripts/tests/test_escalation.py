"""Counting conversations with people who cannot decide to pay (arrears.scripts.escalation)."""

from __future__ import annotations

import pytest

from arrears.scripts.escalation import contacts_without_decision

CLERK, FINANCE, OWNER, BUYER, SALES = (
    "ap_clerk",
    "finance_manager",
    "decision_maker",
    "purchasing",
    "salesperson",
)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([], 0),
        ([CLERK, CLERK, FINANCE], 3),
        ([CLERK, OWNER, CLERK], 1),  # speaking to the owner starts the count again
        ([BUYER, SALES, "", CLERK], 2),  # our salesperson and a consumer's people do not count
        ([CLERK, CLERK, CLERK, OWNER], 0),
    ],
)
def test_it_counts_conversations_since_the_decision_maker(roles: list[str], expected: int) -> None:
    assert contacts_without_decision(roles) == expected
