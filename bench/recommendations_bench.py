"""Deciding a group of stage moves: the lead's one action over 1,000 recommendations.

    .venv/bin/python bench/recommendations_bench.py [--backend sqlite|postgresql|both]
        [--cases 1000] [--baseline 100]

For each backend a database of its own is made and loaded with the demo (`migrate`,
`load_demo`, as subprocesses; SQLite in a temporary directory, PostgreSQL as the database
`arrears_recs_bench` on ARREARS_BENCH_POSTGRES_URL, default
postgresql://arrears:arrears@127.0.0.1:5432/postgres), then the bench re-invokes itself
with --worker there and, signed in as the demo lead with django.test.Client:

- baseline: --baseline recommendations decided one by one the way the old paginated list
  did, `decide_recommendation` with its replan of the debtor after each move;
- grouped: the biggest pending group, limited to --cases recommendations (the signed group
  token's "upto"), confirmed through POST /team/recommendations/ as HTMX sends it: the
  answer either says it is done or shows the progress and the page posts again, which the
  bench does the same way, until done.

Printed: seconds in all, requests, recommendations per second for both, the CPU time of
the bench's own process (on SQLite all the work is in it, so on a busy machine that is
close to what the wall time would be on an idle one), and the check that every case of the
group moved and has its stage_changed event. The load average is printed too: the machine
is shared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("ARREARS_BENCH_POSTGRES_URL", "postgresql://arrears:arrears@127.0.0.1:5432/postgres")
PG_DB = "arrears_recs_bench"


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def _backend(name: str, args: argparse.Namespace) -> None:
    env = dict(os.environ)
    tmp = tempfile.mkdtemp(prefix="arrears_recs_bench_")
    env["ARREARS_VAR_DIR"] = tmp
    if name == "postgresql":
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        env["ARREARS_DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + "/" + PG_DB
    else:
        env["ARREARS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    started = time.perf_counter()
    _run(env, "migrate", "--no-input")
    _run(env, "load_demo")
    print(f"[{name}] demo loaded in {time.perf_counter() - started:.0f} s")
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            "--label",
            name,
            "--cases",
            str(args.cases),
            "--baseline",
            str(args.baseline),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    if name == "postgresql":
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


def _worker(args: argparse.Namespace) -> None:
    import re

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.core import signing
    from django.test import Client

    from arrears.activity.models import Event, Kind
    from arrears.cases import actions
    from arrears.cases.models import StageRecommendation
    from arrears.cases.views.recommendations import SALT, _members, recommendation_groups

    lead = User.objects.get(username="lead")
    groups = sorted(recommendation_groups(lead), key=lambda g: -g.count)
    big, other = groups[0], groups[1]
    assert big.count >= args.cases, f"the biggest group has {big.count} moves, fewer than {args.cases}"

    # Baseline: one by one, each with its own replan, from another group.
    base = list(_members(lead, {**other.key, "upto": other.upto}).select_related("case")[: args.baseline])
    started, cpu = time.perf_counter(), time.process_time()
    for rec in base:
        actions.decide_recommendation(rec, lead, confirm=True, reason="bench")
    base_s, base_cpu = time.perf_counter() - started, time.process_time() - cpu

    # Grouped: the first --cases moves of the biggest group, as the page posts them.
    ids = list(_members(lead, {**big.key, "upto": big.upto}).order_by("pk").values_list("pk", flat=True))
    upto = ids[args.cases - 1]
    token = signing.dumps({**big.key, "upto": upto}, salt=SALT)
    client = Client()
    client.force_login(lead)
    data = {"group": token, "decision": "confirm", "reason": "bench: 批量确认"}
    requests, slowest = 0, 0.0
    started, cpu = time.perf_counter(), time.process_time()
    while True:
        t = time.perf_counter()
        html = client.post("/team/recommendations/", data, HTTP_HX_REQUEST="true").content.decode()
        slowest = max(slowest, time.perf_counter() - t)
        requests += 1
        progress = re.search(r'<progress max="(\d+)" value="(\d+)">', html)
        if progress is None:
            break
        data = dict(data, done=progress.group(2))
    group_s, group_cpu = time.perf_counter() - started, time.process_time() - cpu
    decided = StageRecommendation.objects.filter(pk__in=ids[: args.cases], status="applied")
    events = Event.objects.filter(
        kind=Kind.STAGE_CHANGED, case_id__in=decided.values("case_id"), note__contains="bench: 批量确认"
    ).count()
    load = os.getloadavg()
    print(
        f"[{args.label}] baseline one by one: {len(base)} in {base_s:.1f} s ({len(base) / base_s:.0f}/s; "
        f"CPU of this process {base_cpu:.1f} s)\n"
        f"[{args.label}] grouped: {decided.count()} of {args.cases} in {group_s:.1f} s "
        f"({args.cases / group_s:.0f}/s, {requests} requests, slowest {slowest:.1f} s; "
        f"CPU of this process {group_cpu:.1f} s), "
        f"{events} stage_changed events with the reason\n"
        f"[{args.label}] speed-up per recommendation: {(args.cases / group_s) / (len(base) / base_s):.1f}x; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
    )
    assert decided.count() == args.cases == events


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=100)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if args.worker:
        _worker(args)
        return
    for name in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        _backend(name, args)


if __name__ == "__main__":
    main()
