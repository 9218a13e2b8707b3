"""The reaction classifier: character n-grams and a logistic regression.

Character n-grams cope with what collectors type during a call: no word segmentation is
needed for Chinese, and typos, dialect spellings and mixed zh/en text still share most of
their n-grams with the corpus phrasing.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from arrears.scripts.labels import LANGUAGES, REACTIONS

CORPUS_PATH = Path(__file__).resolve().parent / "data" / "reactions.jsonl"
MODEL_FILENAME = "reaction_classifier.joblib"


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    language: str


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    ranked: list[tuple[str, float]]  # every label, most likely first


def normalise(text: str) -> str:
    """NFKC folds full-width letters and digits (ｏｋ, ３０００) into the corpus's forms."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def load_corpus(path: Path = CORPUS_PATH) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["label"] not in REACTIONS or row["language"] not in LANGUAGES:
                raise ValueError(f"{path}:{number}: bad label or language in {row!r}")
            examples.append(Example(row["text"], row["label"], row["language"]))
    return examples


def build_pipeline() -> Pipeline:
    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        (
                            "chars",
                            TfidfVectorizer(
                                analyzer="char_wb",
                                ngram_range=(1, 4),
                                sublinear_tf=True,
                                min_df=1,
                            ),
                        ),
                        # Whole English words and word pairs ("not mine", "stop calling")
                        # carry meaning that character windows split across.
                        (
                            "words",
                            TfidfVectorizer(
                                analyzer="word",
                                ngram_range=(1, 2),
                                token_pattern=r"(?u)\b[a-z']+\b",  # noqa: S106 - a regex, not a password
                                sublinear_tf=True,
                            ),
                        ),
                    ]
                ),
            ),
            ("model", LogisticRegression(C=20.0, max_iter=3000, class_weight="balanced")),
        ]
    )


class _FastScorer:
    """The fitted pipeline's arithmetic for one utterance, without sklearn's per-call checks.

    predict_proba on a single string spends most of its 2-3 ms validating inputs; the call
    screen classifies one line at a time, so we redo the same sums directly: analyser ->
    sublinear tf-idf -> l2 norm per vectoriser -> linear scores -> softmax. A test holds it
    equal to predict_proba.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        union: FeatureUnion = pipeline.named_steps["features"]
        model: LogisticRegression = pipeline.named_steps["model"]
        self.parts: list[tuple[Any, dict[str, int], np.ndarray, int]] = []
        offset = 0
        for _name, vectoriser in union.transformer_list:
            vocabulary = dict(vectoriser.vocabulary_)
            self.parts.append((vectoriser.build_analyzer(), vocabulary, vectoriser.idf_, offset))
            offset += len(vocabulary)
        self.coef_t = np.ascontiguousarray(model.coef_.T)  # features x classes
        self.intercept = np.asarray(model.intercept_, dtype=float)
        self.classes = [str(c) for c in model.classes_]

    def proba(self, text: str) -> np.ndarray:
        scores = self.intercept.copy()
        for analyse, vocabulary, idf, offset in self.parts:
            counts: dict[int, int] = {}
            for term in analyse(text):
                col = vocabulary.get(term)
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
            if not counts:
                continue
            cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))
            weights = tf * idf[cols]
            weights /= np.sqrt(np.dot(weights, weights))
            scores += weights @ self.coef_t[cols + offset]
        scores -= scores.max()  # multinomial logistic regression: softmax of the scores
        exp = np.exp(scores)
        return exp / exp.sum()


class ReactionClassifier:
    def __init__(self, pipeline: Pipeline, meta: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.meta = meta
        self._fast = _FastScorer(pipeline)

    @classmethod
    def train(cls, examples: Iterable[Example]) -> ReactionClassifier:
        rows = list(examples)
        pipeline = build_pipeline()
        pipeline.fit([normalise(e.text) for e in rows], [e.label for e in rows])
        meta = {
            "trained_at": dt.datetime.now(dt.UTC).isoformat(),
            "examples": len(rows),
            "labels": sorted({e.label for e in rows}),
        }
        return cls(pipeline, meta)

    def predict(self, text: str) -> Prediction:
        probs = self._fast.proba(normalise(text))
        classes = self._fast.classes
        ranked = sorted(
            ((str(c), float(p)) for c, p in zip(classes, probs, strict=True)),
            key=lambda pair: -pair[1],
        )
        return Prediction(ranked[0][0], ranked[0][1], ranked)

    def predict_many(self, texts: list[str]) -> list[str]:
        return [str(x) for x in self.pipeline.predict([normalise(t) for t in texts])]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        joblib.dump({"pipeline": self.pipeline, "meta": self.meta}, tmp)
        tmp.replace(path)  # atomic: a worker loading concurrently never sees half a file

    @classmethod
    def load(cls, path: Path) -> ReactionClassifier:
        # The file is written only by train_reactions into VAR_DIR, which the deployment
        # owns; joblib files are pickles and must never come from anywhere else.
        data = joblib.load(path)
        return cls(data["pipeline"], data["meta"])


def model_path() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "models" / MODEL_FILENAME


_lock = threading.Lock()
_cached: ReactionClassifier | None = None


def get_classifier() -> ReactionClassifier:
    """The process-wide classifier: the saved model, else one trained from the corpus."""
    global _cached
    if _cached is not None:
        return _cached
    with _lock:
        if _cached is None:
            path = model_path()
            _cached = (
                ReactionClassifier.load(path)
                if path.exists()
                else ReactionClassifier.train(load_corpus())
            )
    return _cached


def reset_cache(classifier: ReactionClassifier | None = None) -> None:
    """Drop (or replace) the cached model; train_reactions calls it after saving."""
    global _cached
    with _lock:
        _cached = classifier
