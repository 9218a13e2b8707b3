"""The metrics of docs/reports.md, each a Table read from the report rows (never from the
portfolio's own tables), and the dashboards that put them together.

Every metric takes `Filters` and returns a Table whose rows are what the chart draws, what
the table under it shows and what the export writes. Rates are fractions (0.25 is 25 %),
None where nothing was there to divide by. By topic: `book` (buckets, rolls, cures),
`recovery` (vintages, collections), `contact` (the funnel), `oversight` (collectors'
quality, compliance, strategy arms).
"""

from __future__ import annotations

from collections.abc import Callable

from arrears.reports.metrics.book import buckets_over_time, cures, roll_matrix, roll_rates
from arrears.reports.metrics.common import DASHBOARDS, Filters
from arrears.reports.metrics.contact import (
    SHARED,
    funnel_by_collector,
    funnel_by_day,
    funnel_by_hour,
    funnel_by_team,
    funnel_by_weekday,
)
from arrears.reports.metrics.oversight import (
    agency_league,
    arms,
    blocks_by_rule,
    blocks_total,
    collector_quality,
    compliance_days,
    has_experiment,
)
from arrears.reports.metrics.recovery import collections_by_day, collections_by_stage, vintages
from arrears.reports.tables import Table

__all__ = ["DASHBOARDS", "LAYOUT", "METRICS", "Filters", "dashboard", "keys", "metrics_for", "table"]

METRICS: dict[str, Callable[[Filters], Table]] = {
    "buckets": buckets_over_time,
    "roll_matrix": roll_matrix,
    "roll_rates": roll_rates,
    "cures": cures,
    "vintages": vintages,
    "by_stage": collections_by_stage,
    "by_day": collections_by_day,
    "funnel_teams": funnel_by_team,
    "funnel_collectors": funnel_by_collector,
    "funnel_days": funnel_by_day,
    "funnel_hours": funnel_by_hour,
    "funnel_weekdays": funnel_by_weekday,
    "collectors": collector_quality,
    "blocks": blocks_by_rule,
    "blocks_total": blocks_total,
    "oversight": compliance_days,
    "arms": arms,
    "agencies": agency_league,
}

LAYOUT: dict[str, tuple[str, ...]] = {
    "manager": (
        "roll_rates",
        "roll_matrix",
        "buckets",
        "cures",
        "by_stage",
        "by_day",
        "vintages",
        "funnel_teams",
        "funnel_collectors",
        "funnel_hours",
        "collectors",
        "agencies",
        "arms",
    ),
    "team": (
        "funnel_collectors",
        "collectors",
        "funnel_days",
        "funnel_hours",
        "funnel_weekdays",
        "by_stage",
        "buckets",
    ),
    "compliance": ("blocks", "blocks_total", "oversight", "collectors"),
}


def keys(name: str) -> tuple[str, ...]:
    """The table keys of dashboard `name` (KeyError for an unknown one)."""
    layout = LAYOUT[name]
    if "arms" in layout and not has_experiment():
        layout = tuple(k for k in layout if k != "arms")
    return layout


def dashboard(name: str, filters: Filters) -> list[Table]:
    token = SHARED.set({})
    try:
        return [METRICS[key](filters) for key in keys(name)]
    finally:
        SHARED.reset(token)


def metrics_for(key: str, filters: Filters) -> Table:
    """One metric by its table key, whatever dashboard shows it."""
    return METRICS[key](filters)


def table(name: str, key: str, filters: Filters) -> Table:
    if key not in LAYOUT[name]:
        raise KeyError(key)
    return METRICS[key](filters)
