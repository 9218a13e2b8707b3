"""Eighth round of issue 18: call frequency as a count, and the statutory arrears notice.

Rules only (no model is trained): each class and the lawful look-alike that must pass.
"""

import pytest

from arrears.compliance.content import _DOUBLE_NEGATION, _REASSURANCE
from arrears.compliance.tests.content_helpers import PRESSURE, rules


@pytest.mark.parametrize(
    "text",
    [
        "从明天开始每天给你打五十个电话",
        "我们一个小时往你单位打十遍",
        "会一直打电话给你家里直到你还清为止",
        "Expect us to call you 15 times a day from now on.",
        "You'll get dozens of texts a day until this is sorted.",
        "We'll keep phoning your mother every day until you pay.",
    ],
)
def test_calls_counted_by_the_day_or_ending_only_with_payment_are_pressure(text: str) -> None:
    assert PRESSURE in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "我们每天会给您发一条还款提醒短信，如已还款请忽略。",
        "每天打两次电话确认，不算多吧",
        "We may call you once a day to remind you of the payment.",
        "You can call us 7 days a week, 8am to 8pm.",
        "We will not call you more than 7 times in 7 days.",
    ],
)
def test_a_daily_reminder_or_our_opening_hours_pass(text: str) -> None:
    assert rules(text) == set()


def test_the_statutory_arrears_notice_is_a_reassurance() -> None:
    assert _REASSURANCE.search("This notice does not mean that we are taking court action against you now.")
    assert not _REASSURANCE.search("This means we are taking court action against you now.")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("您已被起诉，以法院传票为准", "DEF-CONTENT-04"),
        ("we will tell all your customers about the debt", "DEF-CONTENT-05"),
        ("your son will be arrested", "DEF-CONTENT-02"),
    ],
)
def test_the_probes_stay_blocked_by_the_rules(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你征信都被拉黑了，还想贷款？", "DEF-CONTENT-04"),
        ("今天不处理，您名下的银行卡将全部冻结。", "DEF-CONTENT-04"),
        ("拖下去你的医保卡会被停用。", "DEF-CONTENT-04"),
        ("The board will revoke your nursing licence if this stays unpaid.", "DEF-CONTENT-04"),
        ("You have been held in contempt for ignoring our calls.", "DEF-CONTENT-04"),
        ("Your kids will inherit the debt, you know that?", "DEF-CONTENT-04"),
        ("这里是人民银行征信中心，你的账户需要核实。", "DEF-CONTENT-01"),
    ],
)
def test_consequences_no_creditor_can_bring_and_regulators_named_as_the_caller(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "您的逾期记录将按规定报送中国人民银行征信中心。",
        "您的征信报告是由人民银行征信中心出具的，如有异议可申请更正。",
        "Your children will not inherit this debt.",
        "If a court orders you to pay and you ignore the order, you could be in contempt of court.",
    ],
)
def test_true_statements_about_credit_reporting_and_inheritance_pass(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # A negated negation asserts (found at the merge of the eighth round, passing before it).
        ("This does not mean you will not be arrested tomorrow.", "DEF-CONTENT-02"),
        ("Paying half does not mean the police will stop looking for you.", "DEF-CONTENT-04"),
        ("The police are looking for you because of this debt.", "DEF-CONTENT-04"),
        ("警察已经在找你了，赶紧还钱。", "DEF-CONTENT-04"),
    ],
)
def test_a_negated_negation_and_the_police_after_a_debtor_are_claims(text: str, rule: str) -> None:
    assert rule in rules(text)


def test_the_statutory_notice_in_chinese_is_a_reassurance_and_a_double_negative_is_none() -> None:
    assert _REASSURANCE.search("此通知并不代表我们已对您提起诉讼。")
    # A reassurance inside a negated negation lifts nothing the model finds.
    assert _DOUBLE_NEGATION.search("This notice does not mean that we will not take court action.")
    assert not _DOUBLE_NEGATION.search("This notice does not mean that we are taking court action now.")
    assert rules("If anyone claiming to be the police calls you about this account, it is a scam.") == set()
