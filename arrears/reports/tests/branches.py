"""The open cases edited into every branch of a collector's counts (`CollectorDay`): the
report tests that compare those counts with another reckoning share them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from arrears.cases.models import Case, NextAction


def into_every_branch(on: date, ann: Any, bo: Any) -> None:
    """Pinned on `on`, planned later, in the backlog, overdue, a reminder due and one not
    yet due, no next action, no collector, a visit with no day: one open case each, in
    the order of their keys (at least nine open cases)."""
    later = on + timedelta(days=3)
    states: list[dict[str, Any]] = [
        {"owner": ann, "next_action": NextAction.CALLBACK, "planned_for": on, "backlog": False},
        {"owner": ann, "next_action": NextAction.CALL, "next_action_on": on, "planned_for": later},
        {"owner": ann, "next_action": NextAction.CALL, "next_action_on": on, "backlog": True},
        {"owner": bo, "next_action": NextAction.CALL, "next_action_on": on - timedelta(days=2)},
        {"owner": bo, "next_action": NextAction.REMIND, "planned_for": on},
        {"owner": bo, "next_action": NextAction.REMIND, "planned_for": later},
        {"owner": bo, "next_action": "", "next_action_on": None},
        {"owner": None, "next_action": NextAction.CALL, "planned_for": on},
        {"owner": ann, "next_action": NextAction.VISIT, "planned_for": None, "stage": "field"},
    ]
    cases = list(Case.objects.filter(status="open").order_by("pk"))
    assert len(cases) >= len(states)
    for case, state in zip(cases, states, strict=False):
        Case.objects.filter(pk=case.pk).update(**state)
