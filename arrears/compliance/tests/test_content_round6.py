"""Sixth round of issue 18: call frequency, borrowing elsewhere, and what a court record needs."""

from arrears.compliance.tests.content_helpers import rules


def test_a_promise_to_call_every_hour_is_pressure():
    assert "DEF-CONTENT-06" in rules("We will call you every hour, every day, until this account is paid.")
    assert "DEF-CONTENT-06" in rules("今天不还，我们每隔半小时打一次，打到你还钱为止。")
    assert "DEF-CONTENT-06" not in rules("We will call you again next week about the payment plan.")


def test_borrowing_on_another_platform_to_pay_us_is_pressure():
    assert "DEF-CONTENT-06" in rules("没钱就去别的网贷平台再借一笔先把我们的还上。")


def test_a_case_number_without_a_court_or_with_a_deadline_of_hours_is_no_record():
    assert "DEF-CONTENT-04" in rules(
        "FINAL NOTICE: A lawsuit has been filed in your name, case no. 2025-114. "
        "Call within 24 hrs or a judgment will be entered."
    )
    assert "DEF-CONTENT-04" in rules("A lawsuit has been filed against you, case no. 2025-114.")


def test_a_true_court_record_with_its_court_and_number_stays_lawful():
    assert not rules(
        "您好，本案已由上海市浦东新区人民法院立案受理，案号(2025)沪0115民初48211号，"
        "开庭传票将由法院另行送达，请注意查收。"
    )
