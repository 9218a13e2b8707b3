"""The nightly run's report step: the day's states, the month's rows, the last week's flows."""

from __future__ import annotations

from datetime import date, timedelta

from arrears.core.together import at_once
from arrears.reports.flows import REWRITE_DAYS, write_flows
from arrears.reports.night_states import NightBook, write_night_states
from arrears.reports.snapshot import write_month, write_states


def record(on: date, book: NightBook | None = None) -> tuple[dict[str, int], dict[str, float]]:
    """Write the report rows of the run of `on`; returns the row counts and the seconds
    of each part (kept on the NightlyRun beside the other steps). The three parts write
    tables of their own, so on PostgreSQL they run at once (arrears.core.together). With
    the night's `book` (its aging and accounts), the day's states are grouped from it
    (arrears.reports.night_states) instead of from the tables."""
    from arrears.strategy.today import plan_day

    def states() -> dict[str, int]:
        if book is None:
            return write_states(on, plan_day(on))
        return write_night_states(on, plan_day(on), book)

    done = at_once(
        {
            "reports_states": states,
            "reports_month": lambda: write_month(on),
            "reports_flows": lambda: write_flows(on - timedelta(days=REWRITE_DAYS), on),
        }
    )
    counts: dict[str, int] = {}
    for part_counts, _seconds in done.values():
        counts |= part_counts
    return counts, {name: seconds for name, (_counts, seconds) in done.items()}
