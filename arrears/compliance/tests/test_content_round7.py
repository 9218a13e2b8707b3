"""Seventh round of issue 18: kinds of lawful firm language the model reads as firm.

The model's findings are lifted by `_lawful_kind` (content_lawful.py); these tests hold each
kind and the unlawful look-alike that must keep its finding, without training a model.
"""

import pytest

from arrears.compliance.content import _court_record, _lawful_kind, _lawful_legal_step, check_content
from arrears.compliance.tests.content_helpers import (
    DISCLOSURE,
    FALSE_LEGAL,
    IMPERSONATION,
    PRESSURE,
    THREAT,
    rules,
)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (
            PRESSURE,
            "Good morning, I'm calling from Northgate Bank's recoveries team about your card account.",
        ),
        (IMPERSONATION, "I'm calling from the billing department of Ridge Energy about your gas account."),
        (IMPERSONATION, "您好，我是某某消费金融公司的工作人员，工号0815，想跟您确认一下您的账单还款情况。"),
        (THREAT, "Your personal loan is three payments behind."),
        (PRESSURE, "您的借款已逾期20天。"),
        (FALSE_LEGAL, "Your account has been passed to our legal team to decide whether to take action."),
        (FALSE_LEGAL, "账户将转法务部门评估是否起诉。"),
        (
            THREAT,
            "We know money is tight for your family, and we want to help you find a plan you can afford.",
        ),
        (DISCLOSURE, "我方受某某公司委托，就贵方所欠货款与贵方联系。"),
        (FALSE_LEGAL, "Interest and charges may continue to be added to your balance."),
        (PRESSURE, "根据借款合同约定，逾期期间按日计收罚息。"),
        (PRESSURE, "Please return my call on 555-0100 and quote reference number 88121."),
        (THREAT, "We'll note that you don't want calls at home."),
        (IMPERSONATION, "I'm trying to confirm a mailing address for the account holder."),
    ],
)
def test_a_lawful_kind_lifts_the_models_finding(rule: str, text: str) -> None:
    assert _lawful_kind(rule, text, text)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        # Pretexts: an institution, an employer's HR, a government office.
        (
            IMPERSONATION,
            "Hello, I'm calling from the HR department of your husband's employer about his account.",
        ),
        (
            IMPERSONATION,
            "This is a courtesy call from the Department of Consumer Debt Enforcement about your case.",
        ),
        (IMPERSONATION, "我是派出所的，找你核实一下你的借款账户。"),
        # Arrears with a threat, a suit or the family.
        (THREAT, "Your account is three months overdue and we know where your kids go to school."),
        (FALSE_LEGAL, "您的借款已逾期，法院已经判决冻结您的账户。"),
        # Undecided, with arrest; help with a condition.
        (FALSE_LEGAL, "Your file is under review and a warrant may follow."),
        (THREAT, "We want to help, but if you don't pay today your family will regret it."),
        # Disclosure with someone to disclose to.
        (DISCLOSURE, "您同事李伟在我们平台借了8000块一直不还，麻烦您提醒他。"),
        (DISCLOSURE, "We'll let everyone know you don't pay your debts."),
        # Fees the agreement does not provide for.
        (PRESSURE, "We will add a $150 collection fee to your balance every week you don't pay."),
        (PRESSURE, "今天不还清还要另收3000元上门催收费。"),
        # Confirming an address under a pretext.
        (IMPERSONATION, "This is the sheriff's office, confirming your home address."),
    ],
)
def test_the_unlawful_look_alike_keeps_its_finding(rule: str, text: str) -> None:
    assert not _lawful_kind(rule, text, text)


def test_a_court_step_pointing_to_the_court_itself_is_a_record_only_with_its_case_number() -> None:
    text = "您的案件已由法院受理，案号（2025）沪0115民初1234号，开庭时间以法院传票为准，请按时到庭。"
    assert _court_record(text, text, "开庭")
    assert FALSE_LEGAL not in rules(text)
    # The fabricated notice points to the court too ("以法院传票为准" is the staple of fake
    # lawsuit messages): without the case's number, the pointer documents nothing.
    bare = "您的案件已由法院受理，开庭时间以法院传票为准，请按时到庭。"
    assert not _court_record(bare, bare, "开庭")
    assert FALSE_LEGAL in [f.rule_id for f in check_content("您已被起诉，以法院传票为准。")]
    # A fabricated notice points to the collector and sets a deadline.
    assert FALSE_LEGAL in rules("您的案件已由法院受理，开庭时间另行通知，今天下午五点前联系我们可撤诉。")


def test_only_after_is_a_condition_of_a_lawful_step() -> None:
    assert _lawful_legal_step(
        "A court could order you to pay, but that would only happen after a "
        "claim is issued and you've had a chance to respond."
    )


def test_chinese_negation_verbs_and_someone_elses_freedom_from_the_debt() -> None:
    assert not rules("欠款属于民事纠纷，不涉及刑事责任，请您放心。")
    assert FALSE_LEGAL in rules("恶意拖欠要承担刑事责任。")
    assert not rules("Please don't pay anyone who contacts you on social media claiming to be us.")
    assert DISCLOSURE in rules("We will post your debt on social media.")


@pytest.mark.parametrize(
    "text",
    [
        "本公司受托催收，请贵司今日结清，否则我们将联系贵司所有客户告知欠款情况。",
        "如不付款，你的客户很快都会知道你们公司欠钱不还。",
        "If this invoice isn't paid by Friday we'll let your customers know you don't pay your bills.",
        "Pay now or we will write to all of your suppliers about this debt.",
    ],
)
def test_a_business_debt_told_to_its_customers_or_suppliers_is_disclosure(text: str) -> None:
    assert "DEF-CONTENT-05" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "If the invoice stays unpaid, we may apply to the court for a third party debt order "
        "against money your customers owe you.",
        "请贵司核对对账单，如有客户付款延迟导致的困难，可以与我们协商分期。",
        "我们会告知贵司的财务部门本笔发票已逾期。",
    ],
)
def test_a_business_customers_own_customers_named_lawfully_pass(text: str) -> None:
    assert "DEF-CONTENT-05" not in rules(text)
