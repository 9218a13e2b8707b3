"""What the content check's tests share: its rule ids by name, and the rules' findings alone."""

from __future__ import annotations

from arrears.compliance.content import check_content

PRETEXT = IMPERSONATION = "DEF-CONTENT-01"
THREAT = "DEF-CONTENT-02"
INSULT = "DEF-CONTENT-03"
FALSE_LEGAL = "DEF-CONTENT-04"
DISCLOSURE = "DEF-CONTENT-05"
PRESSURE = "DEF-CONTENT-06"


def rules(text: str) -> set[str]:
    """The rule ids the rules alone find in `text` (no model)."""
    return {f.rule_id for f in check_content(text, learned=False)}
