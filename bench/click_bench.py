"""The speed of a click: logging a contact on the case page, one client, before and after.

    ARREARS_DATABASE_URL=postgresql://.../db .venv/bin/python bench/click_bench.py [--clicks 100]

Needs a database with the demo loaded and planned (`manage.py load_demo`); it writes to it
(contacts, events), so use a bench or development database. Signed in as the demo
collector with django.test.Client (the whole request in this process, no network), it
posts "no answer" on the debtor's own phone (POST /cases/<id>/contact/, the case page's
log-a-contact form) for cases of the collector's plan for today, each case once, and times
each POST (the action, its replan, and the re-rendered case page).

Two ways of replanning the case after the contact, alternated click by click in the same
run so that the machine's load falls on both alike:

- before: the whole nightly engine over the debtor (`strategy.shell.replan`: extract,
  decide, apply, and a NightlyRun row), as every action did until issue 12;
- after: the case's own facts through the same rules and planner
  (`strategy.case_plan.replan_cases`), what the actions call now.

Prints p50/p95/p99/max per way, SQL queries per click, the NightlyRun rows written, and
inside the click the action (`log_contact`: the gate, the evidence, the replan) and the
replan alone.
The contact gate must allow the calls: run it inside the CN calling window (08:00-21:00
in Asia/Shanghai), else the clicks are refusals and the bench stops.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clicks", type=int, default=100, help="clicks per way")
    parser.add_argument("--user", default="collector")
    parser.add_argument("--password", default="collector-demo")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from arrears.cases import actions
    from arrears.cases.actions import common, contacts, promises, stages, tasks
    from arrears.cases.models import Case
    from arrears.contacts.models import ContactPoint
    from arrears.strategy.models import NightlyRun
    from arrears.strategy.shell import replan

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    fast = common._replan

    def nightly_replan(case: Case, on=None) -> None:  # type: ignore[no-untyped-def]
        replan([case.debtor_id], on or timezone.localdate())

    modules = (common, contacts, promises, stages, tasks)
    # Inside each click: the action (gate, evidence, replan) and its replan alone.
    inner: dict[str, list[float]] = {"action": [], "replan": []}

    def timed(name, function):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                inner[name].append((time.perf_counter() - start) * 1000)

        return run

    ways = {"before": timed("replan", nightly_replan), "after": timed("replan", fast)}
    actions.log_contact = timed("action", actions.log_contact)

    def use(way):  # type: ignore[no-untyped-def]
        for module in modules:
            module._replan = ways[way]  # type: ignore[attr-defined]

    client = Client()
    if not client.login(username=args.user, password=args.password):
        print(f"cannot sign in as {args.user}", file=sys.stderr)
        return 2
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(owner__username=args.user, status="open", planned_for=today)
        .exclude(next_action="remind")
        .order_by("-priority")[: 2 * args.clicks]
    )
    if len(cases) < 2 * args.clicks:
        # Past today's plan: any of the collector's open cases.
        more = Case.objects.filter(owner__username=args.user, status="open").exclude(
            pk__in=[c.pk for c in cases]
        )
        cases += list(more.order_by("-priority")[: 2 * args.clicks - len(cases)])
    phones = {
        p.person.debtor_id: p
        for p in ContactPoint.objects.filter(
            person__debtor_id__in=[c.debtor_id for c in cases],
            person__relationship="self",
            kind="phone",
            valid=True,
        ).select_related("person")
    }
    cases = [c for c in cases if c.debtor_id in phones]
    runs_before = NightlyRun.objects.count()
    times: dict[str, list[float]] = {"before": [], "after": []}
    parts: dict[str, dict[str, list[float]]] = {w: {"action": [], "replan": []} for w in times}
    queries: dict[str, list[int]] = {"before": [], "after": []}
    runs: dict[str, int] = {"before": 0, "after": 0}
    for i, case in enumerate(cases[: 2 * args.clicks]):
        way = "before" if i % 2 == 0 else "after"
        use(way)
        point = phones[case.debtor_id]
        n_runs = NightlyRun.objects.count()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(
                f"/cases/{case.public_id}/contact/",
                {"contact_point": str(point.public_id), "channel": "call", "outcome": "no_answer"},
            )
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200 or b'data-testid="blocked"' in response.content:
            print(
                f"click {i} on {case.reference}: {response.status_code}, refused by the gate?",
                file=sys.stderr,
            )
            return 1
        times[way].append(elapsed)
        for name in ("action", "replan"):
            parts[way][name].append(inner[name].pop())
            inner[name].clear()
        queries[way].append(len(captured.captured_queries))
        runs[way] += NightlyRun.objects.count() - n_runs
    for module in modules:
        module._replan = fast  # type: ignore[attr-defined]
    print(
        f"click bench: {platform.node()}, {os.cpu_count()} cores, {connection.vendor}, load {os.getloadavg()}"
    )
    head = ("way", "clicks", "p50 ms", "p95 ms", "p99 ms", "max ms", "queries", "runs")
    print(f"{head[0]:<8} " + " ".join(f"{h:>8}" for h in head[1:]))
    for way in ("before", "after"):
        t = times[way]
        print(
            f"{way:<8} {len(t):>8} {percentile(t, 50):>8.1f} {percentile(t, 95):>8.1f}"
            f" {percentile(t, 99):>8.1f} {max(t):>8.1f} {sorted(queries[way])[len(t) // 2]:>8} {runs[way]:>8}"
        )
    print("inside the click, p50 / p95 ms:")
    for way in ("before", "after"):
        a, r = parts[way]["action"], parts[way]["replan"]
        print(
            f"  {way:<7} log_contact {percentile(a, 50):.1f} / {percentile(a, 95):.1f},"
            f" its replan {percentile(r, 50):.1f} / {percentile(r, 95):.1f},"
            f" the rest of the request (page) {percentile(times[way], 50) - percentile(a, 50):.1f} (p50)"
        )
    print(f"NightlyRun rows written: {NightlyRun.objects.count() - runs_before}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
