from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from arrears.scripts import classifier as classifier_module
from arrears.scripts.actions import record_correction

pytestmark = pytest.mark.django_db


def _classify(lines: str, *args: str) -> list[dict]:
    out = io.StringIO()
    call_command("classify_reaction", *args, stdin=io.StringIO(lines), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_classify_reaction_prints_one_json_line_per_utterance() -> None:
    rows = _classify("明天还五百\n\nstop calling me\n", "--today", "2026-11-18")
    assert len(rows) == 2  # the blank line is skipped
    first = rows[0]
    assert set(first) >= {"text", "label", "confidence", "suggestions", "care_flag", "actions",
                          "parsed"}  # fmt: skip
    assert first["text"] == "明天还五百"
    assert first["parsed"] == {"date": "2026-11-19", "amount": "500.00"}
    assert rows[1]["label"] == "asks_to_stop_contact"
    assert 0 < rows[1]["confidence"] <= 1


def test_classify_reaction_renders_in_the_requested_language() -> None:
    rows = _classify("已经还了啊\n", "--lang", "en", "--stage", "field")
    assert rows[0]["language"] == "en"
    assert rows[0]["suggestions"][0]["id"].startswith("claims_already_paid.field.")


def test_classify_reaction_takes_the_customers_kind() -> None:
    text = "The cheque was sent out last Thursday\n"
    assert _classify(text)[0]["label"] == "claims_already_paid"
    assert _classify(text, "--customer", "company")[0]["label"] == "payment_sent"


def test_classify_reaction_rejects_a_bad_date() -> None:
    with pytest.raises(CommandError):
        _classify("hi\n", "--today", "next week")


def test_train_reactions_learns_from_corrections_and_saves_the_model(settings) -> None:
    collector = User.objects.create_user("c1", password="x")
    # An invented code word the corpus never saw: only the corrections can teach it.
    for text in ["zorblax", "zorblax zorblax", "zorblax!!", "ok zorblax", "zorblax la"]:
        record_correction(text, "bankruptcy_or_lawyer", "en", collector)
    out = io.StringIO()
    call_command("train_reactions", stdout=out)
    path = classifier_module.model_path()
    assert path.exists() and path.parent.parent == settings.VAR_DIR
    assert "5 corrections" in out.getvalue()
    classifier_module.reset_cache(None)  # the next call must load the saved file
    loaded = classifier_module.get_classifier()
    assert loaded.predict("zorblax").label == "bankruptcy_or_lawyer"
    assert loaded.meta["examples"] == len(classifier_module.load_corpus()) + 5


def test_a_correction_with_an_unknown_label_is_refused() -> None:
    with pytest.raises(ValueError, match="label"):
        record_correction("hi", "angry", "en", None)
