"""Tenth round of issue 18: fresh lines in the styles of real notices (a mortgage's notice of
default, a UK letter before claim, a forbearance letter) and of real threats (the debtor's
children's school, credit refused for ever).

Rules only (no model is trained); the lawful kinds are asked directly, as content.py asks
them about a model's finding.
"""

import pytest

from arrears.compliance.content import _lawful_kind
from arrears.compliance.tests.content_helpers import DISCLOSURE, FALSE_LEGAL, PRESSURE, PRETEXT, THREAT, rules


@pytest.mark.parametrize(
    "text",
    [
        "If you don't settle today, we'll be forced to contact your children's school about this debt.",
        "We will call your daughter's school and tell her teacher.",
        "Unless you pay, we'll be contacting your kids' school this week.",
    ],
)
def test_the_childrens_school_is_a_third_party(text: str) -> None:
    assert DISCLOSURE in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "If the arrears are not cleared, we may take court action.",
        "If you do not cure the default by April 30, we may accelerate the loan. You have the right to "
        "reinstate after acceleration and to bring a court action to assert any defense.",
        "You can bring court action against us if you believe we have broken the law.",
    ],
)
def test_court_action_that_may_follow_or_is_the_debtors_right_is_lawful(text: str) -> None:
    assert FALSE_LEGAL not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "We have started court action against you.",
        "Court action will be taken against you tomorrow.",
        "You have the right to know that we will take court action tomorrow.",
    ],
)
def test_court_action_begun_or_certain_is_a_claim(text: str) -> None:
    assert FALSE_LEGAL in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "If you don't pay, we'll make sure you never get a loan again anywhere in the country.",
        "No bank will ever lend to you again.",
        "You'll never be able to get a mortgage again.",
    ],
)
def test_credit_refused_for_ever_is_a_false_claim(text: str) -> None:
    assert FALSE_LEGAL in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "If you keep missing payments, it may be harder to get credit in future.",
        "We will never sell your data, and you will get a loan again once this is repaid.",
        "We never report accounts that are paid on time.",
    ],
)
def test_a_true_word_about_credit_is_not(text: str) -> None:
    assert FALSE_LEGAL not in rules(text)


@pytest.mark.parametrize(
    ("span", "lawful"),
    [
        ("Please note that interest and charges on your account have been frozen.", True),
        ("We have waived the late fees on your account.", True),
        ("本月起您的账户停息挂账，每月还款800元。", True),
        ("您的逾期罚息已为您减免。", True),
        ("Your wages have been frozen and interest has been frozen.", False),
        ("Interest has been frozen and your bank account will be frozen too.", False),
        ("罚息已冻结，你的工资卡也已冻结。", False),
    ],
)
def test_relief_granted_lifts_a_model_finding(span: str, lawful: bool) -> None:
    assert _lawful_kind(FALSE_LEGAL, span, span) is lawful


@pytest.mark.parametrize(
    ("span", "lawful"),
    [
        ("You have the right to reinstate after acceleration and to bring a court action.", True),
        ("您有权在十五日内向人民法院提起诉讼。", True),
        ("You have the right to know that we will take court action.", False),
        ("You have the right to remain silent, but the police will arrest you.", False),
    ],
)
def test_the_debtors_own_right_lifts_a_model_finding(span: str, lawful: bool) -> None:
    assert _lawful_kind(FALSE_LEGAL, span, span) is lawful


@pytest.mark.parametrize(
    ("span", "lawful"),
    [
        ("This is a final reminder before we pass your account to our solicitors, who may start court "
         "proceedings.", True),
        ("We may refer the debt to a debt collection agency.", True),
        ("We are passing your account to our solicitors today.", False),
        ("We have passed your debt to our lawyers and to your employer.", False),
        ("We will pass your account to our solicitors and the police will be informed.", False),
    ],
)
def test_a_referral_announced_lifts_a_model_finding(span: str, lawful: bool) -> None:
    assert _lawful_kind(PRETEXT, span, span) is lawful


@pytest.mark.parametrize(
    "text",
    [
        "We are required to report you to the IRS for tax evasion if you don't pay this week.",
        "We will report you to HMRC.",
        "We will notify immigration about your status.",
        "你不还钱我们就举报你偷税漏税。",
        "我们会把你的情况通报给税务局。",
    ],
)
def test_the_debtor_reported_to_the_tax_or_immigration_authorities_is_a_false_claim(text: str) -> None:
    assert FALSE_LEGAL in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "If we cancel $600 or more of your debt, we may have to report it to the IRS on Form 1099-C.",
        "如对我们的催收行为有异议，您可以向监管部门反映。",
        "We will not report you to any authority.",
    ],
)
def test_a_cancelled_debts_tax_form_or_a_complaint_route_is_not(text: str) -> None:
    assert FALSE_LEGAL not in rules(text)


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("We are required to tell you that your account has been closed and the full balance is now due.",
         True),
        ("我们在此通知您，您的账户已销户，剩余欠款需一次性偿还。", True),
        ("We are required to tell you that your family will be informed.", False),
        ("We will tell everyone about your debt.", False),
        ("我们通知您，你欠钱的事大家很快都会知道。", False),
    ],
)
def test_a_text_that_speaks_to_the_debtor_alone(text: str, alone: bool) -> None:
    from arrears.compliance.content import _addressed_only

    assert _addressed_only(text) is alone


@pytest.mark.parametrize(
    "text",
    [
        "Pay today or our recovery team will change the locks on your home.",
        "Our team will lock you out of your house.",
        "你不还钱，我们就去把你家门锁换了。",
    ],
)
def test_a_home_locked_against_the_debtor_is_a_threat(text: str) -> None:
    assert THREAT in rules(text)


def test_a_promise_never_to_change_the_locks_is_not() -> None:
    assert THREAT not in rules("We will never change the locks on your home without a court order.")


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("贵公司应付我司的第三季度服务费86,400元已逾期45天，烦请财务尽快安排。", False),
        ("您的技术服务费尚未支付。", False),
        ("我们将向你收取上门服务费500元。", True),
        ("每次通话需收取服务费50元。", True),
    ],
)
def test_an_invoices_service_fee_is_the_debt_a_collectors_is_pressure(text: str, fee: bool) -> None:
    assert (PRESSURE in rules(text)) is fee


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("法院已将您纳入失信被执行人名单（(2026)京0105执1234号），如对此有异议可向执行法院申请纠正。", False),
        ("法院已将您纳入失信被执行人名单（(2026)京0105执1234号）。", True),
        ("你已被纳入失信被执行人名单，子女不能上学。", True),
        ("你已被纳入失信被执行人名单（(2026)京0105执1234号），可向执行法院申请纠正，今天不还就抓你。", True),
    ],
)
def test_the_courts_list_is_documented_by_its_case_and_the_way_to_contest_it(text: str, claim: bool) -> None:
    assert (FALSE_LEGAL in rules(text)) is claim


def test_a_right_the_debtor_may_have_is_the_debtors() -> None:
    assert FALSE_LEGAL not in rules(
        "You may have the right to have your wages protected from garnishment under state law.")


def test_family_obliged_to_pay_is_a_false_claim() -> None:
    assert FALSE_LEGAL in rules("Your family members are obliged to pay your debts under the law.")


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("警惕！你的家人很快都会知道你欠钱。", True),
        ("你的事你爸妈迟早都会知道。", True),
        ("您的家人不会知道这件事。", False),
    ],
)
def test_the_family_told_is_disclosure(text: str, told: bool) -> None:
    assert (DISCLOSURE in rules(text)) is told


@pytest.mark.parametrize(
    ("span", "lawful"),
    [
        ("Scammers sometimes pretend to be from the police or a court to get you to pay.", True),
        ("警惕冒充公检法的诈骗电话！", True),
        ("Beware: scammers pretend to be the police, and you will be arrested if you don't pay us.", False),
        ("警惕！你的家人很快都会知道你欠钱。", False),
        ("If you believe someone has used your identity, you can report it to the police.", True),
        ("建议您先到公安机关报案，并将报案回执提供给我们。", True),
        ("We will report it to the police.", False),
        ("建议您到派出所报案，我们已经通知你单位了。", False),
        ("The bailiff's visit scheduled under warrant 2026/0345 has been cancelled.", True),
        ("The warrant has been cancelled, but it will be reissued unless you pay today.", False),
    ],
)
def test_warnings_a_victims_report_and_a_step_called_off_lift_a_finding(span: str, lawful: bool) -> None:
    assert _lawful_kind(FALSE_LEGAL, span, span) is lawful


def test_a_step_called_off_is_no_claim_for_the_rules() -> None:
    assert FALSE_LEGAL not in rules(
        "The bailiff's visit scheduled under warrant 2026/0345 has been cancelled because you have agreed a "
        "payment plan.")
    assert FALSE_LEGAL in rules(
        "The warrant has been cancelled, but it will be reissued unless you pay today.")


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("Your neighbour told us you have moved. Could you confirm your new address?", True),
        ("Your neighbour told us you have moved, and we told them about your debt.", False),
    ],
)
def test_the_source_of_a_new_address_is_not_told_anything(text: str, alone: bool) -> None:
    from arrears.compliance import content_notices
    from arrears.compliance.content import _addressed_only

    assert _addressed_only(content_notices.without_source(text)) is alone


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We'll be sending your details to every employer in the area so you'll never work again.",
         DISCLOSURE),
        ("We'll be sending your details to every employer in the area so you'll never work again.",
         THREAT),
        ("We cannot stop calling your family until you pay.", DISCLOSURE),
        ("Collectors are not allowed to call your employer, but we do it anyway.", DISCLOSURE),
        ("我们不会放过你，你全家都会知道。", THREAT),
        ("我们不会放过你，你全家都会知道。", DISCLOSURE),
        ("我们不能保证你的同事不会知道这件事。", DISCLOSURE),
        ("We can't promise your boss won't hear about this.", DISCLOSURE),
    ],
)
def test_threats_in_negations_are_read(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "We will not stop you from paying early.",
        "Please don't give up: we can help.",
        "我们不会停止您的服务。",
        "We cannot guarantee the payment won't be late.",
        "您的快递柜使用费已逾期未付，逾期将暂停您的取件服务，请在APP内补缴。",
    ],
)
def test_their_lawful_look_alikes_are_not(text: str) -> None:
    assert not rules(text)


def test_a_courier_asking_where_the_debtor_lives_is_still_a_pretext() -> None:
    assert PRETEXT in rules("您的快递柜使用费已逾期未付，请告诉我们您现在的住址。")


@pytest.mark.parametrize(
    ("span", "rule", "lawful"),
    [
        ("A debt collector may not tell anyone else about your debt, except your spouse or your attorney.",
         DISCLOSURE, True),
        ("催收人员不得向第三方透露您的欠款信息。", DISCLOSURE, True),
        ("A debt collector may not tell anyone else about your debt, but we will.", DISCLOSURE, False),
        ("Collectors are not allowed to call your employer, but we do it anyway.", DISCLOSURE, False),
        ("Repossession is always a last resort.", FALSE_LEGAL, True),
        ("Court is always a last resort, but for you we'll make an exception tomorrow.", FALSE_LEGAL, False),
    ],
)
def test_the_laws_limits_and_a_last_resort_lift_a_model_finding(span: str, rule: str, lawful: bool) -> None:
    assert _lawful_kind(rule, span, span) is lawful


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The police are not involved yet, but they will be tomorrow.", True),
        ("The police are not involved, but they will be tomorrow.", True),
        ("The police are not involved in this; it is a civil matter between you and the bank.", False),
        ("We will not contact your family, but we will write to you.", False),
    ],
)
def test_a_denial_taken_back_is_no_denial(text: str, claim: bool) -> None:
    assert bool(rules(text)) is claim


@pytest.mark.parametrize(
    "text",
    [
        "【某借款APP】您的借款已逾期7天，当前应还1,236.50元。逾期时间越长，产生的罚息越多，请尽快还款。",
        "该客户您好，您名下的逾期贷款已按规定纳入我行重点关注名单，请尽快联系您的客户经理。",
    ],
)
def test_a_senders_name_and_the_debtors_own_relationship_manager_are_lawful(text: str) -> None:
    assert not rules(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("【某借款APP】你去下个借款APP借钱还我们。", PRESSURE),
        ("该客户您好，请尽快联系您的客户。", DISCLOSURE),
    ],
)
def test_their_unlawful_neighbours_are_not(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    ("rule", "span", "text", "lawful"),
    [
        (PRESSURE, "As a reminder, we cannot accept payment by credit card on this account, but you "
         "can pay by debit card or bank transfer.", None, True),
        (PRESSURE, "We cannot accept payment by credit card, so borrow the money from your family.", None,
         False),
        (DISCLOSURE, "你好，你的账户我们已按照流程转入委外阶段，后续会有委托机构与你联系，"
         "他们会出示委托证明。", None, True),
        (FALSE_LEGAL, "Your case has been closed because the balance is now paid.", None, True),
        (FALSE_LEGAL, "Your case has been closed, but the police will still come.", None, False),
        (PRETEXT, "This is a reminder of your hearing on 14 May at Manchester County Court (claim F0MA1234).",
         None, True),
        (PRETEXT, "This is the county court (claim F0MA1234): pay now to stop the warrant.", None, False),
    ],
)
def test_payment_methods_an_agency_a_closed_case_and_a_documented_hearing(
        rule: str, span: str, text: str | None, lawful: bool) -> None:
    assert _lawful_kind(rule, span, text or span) is lawful


def test_a_summons_beside_a_settled_account_is_still_a_claim() -> None:
    assert FALSE_LEGAL in rules("还清后征信会显示已结清，传票已经寄出去了嘛")


@pytest.mark.parametrize(
    ("span", "lawful"),
    [
        ("You are hereby required to pay the rent within three days or to deliver up possession of the "
         "premises, or legal proceedings will be instituted against you to recover possession.", True),
        ("You are hereby required to pay the rent within three days or to deliver up possession, or we "
         "will have you arrested.", False),
        ("您好，我们注意到您的账户存在异常交易，为保障资金安全已暂时冻结账户，请本人携带身份证到网点解冻。",
         True),
        ("您的账户因逾期欠款已被冻结，请本人携带身份证到网点还款后解冻。", False),
    ],
)
def test_a_notice_to_pay_or_quit_and_a_banks_security_hold(span: str, lawful: bool) -> None:
    assert _lawful_kind(FALSE_LEGAL, span, span) is lawful


def test_a_parcel_notice_from_a_collector_is_still_the_courier_pretext() -> None:
    assert PRETEXT in rules("您的快递已到达驿站，请凭取件码及时领取。")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("喂，大爷，您孙子欠我们钱跑了，他不还您就得还，这是法律规定的。", FALSE_LEGAL),
        ("今晚九点之前一分不少到账，晚一分钟都不行。", PRESSURE),
        ("Just refinance your mortgage and send us the cash.", PRESSURE),
    ],
)
def test_a_relative_made_to_pay_a_deadline_to_the_minute_and_a_remortgage(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "If you are thinking of refinancing your mortgage to pay us, please get independent advice first.",
        "他不还的话，您不用替他还。",
    ],
)
def test_their_lawful_look_alikes_pass(text: str) -> None:
    assert not rules(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("If I don't see that money Friday, I'm coming round with a couple of lads.", THREAT),
        ("转给我，我帮你处理。", PRESSURE),
        ("I'm not going to lie, your family will hear about this.", DISCLOSURE),
    ],
)
def test_men_brought_along_and_money_to_me_are_read(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "If we don't receive your payment, we won't add any charges.",
        "我帮您转给我们的专门团队，他们处理困难客户更有经验。",
        "我们不会上门，但会通过短信提醒您还款。",
    ],
)
def test_a_handover_to_our_team_and_a_reminder_promised_pass(text: str) -> None:
    assert not rules(text)


def test_our_own_colleague_on_a_visit_is_no_one_of_the_debtors() -> None:
    text = "您这边要是实在联系不上，我们下周会安排同事按您登记的地址上门拜访，届时会出示工牌。"
    assert _lawful_kind(THREAT, text, text)
    worse = "我们下周会安排同事去你单位找你同事了解情况，届时会出示工牌。"
    assert not _lawful_kind(THREAT, worse, worse)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你老豆住边度我哋都知，你自己谂清楚。", THREAT),
        ("Pay up by 5pm or your name goes on our public website of debtors.", DISCLOSURE),
        ("If you don't answer our calls, we'll keep ringing your work number until you do.", PRESSURE),
        ("我是某某律所的律师，受你朋友委托找你，请问你现在住哪？", PRETEXT),
        ("我是某某律所的律师，你的案子已经立案了。", PRETEXT),
    ],
)
def test_the_twelfth_batchs_unlawful_classes(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "您好，我是某某律所的律师助理，受某银行委托与您核实欠款情况，请问您现在方便通话吗？如不方便可以约个时间。",
        "Your name will appear on the register of judgments if the court enters one.",
        "We will keep calling you at the times you asked until the plan is set up.",
    ],
)
def test_a_law_firm_with_its_clients_mandate_and_the_register_of_judgments_pass(text: str) -> None:
    assert not rules(text)


@pytest.mark.parametrize(
    ("rule", "span", "lawful"),
    [
        (THREAT, "喂，陈生，你张信用卡过咗还款日喇，麻烦你尽快还返，有咩困难可以同我哋倾下分期。", True),
        (THREAT, "please make sure there's enough in your account.", True),
        (THREAT, "please make sure there's enough in your account, or borrow it from your family.", False),
    ],
)
def test_cantonese_help_and_a_funds_reminder_lift_a_model_finding(rule: str, span: str, lawful: bool) -> None:
    assert _lawful_kind(rule, span, span) is lawful
