"""Thirteenth round of issue 18: fresh lines on failed payments, identity and licence statements,
fraud warnings, settlements and a creditor's own fees, court-ordered processes, B2B dunning,
guarantors, estates and representatives, pawn and pledge notices, parking and toll charges.

Rules only (no model is trained); the lawful kinds are asked directly, as content.py asks
them about a model's finding. The lines are paraphrases of the classes, not the batch lines.
"""

import pytest

from arrears.compliance.content import _lawful_kind, check_content
from arrears.compliance.content_negation import DOUBLE_NEGATION, REASSURANCE, SCAM_NAMED
from arrears.compliance.tests.content_helpers import (
    DISCLOSURE,
    FALSE_LEGAL,
    PRESSURE,
    PRETEXT,
    THREAT,
    rules,
)


@pytest.mark.parametrize(
    "text",
    [
        # A creditor's own fee with its basis, or borne by someone else.
        "A collection fee of 20% applies under clause 12 of your loan agreement and is shown on "
        "your statement.",
        "We have added an administration fee of £15, as permitted by your credit agreement.",
        "根据借款合同约定，退票手续费30元由借款人承担，本期款项仍需在月底前付清。",
        "催收机构的服务费由银行支付，不会向您额外收取任何费用。",
        # An impostor disowned.
        "If you get a message claiming to be from us that threatens arrest, that is not us.",
        "Scammers are pretending to be from our bank and asking for gift cards; we never ask for them.",
        # The court's own act, with its particulars.
        "The court has ordered you to attend a hearing on March 3 at 10:00 a.m. in Room 4; you may "
        "bring a lawyer.",
        "The County Court granted an attachment of earnings order on 9 October for £60 a month.",
        "Your home was sold at the sheriff's sale on 10/02/2026, and judgment for the deficiency of "
        "$3,100.00 was entered.",
        # A business customer's own customer, a law firm for a creditor, a pawnbroker's notice.
        "We understand your client has not paid you yet, but our invoice is due on its own terms.",
        "这里是某律师事务所，受债权人委托向您寄送律师函，请注意查收。",
        "您的当物已于本月到期，绝当后本行可以依照典当行管理办法变卖当物，变卖前会通知您。",
    ],
)
def test_lawful_lines_pass_the_rules(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # The narrowed rules still read their own.
        ("先交2,000元手续费到我个人支付宝，就帮你办减免。", PRESSURE),
        ("Pay the collection fee to my personal account and we'll stop the calls.", PRESSURE),
        ("The court has ordered your arrest for the unpaid balance.", FALSE_LEGAL),
        ("We will tell your customers that your company doesn't pay its bills.", DISCLOSURE),
        ("这里是某律师事务所，你已经被起诉了，今天不还就强制执行。", PRETEXT),
        ("把你的金项链拿去典当了先还我们。", PRESSURE),
        # Fresh unlawful kinds.
        ("先交800元的停催费，我们就不再打给你的父母了。", PRESSURE),
        ("Settle today or we'll add $1,500 in attorney fees to the balance by Friday.", FALSE_LEGAL),
        ("Pay or we'll have our people sit outside your shop every morning.", THREAT),
        ("Anyone who doesn't repay by Sunday will be treated as an accomplice of the platform.",
         FALSE_LEGAL),
        ("平台爆雷了，你不还钱公安就把你列为共犯。", FALSE_LEGAL),
    ],
)
def test_unlawful_lines_are_read(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    ("rule", "span", "text"),
    [
        # A failed payment, in more of its words.
        (FALSE_LEGAL, "We tried to collect your instalment of $52.10 but your bank declined it.", ""),
        (PRESSURE, "您本月代扣还款失败，原因：余额不足，请存入足额资金。", ""),
        (THREAT, "Your Pay-in-3 instalment of $20.00 failed and we will retry it on Monday.", ""),
        (DISCLOSURE, "Please tell us if you have a debt adviser so we can speak to them.", ""),
        # The court's order carried out, the court its source.
        (FALSE_LEGAL, "An earnings withholding order has been served on your employer under the "
                      "court's judgment.", ""),
        (FALSE_LEGAL, "依照法院的协助执行通知书，贵公司应每月扣留被执行人工资的20%。", ""),
        (FALSE_LEGAL, "经法院查实暂无可供执行的财产，本案已裁定终结本次执行程序。", ""),
        # A business customer's financier, insurer or the creditor's finance staff.
        (DISCLOSURE, "我司已将对贵司的应收账款转让给某保理公司，请向保理公司付款。", "请贵司核对发票。"),
        (THREAT, "我司财务明天会给贵司财务部打电话核对发票。", "贵司尚欠货款。"),
        # A representative the debtor appointed.
        (DISCLOSURE, "We have your Power of Attorney form and will speak to your daughter as your "
                     "attorney from now on.", ""),
        (DISCLOSURE, "您已书面授权您的儿子作为代理人处理本账户。", ""),
        # An impostor disowned.
        (PRESSURE, "任何要求您转账到个人微信的都不是我们。", ""),
        # A pawnbroker's notice, a contestable charge, a service paused, an insurer's recovery.
        (PRESSURE, "Your pawned watch was sold after the notice period; the surplus of $30 is yours.",
         ""),
        (PRESSURE, "Pay the parking charge of £70 within 28 days.",
         "Pay the parking charge of £70 within 28 days. You may appeal to the independent appeals "
         "service."),
        (PRESSURE, "Borrowing is suspended until the overdue books are returned.", ""),
        (PRETEXT, "这里是某保险公司理赔部，我司已依法取得代位求偿权。",
         "这里是某保险公司理赔部，我司已依法取得代位求偿权。"),
    ],
)
def test_lawful_kinds_lift_the_finding(rule: str, span: str, text: str) -> None:
    assert _lawful_kind(rule, span, text or span)


@pytest.mark.parametrize(
    ("rule", "span", "text"),
    [
        (FALSE_LEGAL, "We tried to take the payment and the police will be told it bounced.", ""),
        (FALSE_LEGAL, "依照法院的判决书，明天执行局就上门把你家的东西搬走。", ""),
        (DISCLOSURE, "我司已将贵司欠款通知保险公司，并在行业群里公示。", "请贵司核对发票。"),
        (DISCLOSURE, "We have your Power of Attorney, so your son is now liable for the debt.", ""),
        (PRESSURE, "Go and pawn your watch to pay us, the pawnbroker is next door.", ""),
        (PRESSURE, "If someone claims to be from us, that is not us, but you will pay today or else.", ""),
    ],
)
def test_spoiled_kinds_keep_the_finding(rule: str, span: str, text: str) -> None:
    assert not _lawful_kind(rule, span, text or span)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not a lawyer and I'm not calling from a court.",
        "Your wages cannot be garnished for this debt without a court judgment.",
        "No such judgment has been entered against you.",
        "Police will never ask you to pay a debt by phone.",
    ],
)
def test_disclaimers_and_protections_are_reassurances(text: str) -> None:
    assert REASSURANCE.search(text) and not DOUBLE_NEGATION.search(text)


def test_a_caller_to_hang_up_on_is_a_scam_named() -> None:
    assert SCAM_NAMED.search("If someone claims to be from the police, hang up and call us.")


def test_not_repaying_is_the_condition_not_a_negation() -> None:
    text = "Every borrower who doesn't repay this week will be treated as an accomplice."
    assert FALSE_LEGAL in {f.rule_id for f in check_content(text, learned=False)}


def test_a_promise_taken_back_on_a_condition_reassures_no_one() -> None:
    text = ("Your sister asked us not to call her, so we won't. But if you keep ignoring us, we'll "
            "call her every day.")
    assert DOUBLE_NEGATION.search(text)
    assert DOUBLE_NEGATION.search("我们不会找你家人。但如果你再不接电话，我们就会天天打给他们。")
