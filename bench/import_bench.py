"""Import throughput: `import_portfolio` on a generated file, SQLite and PostgreSQL.

    .venv/bin/python bench/import_bench.py [--rows 1000000] [--baseline-rows 20000]

Generates a portfolio file (5 instalments per account, so 1,000,000 rows = 200,000
debtors and accounts), then for each database, in a fresh child process and a fresh
database: migrates, imports the file and reports rows per second, then imports it again
(nothing to change) and reports that too. The baseline, in the same run and on the same
database, is the straightforward implementation: the same rows through the Django ORM
(get_or_create per debtor and account, bulk_create for due items). PostgreSQL is used
where ARREARS_BENCH_POSTGRES_URL (default postgresql://arrears:arrears@127.0.0.1:5432/postgres)
answers; the role needs CREATEDB. ARREARS_BENCH_POSTGRES_DATABASE names the database it
creates afresh (default arrears_import_bench).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_ADMIN_URL = os.environ.get(
    "ARREARS_BENCH_POSTGRES_URL", "postgresql://arrears:arrears@127.0.0.1:5432/postgres"
)
# The database the PostgreSQL run creates afresh; another name lets two runs share a server.
PG_DATABASE = os.environ.get("ARREARS_BENCH_POSTGRES_DATABASE", "arrears_import_bench")
HEADER = [
    "creditor",
    "account_id",
    "debtor_id",
    "debtor_name",
    "national_id",
    "jurisdiction",
    "product",
    "currency",
    "credit_limit",
    "due_id",
    "due_kind",
    "due_date",
    "amount_due",
    "phone",
]


def generate(path: Path, rows: int) -> None:
    rng = random.Random(42)
    start = date(2026, 1, 5)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            account, k = divmod(n, 5)
            if k == 0:
                amount = rng.randrange(300, 5000)
                base = [
                    "bench",
                    f"L{account:08d}",
                    f"D{account:08d}",
                    f"Debtor {account}",
                    f"3101{account:014d}",
                    "CN",
                    "consumer_loan",
                    "CNY",
                    str(amount * 5),
                ]
                phone = f"199{account:08d}"
            writer.writerow(
                [
                    *base,
                    f"I{k + 1}",
                    "instalment",
                    (start + timedelta(days=30 * k)).isoformat(),
                    f"{amount}.{rng.randrange(100):02d}",
                    phone,
                ]
            )


def child(db: str, path: Path, baseline_rows: int) -> None:
    """Runs in a fresh process whose ARREARS_DATABASE_URL points at a fresh database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from arrears.portfolio.importing import import_portfolio
    from arrears.portfolio.models import Account, Creditor, Debtor, DueItem

    call_command("migrate", verbosity=0)
    Creditor.objects.create(code="bench", name="Bench")
    rows = sum(1 for _ in path.open(encoding="utf-8")) - 1

    started, cpu = time.perf_counter(), time.process_time()
    result = import_portfolio(path)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert result.kept_rows == rows, result.errors[:5]
    started, cpu = time.perf_counter(), time.process_time()
    again = import_portfolio(path)
    second, second_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert sum(again.created.values()) == 0

    # Baseline: the same rows, the ORM way, into a second creditor.
    base_creditor = Creditor.objects.create(code="orm", name="ORM baseline")
    sample = []
    with path.open(encoding="utf-8") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if i >= baseline_rows:
                break
            sample.append(row)
    started = time.perf_counter()
    with transaction.atomic():
        items = []
        for row in sample:
            debtor, _ = Debtor.objects.get_or_create(
                creditor=base_creditor,
                external_id=row["debtor_id"],
                defaults={
                    "name": row["debtor_name"],
                    "national_id": row["national_id"],
                    "jurisdiction": "CN",
                },
            )
            account, _ = Account.objects.get_or_create(
                creditor=base_creditor,
                external_id=row["account_id"],
                defaults={
                    "debtor": debtor,
                    "product": row["product"],
                    "currency": row["currency"],
                    "credit_limit": row["credit_limit"],
                },
            )
            items.append(
                DueItem(
                    account=account,
                    external_id=row["due_id"],
                    kind="instalment",
                    due_date=row["due_date"],
                    amount_due=row["amount_due"],
                )
            )
        DueItem.objects.bulk_create(items, batch_size=2000)
    baseline = time.perf_counter() - started
    print(
        json.dumps(
            {
                "db": db,
                "vendor": connection.vendor,
                "rows": rows,
                "first_s": first,
                "again_s": second,
                # CPU time of the importing process: on a loaded machine steadier than wall
                # time (on PostgreSQL the server's own work is not in it).
                "first_cpu_s": first_cpu,
                "again_cpu_s": second_cpu,
                "rows_per_s": rows / first,
                "again_rows_per_s": rows / second,
                "baseline_rows": len(sample),
                "baseline_rows_per_s": len(sample) / baseline,
            }
        )
    )


def run_child(db: str, url: str, path: Path, baseline_rows: int) -> dict:
    env = {**os.environ, "ARREARS_DATABASE_URL": url, "ARREARS_TEST_POSTGRES": "0"}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", db, "--file", str(path), "--baseline-rows", str(baseline_rows)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{db} run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def postgres_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
            conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    except Exception as exc:  # any failure means "no PostgreSQL here"
        print(f"PostgreSQL not available ({exc.__class__.__name__}: {exc}); skipping it.")
        return None
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=20_000)
    parser.add_argument("--child")
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file, args.baseline_rows)
        return

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"portfolio_{args.rows}.csv"
    if not path.exists():
        print(f"generating {args.rows:,} rows -> {path}")
        generate(path, args.rows)
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run_child("sqlite", f"sqlite:///{tmp}/bench.sqlite3", path, args.baseline_rows))
    url = postgres_url()
    if url:
        results.append(run_child("postgresql", url, path, args.baseline_rows))
    print(
        f"\n{'database':<11} {'rows':>10} {'import s':>9} {'cpu s':>6} {'rows/s':>9} "
        f"{'re-import rows/s':>17} {'re-import cpu s':>16} {'ORM baseline rows/s':>20} {'speed-up':>9}"
    )
    for r in results:
        print(
            f"{r['db']:<11} {r['rows']:>10,} {r['first_s']:>9.1f} {r['first_cpu_s']:>6.1f} "
            f"{r['rows_per_s']:>9,.0f} {r['again_rows_per_s']:>17,.0f} {r['again_cpu_s']:>16.1f} "
            f"{r['baseline_rows_per_s']:>20,.0f} "
            f"{r['rows_per_s'] / r['baseline_rows_per_s']:>8.1f}x"
        )
    targets = {"sqlite": 20_000, "postgresql": 50_000}
    for r in results:
        ok = r["rows_per_s"] >= targets[r["db"]]
        print(f"target {r['db']}: >= {targets[r['db']]:,} rows/s: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
