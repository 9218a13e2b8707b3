"""Contact-gate throughput on one core: decisions per second with 30 days of history.

    taskset -c 0 .venv/bin/python bench/gate_bench.py

Requests are parsed once (as a dialler holding its queue in memory would) and evaluated. A
decision works out its next allowed time on first access, so the second row reads it for
every decision, and the third builds the whole API payload (to_dict). Further rows rebuild the
request and its call ledgers for every decision, and start cold, with every cache of the gate
cleared before every decision. Baselines in the same run: the same requests with no history, and a
naive evaluation that re-parses the request and rebuilds the policy from its JSON parameters
for every decision.

Each row is the best of ROUNDS rounds over all requests, timed in CPU time of this process
(time.process_time), because other processes share the machine: a round in which the process
waited for the core would otherwise count the wait. The wall-clock rate of the same round is
printed alongside.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from arrears.compliance import content, decision, timing
from arrears.compliance.gate import evaluate
from arrears.compliance.profiles import DEFAULTS, policy_from_dict
from arrears.compliance.request import parse_request

ZONES = {"CN": "Asia/Shanghai", "US": "America/Chicago", "UK": "Europe/London",
         "GLOBAL-STRICT": "Europe/Berlin"}
N_REQUESTS = 400
ROUNDS = 5
TARGET = 20_000


def make_request(rng: random.Random, profile: str, days: int) -> dict[str, Any]:
    at = datetime(2025, 3, 20, 2, 0, tzinfo=UTC) + timedelta(minutes=rng.randrange(24 * 60))
    history = []
    for day in range(days):
        for _ in range(rng.randrange(1, 6)):  # 1 to 5 contacts a day: about 90 in 30 days
            when = at - timedelta(days=day, minutes=rng.randrange(24 * 60))
            talk = rng.random() < 0.2
            history.append({
                "at": when.isoformat(), "channel": rng.choice(["call", "call", "sms", "voicemail"]),
                "person_id": rng.choice(["P1", "P1", "P2"]), "contact_point": rng.choice(["M1", "M2"]),
                "debt_id": rng.choice(["D1", "D2"]), "connected": talk or rng.random() < 0.5,
                "conversation": talk, "by": rng.choice(["bank", "agency"]), "purpose": "collect",
            })
    return {
        "profile": profile, "at": at.isoformat(), "channel": "call", "debt_id": "D1",
        "recipient": {"person_id": "P1", "role": "debtor", "contact_point": "M1",
                      "time_zones": [ZONES[profile]]},
        "account": {"consumer": True, "debtor_person_id": "P1"},
        "preferences": {"inconvenient_times": [{"weekdays": [7], "from": "12:00", "to": "14:00"}]},
        "text": "您好，我是某某银行信用卡中心的工作人员。This is a debt collector.",
        "history": history,
    }


def rate(label: str, fn: Any, items: list[Any], rounds: int = ROUNDS) -> float:
    fn(items[0])  # warm caches (zoneinfo, regexes)
    best_cpu = best_wall = float("inf")
    for _ in range(rounds):
        cpu, wall = time.process_time(), time.perf_counter()
        for item in items:
            fn(item)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    per_second = len(items) / best_cpu
    print(f"{label:<62}{per_second:>10,.0f} /s {best_cpu / len(items) * 1e6:7.1f} µs"
          f"   (wall {len(items) / best_wall:>8,.0f} /s)")
    return per_second


def clear_caches() -> None:
    """Every cache the gate keeps across decisions (see decision.py, timing.py, content.py)."""
    decision._midnight_utc.cache_clear()
    decision.zones_for.cache_clear()
    timing._openings.cache_clear()
    content._check.cache_clear()


def cold(r: Any) -> None:
    clear_caches()
    evaluate(r, DEFAULTS[r.profile]).to_dict("en")


def main() -> None:
    rng = random.Random(7)
    profiles = list(ZONES)
    raw30 = [make_request(rng, profiles[i % 4], 30) for i in range(N_REQUESTS)]
    raw0 = [{**r, "history": []} for r in raw30]
    parsed30 = [parse_request(r) for r in raw30]
    parsed0 = [parse_request(r) for r in raw0]
    decisions = [evaluate(r, DEFAULTS[r.profile]) for r in parsed30]
    entries = sum(len(r.history) for r in parsed30) / len(parsed30)
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | "
          f"python {platform.python_version()} | os.cpu_count()={os.cpu_count()} | one process")
    print(f"{N_REQUESTS} requests over CN/US/UK/GLOBAL-STRICT, {entries:.0f} history entries on "
          f"average (30 days), {sum(not d.allowed for d in decisions)} blocked, "
          f"{sum(d.next_allowed_at is not None for d in decisions)} with a next allowed time")
    for profile in profiles:
        mine = [d for d in decisions if d.profile == profile]
        rules = Counter(rule for d in mine for rule in d.rule_ids)
        print(f"  {profile:<14} allowed {sum(d.allowed for d in mine):>3}, blocked "
              f"{sum(not d.allowed for d in mine):>3}: "
              + ", ".join(f"{rule} {n}" for rule, n in rules.most_common()))
    params = {name: json.dumps(p.to_dict()) for name, p in DEFAULTS.items()}
    print(f"best of {ROUNDS} rounds, CPU time of this process on one core:")
    headline = rate("evaluate, 30 days of history (parsed once)",
                    lambda r: evaluate(r, DEFAULTS[r.profile]), parsed30)
    with_next = rate("evaluate + next_allowed_at, 30 days",
                     lambda r: evaluate(r, DEFAULTS[r.profile]).next_allowed_at, parsed30)
    rate("evaluate + to_dict (API payload, next_allowed_at), 30 days",
         lambda r: evaluate(r, DEFAULTS[r.profile]).to_dict("en"), parsed30)
    rate("rebuild request + ledgers, evaluate + to_dict, 30 days",
         lambda r: evaluate(dataclasses.replace(r), DEFAULTS[r.profile]).to_dict("en"), parsed30)
    rate("cold: every gate cache cleared, evaluate + to_dict, 30 days", cold, parsed30)
    rate("baseline: evaluate, no history",
         lambda r: evaluate(r, DEFAULTS[r.profile]), parsed0)
    rate("parse JSON dict + evaluate, 30 days of history",
         lambda r: evaluate(parse_request(r), DEFAULTS[r["profile"]]), raw30, 2)
    rate("naive baseline: json.loads + parse + policy from JSON + evaluate",
         lambda s: evaluate(parse_request(json.loads(s)),
                            policy_from_dict(json.loads(params[json.loads(s)["profile"]]))),
         [json.dumps(r) for r in raw30], 1)
    for label, value in (("decisions", headline), ("decisions with next_allowed_at", with_next)):
        verdict = "met" if value >= TARGET else "NOT met"
        print(f"target {TARGET:,} {label}/s with 30 days of history: {verdict}")


if __name__ == "__main__":
    main()
