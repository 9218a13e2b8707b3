"""The whole `manage.py nightly` at bank scale, against the database: a first and a steady night.

    nice .venv/bin/python bench/nightly_db_bench.py --accounts 1000000 --database postgresql [--keep]
    .venv/bin/python bench/nightly_db_bench.py --accounts 2000 --database sqlite

Builds the database (PostgreSQL: `arrears_nightly_bench`, or ARREARS_BENCH_DB, on
ARREARS_BENCH_POSTGRES_URL, default postgresql://arrears:arrears@127.0.0.1:5432/postgres, the
role needs CREATEDB; SQLite: a file in a temporary var dir) with `manage.py migrate`, then
loads the synthetic portfolio of
arrears/strategy/synth.py through the bulk writers (arrears/core/bulk.py): its creditors,
teams, collectors, debtors, accounts, due items and payments, and no case. Then, each in a
child process of its own (so each peak memory is the step's own, never the loader's):

1. the first night, `run_nightly(on)`: every delinquent debtor gets a case (a mass
   delinquency: hundreds of thousands of cases, their events appended in bulk);
2. the case work of the day after it: the synthetic promises, and 30 days of contact
   attempts appended to the cases' evidence chains (`append_many`, timed);
3. the steady night, `run_nightly(on + 1)`;
4. the baseline in the same database: the extract as the night runs it (reads at once on
   connections sharing the transaction's snapshot, arrears/core/reads.py) against the same
   reads in turn through COPY (`copy_frame`) and through Python tuples (`read_frame`, the
   first path), and the rows the first write-back rewrote every night (every account, as
   `aged_on` changed);
5. `verify_evidence`'s check of every case's chain (arrears.activity.chain.verify_all).

Printed: per night the run's step timings (NightlyRun.timings), the rows it wrote, WAL bytes
(PostgreSQL) and the child's peak RSS; the last line is one JSON object. --keep keeps the
PostgreSQL database for inspection (it is rebuilt on the next run either way).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = os.environ.get(
    "ARREARS_BENCH_POSTGRES_URL", "postgresql://arrears:arrears@127.0.0.1:5432/postgres"
)
PG_DB = os.environ.get("ARREARS_BENCH_DB", "arrears_nightly_bench")
ON = date(2026, 3, 16)  # synth.DEFAULT_ON: the first night
# The run's writes, from NightlyRun.counts: rows inserted or updated.
WRITES = (
    "accounts_aged",
    "cases_opened",
    "cases_closed",
    "cases_reassigned",
    "cases_replanned",
    "stage_recommendations",
    "info_repair_tasks",
    "events",
)


def peak_rss_gib() -> float:
    from bench.nightly_bench import peak_rss_kib

    return round(peak_rss_kib() / 2**20, 3)


# -- the workers: each runs in the prepared environment, prints one JSON line -----------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    import django

    django.setup()


def _wal() -> int | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")
        return int(cursor.fetchone()[0])


def load(accounts: int) -> dict[str, Any]:
    """The synthetic portfolio, without cases, written through the bulk writers."""
    _django()
    import polars as pl
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from arrears.core.bulk import check_constraints_now, insert_frame, money_text, uuid4_hex
    from arrears.core.models import Profile, Role, Team
    from arrears.portfolio.models import Creditor
    from arrears.strategy.synth import generate

    started = time.perf_counter()
    frames = generate(accounts, seed=7, on=ON)
    generated = time.perf_counter() - started
    acc = frames.accounts
    with transaction.atomic():
        for team_id in sorted(set(acc["team_id"].to_list())):
            team = Team.objects.create(id=team_id, name=f"bench team {team_id}", daily_capacity=60)
            Creditor.objects.create(
                id=team_id, code=f"bench-{team_id}", name=f"bench creditor {team_id}", team=team
            )
        users = get_user_model().objects.bulk_create(
            [
                get_user_model()(username=f"bench{c}", password="!")  # noqa: S106 (unusable)
                for c in frames.collectors["collector_id"].to_list()
            ]
        )
        if connection.vendor == "sqlite":  # bulk_create sets no primary keys there before 3.35
            users = list(get_user_model().objects.filter(username__startswith="bench").order_by("pk"))
        Profile.objects.bulk_create(
            [
                Profile(user=u, role=Role.COLLECTOR, team_id=t, daily_capacity=c)
                for u, t, c in zip(
                    users,
                    frames.collectors["team_id"].to_list(),
                    frames.collectors["capacity"].to_list(),
                    strict=True,
                )
            ]
        )
    # The rows above are committed first: the bulk loads below may drop and re-add the
    # keys that refer to them, which a table with checks queued in the transaction forbids.
    # Inside, rows are checked as they arrive, as the importers do: a table loaded below the
    # bulk size (80,000 debtors for 100,000 accounts) would otherwise queue its checks and
    # forbid dropping the next table's key to it.
    with transaction.atomic():
        check_constraints_now()
        debtors = acc.group_by("debtor_id").agg(pl.col("creditor_id").min()).sort("debtor_id")
        insert_frame(
            "portfolio_debtor",
            debtors.select(
                pl.col("debtor_id").alias("id"),
                uuid4_hex(debtors.height),
                ("D" + pl.col("debtor_id").cast(pl.String)).alias("external_id"),
                pl.lit("person").alias("kind"),
                ("债务人" + pl.col("debtor_id").cast(pl.String)).alias("name"),
                pl.lit("").alias("national_id"),
                pl.lit("zh-hans").alias("preferred_language"),
                pl.lit("Asia/Shanghai").alias("time_zone"),
                pl.lit("global_strict").alias("jurisdiction"),
                pl.lit(True).alias("synthetic"),
                pl.lit("{}").alias("attributes"),
                "creditor_id",
            ),
        )
        insert_frame(
            "portfolio_account",
            acc.select(
                pl.col("account_id").alias("id"),
                uuid4_hex(acc.height),
                ("A" + pl.col("account_id").cast(pl.String)).alias("external_id"),
                "product",
                "currency",
                "status",
                pl.lit("M0").alias("bucket"),
                pl.lit("0.00").alias("overdue_amount"),
                pl.lit("0.00").alias("balance"),
                "debtor_id",
                "creditor_id",
            ),
        )
        items = frames.due_items
        insert_frame(
            "portfolio_dueitem",
            items.select(
                pl.int_range(pl.len()).over("account_id").cast(pl.String).alias("external_id"),
                pl.when(pl.col("is_statement"))
                .then(pl.lit("statement"))
                .otherwise(pl.lit("instalment"))
                .alias("kind"),
                "statement_date",
                "due_date",
                money_text("amount").alias("amount_due"),
                pl.when(pl.col("minimum").is_null())
                .then(None)
                .otherwise(money_text("minimum"))
                .alias("minimum_due"),
                "account_id",
            ),
        )
        pays = frames.payments
        assert pays is not None
        paid_at = pl.col("paid_on").cast(pl.Datetime("us")) + pl.duration(hours=4)  # noon in Shanghai
        insert_frame(
            "portfolio_payment",
            pays.select(
                pl.int_range(pl.len()).over("account_id").cast(pl.String).alias("external_id"),
                money_text("amount"),
                (
                    paid_at.dt.strftime("%Y-%m-%d %H:%M:%S+00:00")
                    if connection.vendor == "postgresql"
                    else paid_at.dt.strftime("%Y-%m-%d %H:%M:%S")
                ).alias("paid_at"),
                pl.lit("").alias("channel"),
                pl.lit("").alias("reference"),
                "account_id",
            ),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("core_team", "portfolio_creditor", "portfolio_debtor", "portfolio_account"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
                )
            if not connection.in_atomic_block:  # (a test's transaction)
                cursor.execute("VACUUM ANALYZE")
    return {
        "accounts": acc.height,
        "debtors": debtors.height,
        "due_items": items.height,
        "payments": pays.height,
        "collectors": frames.collectors.height,
        "generate_s": round(generated, 1),
        "load_s": round(time.perf_counter() - started - generated, 1),
    }


def night(on: date) -> dict[str, Any]:
    _django()
    import resource

    from arrears.strategy.shell import run_nightly

    wal = _wal()
    started = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    if os.environ.get("ARREARS_BENCH_PROFILE"):  # the top of a profile, on stderr
        import cProfile
        import pstats

        profile = cProfile.Profile()
        run = profile.runcall(run_nightly, on)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    else:
        run = run_nightly(on)
    seconds = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_SELF)
    # The run's own CPU (this process; the database server's is not in it): under a shared
    # machine's load, wall time says more about the other jobs than about the run.
    cpu_s = (used.ru_utime - cpu.ru_utime) + (used.ru_stime - cpu.ru_stime)
    after = _wal()
    counts = run.counts
    return {
        "on": on.isoformat(),
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu_s, 1),
        "timings": run.timings,
        "rows_written": sum(int(counts.get(k, 0)) for k in WRITES),
        "writes": {k: counts.get(k, 0) for k in WRITES},
        "accounts": counts.get("accounts"),
        # The longest of the write-back's transactions: how long at most a row the night
        # changed stayed locked against the day's work.
        "longest_transaction_s": round(int(counts.get("longest_transaction_ms", 0)) / 1000, 2),
        "wal_mib": None if wal is None or after is None else round((after - wal) / 2**20, 1),
        "peak_rss_gib": peak_rss_gib(),
    }


def casework(accounts: int, on: date) -> dict[str, Any]:
    """The synthetic promises and 30 days of contact attempts on the open cases, the
    contacts appended to the evidence chains in bulk."""
    _django()
    from datetime import UTC, datetime

    import polars as pl
    from django.db import connection, transaction

    from arrears.activity.actions import NewEvent, append_many
    from arrears.activity.models import Kind
    from arrears.core.bulk import insert_frame, money_text, read_frame, uuid4_hex
    from arrears.strategy.synth import generate

    frames = generate(accounts, seed=7, on=ON)
    cases = read_frame(
        "SELECT id, debtor_id FROM cases_case WHERE status = 'open'",
        schema={"case_id": pl.Int64, "debtor_id": pl.Int64},
    )
    synth_cases = frames.cases.select("case_id", "debtor_id").rename({"case_id": "synth_case"})
    promises = (
        frames.promises.join(synth_cases, left_on="case_id", right_on="synth_case")
        .drop("case_id")
        .join(cases, on="debtor_id")
    )
    now = datetime.now(UTC)
    stamp = now.isoformat() if connection.vendor == "postgresql" else now.strftime("%Y-%m-%d %H:%M:%S")
    started = time.perf_counter()
    with transaction.atomic():
        insert_frame(
            "cases_promise",
            promises.select(
                uuid4_hex(promises.height),
                money_text("amount"),
                "due_on",
                pl.col("created_on").alias("counts_from"),
                pl.lit("").alias("channel"),
                pl.lit("open").alias("status"),
                pl.lit("0.00").alias("paid"),
                pl.lit(stamp).alias("created_at"),
                "case_id",
            ),
        )
    promised = time.perf_counter() - started
    contacts = frames.contacts
    assert contacts is not None
    del frames  # at 10M accounts the whole portfolio's frames and the events did not fit together
    # The engine's channels back to the activity's.
    channels = {"phone": "call", "sms": "sms", "email": "email", "letter": "letter", "visit": "visit"}
    contacts = (
        contacts.join(cases, on="debtor_id")
        .with_columns(pl.col("channel").cast(pl.String).replace_strict(channels, default="call"))
        .sort("case_id", "at")
    )
    # Before the first night: the contacts of the 30 days before it, moved on by one day. In
    # slices of 500,000, each its own transaction (a case's events stay in order: a later
    # slice reads the head an earlier one committed), so memory does not grow with the book.
    started = time.perf_counter()
    appended = 0
    columns = contacts.select("case_id", "at", "channel", "connected", "outcome")
    del contacts
    for part in columns.iter_slices(500_000):
        events = [
            NewEvent(
                case_id,
                Kind.CONTACT,
                at=at + timedelta(days=1),
                values={"channel": channel, "connected": connected, "outcome": outcome},
            )
            for case_id, at, channel, connected, outcome in part.iter_rows()
        ]
        with transaction.atomic():
            appended += append_many(events)
    return {
        "promises": promises.height,
        "promises_s": round(promised, 1),
        "contacts": appended,
        "contacts_s": round(time.perf_counter() - started, 1),
        "on": on.isoformat(),
    }


def baseline(on: date) -> dict[str, Any]:
    """The extract as the night runs it (in its transaction: reads at once, sharing its
    snapshot) beside the same reads in turn through COPY and the previous extract (Python
    tuples), on the same database."""
    _django()
    from unittest import mock

    from django.db import transaction
    from django.test import override_settings

    from arrears.core import bulk
    from arrears.strategy.extract import extract

    timings = {}
    with transaction.atomic():
        started = time.perf_counter()
        frames = extract(on)
        timings["extract_snapshot_s"] = round(time.perf_counter() - started, 1)
    rows = frames.accounts.height
    del frames
    with override_settings(ARREARS_READ_CONNECTIONS=1), transaction.atomic():
        started = time.perf_counter()
        extract(on)
        timings["extract_copy_s"] = round(time.perf_counter() - started, 1)
    with (
        mock.patch.object(
            bulk, "copy_frame", lambda sql, params=(), *, schema: bulk.read_frame(sql, params, schema=schema)
        ),
        mock.patch.object(
            bulk,
            "copy_frame_in",
            lambda sql, column, ids, *, schema, params=(): bulk.read_frame_in(
                sql, column, ids, schema=schema, params=params
            ),
        ),
        mock.patch(
            "arrears.strategy.extract.copy_frame",
            lambda sql, params=(), *, schema: bulk.read_frame(sql, params, schema=schema),
        ),
        mock.patch(
            "arrears.core.reads.copy_frame",
            lambda sql, params=(), *, schema: bulk.read_frame(sql, params, schema=schema),
        ),
        override_settings(ARREARS_READ_CONNECTIONS=1),
        mock.patch(
            "arrears.strategy.extract.copy_frame_in",
            lambda sql, column, ids, *, schema, params=(): bulk.read_frame_in(
                sql, column, ids, schema=schema, params=params
            ),
        ),
    ):
        started = time.perf_counter()
        extract(on)
        timings["extract_tuples_s"] = round(time.perf_counter() - started, 1)
    # The previous write-back rewrote every account every night (`aged_on`).
    timings["accounts_rewritten_before"] = rows
    return timings


def verify() -> dict[str, Any]:
    _django()
    from arrears.activity.actions import verify_all
    from arrears.activity.models import Event

    started = time.perf_counter()
    broken = sum(1 for _ in verify_all())
    return {
        "events": Event.objects.count(),
        "broken_chains": broken,
        "verify_s": round(time.perf_counter() - started, 1),
    }


# -- the driver ------------------------------------------------------------------------------


def pg_admin(sql: str, url: str = PG_ADMIN_URL) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []


def child(env: dict[str, str], *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        ["nice", sys.executable, __file__, "--worker", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"worker {' '.join(args)} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def prepare(database: str, var: Path) -> dict[str, str]:
    if database == "postgresql":
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
        pg_admin(f"CREATE DATABASE {PG_DB}")
    else:
        url = f"sqlite:///{var / 'arrears.sqlite3'}"
    env = {
        **os.environ,
        "ARREARS_VAR_DIR": str(var),
        "ARREARS_DATABASE_URL": url,
        "ARREARS_TEST_POSTGRES": "0",
        "ARREARS_DEBUG": "0",
    }
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"migrate failed:\n{proc.stderr[-3000:]}")
    print(f"migrate: {time.perf_counter() - started:.1f} s", flush=True)
    return env


def summarise(
    loaded: dict[str, Any],
    first: dict[str, Any],
    work: dict[str, Any],
    steady: dict[str, Any],
    base: dict[str, Any],
    checked: dict[str, Any],
    database: str,
) -> dict[str, Any]:
    """The last line's JSON object."""
    return {
        "accounts": loaded["accounts"],
        "database": database,
        "first_night_s": first["seconds"],
        "steady_night_s": steady["seconds"],
        "peak_rss_gib": max(first["peak_rss_gib"], steady["peak_rss_gib"]),
        "rows_written_first": first["rows_written"],
        "rows_written_steady": steady["rows_written"],
        "wal_mib_steady": steady["wal_mib"],
        "steady_timings": steady["timings"],
        "longest_transaction_first_s": first.get("longest_transaction_s"),
        "longest_transaction_steady_s": steady.get("longest_transaction_s"),
        "extract_snapshot_s": base.get("extract_snapshot_s"),
        "extract_copy_s": base["extract_copy_s"],
        "extract_tuples_s": base["extract_tuples_s"],
        "accounts_rewritten_before": base["accounts_rewritten_before"],
        "contacts_appended": work["contacts"],
        "contacts_append_s": work["contacts_s"],
        "broken_chains": checked["broken_chains"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--keep", action="store_true", help=f"keep the PostgreSQL database {PG_DB}")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        what, *rest = args.worker
        result = {
            "load": lambda: load(int(rest[0])),
            "night": lambda: night(date.fromisoformat(rest[0])),
            "casework": lambda: casework(int(rest[0]), date.fromisoformat(rest[1])),
            "baseline": lambda: baseline(date.fromisoformat(rest[0])),
            "verify": verify,
        }[what]()
        print(json.dumps(result))
        return

    from bench.nightly_bench import machine

    print(f"machine: {machine()}")
    var = Path(tempfile.mkdtemp(prefix="arrears_nightly_db_"))
    try:
        env = prepare(args.database, var)
        loaded = child(env, "load", str(args.accounts))
        print(f"load: {loaded}", flush=True)
        first = child(env, "night", ON.isoformat())
        print(
            f"first night {first['on']}: {first['seconds']} s, {first['rows_written']:,} rows written,"
            f" WAL {first['wal_mib']} MiB, peak {first['peak_rss_gib']} GiB,"
            f" longest write transaction {first['longest_transaction_s']} s",
            flush=True,
        )
        print(f"  steps: {first['timings']}\n  writes: {first['writes']}", flush=True)
        work = child(env, "casework", str(args.accounts), (ON + timedelta(days=1)).isoformat())
        print(f"case work: {work}", flush=True)
        steady = child(env, "night", (ON + timedelta(days=1)).isoformat())
        print(
            f"steady night {steady['on']}: {steady['seconds']} s, {steady['rows_written']:,} rows written"
            f" of {loaded['accounts']:,} accounts, WAL {steady['wal_mib']} MiB,"
            f" peak {steady['peak_rss_gib']} GiB,"
            f" longest write transaction {steady['longest_transaction_s']} s",
            flush=True,
        )
        print(f"  steps: {steady['timings']}\n  writes: {steady['writes']}", flush=True)
        base = child(env, "baseline", (ON + timedelta(days=1)).isoformat())
        print(f"baseline, same database: {base}", flush=True)
        checked = child(env, "verify")
        print(f"evidence: {checked}", flush=True)
    finally:
        shutil.rmtree(var, ignore_errors=True)
        if args.database == "postgresql" and not args.keep:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
    summary = summarise(loaded, first, work, steady, base, checked, args.database)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
