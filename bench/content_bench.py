"""Precision and recall of the content check per category, on labelled lines.

    .venv/bin/python bench/content_bench.py [FILE ...]

Each line of a FILE is {"text", "labels": [rule ids], "time_barred"?, "third_party"?}.
Default files: the tuning set (content_lines.jsonl, which the rules were written against)
and the held-out set (content_heldout.jsonl, written after the rules were frozen).
A line counts as predicted for a category when check_content returns at least one finding
of that rule id; the overall row micro-averages over categories.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arrears.compliance.content import CATEGORIES, check_content  # noqa: E402

DATA = ROOT / "arrears" / "compliance" / "data"
RULES = [r for r in CATEGORIES if r != "DEF-CONTENT-07"]


def measure(path: Path) -> None:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    wrong = []
    for item in lines:
        found = {f.rule_id for f in check_content(
            item["text"], time_barred=item.get("time_barred", False),
            third_party=item.get("third_party", False))}
        truth = set(item["labels"])
        for rule in RULES:
            if rule in found and rule in truth:
                tp[rule] += 1
            elif rule in found:
                fp[rule] += 1
            elif rule in truth:
                fn[rule] += 1
        if found != truth:
            wrong.append((item["text"], sorted(truth), sorted(found)))
    legit = sum(1 for i in lines if not i["labels"])
    print(f"\n{path.name}: {len(lines)} lines ({legit} legitimate, {len(lines) - legit} forbidden)")
    print(f"{'category':<16}{'rule':<16}{'support':>8}{'precision':>11}{'recall':>8}")
    for rule in [*RULES, "overall"]:
        if rule == "overall":
            t, p, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
            name = "overall"
        else:
            t, p, n = tp[rule], fp[rule], fn[rule]
            name = CATEGORIES[rule]
        precision = f"{t / (t + p):.3f}" if t + p else "-"
        recall = f"{t / (t + n):.3f}" if t + n else "-"
        print(f"{name:<16}{rule if rule != 'overall' else '':<16}{t + n:>8}{precision:>11}{recall:>8}")
    false_alarms = sum(1 for i in lines if not i["labels"] and any(
        True for _ in check_content(i["text"], time_barred=i.get("time_barred", False),
                                    third_party=i.get("third_party", False))))
    print(f"legitimate lines wrongly flagged: {false_alarms} of {legit}")
    for text, truth, found in wrong:
        print(f"  miss/extra: {text!r} expected {truth} got {found}")


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or [
        DATA / "content_lines.jsonl", DATA / "content_heldout.jsonl",
    ]
    for path in paths:
        if path.exists():
            measure(path)
        else:
            print(f"\n{path.name}: missing")


if __name__ == "__main__":
    main()
