"""Workbench page latency: the collector's queue (/work/) and the case page (/cases/<id>/).

    .venv/bin/python bench/pages_bench.py [--backend sqlite|postgresql|both] [--requests 200] [--keep]

For each backend, a database of its own is made and loaded with the demo portfolio (the
30,000 UCI card accounts, the synthetic creditors and their contacts, the demo users, one
nightly run) by `manage.py migrate` and `manage.py load_demo`, run as subprocesses:

- SQLite: a file in a temporary directory (ARREARS_VAR_DIR=<tmp>);
- PostgreSQL: the database `arrears_pages_bench` on ARREARS_BENCH_POSTGRES_URL (default
  postgresql://arrears:arrears@127.0.0.1:5432/postgres; the role needs CREATEDB), created
  and dropped by the bench.

The bench then re-invokes itself with --worker in that environment. The worker signs in as
the demo collector (`collector`, team 电话催收一组, about 700 open cases) with
django.test.Client, warms up, and then, N times, requests in turn:

- the baseline: GET /login/ as the signed-in collector, the framework's floor (middleware,
  session and user look-up, the user's language, a template render; no case data);
- the queue: GET /work/ (the first page of today's queue, 60 rows);
- a case page: GET /cases/<public_id>/, a different case of the collector's each time.

Interleaving the three spreads any load from other processes evenly over them. Each request
is timed with time.perf_counter (the whole Django request/response cycle in this process,
no network) and its SQL is captured (CaptureQueriesContext), which gives the queries per
page and the SQL time. Printed per backend: p50/p95/p99/max in ms, queries per page, SQL
time, the ratio to the baseline, PASS/FAIL against the target (p95 < 100 ms), and the
slowest SQL of one queue page and one case page with their times.

--keep: keep the databases after the run (in <tmpdir>/arrears_pages_bench/ and the
PostgreSQL database arrears_pages_bench) and reuse them, without loading again, on the next
run with --keep. Without it every run loads fresh databases and drops them at the end.

On PostgreSQL the bench runs ANALYZE before measuring, as autovacuum would within a minute
or so of the load; --no-analyze measures straight after a fresh load instead, with no
planner statistics (the state right after `load_demo`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "ARREARS_BENCH_POSTGRES_URL", "postgresql://arrears:arrears@127.0.0.1:5432/postgres"
)
PG_DB = "arrears_pages_bench"
KEEP_DIR = Path(tempfile.gettempdir()) / "arrears_pages_bench"
MARKER = "pages_bench_loaded"  # written in the var dir once migrate + load_demo succeeded
USER, PASSWORD = "collector", "collector-demo"
TARGET_MS = 100.0
WARMUP = 10
TRANSACTION = {"BEGIN", "COMMIT", "ROLLBACK"}
PAGES = ("baseline", "queue", "case")
LABELS = {"baseline": "baseline GET /login/", "queue": "queue GET /work/", "case": "case GET /cases/<id>/"}


# -- the worker: runs inside the prepared environment ----------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def shape(sql: str) -> str:
    """The query with its literals replaced, to group the same query over many requests."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b[0-9a-f]{32}\b|\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\(\?(?:, \?)+\)", "(?...)", sql)


def worker(requests: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.http import HttpRequest
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from tqdm import tqdm

    from arrears.cases.models import Case

    client = Client()
    # django-axes needs the request a sign-in comes with.
    if not client.login(request=HttpRequest(), username=USER, password=PASSWORD):
        raise SystemExit(f"cannot sign in as {USER}")
    ids = list(
        Case.objects.filter(owner__username=USER, status=Case.Status.OPEN)
        .order_by("-priority", "pk")
        .values_list("public_id", flat=True)
    )
    if not ids:
        raise SystemExit(f"{USER} owns no open cases: is the demo loaded?")
    needed = WARMUP + requests
    if len(ids) < needed:
        print(
            f"note: {USER} has {len(ids)} open cases, fewer than {needed}; some case pages repeat",
            file=sys.stderr,
        )
    urls = [f"/cases/{ids[i % len(ids)]}/" for i in range(needed)]
    warm, measured = urls[:WARMUP], urls[WARMUP:]

    durations: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        # CaptureQueriesContext keeps times to the millisecond only; this keeps them exactly.
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            durations.append(time.perf_counter() - started)

    def get(url: str) -> tuple[float, list[dict[str, Any]], int]:
        durations.clear()
        connection.queries_log.clear()  # a deque of 9000: a full one would break the capture
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: HTTP {response.status_code}")
        # Transactions (BEGIN, COMMIT, ROLLBACK) are captured but do not pass the wrapper.
        timings = iter(durations)
        queries = [
            {"sql": q["sql"], "time": float(q["time"]) if q["sql"] in TRANSACTION else next(timings)}
            for q in captured.captured_queries
        ]
        return elapsed * 1000, queries, len(response.content)

    for url in warm:
        get("/login/")
        get("/work/")
        get(url)

    times: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, list[int]] = defaultdict(list)
    sql_ms: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = {}
    # Per page, per query shape: total seconds and how often it ran.
    shapes: dict[str, dict[str, list[float]]] = {p: defaultdict(lambda: [0.0, 0]) for p in PAGES}
    samples: dict[str, tuple[float, list[dict[str, Any]]]] = {}
    busiest: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for url in tqdm(measured, desc=f"{connection.vendor} pages", unit="round", file=sys.stderr):
        for page, target in (("baseline", "/login/"), ("queue", "/work/"), ("case", url)):
            ms, queries, size = get(target)
            times[page].append(ms)
            counts[page].append(len(queries))
            sql_ms[page].append(sum(float(q["time"]) for q in queries) * 1000)
            sizes[page] = size
            for q in queries:
                entry = shapes[page][shape(q["sql"])]
                entry[0] += float(q["time"])
                entry[1] += 1
            if page not in busiest or len(queries) > len(busiest[page][1]):
                busiest[page] = (target, queries)
            # The request halfway through the run is the profiled sample.
            if page not in samples or len(times[page]) == len(measured) // 2:
                samples[page] = (ms, queries)

    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "requests": len(measured),
        "distinct_cases": len(set(measured)),
        "pages": {},
    }
    for page in PAGES:
        walls = times[page]
        top = sorted(shapes[page].items(), key=lambda kv: kv[1][0], reverse=True)[:5]
        sample_ms, sample_queries = samples[page]
        slowest = sorted(sample_queries, key=lambda q: float(q["time"]), reverse=True)[:3]
        result["pages"][page] = {
            "p50": percentile(walls, 50),
            "p95": percentile(walls, 95),
            "p99": percentile(walls, 99),
            "max": max(walls),
            "mean": sum(walls) / len(walls),
            "queries_min": min(counts[page]),
            "queries_max": max(counts[page]),
            "queries_median": percentile([float(c) for c in counts[page]], 50),
            "sql_ms_p50": percentile(sql_ms[page], 50),
            "sql_ms_p95": percentile(sql_ms[page], 95),
            "bytes": sizes[page],
            "top_shapes": [
                {"ms_per_request": total * 1000 / len(walls), "runs_per_request": n / len(walls), "sql": sql}
                for sql, (total, n) in top
            ],
            "sample_ms": sample_ms,
            "busiest_url": busiest[page][0],
            "busiest_repeats": [
                [n, sql]
                for sql, n in Counter(shape(q["sql"]) for q in busiest[page][1]).most_common()
                if n > 1
            ],
            "sample_slowest": [{"ms": float(q["time"]) * 1000, "sql": q["sql"]} for q in slowest],
        }
    print(json.dumps(result))


# -- the driver: prepares each database and runs the worker in it ----------------------------


def run(cmd: list[str], env: dict[str, str], what: str) -> None:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    print(f"  {what}: {time.perf_counter() - started:.1f} s")


def pg_admin(
    sql: str, params: tuple[Any, ...] | None = None, url: str = PG_ADMIN_URL
) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def var_dir(backend: str, keep: bool) -> Path:
    if keep:
        var = KEEP_DIR / backend
        var.mkdir(parents=True, exist_ok=True)
        return var
    return Path(tempfile.mkdtemp(prefix=f"arrears_pages_{backend}_"))


def prepare(backend: str, var: Path, keep: bool, analyze: bool) -> dict[str, str]:
    """The environment of a loaded database for `backend` whose files live in `var`."""
    if backend == "sqlite":
        url = f"sqlite:///{var / 'arrears.sqlite3'}"
        exists = (var / "arrears.sqlite3").exists()
    else:
        exists = bool(pg_admin("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DB,)))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"
    env = {
        **os.environ,
        "ARREARS_VAR_DIR": str(var),
        "ARREARS_DATABASE_URL": url,
        "ARREARS_TEST_POSTGRES": "0",
        "ARREARS_DEBUG": "0",
    }
    if keep and exists and (var / MARKER).exists():
        print(f"{backend}: reusing the loaded database ({url}) (--keep)")
    else:
        load(backend, env, var)
    if backend == "postgresql" and analyze:
        # Autovacuum analyses the freshly loaded tables within a minute or so; measure that
        # steady state rather than the first minute's plans without statistics.
        started = time.perf_counter()
        pg_admin("ANALYZE", url=url)
        print(f"  ANALYZE: {time.perf_counter() - started:.1f} s")
    return env


def load(backend: str, env: dict[str, str], var: Path) -> None:
    url = env["ARREARS_DATABASE_URL"]
    print(f"{backend}: loading the demo into a fresh database ({url})")
    if backend == "sqlite":
        (var / "arrears.sqlite3").unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            (var / f"arrears.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
        pg_admin(f"CREATE DATABASE {PG_DB}")
    (var / MARKER).unlink(missing_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    run([*manage, "migrate", "-v0"], env, "manage.py migrate")
    run([*manage, "load_demo", "-v0"], env, "manage.py load_demo")
    (var / MARKER).write_text(url + "\n")


def cleanup(backend: str, var: Path) -> None:
    shutil.rmtree(var, ignore_errors=True)
    if backend == "postgresql":
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")


def measure(backend: str, env: dict[str, str], requests: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", "--requests", str(requests)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,  # stderr: tqdm
    )
    if proc.returncode != 0:
        raise SystemExit(f"{backend} worker failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = next(
            line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
        )
        gib = int(mem.split()[1]) / 1024**2
    except (OSError, StopIteration):
        gib = 0.0
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.platform()}, {model or platform.machine()}, {os.cpu_count()} cpus, "
        f"{gib:.0f} GiB, Python {platform.python_version()}, load average {load}"
    )


def report(backend: str, r: dict[str, Any]) -> bool:
    pages = r["pages"]
    base = pages["baseline"]
    print(f"\n{backend} ({r['requests']} rounds; {r['distinct_cases']} distinct case pages)")
    print(
        f"{'page':<24}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}{'queries':>9}"
        f"{'SQL ms p50':>11}{'KiB':>6}{'p50/base':>9}{'p95/base':>9}  target p95 < 100 ms"
    )
    ok = True
    for page in PAGES:
        p = pages[page]
        queries = (
            f"{p['queries_min']}"
            if p["queries_min"] == p["queries_max"]
            else f"{p['queries_min']}-{p['queries_max']}"
        )
        verdict = ""
        if page != "baseline":
            passed = p["p95"] < TARGET_MS
            ok &= passed
            verdict = "PASS" if passed else "FAIL"
        print(
            f"{LABELS[page]:<24}{p['p50']:>8.1f}{p['p95']:>8.1f}{p['p99']:>8.1f}{p['max']:>8.1f}"
            f"{queries:>9}{p['sql_ms_p50']:>11.1f}{p['bytes'] / 1024:>6.0f}"
            f"{p['p50'] / base['p50']:>8.1f}x{p['p95'] / base['p95']:>8.1f}x  {verdict}"
        )
    for page in ("queue", "case"):
        p = pages[page]
        print(f"\n  {LABELS[page]}: queries by total time per request (all {r['requests']} requests)")
        for s in p["top_shapes"]:
            print(f"    {s['ms_per_request']:7.2f} ms  x{s['runs_per_request']:.1f}  {s['sql'][:200]}")
        if p["queries_max"] > p["queries_min"]:
            print(f"  queries run more than once on the page with most queries ({p['busiest_url']}):")
            for n, sql in p["busiest_repeats"]:
                print(f"    x{n:<3} {sql[:200]}")
        print(f"  slowest SQL of one {page} page ({p['sample_ms']:.1f} ms in all):")
        for q in p["sample_slowest"]:
            print(f"    {q['ms']:7.2f} ms  {q['sql'][:600]}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help=f"keep the loaded databases ({KEEP_DIR}, PostgreSQL {PG_DB}) and reuse them",
    )
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="PostgreSQL: measure straight after the load, without ANALYZE (no planner statistics yet)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.requests)
        return

    print(f"machine: {machine()}")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results: dict[str, dict[str, Any]] = {}
    for backend in backends:
        if backend == "postgresql":
            try:
                version = pg_admin("SHOW server_version")[0][0]
            except Exception as exc:  # any failure means "no PostgreSQL here"
                print(f"PostgreSQL not available ({exc.__class__.__name__}: {exc}); skipping it.")
                continue
            print(f"PostgreSQL {version}")
        var = var_dir(backend, args.keep)
        try:
            env = prepare(backend, var, args.keep, not args.no_analyze)
            results[backend] = measure(backend, env, args.requests)
        finally:
            if not args.keep:
                cleanup(backend, var)
    verdicts = {backend: report(backend, r) for backend, r in results.items()}
    print()
    for backend, ok in verdicts.items():
        print(
            f"target p95 < {TARGET_MS:.0f} ms for /work/ and /cases/<id>/ on {backend}: "
            f"{'met' if ok else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
