"""The gate's B2B profile: a company debtor gets business hours on business days, none of the
consumer-only restrictions, and still the content rules (threats, deception, disclosure).

2025-03-05 is a Wednesday, 2025-03-08 a Saturday.
"""

from __future__ import annotations

from typing import Any

import pytest

from arrears.compliance.tests.helpers import call, decide, req

W = "2025-03-05"


def company(profile: str, at: str, **kw: Any) -> dict[str, Any]:
    account = {"consumer": False, "company": True, **kw.pop("account", {})}
    return req(profile, at, account=account, **kw)


def cn(time: str, day: str = W, **kw: Any) -> dict[str, Any]:
    return company("CN", f"{day}T{time}+08:00", **kw)


def rules(data: dict[str, Any]) -> list[str]:
    return [f.rule_id for f in decide(data).blocks]


def test_it_allows_a_call_in_business_hours_and_notes_the_b2b_profile() -> None:
    decision = decide(cn("10:00:00"))
    assert decision.allowed
    assert [n.rule_id for n in decision.notes] == ["B2B-SCOPE-01"]


@pytest.mark.parametrize(
    ("at", "day"),
    [("08:30:00", W), ("18:00:00", W), ("20:00:00", W), ("10:00:00", "2025-03-08")],
)
def test_it_blocks_outside_business_hours_or_on_a_weekend(at: str, day: str) -> None:
    # 08:30 and 20:00 are inside the CN consumer window: the business window is narrower.
    assert rules(cn(at, day)) == ["B2B-TIME-01"]


def test_the_next_allowed_time_is_monday_nine_in_the_debtors_zone() -> None:
    decision = decide(cn("19:00:00", "2025-03-07"))  # a Friday evening
    assert decision.next_allowed_at is not None
    assert decision.next_allowed_at.isoformat() == "2025-03-10T09:00:00+08:00"


def test_business_hours_are_read_in_the_debtors_time_zone() -> None:
    # 10:00 in Shanghai is 03:00 in Berlin: a customer there is not called.
    data = cn("10:00:00", recipient={"time_zones": ["Europe/Berlin"]})
    assert rules(data) == ["B2B-TIME-01"]


def test_the_consumer_caps_and_stops_do_not_apply() -> None:
    history = [call(f"{W}T0{h}:00:00+08:00", connected=True, conversation=True) for h in range(1, 8)]
    data = cn(
        "10:00:00",
        history=history,
        account={
            "dispute_open": True,
            "cease_requested_at": "2025-03-01T10:00:00+08:00",
            "attorney_represented": True,
        },
        text="您好，这里是华东贸易公司财务部，想跟您核对一下三张逾期发票的付款安排。",
    )
    # Seven conversations today (CN-FREQ-02 caps three), an open dispute (CN-DISPUTE-01),
    # a cease and an attorney (US-only anyway): none of them stops a business call.
    assert decide(data).allowed


def test_the_same_facts_for_a_consumer_are_blocked() -> None:
    history = [call(f"{W}T0{h}:00:00+08:00", connected=True, conversation=True) for h in range(1, 8)]
    data = req("CN", f"{W}T10:00:00+08:00", history=history, account={"dispute_open": True})
    assert {"CN-FREQ-02", "CN-DISPUTE-01"} <= set(rules(data))


def test_it_still_blocks_threats_and_impersonation() -> None:
    assert "DEF-CONTENT-02" in rules(cn("10:00:00", text="再不付货款，明天带人上门找你。"))
    assert "DEF-CONTENT-01" in rules(
        cn("10:00:00", text="您好，我是顺丰快递的，有您一个包裹，请问您公司现在的地址是？")
    )


def test_someone_without_a_part_in_paying_is_not_pressed_about_the_invoices() -> None:
    outsider: dict[str, Any] = {"recipient": {"role": "other", "person_id": "P9", "contact_point": "M9"}}
    assert rules(cn("10:00:00", **outsider)) == ["B2B-3P-01"]
    # Asking them for the right person, or to pass on a message, is fine.
    assert decide(cn("10:00:00", purpose="message_only", **outsider)).allowed


def test_it_blocks_disclosure_to_an_outsider_in_the_text() -> None:
    outsider: dict[str, Any] = {
        "recipient": {"role": "other", "person_id": "P9", "contact_point": "M9"},
        "purpose": "message_only",
    }
    found = rules(cn("10:00:00", text="请转告你们老板，他欠我们的货款五万元已经逾期三个月了。", **outsider))
    assert "B2B-3P-01" in found
    assert "DEF-CONTENT-05" in found


def test_a_postcard_is_still_a_disclosure() -> None:
    data = cn("10:00:00", channel="letter", letter_postcard=True)
    assert rules(data) == ["DEF-CONTENT-05"]


def test_the_persons_own_opt_out_is_kept() -> None:
    data = cn("10:00:00", preferences={"opted_out_channels": ["call"]})
    assert rules(data) == ["US-MEDIUM-01"]


def test_a_bankrupt_company_is_not_chased() -> None:
    assert rules(cn("10:00:00", account={"bankruptcy": True})) == ["DEF-STATE-01"]


def test_a_us_company_gets_business_hours_too() -> None:
    # Without `company` a US business debt is exempt from the time gate (US-SCOPE-01).
    night = "2025-03-05T22:00:00-06:00"
    assert decide(req("US", night, account={"consumer": False})).allowed
    assert rules(company("US", night)) == ["B2B-TIME-01"]
