"""Evidence digests and verification at scale: time and peak memory.

    .venv/bin/python bench/evidence_bench.py [--backend postgresql|sqlite] [--sizes 100000,1000000]
                                             [--per-case 10] [--keep]
    .venv/bin/python bench/evidence_bench.py --existing     # the database of the environment (the demo)

A database of its own (PostgreSQL: `arrears_evidence_bench` on ARREARS_BENCH_POSTGRES_URL,
default postgresql://arrears:arrears@127.0.0.1:5432/postgres, created and dropped; SQLite: a
file in a temporary folder) is migrated and filled, size by size, with synthetic cases of
`--per-case` events each, written through `append_many` (the nightly run's bulk path: real
hashes and chains). At each size, each of these runs in a fresh process, so that its peak
resident memory (ru_maxrss) is its own:

- baseline: Django set up and one query, the floor every command stands on;
- chain: every chain recomputed, as `verify_evidence` did before the facts and digests
  (`actions.verify_all`, a thousand cases at a time), the baseline for verify;
- digest: `evidence_digest --full` (every case's head read, signed, into a temporary folder),
  the baseline for the carried digest;
- touch: one event appended to one case in a hundred (a quiet night's share), not timed;
- carried: `evidence_digest` carried forward from the full one (arrears/activity/digest_carry.py:
  the touched chains read again, every other line copied from the full digest);
- verify: `verify_evidence` (every chain recomputed, every case's rows against its events);
- verify --against: the same and the (carried) digest checked against the database.

Printed per size: wall seconds and peak RSS of each, and the digest's size. Memory that
stays flat from one size to the next is what "streaming" means here. With --existing the
bench measures the database the environment points at (ARREARS_DATABASE_URL or
ARREARS_VAR_DIR), without filling it: `make run`'s demo, for instance.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "ARREARS_BENCH_POSTGRES_URL", "postgresql://arrears:arrears@127.0.0.1:5432/postgres"
)
PG_DB = "arrears_evidence_bench"
KEY = "evidence-bench-key-" + "7" * 32


# -- inside the prepared environment ----------------------------------------------------------


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(target: int, per_case: int) -> dict[str, Any]:
    """Add cases of `per_case` events until the database holds `target` events."""
    setup()
    from datetime import date, timedelta

    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from arrears.activity.actions import NewEvent, append_many
    from arrears.activity.models import Event, Kind
    from arrears.cases.models import Case
    from arrears.portfolio.models import Creditor, Debtor

    have = Event.objects.count()
    cases_needed = max(0, (target - have) // per_case)
    creditor, _ = Creditor.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    start = Debtor.objects.filter(creditor=creditor).count()
    batch = max(1, 50_000 // per_case)
    now = timezone.now()
    started = time.perf_counter()
    with tqdm(total=cases_needed * per_case, desc="fill", unit="event", file=sys.stderr) as bar:
        for first in range(start, start + cases_needed, batch):
            n = min(batch, start + cases_needed - first)
            with transaction.atomic():
                debtors = Debtor.objects.bulk_create(
                    [
                        Debtor(creditor=creditor, external_id=f"B{k}", name=f"Debtor {k}")
                        for k in range(first, first + n)
                    ]
                )
                cases = Case.objects.bulk_create(
                    [Case(debtor=d, stage="phone", opened_on=date(2026, 3, 2)) for d in debtors]
                )
                events = []
                for case in cases:
                    events.append(
                        NewEvent(
                            case.pk,
                            Kind.CASE_OPENED,
                            at=now,
                            values={"data": {"on": "2026-03-02", "owner": None, "stage": "phone"}},
                        )
                    )
                    events += [
                        NewEvent(
                            case.pk,
                            Kind.CONTACT,
                            at=now + timedelta(minutes=k),
                            values={
                                "channel": "call",
                                "outcome": "no_answer",
                                "data": {"purpose": "collect"},
                            },
                        )
                        for k in range(1, per_case)
                    ]
                append_many(events)
            bar.update(len(events))
    return {
        "events": Event.objects.count(),
        "cases": Case.objects.count(),
        "fill_s": time.perf_counter() - started,
    }


def measure(what: str, folder: str) -> dict[str, Any]:
    setup()
    import io

    from django.core.management import CommandError, call_command
    from django.db import connection

    from arrears.activity.digest import digests_in

    out = io.StringIO()
    started = time.perf_counter()
    error = None
    if what == "baseline":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    elif what in ("digest", "carried"):
        full = ["--full"] if what == "digest" else []
        call_command("evidence_digest", "--out", folder, *full, "--lang", "en", stdout=out, verbosity=0)
    elif what == "touch":
        from arrears.activity.actions import NewEvent, append_many
        from arrears.activity.models import Kind
        from arrears.cases.models import Case

        ids = list(Case.objects.order_by("pk").values_list("pk", flat=True)[::100])
        append_many([NewEvent(pk, Kind.NOTE, values={"note": "touched"}) for pk in ids])
        out.write(f"{len(ids):,} cases given an event")
    elif what == "chain":
        # What verify_evidence did before the facts and digests: the chains alone.
        from arrears.activity.actions import verify_all
        from arrears.cases.models import Case

        ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        broken = sum(len(list(verify_all(ids[i : i + 1000]))) for i in range(0, len(ids), 1000))
        out.write(f"{len(ids):,} cases, {broken} broken")
    elif what in ("verify", "against"):
        args = ["--against", str(digests_in(Path(folder))[-1])] if what == "against" else []
        try:
            call_command("verify_evidence", *args, "--lang", "en", stdout=out, verbosity=0)
        except CommandError as exc:
            error = str(exc)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "rss_mb": rss, "out": out.getvalue().strip()[-300:], "error": error}


# -- the driver -----------------------------------------------------------------------------------


def run(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--sizes", default="100000,1000000", help="event counts to measure at, ascending")
    parser.add_argument("--per-case", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--existing", action="store_true", help="measure the environment's database as it is")
    parser.add_argument("--worker", choices=["fill", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--to", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--what", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "fill":
        print(json.dumps(fill(args.to, args.per_case)))
        return
    if args.worker == "measure":
        print(json.dumps(measure(args.what, args.folder)))
        return

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cpus, load {os.getloadavg()[0]:.1f}, "
        f"Python {platform.python_version()}"
    )
    env = {**os.environ, "ARREARS_EVIDENCE_KEY": os.environ.get("ARREARS_EVIDENCE_KEY", KEY)}
    tmp = Path(tempfile.mkdtemp(prefix="arrears_evidence_bench_"))
    sizes = [int(s) for s in args.sizes.split(",")]
    try:
        if args.existing:
            sizes = [0]
        elif args.backend == "postgresql":
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
            pg_admin(f"CREATE DATABASE {PG_DB}")
            env["ARREARS_DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"
        else:
            env["ARREARS_VAR_DIR"] = str(tmp)
        if not args.existing:
            env.pop("ARREARS_TEST_POSTGRES", None)
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
                env=env,
                cwd=ROOT,
                check=True,
            )
        for size in sizes:
            if not args.existing:
                filled = run(env, "--worker", "fill", "--to", str(size), "--per-case", str(args.per_case))
                events, cases, seconds = filled["events"], filled["cases"], filled["fill_s"]
                print(f"\n{events:,} events in {cases:,} cases (filled in {seconds:.0f} s)")
                if args.backend == "postgresql":
                    subprocess.run(
                        ["psql", env["ARREARS_DATABASE_URL"], "-q", "-c", "VACUUM ANALYZE"],
                        check=True,
                        env=env,
                    )
            folder = tmp / f"digests-{size}"
            for what in ("baseline", "digest", "touch", "carried", "chain", "verify", "against"):
                result = run(env, "--worker", "measure", "--what", what, "--folder", str(folder))
                extra = ""
                if what in ("digest", "carried"):
                    path = max(folder.glob("digest-*.jsonl"), key=lambda p: p.stat().st_mtime_ns)
                    extra = f"  file {path.stat().st_size / 1e6:.1f} MB"
                if result["error"]:
                    extra += f"  ERROR {result['error']}"
                print(f"  {what:<9} {result['seconds']:8.2f} s  peak RSS {result['rss_mb']:7.1f} MiB{extra}")
                if what != "baseline":
                    print(f"            {result['out'].splitlines()[-1] if result['out'] else ''}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if args.backend == "postgresql" and not args.keep and not args.existing:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")


if __name__ == "__main__":
    main()
