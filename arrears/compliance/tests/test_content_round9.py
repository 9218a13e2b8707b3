"""Ninth round of issue 18: the debt told to a workplace, a group or a list; someone who does
not owe it pressed to pay; and the lawful notices the model read as threats (a visit with
its terms, notice before a step, a contact only to verify a job, a hospital's own bill, an
agent's mandate).

Rules only (no model is trained); the lawful kinds are asked directly, as content.py asks
them about a model's finding.
"""

import pytest

from arrears.compliance.content import _lawful_kind
from arrears.compliance.tests.content_helpers import DISCLOSURE, FALSE_LEGAL, PRESSURE, THREAT, rules


@pytest.mark.parametrize(
    "text",
    [
        "Unless we hear back today we'll be emailing your line manager about the arrears.",
        "We are notifying your payroll department of the unpaid balance this afternoon.",
        "A copy of the demand goes to your parents' group so everyone sees it.",
        "We will forward the details to your church group.",
        "Pay now or we post this to the community WhatsApp group so they know what kind of person you are.",
        "Your name is going on our wall of bad payers.",
        "Your tenant Mark Ellis is in arrears with us, please remind him.",
        "Hi, your neighbour still owes us $300.",
        "【通知】@所有人 张某某逾期三个月未还款，请大家转告。",
        "以下会员本月拖欠贷款，名单附后。",
        "你们公司的人我们都已经联系过了。",
    ],
)
def test_the_debt_told_to_a_workplace_a_group_or_a_list_is_disclosure(text: str) -> None:
    assert DISCLOSURE in rules(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Your dad is listed, so we need your dad to pay it by Friday.", PRESSURE),
        ("We expect her to clear the balance for her son.", PRESSURE),
        ("你是她姐姐，麻烦督促她还款。", PRESSURE),
        ("她不还的话全组连坐，下个月都别想贷。", PRESSURE),
        ("As you're his business partner you are liable for what he owes.", FALSE_LEGAL),
        ("You're on the hook for this too.", FALSE_LEGAL),
    ],
)
def test_someone_who_does_not_owe_the_debt_pressed_or_told_they_owe_it(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "We may phone your employer only to verify your employment; we will not discuss your account.",
        "We may contact your employer only to confirm your employment, and will not disclose the debt.",
        "如需核实，我们仅为核实您是否在职会联系单位，不会透露欠款。",
        "您好，这里是县人民医院收费处，您上月门诊费用尚未结清，请到结算窗口办理。",
        "Your customer account with us is overdue; please pay by the 30th.",
        "We share information with credit reference agencies and other lenders.",
        "Your payment is overdue by 12 days.",
    ],
)
def test_lawful_look_alikes_pass_the_rules(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "We'll call your employer only to confirm you work there, and we'll mention the debt.",
        "We'll contact your employer only to confirm your employment and tell them about the debt.",
        "这里是市人民医院，您家人出了车祸，请先缴纳住院费用。",
        "这里是县人民医院收费处，您的门诊费用未结清，麻烦告诉我们您现在的工作单位和住址。",
    ],
)
def test_the_exceptions_do_not_cover_a_disclosure_or_a_pretext(text: str) -> None:
    assert rules(text)


@pytest.mark.parametrize(
    ("rule", "span"),
    [
        (
            THREAT,
            "Our field officer may call at your home; they will show ID, and you can rearrange "
            "the time if it does not suit.",
        ),
        (THREAT, "我司外访人员将前往您的住址拜访，届时出示工作证，如不方便可另行约定时间。"),
        (FALSE_LEGAL, "Before any sale you will receive a written notice of the date."),
        (DISCLOSURE, "我们在采取任何措施前会书面通知您本人。"),
        (FALSE_LEGAL, "您的账户已由银行委托我司管理，如有异议可向银行投诉。"),
    ],
)
def test_lawful_notices_lift_a_model_finding(rule: str, span: str) -> None:
    assert _lawful_kind(rule, span, span)


@pytest.mark.parametrize(
    ("rule", "span"),
    [
        (THREAT, "Our field officer will visit you tonight with a couple of guys; arrange a time or else."),
        (THREAT, "我们明天派几个人上门拜访，出示工作证，不方便可以另约。"),
        (THREAT, "An agent will visit your workplace and show ID to your manager."),
        (FALSE_LEGAL, "Before the police arrive you will receive a notice."),
        (FALSE_LEGAL, "您的案件已由银行委托我司，已移交法院立案。"),
    ],
)
def test_spoiled_notices_keep_the_finding(rule: str, span: str) -> None:
    assert not _lawful_kind(rule, span, span)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("您已被起诉，以法院传票为准", FALSE_LEGAL),
        ("we will tell all your customers about the debt", DISCLOSURE),
        ("your son will be arrested", THREAT),
        ("This does not mean you will not be arrested tomorrow", THREAT),
        ("每天打二十个电话直到还款", PRESSURE),
    ],
)
def test_the_probes_stay_blocked_by_the_rules(text: str, rule: str) -> None:
    assert rule in rules(text)


# Found probing the merged round through `manage.py check_contact` (docs/contact-check.md).


@pytest.mark.parametrize(
    "text",
    [
        # A location inquiry: a third party asked only how to reach the debtor.
        "If we cannot reach you, we may try contacting your family to ask for your current phone "
        "number; we will not tell them about the debt.",
        "We may call your sister to ask her to pass on a message asking you to call us; we will "
        "not mention the debt.",
        # "So everyone knows" about nothing of the debtor's.
        "So everyone knows where they stand, here are the payment options for your account.",
    ],
)
def test_a_location_inquiry_and_an_idiom_pass_the_rules(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "We are contacting your family to ask for your current phone number and to let them know "
        "you owe us £2,000.",
        "We will be calling your parents to ask for your address, since you won't pay what you owe.",
        "We will contact you and your employer tomorrow.",
        "We will keep calling your neighbours so everyone knows.",
        "So everyone knows what you are, we sent the notice to your whole street.",
    ],
)
def test_a_location_inquiry_that_tells_the_debt_and_a_coordinated_third_party_are_disclosure(
    text: str,
) -> None:
    assert DISCLOSURE in rules(text)


def test_the_lenders_own_staff_calling_the_debtor_lifts_a_model_finding_alone() -> None:
    for lawful in (
        "Your loan officer will call you tomorrow to discuss a payment plan.",
        "您的客户经理稍后会致电您，协商还款方案。",
    ):
        assert _lawful_kind(DISCLOSURE, lawful, lawful)
    for spoiled in (
        "Your collections agent will call you at work in front of your colleagues.",
        "Your loan officer will call you tomorrow; your wife already knows what you owe.",
        "Your account manager will contact you and your employer tomorrow.",
    ):
        assert not _lawful_kind(DISCLOSURE, spoiled, spoiled)


# Found on forty fresh lines written after the merge, before any change (docs/contact-check.md):
# a dispute acknowledged with collection paused, and a sale of repossessed goods after notice
# with the right to redeem, read by the model as false legal claims.


@pytest.mark.parametrize(
    "span",
    [
        "We have received your dispute and have paused collection while we investigate.",
        "已收到您的异议，核实期间暂停催收，我们将在15个工作日内书面答复。",
        "The car will be sold at public auction after 10 days' notice unless you redeem it by paying "
        "the amount owed plus repossession costs, as permitted under your contract and state law.",
    ],
)
def test_a_dispute_paused_and_a_sale_after_notice_lift_a_model_finding(span: str) -> None:
    assert _lawful_kind(FALSE_LEGAL, span, span)


@pytest.mark.parametrize(
    "span",
    [
        "We received your dispute but your wages will be garnished tomorrow regardless.",
        "We paused collection while we investigate whether to file criminal charges.",
        "已收到您的异议，但我们照样会去法院起诉你。",
        "We will take your house after 3 days' notice unless you pay.",
        "The car will be sold after 10 days' notice unless you pay, and the police will be told.",
    ],
)
def test_a_pause_or_a_notice_with_a_step_against_the_debtor_keeps_the_finding(span: str) -> None:
    assert not _lawful_kind(FALSE_LEGAL, span, span)


# A second forty fresh lines, written after the first batch's fixes and before any change.


@pytest.mark.parametrize(
    "text",
    [
        "If the arrears are not cleared, we will consider whether to start court action. We have "
        "not made that decision yet.",
        "Because your federally held student loan is in default, we may garnish up to 15% of your "
        "disposable pay through administrative wage garnishment. You have 30 days from this notice "
        "to request a hearing or agree to a repayment schedule.",
    ],
)
def test_a_suit_only_considered_and_the_student_loan_garnishment_notice_pass_the_rules(text: str) -> None:
    assert FALSE_LEGAL not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "We will consider whether to start court action, and your wife is now legally responsible "
        "for your debts.",
        "We are considering whether to file criminal charges against you.",
        "If you don't pay we will consider whether to start court action. A warrant has been issued.",
        "We will garnish your wages tomorrow through administrative wage garnishment; you may request "
        "a hearing.",
        "We will garnish your wages unless you pay today.",
    ],
)
def test_the_considered_suit_and_the_garnishment_notice_do_not_cover_a_claim(text: str) -> None:
    assert FALSE_LEGAL in rules(text)


@pytest.mark.parametrize(
    ("span", "lawful"),
    [
        ("We'll be in touch again in 7 days if we haven't heard from you.", True),
        ("如未收到您的回复，我们将于7日后再次与您联系。", True),
        ("We'll be in touch again in 7 days if we haven't heard from you, and so will your employer.", False),
        ("We'll be in touch again in 7 days, and you'll regret ignoring us.", False),
    ],
)
def test_a_follow_up_announced_and_nothing_else_lifts_a_model_finding(span: str, lawful: bool) -> None:
    assert _lawful_kind(THREAT, span, span) is lawful


@pytest.mark.parametrize(
    "text",
    [
        "We'll call you again tonight, and every night after that.",
        "We will call you day and night.",
        "我们每天晚上都会给你打电话。",
        "24小时轮番给你打电话。",
    ],
)
def test_calls_every_night_or_day_and_night_are_pressure(text: str) -> None:
    assert PRESSURE in rules(text)


@pytest.mark.parametrize(
    "text", ["We can call you tonight if that is easier for you.", "您方便的话我们今晚七点给您回电。"]
)
def test_a_call_tonight_at_the_debtors_convenience_is_not_pressure(text: str) -> None:
    assert PRESSURE not in rules(text)
