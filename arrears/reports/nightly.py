"""The nightly run's report step: the day's states, the month's rows, the last week's flows."""

from __future__ import annotations

import time
from datetime import date, timedelta

from arrears.reports.flows import REWRITE_DAYS, write_flows
from arrears.reports.snapshot import write_month, write_states


def record(on: date) -> tuple[dict[str, int], dict[str, float]]:
    """Write the report rows of the run of `on`; returns the row counts and the seconds
    of each part (kept on the NightlyRun beside the other steps)."""
    from arrears.strategy.today import plan_day

    timings: dict[str, float] = {}
    started = time.perf_counter()
    counts = write_states(on, plan_day(on))
    timings["reports_states"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    counts |= write_month(on)
    timings["reports_month"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    counts |= write_flows(on - timedelta(days=REWRITE_DAYS), on)
    timings["reports_flows"] = round(time.perf_counter() - started, 3)
    return counts, timings
