"""Suggested replies per reaction and stage, loaded from ``seed/replies.json``.

Replies are reviewed text, like scripts: they are shipped in the repository, checked by the
content rules in the test suite, and only rendered (never rewritten) at run time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from arrears.scripts.labels import LANGUAGES, REACTIONS, STAGES
from arrears.scripts.render import check_template, render_parts

REPLIES_PATH = Path(__file__).resolve().parent / "seed" / "replies.json"


@dataclass(frozen=True)
class Reply:
    id: str
    label: str
    stage: str
    texts: Mapping[str, str]  # language -> template
    third_party: bool  # spoken to someone who may not be the debtor: no debt details


@cache
def all_replies() -> tuple[Reply, ...]:
    rows = json.loads(REPLIES_PATH.read_text(encoding="utf-8"))
    replies = []
    for row in rows:
        if row["label"] not in REACTIONS or row["stage"] not in STAGES:
            raise ValueError(f"reply {row['id']}: bad label or stage")
        texts = {lang: row[lang] for lang in LANGUAGES}
        for template in texts.values():
            check_template(template)
        replies.append(
            Reply(row["id"], row["label"], row["stage"], texts, bool(row.get("third_party")))
        )
    return tuple(replies)


def replies_for(label: str, stage: str) -> list[Reply]:
    return [r for r in all_replies() if r.label == label and r.stage == stage]


def suggestions(
    label: str,
    stage: str,
    language: str,
    context: Mapping[str, Any] | None = None,
    *,
    currency: str = "CNY",
) -> list[dict[str, Any]]:
    """Rendered replies. A value missing from ``context`` is a marked gap in ``text`` and
    ``parts`` (arrears.scripts.render.gap_marker), never a raw ``{placeholder}``;
    ``setting_gaps`` names the missing settings, for the configuration log."""
    out = []
    for reply in replies_for(label, stage):
        rendered = render_parts(reply.texts[language], context or {}, language, currency=currency)
        out.append(
            {
                "id": reply.id,
                "text": rendered.text,
                "parts": [{"text": p.text, "gap": p.gap} for p in rendered.parts],
                "setting_gaps": rendered.setting_gaps,
            }
        )
    return out
