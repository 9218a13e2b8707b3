from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from arrears.scripts import classifier as classifier_module


@pytest.fixture(scope="session")
def corpus_classifier() -> classifier_module.ReactionClassifier:
    # Trained once per run: the tests check behaviour around the model, not its training.
    # Fitted once per version of the corpus on this machine (VAR_DIR/models/cache).
    return classifier_module.train_cached(classifier_module.load_corpus())


@pytest.fixture(autouse=True)
def _isolated_model(
    settings, tmp_path: Path, corpus_classifier: classifier_module.ReactionClassifier
) -> Iterator[None]:
    """No test reads or writes the real var/ model; each starts with the corpus model."""
    settings.VAR_DIR = tmp_path
    classifier_module.reset_cache(corpus_classifier)
    yield
    classifier_module.reset_cache(None)
