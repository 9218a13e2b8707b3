"""Hooks for the schemathesis run of test_api_fuzz.py (loaded through SCHEMATHESIS_HOOKS).

The one constraint JSON Schema cannot state: a contact-check slot whose `from` equals its
`to` is refused (422), since a schema cannot compare two fields. Generated bodies with such
a slot are dropped; everything else the generator makes is sent.
"""

from __future__ import annotations

from typing import Any

import schemathesis


def _equal_slot(body: Any) -> bool:
    prefs = body.get("preferences") if isinstance(body, dict) else None
    if not isinstance(prefs, dict):
        return False
    for key in ("inconvenient_times", "agreed_times"):
        for slot in prefs.get(key) or []:
            if isinstance(slot, dict) and "from" in slot and slot.get("from") == slot.get("to"):
                return True
    return False


@schemathesis.hook
def filter_body(context: Any, body: Any) -> bool:
    return not _equal_slot(body)


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    # The coverage phase builds cases without the body hooks.
    return not _equal_slot(getattr(case, "body", None))
