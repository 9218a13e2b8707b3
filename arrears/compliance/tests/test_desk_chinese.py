"""A zh-hans reader of the compliance desk never meets an English sentence of ours."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import time_machine
from django.utils import translation

from arrears.compliance import forms, parameters
from arrears.compliance.actions import check_and_record
from arrears.compliance.profiles import DEFAULTS
from arrears.compliance.proposals import approve, propose
from arrears.compliance.tests.desk import build_people, client_for, submitted
from arrears.compliance.tests.helpers import req
from arrears.compliance.views.whatif import EXAMPLES

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "compliance"
OURS = ["_tabs.html", "policy_index.html", "policy.html", "propose.html", "check.html", "decisions.html"]


def english_strings() -> set[str]:
    """Every English text our desk shows: the templates' msgids (the words between their
    placeholders) and the Python labels, as an English reader sees them."""
    found: set[str] = set()
    for name in OURS:
        source = (TEMPLATES / name).read_text()
        found |= set(re.findall(r'{% translate "([^"]+)" %}', source))
        found |= set(re.findall(r"{% translate '([^']+)' %}", source))
        for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", source, re.S):
            found |= {part.strip(" ,.():") for part in re.split(r"{{[^}]*}}", body)}
    with translation.override("en"):
        lazies = [
            *parameters.LABELS.values(),
            *(t for t, _ in parameters.GROUPS),
            *parameters.THIRD_PARTY_MODES.values(),
            *parameters.DISPUTE_MODES.values(),
            *parameters.DISCLOSURES.values(),
            *forms.CHANNEL_LABELS.values(),
            *forms.ROLE_LABELS.values(),
            *forms.PURPOSE_LABELS.values(),
            *(label for label, _ in EXAMPLES.values()),
            *(f.label for f in forms.WhatIfForm().fields.values()),
        ]
        found |= {str(s) for s in lazies}
    # Two letters or more; "Excel (XLSX)" and "CSV" are names of formats, not English.
    return {s for s in found if len(s) > 2 and re.search(r"[a-z]{2}", s)}


def visible(html: str) -> str:
    main = html.split("<main>", 1)[1]
    attributes = " ".join(re.findall(r'(?:placeholder|aria-label|title)="([^"]*)"', main))
    text = re.sub(r"<[^>]+>", " ", main)
    return unescape(text + " " + attributes)


@pytest.fixture
def pages():
    people = build_people()
    cn = DEFAULTS["CN"].to_dict()
    approve(
        propose("CN", {**cn, "window_end": "21:00"}, user=people.admin, reason="更早结束"), user=people.second
    )
    propose("CN", {**cn, "window_end": "21:00", "visit_min_staff": 3}, user=people.admin, reason="三人")
    check_and_record(
        req("CN", "2026-03-04T22:30:00+08:00"), user=people.collector, case_reference="C-00000001"
    )
    client = client_for(people.officer)
    with time_machine.travel("2026-03-04T01:00:00Z", tick=False):
        example = client.get("/compliance/check/", {"example": "relative-pays"})
        result = client.post(
            "/compliance/check/",
            {**submitted(example.context["form"]), **submitted(example.context["history"])},
        )
        bad = client.post("/compliance/check/", {"history-TOTAL_FORMS": "0", "history-INITIAL_FORMS": "0"})
    proposal_form = client.post("/compliance/policy/CN/propose/", {"window_start": "25:00"})
    return {
        "index": client.get("/compliance/policy/"),
        "policy": client.get("/compliance/policy/CN/"),
        "strict": client.get("/compliance/policy/GLOBAL-STRICT/"),
        "propose": client.get("/compliance/policy/CN/propose/"),
        "propose-errors": proposal_form,
        "example": example,
        "result": result,
        "what-if-errors": bad,
        "log": client.get("/compliance/decisions/"),
        "log-errors": client.get("/compliance/decisions/", {"date_from": "x", "outcome": "?"}),
    }


def test_no_english_sentence_of_ours_shows_to_a_chinese_reader(pages) -> None:
    english = english_strings()
    assert len(english) > 100  # the check reads the real templates and labels
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        text = visible(response.content.decode())
        shown = sorted(s for s in english if re.search(rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z])", text))
        assert not shown, f"{name} shows English: {shown}"
        assert re.search(r"[\u4e00-\u9fff]", text), name
