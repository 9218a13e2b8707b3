"""The learned layer of the content check: one linear model per forbidden category.

The rules in content.py explain themselves and cite the law, but they only know the phrases
someone wrote down. This model is trained on a much larger labelled set (data/, several
sources: public quotes, lines written in separate sittings, lines composed from phrase
parts, and compliance officers' review decisions) and catches paraphrases the rules miss.

Character n-grams (1-4, within word boundaries) need no word segmentation for Chinese and
survive typos and slang; whole English words and word pairs add meaning character windows
split. Each category is a separate logistic regression (a line may break several rules).

A text is scored as a whole and sentence by sentence: a forbidden sentence inside a long
lawful letter would otherwise be diluted. The sentence with the highest probability is the
span the decision quotes.

Versioned: the version id is a hash of the training lines and the settings, so the same data
always gives the same id, and every decision that used the model records it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILENAME = "content_model.joblib"
RULES: tuple[str, ...] = tuple(f"DEF-CONTENT-0{i}" for i in range(1, 7))

# The sets, by file, in the order they were written. "source" inside a line overrides the
# file's default (public quotes name their page or document).
SETS: tuple[tuple[str, str], ...] = (
    ("content_lines.jsonl", "project:tuning"),
    ("content_heldout.jsonl", "project:heldout1"),
    ("content_heldout2.jsonl", "project:heldout2"),
    ("content_written_a.jsonl", "written:A"),
    ("content_written_b.jsonl", "written:B"),
    ("content_written_c.jsonl", "written:C"),
    ("content_public.jsonl", "public"),
    ("content_composed.jsonl", "composed"),
)
SEED_DIR = Path(__file__).resolve().parent.parent / "scripts" / "seed"
# A sentence shorter than this is not scored on its own: a few characters carry too few
# n-grams for a probability worth acting on ("Noted.", "好的。").
_MIN_PIECE = {"zh-hans": 8, "en": 24}

# At or above BLOCK the model's finding is a block; between REVIEW and BLOCK the text is held
# for a compliance officer (it is still not sent until approved). Chosen on held-out sources
# (bench/content_bench.py) so that precision stays above 0.95.
BLOCK_THRESHOLD = 0.80
REVIEW_THRESHOLD = 0.5
_SETTINGS = {"C": 8.0, "char": (1, 4), "word": (1, 2), "block": BLOCK_THRESHOLD,
             "review": REVIEW_THRESHOLD}

_SENTENCE = re.compile(r"[^.!?。！？;；\n]+[.!?。！？;；]*")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*\}")


@dataclass(frozen=True)
class Line:
    text: str
    labels: tuple[str, ...]
    language: str
    source: str


@dataclass(frozen=True)
class ModelFinding:
    rule_id: str
    probability: float
    span: str
    review: bool  # in the uncertain band: held for a compliance officer


def normalise(text: str) -> str:
    """NFKC folds full-width forms; placeholders say nothing; case and spacing do not count."""
    text = _PLACEHOLDER.sub("X", unicodedata.normalize("NFKC", text))
    return " ".join(text.lower().split())


def language_of(text: str) -> str:
    return "zh-hans" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def load_lines(names: Iterable[str] | None = None, data_dir: Path = DATA_DIR) -> list[Line]:
    wanted = set(names) if names is not None else None
    lines: list[Line] = []
    for filename, default_source in SETS:
        if wanted is not None and filename not in wanted:
            continue
        path = data_dir / filename
        if not path.exists():
            continue
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            row = json.loads(raw)
            labels = tuple(sorted(set(row["labels"])))
            if any(label not in RULES for label in labels):
                raise ValueError(f"{path}:{number}: unknown label in {row['labels']!r}")
            source = row.get("source", default_source)
            if source == "public":
                source = default_source
            lines.append(Line(row["text"], labels, row.get("language") or language_of(row["text"]),
                              source))
    return lines


def _features() -> FeatureUnion:
    return FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=_SETTINGS["char"],
                                  sublinear_tf=True, min_df=1)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=_SETTINGS["word"],
                                  token_pattern=r"(?u)\b[a-z']+\b",  # noqa: S106 - a regex
                                  sublinear_tf=True)),
    ])


def version_of(lines: Sequence[Line]) -> str:
    digest = hashlib.sha256(json.dumps(_SETTINGS, sort_keys=True).encode())
    for line in lines:
        digest.update(json.dumps([line.text, line.labels], ensure_ascii=False).encode())
    return f"content-{digest.hexdigest()[:12]}"


class ContentModel:
    def __init__(self, features: FeatureUnion, coef: np.ndarray, intercept: np.ndarray,
                 meta: dict[str, Any]) -> None:
        self.features = features
        self.coef = coef  # categories x features
        self.intercept = intercept
        self.meta = meta
        self.version: str = meta["version"]
        self._parts: list[tuple[Any, dict[str, int], np.ndarray, int]] = []
        offset = 0
        for _name, vectoriser in features.transformer_list:
            vocabulary = dict(vectoriser.vocabulary_)
            self._parts.append((vectoriser.build_analyzer(), vocabulary, vectoriser.idf_, offset))
            offset += len(vocabulary)
        self._coef_t = np.ascontiguousarray(coef.T)

    @classmethod
    def train(cls, lines: Sequence[Line]) -> ContentModel:
        rows = list(lines)
        features = _features()
        x = features.fit_transform([normalise(line.text) for line in rows])
        coef = np.zeros((len(RULES), x.shape[1]))
        intercept = np.zeros(len(RULES))
        for i, rule in enumerate(RULES):
            y = np.array([rule in line.labels for line in rows], dtype=int)
            if y.min() == y.max():
                intercept[i] = -10.0 if y.max() == 0 else 10.0
                continue
            model = LogisticRegression(C=_SETTINGS["C"], max_iter=2000, class_weight="balanced",
                                       solver="liblinear")
            model.fit(x, y)
            coef[i] = model.coef_[0]
            intercept[i] = model.intercept_[0]
        sources: dict[str, int] = {}
        for line in rows:
            sources[line.source.split(":")[0]] = sources.get(line.source.split(":")[0], 0) + 1
        meta = {"version": version_of(rows), "examples": len(rows), "sources": sources,
                "settings": dict(_SETTINGS)}
        return cls(features, coef, intercept, meta)

    def probabilities(self, text: str) -> np.ndarray:
        """P(category) for one text, without sklearn's per-call input checks (fast path)."""
        scores = self.intercept.copy()
        for analyse, vocabulary, idf, offset in self._parts:
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
            scores += weights @ self._coef_t[cols + offset]
        return 1.0 / (1.0 + np.exp(-scores))

    def batch_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        x = self.features.transform([normalise(t) for t in texts])
        return 1.0 / (1.0 + np.exp(-(x @ self.coef.T + self.intercept)))

    def findings(self, text: str, review_threshold: float | None = None,
                 block_threshold: float | None = None) -> list[ModelFinding]:
        """The categories whose probability reaches the review band, with the likeliest span."""
        review_threshold = REVIEW_THRESHOLD if review_threshold is None else review_threshold
        block_threshold = BLOCK_THRESHOLD if block_threshold is None else block_threshold
        clean = normalise(text)
        if not clean:
            return []
        pieces = [m.group().strip() for m in _SENTENCE.finditer(text)
                  if len(m.group().strip()) >= _MIN_PIECE[language_of(m.group())]]
        candidates = [(text.strip(), self.probabilities(clean))]
        if len(pieces) > 1:
            candidates += [(piece, self.probabilities(normalise(piece))) for piece in pieces]
        out = []
        for i, rule in enumerate(RULES):
            span, best = max(((s, float(p[i])) for s, p in candidates), key=lambda pair: pair[1])
            if best >= review_threshold:
                out.append(ModelFinding(rule, best, span, best < block_threshold))
        return out

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        joblib.dump({"features": self.features, "coef": self.coef, "intercept": self.intercept,
                     "meta": self.meta}, tmp)
        tmp.replace(path)  # atomic: a worker loading at the same time never sees half a file

    @classmethod
    def load(cls, path: Path) -> ContentModel:
        # Written only by train_content into VAR_DIR, which the deployment owns: joblib files
        # are pickles and must never come from anywhere else.
        data = joblib.load(path)
        return cls(data["features"], data["coef"], data["intercept"], data["meta"])


def model_path() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "models" / MODEL_FILENAME


def seed_lines(seed_dir: Path = SEED_DIR) -> list[Line]:
    """The reviewed script library and replies: lawful by review, so lawful for the model."""
    lines: list[Line] = []
    for row in json.loads((seed_dir / "scripts.json").read_text(encoding="utf-8")):
        bodies = row["body"].values() if isinstance(row["body"], dict) else [row["body"]]
        lines += [Line(b, (), language_of(b), f"seed:{row['key']}") for b in bodies]
    for row in json.loads((seed_dir / "replies.json").read_text(encoding="utf-8")):
        lines += [Line(row[lang], (), lang, f"seed:{row['id']}") for lang in ("zh-hans", "en")]
    # Each sentence too: the model also scores sentences on their own.
    pieces = [Line(m.group().strip(), (), line.language, line.source) for line in lines
              for m in _SENTENCE.finditer(line.text) if m.group().strip() != line.text.strip()
              and len(m.group().strip()) >= _MIN_PIECE[line.language]]
    return lines + pieces


def training_lines() -> list[Line]:
    """Every labelled line in the repository (the review decisions are added by the caller)."""
    return load_lines() + seed_lines()


_lock = threading.Lock()
_cached: ContentModel | None = None


def get_model() -> ContentModel:
    """The process-wide model: the saved one, else one trained from the repository's data."""
    global _cached
    if _cached is not None:
        return _cached
    with _lock:
        if _cached is None:
            path = _path_or_none()
            _cached = (ContentModel.load(path) if path is not None and path.exists()
                       else ContentModel.train(training_lines()))
    return _cached


def _path_or_none() -> Path | None:
    try:
        return model_path()
    except Exception:  # settings not configured (a bench or a script without Django)
        return None


def reset_cache(model: ContentModel | None = None) -> None:
    """Drop (or replace) the cached model; train_content calls it after saving."""
    global _cached
    with _lock:
        _cached = model
