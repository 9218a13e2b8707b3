"""The nightly run's imperative shell: extract -> decide() -> apply, with a progress bar.

`run_nightly(on)` runs over every debtor; `replan(debtor_ids, on)` runs the same rules over
a few debtors after an action (a payment imported, a promise made, a call logged), so the
case page and the queue never wait for the night. Both keep a NightlyRun summary.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from arrears.cases.models import Case
from arrears.portfolio.aging import parse_bounds
from arrears.reports.night_states import NightBook
from arrears.strategy import champion
from arrears.strategy.apply import apply
from arrears.strategy.engine import Decisions, decide
from arrears.strategy.extract import extract_with_stored
from arrears.strategy.frames import Frames, RunConfig
from arrears.strategy.models import NightlyRun, StrategyVersion

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
)


def base_config(on: date) -> RunConfig:
    """The code's defaults with the settings' buckets and time zone."""
    prior = RunConfig(on=on)
    bounds = parse_bounds(settings.ARREARS_BUCKETS)
    if len(bounds) + 1 != len(prior.prior_by_bucket):
        # Custom buckets: stretch the default prior over them (last value for the tail).
        values = list(prior.prior_by_bucket)
        prior_by_bucket = tuple(values[min(i, len(values) - 1)] for i in range(len(bounds) + 1))
        return RunConfig(on=on, bounds=bounds, prior_by_bucket=prior_by_bucket, time_zone=settings.TIME_ZONE)
    return RunConfig(on=on, bounds=bounds, time_zone=settings.TIME_ZONE)


def active_strategy(name: str) -> StrategyVersion | None:
    """The highest version of strategy `name`, or None."""
    return StrategyVersion.objects.filter(name=name).order_by("-version").first()


def add_version(name: str, parameters: dict[str, Any], *, author: Any, reason: str) -> StrategyVersion:
    """A new version of strategy `name` (validated): the only way a strategy changes."""
    champion.validate(name, parameters)
    with transaction.atomic():
        # Two concurrent changes cannot both become version n+1 (unique constraint).
        top = StrategyVersion.objects.filter(name=name).aggregate(v=Max("version"))["v"] or 0
        return StrategyVersion.objects.create(
            name=name,
            version=top + 1,
            parameters=parameters,
            author=author if getattr(author, "pk", None) else None,
            reason=reason,
        )


def run_config(on: date, arm: str = champion.CHAMPION) -> RunConfig:
    """The run's config: the defaults, overridden by the active version of `arm`'s
    strategy (the champion when there is no challenger version)."""
    version = active_strategy(arm) or (
        active_strategy(champion.CHAMPION) if arm != champion.CHAMPION else None
    )
    base = base_config(on)
    return champion.config_from_parameters(base, version.parameters) if version else base


@dataclass(frozen=True)
class Experiment:
    """The champion/challenger split of one run: share 0 (or no challenger) is none."""

    share: float
    salt: str
    champion_version: int | None
    challenger_version: int | None

    @property
    def running(self) -> bool:
        return self.share > 0 and self.challenger_version is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "champion": self.champion_version,
            "challenger": self.challenger_version,
            "challenger_share": self.share if self.running else 0,
        }


def experiment() -> Experiment:
    champ = active_strategy(champion.CHAMPION)
    chall = active_strategy(champion.CHALLENGER)
    share, salt = champion.experiment_settings(champ.parameters) if champ else (0.0, champion.DEFAULT_SALT)
    return Experiment(share, salt, champ.version if champ else None, chall.version if chall else None)


def pinned_arms(debtor_ids: Sequence[int] | None) -> dict[int, str | None]:
    """debtor id -> the arm of their open case, where one was recorded."""
    rows = Case.objects.filter(status=Case.Status.OPEN, arm__isnull=False)
    if debtor_ids is None:
        return dict(rows.values_list("debtor_id", "arm"))
    out: dict[int, str | None] = {}
    ids = list(debtor_ids)
    for start in range(0, len(ids), 5000):
        out.update(rows.filter(debtor_id__in=ids[start : start + 5000]).values_list("debtor_id", "arm"))
    return out


def decide_arms(
    frames: Frames, on: date, exp: Experiment, debtor_ids: Sequence[int] | None
) -> tuple[Decisions, pl.DataFrame | None]:
    """decide() once, or once per arm when an experiment runs; returns the (merged)
    decisions and the debtor -> arm frame (None without an experiment)."""
    if not exp.running:
        return decide(frames, run_config(on)), None
    debtors = set(frames.accounts["debtor_id"].to_list()) | set(frames.cases["debtor_id"].to_list())
    arms = champion.assign_arms(sorted(debtors), pinned_arms(debtor_ids), exp.share, exp.salt)
    parts = champion.split(frames, arms)
    first = decide(parts[champion.CHAMPION], run_config(on, champion.CHAMPION))
    second_frames = champion.add_load(parts[champion.CHALLENGER], first.plan)
    second = decide(second_frames, run_config(on, champion.CHALLENGER))
    return champion.merge([first, second], frames, run_config(on, champion.CHAMPION)), arms


def pin_arms(plan: pl.DataFrame, arms: pl.DataFrame) -> dict[str, int]:
    """Record the arm on every open case of the plan that has none yet."""
    counts: dict[str, int] = {}
    joined = plan.select("debtor_id").join(arms, on="debtor_id")
    for (arm,), part in joined.group_by("arm"):
        ids = part["debtor_id"].to_list()
        n = 0
        for start in range(0, len(ids), 5000):
            n += Case.objects.filter(
                status=Case.Status.OPEN, arm__isnull=True, debtor_id__in=ids[start : start + 5000]
            ).update(arm=arm)
        counts[f"arm_{arm}"] = n
    return counts


def _run(
    on: date,
    debtor_ids: Sequence[int] | None,
    progress: bool,
    cluster: str | None = None,
    partitions: int | None = None,
) -> tuple[NightlyRun, NightBook | None]:
    """The run and, when it extracted and decided here, what the day's states need of it
    (the cluster's frames stay on its workers)."""
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
        # The reads in one transaction (one snapshot); the writes step by step, each in a
        # transaction of its own (arrears.strategy.apply), so the day's work on a row the
        # night changes waits for a step, never for the whole night.
        with transaction.atomic():
            exp = experiment()
            stored = None
            book = None
            if cluster is None:
                frames, stored = extract_with_stored(on, debtor_ids)
                step("extract")
                decisions, arms = decide_arms(frames, on, exp, debtor_ids)
                step("decide")
                accounts, scored = frames.accounts.height, int(frames.accounts["p_pay"].is_not_null().sum())
                if debtor_ids is None:
                    book = NightBook.of(decisions.aging, frames.accounts)
                del frames
            else:
                # The workers extract and decide their debtor key ranges; "extract" is
                # the start of the cluster, "decide" the workers' and the driver's part.
                decisions, accounts, scored, arms = _on_cluster(on, exp, cluster, partitions, step)
        applied = apply(decisions, on, step=step, stored=stored)
        if arms is not None:
            with transaction.atomic():
                for name, n in pin_arms(decisions.plan, arms).items():
                    applied.add(name, n)
        # How long at most a row the night changed stayed locked (bench/nightly_db_bench.py).
        applied.add("longest_transaction_ms", round(applied.longest * 1000))
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
        "accounts": accounts,
        "debtors": decisions.debtors.height,
        "queue_rows": decisions.queues.height,
        **applied.counts,
    }
    strategy = exp.as_dict()
    strategy["scored_accounts"] = scored
    NightlyRun.objects.filter(pk=run.pk).update(
        status=NightlyRun.Status.DONE,
        finished_at=timezone.now(),
        counts=counts,
        timings=timings,
        strategy=strategy,
    )
    run.refresh_from_db()
    return run, book


def _on_cluster(
    on: date, exp: Experiment, cluster: str, partitions: int | None, step: Any
) -> tuple[Decisions, int, int, None]:
    from arrears.strategy import distributed

    if exp.running:
        raise ValueError("a champion/challenger experiment is running: its arms are not split on a cluster")
    with distributed.connect(cluster) as client:
        step("extract")
        done = distributed.decide_from_db(client, on, run_config(on), partitions)
    step("decide")
    return done.decisions, done.accounts, done.scored_accounts, None


def run_nightly(
    on: date, *, progress: bool = False, cluster: str | None = None, partitions: int | None = None
) -> NightlyRun:
    """The whole portfolio's nightly run; with `cluster` (a Dask scheduler's address, or
    local:N), extract and decide run on its workers (arrears.strategy.distributed)."""
    run, book = _run(on, None, progress, cluster, partitions)
    # Agency placements (arrears.recovery): recall what is due, accrue commission; before
    # the report rows, which attribute the day's payments to the agency holding the case.
    from arrears.recovery.nightly import night as recovery_night

    recovery_counts = recovery_night(on)
    # The statistics of the tables the night changed enough; how many and how long are
    # kept with the run's counts and timings.
    analyzed: dict[str, int] = {}
    analyzing: dict[str, float] = {}
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        analyzed["tables_analyzed"] = len(analyze_written(run.counts))
        analyzing["analyze"] = round(time.perf_counter() - started, 3)
    # The report rows of the day (arrears.reports, docs/reports.md): every dashboard and
    # the overview read these, never the whole portfolio. Beside them, every case's evidence
    # chain is anchored outside the database: a signed digest of the heads as the run left
    # them (arrears/activity/digest.py, docs/evidence.md). Neither writes what the other
    # reads: on PostgreSQL they run at once (arrears.core.together).
    from arrears.activity.digest import write_digest
    from arrears.core.together import at_once
    from arrears.reports.nightly import record

    done = at_once({"reports": lambda: record(on, book), "digest": write_digest})
    (report_counts, report_timings), _seconds = done["reports"]
    written, digest_seconds = done["digest"]
    NightlyRun.objects.filter(pk=run.pk).update(
        counts=run.counts | recovery_counts | analyzed | report_counts,
        timings=run.timings | analyzing | report_timings | {"digest": digest_seconds},
    )
    run.refresh_from_db()
    if progress:
        tqdm.write(f"Report rows: {max(report_timings.values()):.1f} s")
        tqdm.write(f"Evidence digest: {written.path} ({written.cases:,} cases, key {written.key_id})")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reports_portfolioday, reports_collectorday")
    return run


# The tables the night writes, and the counts (NightlyRun.counts) of the rows it wrote to
# each; a count named with a trailing "_" is a prefix (stage_to_phone, stage_to_field, ...).
WRITTEN: dict[str, tuple[str, ...]] = {
    "portfolio_account": ("accounts_aged",),
    "cases_case": ("cases_opened", "cases_closed", "cases_reassigned", "cases_replanned", "stage_to_"),
    "cases_promise": ("promises_kept", "promises_broken", "promises_partly_kept"),
    "cases_task": ("info_repair_tasks",),
    "cases_stagerecommendation": ("stage_recommendations", "stage_recommendations_withdrawn"),
}
# A table is analyzed when the night wrote at least this share of its rows (autovacuum's
# own default, autovacuum_analyze_scale_factor), or when it has no statistics yet.
ANALYZE_SHARE = 0.1


def written_rows(counts: dict[str, Any]) -> dict[str, int]:
    """Rows the night wrote, by table (WRITTEN)."""
    return {
        table: sum(
            int(n)
            for name, n in counts.items()
            if any(name == key or (key.endswith("_") and name.startswith(key)) for key in keys)
        )
        for table, keys in WRITTEN.items()
    }


def stale_tables(written: dict[str, int], rows: dict[str, float]) -> list[str]:
    """The tables whose statistics the night's writes made stale: at least ANALYZE_SHARE
    of their rows (by the statistics' own estimate, `rows`) written, or never analyzed (an
    estimate below zero, or none)."""
    return [
        table
        for table, n in written.items()
        if n and (rows.get(table, -1) < 0 or n >= ANALYZE_SHARE * rows[table] + 50)
    ]


def analyze_written(counts: dict[str, Any]) -> list[str]:
    """ANALYZE the tables the night changed enough (PostgreSQL): a first night or a mass
    delinquency adds hundreds of thousands of cases, and fresh statistics keep the report
    step's joins and the day's first queue and case pages on their indexes
    (bench/pages_bench.py, bench/nightly_db_bench.py). A quiet night writes a few per cent
    of the accounts and promises: autovacuum analyzes those when its own threshold is
    reached (at 1M accounts the five tables took 2.0 s every night; a quiet night now
    analyzes the cases alone, 0.6 s). Returns the tables analyzed."""
    written = written_rows(counts)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class"
            " WHERE relname = ANY(%s) AND relkind IN ('r', 'p') AND pg_table_is_visible(oid)",
            [list(written)],
        )
        rows = {name: float(n) for name, n in cursor.fetchall()}
        tables = stale_tables(written, rows)
        if tables:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return tables


def replan(debtor_ids: Sequence[int], on: date) -> NightlyRun | None:
    ids = sorted(set(debtor_ids))
    if not ids:
        return None
    return _run(on, ids, False)[0]
