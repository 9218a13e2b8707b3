"""The request parser: unknown values are errors, never a silent allow."""

from __future__ import annotations

import pytest

from arrears.compliance.request import RequestError, parse_request
from arrears.compliance.tests.helpers import req

OK = req("CN", "2025-03-05T10:00:00+08:00")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"channel": "fax"}, "request.channel: unknown value 'fax'"),
        ({"profile": "FR"}, "request.profile: unknown value 'FR'"),
        ({"purpose": "threaten"}, "request.purpose: unknown value"),
        ({"at": "2025-03-05T10:00:00"}, "needs a UTC offset"),
        ({"colour": "red"}, "request.colour: unknown field"),
        ({"recipient": {"role": "landlord"}}, "recipient.role: unknown value 'landlord'"),
        ({"recipient": {"time_zones": ["Mars/Olympus"]}}, "unknown IANA time zone"),
        ({"account": {"bankrupt": True}}, "account.bankrupt: unknown field"),
        ({"account": {"dispute_open": "yes"}}, "must be true or false"),
        ({"preferences": {"opted_out_channels": ["pigeon"]}}, "unknown value 'pigeon'"),
        (
            {"preferences": {"inconvenient_times": [{"weekdays": [8], "from": "10:00", "to": "11:00"}]}},
            "weekdays",
        ),
        (
            {"history": [{"at": "2025-03-05T09:00:00+08:00", "channel": "call", "connected": "no"}]},
            "history[0].connected",
        ),
        ({"visitors": -1}, "request.visitors"),
    ],
)
def test_a_bad_field_is_an_error_naming_it(change: dict, message: str) -> None:
    with pytest.raises(RequestError) as info:
        parse_request({**OK, **change})
    assert any(message in e for e in info.value.errors), info.value.errors


def test_absent_fields_mean_false_or_none_and_the_profile_defaults_to_global_strict() -> None:
    parsed = parse_request({"at": "2025-03-05T10:00:00Z", "channel": "sms"})
    assert parsed.profile == "GLOBAL-STRICT"
    assert parsed.account.bankruptcy is False and parsed.account.cease_requested_at is None
    assert parsed.recipient.role == "debtor" and parsed.purpose == "collect"


def test_at_and_channel_are_required() -> None:
    with pytest.raises(RequestError) as info:
        parse_request({})
    assert "request.at: required" in info.value.errors
    assert "request.channel: required" in info.value.errors
