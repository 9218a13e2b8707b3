"""Contact-gate throughput on one core: decisions per second with 30 days of history.

    .venv/bin/python bench/gate_bench.py

Requests are parsed once (as a dialler holding its queue in memory would) and evaluated
repeatedly; a second figure includes parsing the JSON document each time. Baselines in the
same run: the same requests with no history, and a naive evaluation that re-parses the
request and rebuilds the policy from its JSON parameters for every decision.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from arrears.compliance.gate import evaluate
from arrears.compliance.profiles import DEFAULTS, policy_from_dict
from arrears.compliance.request import parse_request

ZONES = {"CN": "Asia/Shanghai", "US": "America/Chicago", "UK": "Europe/London",
         "GLOBAL-STRICT": "Europe/Berlin"}
N_REQUESTS = 400


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


def rate(label: str, fn: Any, items: list[Any], repeat: int) -> float:
    fn(items[0])  # warm caches (zoneinfo, regexes)
    start = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            fn(item)
    elapsed = time.perf_counter() - start
    per_second = repeat * len(items) / elapsed
    print(f"{label:<58}{per_second:>12,.0f} /s  {elapsed / (repeat * len(items)) * 1e6:8.1f} µs")
    return per_second


def main() -> None:
    rng = random.Random(7)
    profiles = list(ZONES)
    raw30 = [make_request(rng, profiles[i % 4], 30) for i in range(N_REQUESTS)]
    raw0 = [{**r, "history": []} for r in raw30]
    parsed30 = [parse_request(r) for r in raw30]
    parsed0 = [parse_request(r) for r in raw0]
    blocked = sum(not evaluate(r, DEFAULTS[r.profile]).allowed for r in parsed30)
    entries = sum(len(r.history) for r in parsed30) / len(parsed30)
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | "
          f"python {platform.python_version()} | os.cpu_count()={os.cpu_count()} | one process")
    print(f"{N_REQUESTS} requests over CN/US/UK/GLOBAL-STRICT, {entries:.0f} history entries on "
          f"average (30 days), {blocked} blocked")
    params = {name: json.dumps(p.to_dict()) for name, p in DEFAULTS.items()}
    rate("evaluate, 30 days of history (parsed once)",
         lambda r: evaluate(r, DEFAULTS[r.profile]), parsed30, 10)
    rate("baseline: evaluate, no history",
         lambda r: evaluate(r, DEFAULTS[r.profile]), parsed0, 10)
    rate("parse JSON dict + evaluate, 30 days of history",
         lambda r: evaluate(parse_request(r), DEFAULTS[r["profile"]]), raw30, 2)
    rate("naive baseline: json.loads + parse + policy from JSON + evaluate",
         lambda s: evaluate(parse_request(json.loads(s)),
                            policy_from_dict(json.loads(params[json.loads(s)["profile"]]))),
         [json.dumps(r) for r in raw30], 1)


if __name__ == "__main__":
    main()
