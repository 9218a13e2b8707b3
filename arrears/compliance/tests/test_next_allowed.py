"""The next allowed time of a block, and the wording of the reasons that carry it."""

from __future__ import annotations

from datetime import datetime

from arrears.compliance.tests.helpers import call, decide, req


def test_a_consent_that_lapses_does_not_hide_a_conversation_block() -> None:
    # Inside the consent's 7 days (from 2025-03-01) the call is not counted (US-FREQ-03), but
    # the morning after the window closes the consent has lapsed and the conversation of
    # 2025-03-07 blocks calls through 2025-03-13 (US-FREQ-02).
    data = req("US", "2025-03-07T22:30:00-06:00",
               history=[call("2025-03-07T10:00:00-06:00", conversation=True)],
               preferences={"call_consent_at": "2025-03-01T09:00:00-06:00"})
    decision = decide(data)
    assert decision.rule_ids == ["US-TIME-01"]
    assert decision.next_allowed_at == datetime.fromisoformat("2025-03-14T08:00:00-05:00")
    assert decide({**data, "at": decision.next_allowed_at.isoformat()}).allowed


def test_an_agreed_slot_that_opens_at_midnight_on_its_weekday_is_found() -> None:
    # The slot 23:00-05:00 on Tuesdays and Saturdays contains Tuesday 00:00-05:00 local.
    data = req("CN", "2025-12-08T23:51:00+08:00", preferences={
        "agreed_times": [{"weekdays": [2, 6], "from": "23:00", "to": "05:00"}]})
    decision = decide(data)
    assert decision.next_allowed_at == datetime.fromisoformat("2025-12-09T00:00:00+08:00")
    assert decide({**data, "at": decision.next_allowed_at.isoformat()}).allowed


def test_a_frequency_block_is_allowed_again_at_the_window_opening_of_the_freeing_day() -> None:
    history = [call(f"2025-03-0{d}T10:00:00-06:00") for d in (1, 2, 3, 3, 4, 4, 5)]
    decision = decide(req("US", "2025-03-05T12:00:00-06:00", history=history))
    assert decision.rule_ids == ["US-FREQ-01"]
    assert decision.next_allowed_at == datetime.fromisoformat("2025-03-08T08:00:00-06:00")


def test_time_reasons_name_the_weekday_in_each_language() -> None:
    decision = decide(req("CN", "2025-03-05T22:00:00+08:00"))
    reason = decision.blocks[0]
    assert "2025-03-05 22:00" in reason.reason_en and "Wed" in reason.reason_en
    assert "every day" in reason.reason_en
    assert "周三" in reason.reason_zh and "每天" in reason.reason_zh
    assert "weekday" not in reason.reason_zh and "weekday" not in reason.reason_en


def test_the_strict_profile_names_its_days_as_a_range() -> None:
    decision = decide(req("GLOBAL-STRICT", "2025-03-09T12:00:00+01:00"))  # a Sunday
    reason = decision.blocks[0]
    assert "(Europe/Berlin, Sun)" in reason.reason_en and "（Europe/Berlin，周日）" in reason.reason_zh
    assert "Mon–Sat" in reason.reason_en and "周一至周六" in reason.reason_zh


def test_third_party_reasons_name_the_role_in_words() -> None:
    decision = decide(req("US", "2025-03-05T12:00:00-06:00",
                          recipient={"role": "employer", "person_id": "P9"}))
    reason = next(f for f in decision.blocks if f.rule_id == "US-3P-01")
    assert "the debtor's employer" in reason.reason_en
    assert "债务人的工作单位" in reason.reason_zh and "employer" not in reason.reason_zh


def test_an_opt_out_reason_names_the_channel_in_words() -> None:
    decision = decide(req("US", "2025-03-05T12:00:00-06:00", channel="im",
                          preferences={"opted_out_channels": ["im"]}))
    reason = next(f for f in decision.blocks if f.gate == "channel")
    assert "instant messages" in reason.reason_en and "即时通讯" in reason.reason_zh
