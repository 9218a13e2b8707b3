"""Held-out quality and latency of the reaction classifier.

    .venv/bin/python bench/assist_bench.py [--seed 42] [--test-size 0.25]

The corpus is split once, stratified by (label, language) with a fixed seed; the model is
trained on the training part only and every figure below is on the held-out part. Latency
is the whole live-assist path per utterance (rules, model, parsing, rendering), measured one
utterance at a time as the call screen sends them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")

import django

django.setup()

from sklearn.metrics import (  # noqa: E402
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import train_test_split  # noqa: E402

from arrears.scripts import classifier as clf  # noqa: E402
from arrears.scripts.assist import classify_utterance  # noqa: E402
from arrears.scripts.labels import LANGUAGES, REACTIONS  # noqa: E402

SHORT = {label: "".join(part[0] for part in label.split("_"))[:5] for label in REACTIONS}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--test-size", type=float, default=0.25)
    args = parser.parse_args()

    corpus = clf.load_corpus()
    strata = [f"{e.label}|{e.language}" for e in corpus]
    train, test = train_test_split(
        corpus, test_size=args.test_size, random_state=args.seed, stratify=strata
    )
    model = clf.ReactionClassifier.train(train)
    truth = [e.label for e in test]
    pred = model.predict_many([e.text for e in test])

    print(f"corpus {len(corpus)}  train {len(train)}  held-out {len(test)}  seed {args.seed}")
    print(
        f"ALL  macro-F1 {f1_score(truth, pred, average='macro'):.3f}  "
        f"accuracy {accuracy_score(truth, pred):.3f}"
    )
    for language in LANGUAGES:
        idx = [i for i, e in enumerate(test) if e.language == language]
        t = [truth[i] for i in idx]
        p = [pred[i] for i in idx]
        print(
            f"{language:8} n={len(idx):4}  macro-F1 {f1_score(t, p, average='macro'):.3f}  "
            f"accuracy {accuracy_score(t, p):.3f}"
        )

    labels = list(REACTIONS)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, pred, labels=labels, zero_division=0
    )
    print("\nper label (held-out)")
    print(f"{'label':52} {'abbr':5} {'prec':>5} {'rec':>5} {'f1':>5} {'n':>4}")
    for i, label in enumerate(labels):
        print(
            f"{label:52} {SHORT[label]:5} {precision[i]:5.2f} {recall[i]:5.2f} {f1[i]:5.2f} "
            f"{support[i]:4d}"
        )

    matrix = confusion_matrix(truth, pred, labels=labels)
    print("\nconfusion matrix (rows = true, columns = predicted)")
    print("      " + " ".join(f"{SHORT[x]:>5}" for x in labels))
    for i, label in enumerate(labels):
        print(f"{SHORT[label]:5} " + " ".join(f"{v:5d}" for v in matrix[i]))

    clf.reset_cache(model)
    today = dt.date(2026, 11, 18)
    for e in test[:20]:  # warm-up: first calls pay for imports and caches
        classify_utterance(e.text, today=today)
    timings = []
    for e in test:
        start = time.perf_counter()
        classify_utterance(e.text, today=today)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(
        f"\nlatency per utterance, full assist path, n={len(timings)}: "
        f"p50 {statistics.median(timings):.2f} ms  p99 {p99:.2f} ms  max {timings[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
