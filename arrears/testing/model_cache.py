"""Train each language model once per data and code, across test processes.

Fitting the content model takes about 50 s and the reaction classifier about 40 s; a test
session trains them whenever a process first needs them, and CI runs the suite twice (SQLite,
PostgreSQL) in several worker processes. A fit is a pure function of the training lines and
of the code that turns them into features, so its result is kept on disk under a key made of
both: the lines' version (`version_of`, which also covers the model's settings) and a digest
of the language packages' source. Another process asking for the same fit loads it (under a
file lock, so two workers never fit the same model at once); a change to the data or to the
code is a new key and a new fit. Only the test session installs this (conftest.py).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sklearn

import arrears

M = TypeVar("M")
PACKAGES = ("compliance", "scripts")


def cache_dir() -> Path:
    default = Path(tempfile.gettempdir()) / f"arrears-test-models-{os.getuid()}"
    return Path(os.environ.get("ARREARS_TEST_MODEL_CACHE", default))


def code_digest() -> str:
    """The source of the language packages (not their tests) and scikit-learn's version."""
    root = Path(arrears.__file__).parent
    digest = hashlib.sha256(sklearn.__version__.encode())
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "tests" not in path.parts and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fit_once(
    key: str, fit: Callable[[], M], load: Callable[[Path], M], save: Callable[[M, Path], None]
) -> M:
    """The model saved under `key` if a process already fitted it; else fit and save it."""
    path = cache_dir() / f"{key}.joblib"
    with _locked(path.with_suffix(".lock")):
        if path.exists():
            try:
                return load(path)
            except Exception:  # a file from another library version: fit it again
                path.unlink(missing_ok=True)
        model = fit()
        save(model, path)
        return model


def install(monkeypatch: Any) -> None:
    """Route both models' `train` through `fit_once` for the test session."""
    from arrears.compliance import content_model
    from arrears.scripts import classifier

    code = code_digest()
    content_train = content_model.ContentModel.train
    reactions_train = classifier.ReactionClassifier.train

    def train_content(cls: type, lines: Any) -> content_model.ContentModel:
        rows = list(lines)
        return fit_once(
            f"{content_model.version_of(rows)}-{code}",
            lambda: content_train(rows),
            content_model.ContentModel.load,
            lambda model, path: model.save(path),
        )

    def train_reactions(cls: type, examples: Any, *, calibrate: bool = True) -> classifier.ReactionClassifier:
        rows = list(examples)
        return fit_once(
            f"{classifier.version_of(rows)}-{int(calibrate)}-{code}",
            lambda: reactions_train(rows, calibrate=calibrate),
            classifier.ReactionClassifier.load,
            lambda model, path: model.save(path),
        )

    monkeypatch.setattr(content_model.ContentModel, "train", classmethod(train_content))
    monkeypatch.setattr(classifier.ReactionClassifier, "train", classmethod(train_reactions))
