"""The nightly run's imperative shell: extract -> decide() -> apply, with a progress bar.

`run_nightly(on)` runs over every debtor; `replan(debtor_ids, on)` runs the same rules over
a few debtors after an action (a payment imported, a promise made, a call logged), so the
case page and the queue never wait for the night. Both keep a NightlyRun summary.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from arrears.portfolio.aging import parse_bounds
from arrears.strategy.apply import apply
from arrears.strategy.engine import decide
from arrears.strategy.extract import extract
from arrears.strategy.frames import RunConfig
from arrears.strategy.models import NightlyRun

STEPS = (
    "extract",
    "decide",
    "accounts",
    "closed",
    "opened",
    "reassigned",
    "promises",
    "stages",
    "plan",
    "events",
)


def run_config(on: date) -> RunConfig:
    prior = RunConfig(on=on)
    bounds = parse_bounds(settings.ARREARS_BUCKETS)
    if len(bounds) + 1 != len(prior.prior_by_bucket):
        # Custom buckets: stretch the default prior over them (last value for the tail).
        values = list(prior.prior_by_bucket)
        prior_by_bucket = tuple(values[min(i, len(values) - 1)] for i in range(len(bounds) + 1))
        return RunConfig(on=on, bounds=bounds, prior_by_bucket=prior_by_bucket, time_zone=settings.TIME_ZONE)
    return RunConfig(on=on, bounds=bounds, time_zone=settings.TIME_ZONE)


def _run(on: date, debtor_ids: Sequence[int] | None, progress: bool) -> NightlyRun:
    run = NightlyRun.objects.create(on=on, scope="all" if debtor_ids is None else "debtors")
    bar = tqdm(total=len(STEPS), desc=f"nightly {on}", unit="step", disable=not progress, leave=True)
    timings: dict[str, float] = {}
    last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        timings[name] = round(now - last, 3)
        last = now
        bar.set_postfix_str(name)
        bar.update(1)

    try:
        with transaction.atomic():
            frames = extract(on, debtor_ids)
            step("extract")
            decisions = decide(frames, run_config(on))
            step("decide")
            applied = apply(decisions, on, step=step)
    except Exception as exc:
        NightlyRun.objects.filter(pk=run.pk).update(
            status=NightlyRun.Status.FAILED,
            error=repr(exc)[:2000],
            finished_at=timezone.now(),
            timings=timings,
        )
        raise
    finally:
        bar.close()
    counts: dict[str, Any] = {
        "accounts": frames.accounts.height,
        "debtors": decisions.debtors.height,
        "queue_rows": decisions.queues.height,
        **applied.counts,
    }
    NightlyRun.objects.filter(pk=run.pk).update(
        status=NightlyRun.Status.DONE, finished_at=timezone.now(), counts=counts, timings=timings
    )
    run.refresh_from_db()
    return run


def run_nightly(on: date, *, progress: bool = False) -> NightlyRun:
    return _run(on, None, progress)


def replan(debtor_ids: Sequence[int], on: date) -> NightlyRun | None:
    ids = sorted(set(debtor_ids))
    if not ids:
        return None
    return _run(on, ids, False)
