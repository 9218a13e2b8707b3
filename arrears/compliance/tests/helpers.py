"""Tiny literal builders for contact-check requests used across the gate tests."""

from __future__ import annotations

import copy
from typing import Any

from arrears.compliance.gate import Decision, evaluate
from arrears.compliance.profiles import DEFAULTS
from arrears.compliance.request import parse_request

ZONES = {"CN": "Asia/Shanghai", "US": "America/Chicago", "UK": "Europe/London",
         "GLOBAL-STRICT": "Europe/Berlin"}


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def req(profile: str, at: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "profile": profile,
        "at": at,
        "channel": "call",
        "debt_id": "D1",
        "recipient": {"person_id": "P1", "role": "debtor", "contact_point": "M1",
                      "time_zones": [ZONES[profile]]},
        "account": {"consumer": True, "debtor_person_id": "P1"},
    }
    return merge(base, extra)


def call(at: str, *, connected: bool = True, conversation: bool = False, person: str = "P1",
         point: str = "M1", debt: str = "D1", purpose: str = "collect", by: str = "c1",
         channel: str = "call") -> dict[str, Any]:
    return {"at": at, "channel": channel, "person_id": person, "contact_point": point,
            "debt_id": debt, "connected": connected, "conversation": conversation, "by": by,
            "purpose": purpose}


def decide(data: dict[str, Any]) -> Decision:
    request = parse_request(data)
    return evaluate(request, DEFAULTS[request.profile])
