"""The nightly run's recovery step (called by arrears.strategy.shell.run_nightly)."""

from __future__ import annotations

from datetime import date

from arrears.recovery.commission import accrue
from arrears.recovery.placement import recall_due


def night(on: date) -> dict[str, int]:
    """The nightly run's recovery step: recall what is due, then accrue commission on the
    payments imported since (so a payment's day is attributed to the agency holding it)."""
    counts = {f"recalled_{reason}": n for reason, n in recall_due(on).items()}
    accrued = accrue()
    counts["commission_payments"] = accrued.payments
    return counts
