"""The reaction corpus loader and the classifier's shared concepts (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arrears.scripts import classifier as classifier_module
from arrears.scripts.classifier import concept_tokens, normalise


def test_short_answers_share_concepts_across_languages() -> None:
    assert "again+calling" in concept_tokens(normalise("怎么老打"))
    assert "again+calling" in concept_tokens(normalise("why do you keep calling"))
    assert "notmine+relation" in concept_tokens(normalise("我是他老婆，不关我事"))
    assert "notmine+relation" in concept_tokens(normalise("I'm his wife, not my problem"))


def test_every_reaction_file_in_data_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = {"text": "not my business", "label": "third_party_says_not_my_business", "language": "en"}
    for name in ("reactions.jsonl", "reactions_extra.jsonl"):
        (tmp_path / name).write_text(json.dumps(row) + "\n", encoding="utf-8")
    monkeypatch.setattr(classifier_module, "DATA_DIR", tmp_path)
    sources = sorted(e.source for e in classifier_module.load_corpus())
    assert sources == ["corpus-v1", "file:reactions_extra"]
