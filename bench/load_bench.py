"""Load: many collectors working the demo at once, through gunicorn on PostgreSQL.

    nice .venv/bin/python bench/load_bench.py [--sessions 50] [--duration 90] [--think 3.0]
        [--workers 6] [--threads 2] [--port 8171] [--keep]

1. A database of its own (`arrears_load_bench` on ARREARS_BENCH_POSTGRES_URL, default
   postgresql://arrears:arrears@127.0.0.1:5432/postgres; the role needs CREATEDB): dropped,
   created, migrated and loaded with the demo (`manage.py load_demo`: the 30,000 UCI
   accounts, the synthetic creditors, one nightly run).
2. N collectors (`load01`...) join the team that works the UCI and consumer-loan books, and
   the demo's own collectors of that team are made inactive, so that the next nightly run
   hands their open cases to the N (rule "previous owner inactive", with an Assignment row
   and an event each) and plans each one's day within capacity. --keep reuses the
   database of a previous run (the steps above are skipped).
3. gunicorn serves the app (`arrears.wsgi`, gthread workers: 6 x 2 threads by default, more
   processes than threads since the work is Python under its lock) with
   ARREARS_DEBUG=0; the bench waits for it to answer.
4. N sessions, one thread each, sign in as their collector (GET /login/ for the CSRF token,
   POST the form: a real session cookie) and, for --duration seconds (at most 120), work
   their day: open the queue (GET /work/), open the next case of it (GET /cases/<id>/),
   log a call (POST /cases/<id>/contact/ with the page's CSRF token and the first contact
   point of the log-a-contact form, as the browser's form does with HTMX), again. Between
   requests each session waits a random think time (exponential, mean --think seconds,
   3 by default: a collector reads the page before the next click; one who phones takes
   minutes a case, so this is a stress pace). The clock starts when every session has
   signed in; the first --warmup seconds after that are not counted.
5. Printed: requests and throughput per endpoint, p50/p95/p99/max latency (the whole HTTP
   request, from this process), errors (HTTP status >= 400 or no answer), contacts the
   gate refused (they are answers, not errors), PASS/FAIL against the targets (p95 < 300 ms
   for pages, < 500 ms for logging a contact, no error), the machine's load; then
   gunicorn is stopped and `manage.py verify_evidence` checks every case's chain.

The gate must allow the calls: run it inside the CN calling window (08:00-21:00 in
Asia/Shanghai), else most contacts are refusals (reported).
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_ADMIN_URL = os.environ.get(
    "ARREARS_BENCH_POSTGRES_URL", "postgresql://arrears:arrears@127.0.0.1:5432/postgres"
)
DB = "arrears_load_bench"
TEAM = "电话催收一组"
PASSWORD = "load-bench-pw-7"  # noqa: S105 - bench users of a throw-away database
TARGETS_MS = {"queue": 300.0, "case": 300.0, "contact": 500.0, "login": 300.0}
ENDPOINTS = ("login", "queue", "case", "contact")
CASE_LINK = re.compile(r'href="/cases/([0-9a-f-]{36})/" data-testid="queue-case"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POINT = re.compile(
    r'<select name="contact_point" data-testid="contact-point"><option value="([0-9a-f-]{36})"'
)
OUTCOMES = ["no_answer"] * 6 + ["busy"] * 2 + ["right_party_contact"] * 2
# Seconds between two sessions' sign-ins.
LOGIN_SPACING = 0.4


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def db_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def environment(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ARREARS_DATABASE_URL=db_url(DB),
        ARREARS_VAR_DIR=str(var_dir),
        ARREARS_DEBUG="0",
        DJANGO_SETTINGS_MODULE="arrears.settings",
    )
    return env


def run(cmd: list[str], env: dict[str, str]) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def prepare(sessions: int, env: dict[str, str]) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    run([PY, "manage.py", "load_demo"], env)
    run([PY, __file__, "--setup", str(sessions)], env)


def setup_collectors(n: int) -> None:
    """Inside the bench's database: N collectors take over the team's book (see the module)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from arrears.core.models import Profile, Role, Team
    from arrears.strategy.shell import run_nightly

    user_model = get_user_model()
    team = Team.objects.get(name=TEAM)
    with transaction.atomic():
        demo = user_model.objects.filter(profile__team=team, profile__role=Role.COLLECTOR)
        demo.exclude(username__startswith="load").update(is_active=False)
        for k in range(1, n + 1):
            user, _ = user_model.objects.get_or_create(username=f"load{k:02d}")
            user.set_password(PASSWORD)
            user.is_active = True
            user.save()
            Profile.objects.update_or_create(
                user=user, defaults={"role": Role.COLLECTOR, "team": team, "language": "zh-hans"}
            )
    night = run_nightly(timezone.localdate(), progress=True)
    print(f"nightly: {night.counts.get('cases_reassigned', 0)} cases handed to the {n} bench collectors")


class Session(threading.Thread):
    """One collector: sign in, then queue -> case -> log a call, with think time."""

    def __init__(self, bench: Bench, username: str, seed: int, delay: float) -> None:
        super().__init__(daemon=True)
        self.bench, self.username, self.delay = bench, username, delay
        self.random = random.Random(seed)
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        self.jar = jar

    def csrf_cookie(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, endpoint: str, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        url = self.bench.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)  # noqa: S310 - http://127.0.0.1 only
        if data is not None:
            request.add_header("X-CSRFToken", self.csrf_cookie())
            request.add_header("Referer", url)
        if endpoint == "contact":
            # As the page's form posts it: an HTMX request that swaps the case body.
            request.add_header("HX-Request", "true")
            request.add_header("HX-Target", "case-body")
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        except OSError as exc:
            status, text = 0, str(exc)
        self.bench.record(endpoint, (time.perf_counter() - start) * 1000, status, text)
        return status, text

    def think(self) -> None:
        if self.bench.think > 0:
            time.sleep(min(self.random.expovariate(1 / self.bench.think), 5 * self.bench.think))

    def run(self) -> None:
        # Sign-ins spread over the first seconds: each is a deliberately slow password hash
        # (PBKDF2), and fifty at once is a burst no collector's day has.
        time.sleep(self.delay)
        status, page = self.request("login", "/login/")
        token = CSRF.search(page)
        status, _ = self.request(
            "login",
            "/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
        )
        self.bench.signed_in(status == 302)
        if status != 302:
            return
        seen: set[str] = set()
        while time.monotonic() < self.bench.end:
            self.think()
            status, queue = self.request("queue", "/work/")
            cases = [c for c in CASE_LINK.findall(queue) if c not in seen]
            if not cases:
                continue
            case = cases[0]
            seen.add(case)
            self.think()
            status, page = self.request("case", f"/cases/{case}/")
            token, point = CSRF.search(page), POINT.search(page)
            if status != 200 or token is None or point is None:
                continue
            self.think()
            self.request(
                "contact",
                f"/cases/{case}/contact/",
                {
                    "csrfmiddlewaretoken": html.unescape(token.group(1)),
                    "contact_point": point.group(1),
                    "channel": "call",
                    "outcome": self.random.choice(OUTCOMES),
                },
            )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Bench:
    """What the sessions share. The clock starts once every session has signed in (the
    password hashing of 50 sign-ins is a burst of its own), then the warm-up, then the
    counted duration."""

    def __init__(self, base: str, think: float, sessions: int, warmup: float, duration: float) -> None:
        self.base, self.think = base, think
        self.warmup, self.duration = warmup, duration
        self.waiting = sessions
        self.start_counting = self.end = float("inf")
        self.ready = threading.Event()
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.blocked = 0
        self.samples: list[str] = []

    def signed_in(self, ok: bool) -> None:
        with self.lock:
            self.waiting -= 1
            if self.waiting == 0:
                now = time.monotonic()
                self.start_counting = now + self.warmup
                self.end = self.start_counting + self.duration
                self.ready.set()
        self.ready.wait()

    def record(self, endpoint: str, ms: float, status: int, text: str) -> None:
        if endpoint != "login" and not self.start_counting <= time.monotonic() < self.end:
            return
        with self.lock:
            self.times[endpoint].append(ms)
            if status == 0 or status >= 400:
                self.errors[endpoint] += 1
                if len(self.samples) < 5:
                    self.samples.append(f"{endpoint} {status}: {text[:200]!r}")
            elif endpoint == "contact" and 'data-testid="blocked"' in text:
                self.blocked += 1


def wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/login/", timeout=2):  # noqa: S310 - http://127.0.0.1
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=90, help="seconds of load, at most 120")
    parser.add_argument("--warmup", type=float, default=10, help="seconds at the start not counted")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time between requests, s")
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8171)
    parser.add_argument("--keep", action="store_true", help="reuse the database of a previous run")
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup_collectors(args.setup)
        return 0
    if not 0 < args.duration <= 120:
        parser.error("--duration: more than 0, at most 120 seconds")
    var_dir = Path(tempfile.gettempdir()) / "arrears_load_bench"
    var_dir.mkdir(exist_ok=True)
    env = environment(var_dir)
    if not (args.keep and (var_dir / "loaded").exists()):
        (var_dir / "loaded").unlink(missing_ok=True)
        prepare(args.sessions, env)
        (var_dir / "loaded").write_text(str(args.sessions))
    server = subprocess.Popen(
        [
            GUNICORN,
            "arrears.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        wait_for(base)
        bench = Bench(base, args.think, args.sessions, args.warmup, args.duration)
        load_before = os.getloadavg()
        spread = args.sessions * LOGIN_SPACING
        sessions = [
            Session(bench, f"load{k:02d}", k, spread * (k - 1) / args.sessions)
            for k in range(1, args.sessions + 1)
        ]
        for s in sessions:
            s.start()
        for s in sessions:
            s.join(timeout=args.warmup + args.duration + 300)
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(bench, args, load_before, load_after)
    print("$ manage.py verify_evidence", flush=True)
    verified = subprocess.run([PY, "manage.py", "verify_evidence"], cwd=ROOT, env=env, check=False)
    failed = any(bench.errors.values()) or verified.returncode != 0
    for endpoint in ("queue", "case", "contact"):
        times = bench.times.get(endpoint, [])
        failed = failed or not times or percentile(times, 95) >= TARGETS_MS[endpoint]
    print("verdict:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


def report(
    bench: Bench, args: argparse.Namespace, before: tuple[float, ...], after: tuple[float, ...]
) -> None:
    print(
        f"\nload bench: {platform.node()}, {os.cpu_count()} cores, gunicorn {args.workers} workers x"
        f" {args.threads} threads, {args.sessions} sessions, {args.duration:.0f} s counted after"
        f" {args.warmup:.0f} s warm-up, think time {args.think} s; load average before"
        f" {before[0]:.1f}, after {after[0]:.1f} (1 min)"
    )
    head = ("endpoint", "requests", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
    print(f"{head[0]:<9} " + " ".join(f"{h:>8}" for h in head[1:]))
    total = 0
    for endpoint in ENDPOINTS:
        times = bench.times.get(endpoint, [])
        if not times:
            continue
        # Sign-ins happen before the clock starts: no rate for them.
        rate = f"{len(times) / args.duration:.1f}" if endpoint != "login" else "-"
        total += len(times) if endpoint != "login" else 0
        print(
            f"{endpoint:<9} {len(times):>8} {rate:>8} {percentile(times, 50):>8.1f}"
            f" {percentile(times, 95):>8.1f} {percentile(times, 99):>8.1f} {max(times):>8.1f}"
            f" {bench.errors.get(endpoint, 0):>8}"
        )
    print(f"throughput: {total / args.duration:.1f} requests/s (queue, case, contact)")
    print(f"contacts refused by the gate: {bench.blocked}")
    for sample in bench.samples:
        print("error:", sample)


if __name__ == "__main__":
    sys.exit(main())
