"""Precision and recall of the content check per category, on labelled lines.

    .venv/bin/python bench/content_bench.py [FILE ...]

Each line of a FILE is {"text", "labels": [rule ids], "time_barred"?, "third_party"?}.
Default files, in the order they were written:
- content_lines.jsonl: the tuning set, which the first rules were written against;
- content_heldout.jsonl: the first held-out set. Its misses were read when the rules were
  broadened, so it is no longer held out: it is reported as "old held-out";
- content_heldout2.jsonl: the second held-out set, written after the broadened rules were
  frozen and run once; its labels were not changed after seeing the results.
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


SETS = (
    ("tuning", "content_lines.jsonl"),
    ("old held-out (seen while tuning)", "content_heldout.jsonl"),
    ("new held-out", "content_heldout2.jsonl"),
)


def measure(path: Path) -> tuple[int, int, int, int, int]:
    """Print the per-category table; return (tp, fp, fn, legitimate lines, false alarms)."""
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
    return sum(tp.values()), sum(fp.values()), sum(fn.values()), legit, false_alarms


def main() -> None:
    named = [(p, Path(p)) for p in sys.argv[1:]] or [(label, DATA / name) for label, name in SETS]
    rows = []
    for label, path in named:
        if path.exists():
            rows.append((label, path.name, *measure(path)))
        else:
            print(f"\n{path.name}: missing")
    print(f"\n{'set':<34}{'file':<24}{'precision':>10}{'recall':>8}{'legit flagged':>15}")
    for label, name, t, p, n, legit, alarms in rows:
        precision = f"{t / (t + p):.3f}" if t + p else "-"
        recall = f"{t / (t + n):.3f}" if t + n else "-"
        print(f"{label:<34}{name:<24}{precision:>10}{recall:>8}{f'{alarms}/{legit}':>15}")


if __name__ == "__main__":
    main()
