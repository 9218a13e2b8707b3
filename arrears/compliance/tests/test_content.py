"""The content check's interface and its exceptions (the bench measures its accuracy)."""

from __future__ import annotations

import pytest

from arrears.compliance.content import check_content


def test_placeholders_never_trigger_findings() -> None:
    text = "{debtor_name}, {amount_due} {court_case_ref} {lawsuit_id} {police_ref} {deadbeat_flag}"
    assert check_content(text, time_barred=True) == []


def test_a_finding_names_the_phrase_and_gives_both_languages() -> None:
    findings = check_content("我是顺丰的，请确认地址。")
    assert [(f.rule_id, f.category, f.span) for f in findings] == [
        ("DEF-CONTENT-01", "impersonation", "顺丰")]
    finding = findings[0]
    assert "顺丰" in finding.reason_zh and "impersonation" in finding.reason_en


@pytest.mark.parametrize("text", [
    "If we obtain a judgment, the creditor may ask the court to garnish wages as the law allows.",
    "若债权人依法起诉并获得法院判决，可以申请强制执行。",
])
def test_a_true_conditional_consequence_passes(text: str) -> None:
    assert check_content(text) == []


def test_the_same_consequence_on_a_time_barred_debt_is_litigation_language() -> None:
    text = "If we obtain a judgment, the creditor may ask the court to garnish wages."
    findings = check_content(text, time_barred=True)
    assert {f.category for f in findings} == {"time_barred_litigation"}


def test_a_conditional_never_excuses_a_threat_of_arrest() -> None:
    found = check_content("If you don't pay, you'll go to jail.")
    assert [f.rule_id for f in found if f.source == "rule"] == ["DEF-CONTENT-02"]


def test_negation_in_the_same_clause_excuses() -> None:
    assert check_content("You will not be arrested for this debt.") == []
    assert check_content("我们不会告诉你的同事。") == []


def test_any_debt_word_to_a_third_party_is_a_disclosure() -> None:
    assert check_content("Please ask her to call us back.", third_party=True) == []
    found = check_content("She owes us money.", third_party=True, learned=False)
    assert {f.rule_id for f in found} == {"DEF-CONTENT-05"}


@pytest.mark.parametrize(("text", "rule"), [
    ("钱直接转我微信。", "DEF-CONTENT-06"),
    ("打到我支付宝上就行。", "DEF-CONTENT-06"),
    ("转到这个个人账户。", "DEF-CONTENT-06"),
    ("去借网贷先还上。", "DEF-CONTENT-06"),
    ("撸口子也得还。", "DEF-CONTENT-06"),
    ("以贷养贷也是个办法。", "DEF-CONTENT-06"),
    ("Borrow from your parents and pay today.", "DEF-CONTENT-06"),
    ("Why not ask your parents to lend you the money?", "DEF-CONTENT-06"),
    ("再不还我们就上门找你。", "DEF-CONTENT-02"),
    ("让你身败名裂。", "DEF-CONTENT-02"),
    ("Watch your back.", "DEF-CONTENT-02"),
    ("We know where you live.", "DEF-CONTENT-02"),
    ("Keep ignoring us and you'll be locked up.", "DEF-CONTENT-02"),
    ("我们去找你家人。", "DEF-CONTENT-05"),
    ("Your boss will hear about this.", "DEF-CONTENT-05"),
    ("爆你通讯录。", "DEF-CONTENT-05"),
    ("再拖就曝光你。", "DEF-CONTENT-05"),
    ("Your family must pay.", "DEF-CONTENT-04"),
    ("你已经被列入失信名单了。", "DEF-CONTENT-04"),
    ("律师函已经发出了。", "DEF-CONTENT-04"),
    ("这里是公安局，请配合调查。", "DEF-CONTENT-01"),
    ("我们是法院执行局的。", "DEF-CONTENT-01"),
    ("I'm calling on behalf of the county sheriff's office.", "DEF-CONTENT-01"),
    ("你是不是傻逼啊。", "DEF-CONTENT-03"),
])
def test_broadened_patterns_catch_colloquial_forms(text: str, rule: str) -> None:
    assert rule in {f.rule_id for f in check_content(text)}


@pytest.mark.parametrize("text", [
    "You can ask your family to help you with the call if you like.",
    "我是{agency}的工作人员，不是法院也不是公安。",
    "如果您方便，今天还清也可以。",
    "请认准官方还款账户，不要向任何私人微信或支付宝转账。",
    "Please don't use your rent money for this; essentials come first.",
    "We won't post anything about you online.",
    "Your family will not be told anything.",
    "还款请认准官方渠道，谨防诈骗。",
    "我们是{agency}，受{creditor}委托联系您。",
])
def test_legitimate_lines_near_the_new_patterns_pass(text: str) -> None:
    assert check_content(text) == []


@pytest.mark.parametrize("text", [
    "请您注意个人财产安全，任何要求您向私人账户转账的来电都是诈骗。",
    "Anyone asking you to pay with gift cards is a scammer.",
    "我们不会联系您的家人、同事或通讯录中的任何人。",
    "若您持续未还款，我行可能将依法提起诉讼，是否起诉及结果由法院决定。",
])
def test_fraud_warnings_enumerated_negations_and_lawful_steps_pass_the_rules(text: str) -> None:
    assert check_content(text, learned=False) == []


@pytest.mark.parametrize(("text", "lawful"), [
    ("If we cannot agree, we may consider legal action; you would receive court papers.", True),
    ("如协商不成，我司保留依法向人民法院提起诉讼的权利。", True),
    ("Late payments are reported to the credit reference agencies.", True),
    ("If you don't pay, we may have you arrested.", False),
    ("A lawsuit has been filed, and we may garnish your wages if you don't pay.", False),
    ("如果今天不还，我们可能报警。", False),
    ("Your credit will be ruined for life.", False),
])
def test_a_lawful_legal_step_is_told_from_a_false_claim(text: str, lawful: bool) -> None:
    from arrears.compliance.content import _lawful_legal_step

    assert _lawful_legal_step(text) is lawful


# Fourth round: Chinese words with a lawful and an unlawful reading, emergency contacts made
# to pay, pretexts of institutions and disclosure by other verbs (rules alone).
@pytest.mark.parametrize(("text", "rule"), [
    ("您是他的紧急联系人，他不还，这钱就得你来还。", "DEF-CONTENT-06"),
    ("他联系不上，你先借点钱帮他把这笔还了。", "DEF-CONTENT-06"),
    ("把钱转到我的个人账户上就行。", "DEF-CONTENT-06"),
    ("You're listed as his emergency contact, so you'll have to cover it for him.", "DEF-CONTENT-06"),
    ("Hello, it's Amy from your son's school, please call me back urgently.", "DEF-CONTENT-01"),
    ("这里是您孩子学校的教务处，麻烦尽快回电。", "DEF-CONTENT-01"),
    ("Deputy Jones is on his way to pick you up.", "DEF-CONTENT-02"),
    ("我们已将您的逾期情况告知您的单位领导。", "DEF-CONTENT-05"),
    ("我方将把贵司拖欠情况通报给贵司的全部上下游客户。", "DEF-CONTENT-05"),
    ("Your landlord has been informed of your arrears with us.", "DEF-CONTENT-05"),
])
def test_fourth_round_patterns(text: str, rule: str) -> None:
    assert rule in {f.rule_id for f in check_content(text, learned=False)}


@pytest.mark.parametrize("text", [
    "根据《民法典》相关规定，借款人应按约定期限返还借款。",
    "您好，我这边有一件关于您个人账户的事情需要和您本人确认。",
    "这笔钱还是得您来还，我们可以为您申请分期。",
    "Your personal account with us shows an overdue balance.",
    "我们会跟您本人沟通还款方案。",
])
def test_the_loan_and_your_account_are_not_pressure(text: str) -> None:
    assert check_content(text, learned=False) == []


@pytest.mark.parametrize("text", [
    "您好，我是工商银行的客户经理，想跟您说一下房贷逾期的事。",  # 工商银行 is a bank, not 工商局
    "您好，我是某某银行的工作人员。若债权人依法起诉并获得法院判决，可以申请强制执行。",
    "您好，这里是华东贸易公司财务部，想跟您核对一下三张逾期发票的付款安排。",
    "Hi, this is Karen from First National Bank about your past-due account.",
])
def test_the_creditor_introducing_itself_is_no_pretext(text: str) -> None:
    assert check_content(text, profile="CN") == []


@pytest.mark.parametrize("text", [
    "您好，我是派出所的民警，你欠银行的钱已经立案了。",
    "您好，我是工商局的，你的欠款问题我们要调查。",
    "您好，这里是你孩子学校的老师，需要您父亲尽快来学校处理一笔欠款。",
])
def test_introducing_oneself_as_an_authority_still_is(text: str) -> None:
    assert "impersonation" in {f.category for f in check_content(text, profile="CN")}


@pytest.mark.parametrize("text", [
    # A court step stated with what makes it checkable: a case number, its date or amount.
    "A county court judgment was entered against you on 3 March 2025 for £2,340.",
    "Judgment was entered in the amount of $2,216.40 under case number 24-CV-1187.",
    "根据（2025）沪0105民初1234号民事判决书，您应偿还借款本金及利息共计48560元，判决已生效。",
    "我们已向法院提交起诉材料，法院已经受理，案号（2026）京0105民初2211号，传票由法院依法送达。",
    # A property manager or a utility asking for its own fees is the creditor.
    "您好，我是阳光花园物业管理处的工作人员，想跟您核对一下您家拖欠的物业费。",
    "【阳光花园物业】您3栋1502室的物业服务费1260.00元尚未缴纳，请通过物业App缴纳。",
])
def test_a_documented_court_step_and_a_creditors_own_bill_pass(text: str) -> None:
    assert check_content(text, learned=False) == []


@pytest.mark.parametrize(("text", "rule"), [
    # Nothing to check, or spoken with arrest, a deadline of today or the family: a false claim.
    ("A judgment has been entered against you.", "DEF-CONTENT-04"),
    ("Litigation notice: a case has been opened against you under the case number below.",
     "DEF-CONTENT-04"),
    ("【法院通知】您的欠款案件已立案，请于今日18点前联系处理。", "DEF-CONTENT-04"),
    ("已经给你立案了，案号我就不说了，反正今天不还就等着被拘。", "DEF-CONTENT-02"),
    # 物业 asking about someone else's debt is still a pretext.
    ("我们是小区物业，想问一下你是不是在外面欠了网贷？", "DEF-CONTENT-01"),
    # Relatives told after the fact; "no choice but" negates nothing.
    ("您的亲属已由我方告知此事并同意督促您还款。", "DEF-CONTENT-05"),
    ("Call us back or we will have no choice but to tell your family.", "DEF-CONTENT-05"),
    ("Our agents have also explained the situation to your parents.", "DEF-CONTENT-05"),
    ("If you don't settle, we'll send someone round to have a word with you in person.",
     "DEF-CONTENT-02"),
    ("Failure to pay will result in a permanent mark on your record.", "DEF-CONTENT-04"),
])
def test_fifth_round_patterns(text: str, rule: str) -> None:
    assert rule in {f.rule_id for f in check_content(text, learned=False)}


@pytest.mark.parametrize(
    ("text", "rule", "span"),
    [
        ("再不还钱，我们就把你的欠款信息发到你们小区业主群里，让大家评评理。", "DEF-CONTENT-05", "业主群里"),
        ("我们会把你的欠款发到业主群，再发到业主群里置顶。", "DEF-CONTENT-05", "业主群里"),
    ],
)
def test_one_rules_nested_spans_are_one_finding_with_the_longer_span(text: str, rule: str, span: str) -> None:
    findings = [f for f in check_content(text, learned=False) if f.rule_id == rule]
    assert [f.span for f in findings] == [span]
    assert f"「{span}」" in findings[0].reason_zh and f'"{span}"' in findings[0].reason_en
