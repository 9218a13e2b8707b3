"""The demo wholesaler's dunning: its levels and templates, then the run of the day.

`load_demo` calls `run_demo(reference, "demo-b2b")` after `seed_scripts` (publishing checks
every creditor's settings; the demo's are in place by then)."""

from __future__ import annotations

from datetime import date

from arrears.dunning.levels import seed_dunning
from arrears.dunning.models import DunningRun
from arrears.dunning.run import run_dunning
from arrears.portfolio.models import Creditor


def run_demo(reference: date, creditor_code: str = "demo-b2b") -> DunningRun:
    creditor = Creditor.objects.get(code=creditor_code)
    seed_dunning(creditor)
    return run_dunning(creditor, reference)
