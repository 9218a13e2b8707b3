"""Thirteenth round of issue 18: kinds of lawful firm language found on fresh lines (failed
payments, a creditor's own fees, impostors disowned, the court's orders carried out, a business
customer's financiers and insurers, a representative the debtor appointed; docs/contact-check.md,
"Thirteenth round") that lift a model's finding or keep a rule from firing, as the earlier
kinds in content_lawful.py, content_notices.py, content_process.py and content_accounts.py do.

Each kind is a test of the finding's span and the whole text, with the rules whose findings it
may lift (`KINDS`, added to content.py's table). A text that speaks of arrest, crime or the
police, or tells anyone else, keeps its finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from arrears.compliance import content_court as court
from arrears.compliance import content_notices as notices
from arrears.compliance.content_negation import WARNING_SPOILED
from arrears.compliance.content_process import _CRIMINAL, _OTHERS_TOLD, _URGENT

_I = re.IGNORECASE


def _rules(*numbers: int) -> frozenset[str]:
    return frozenset(f"DEF-CONTENT-0{n}" for n in numbers)


def _clean(text: str) -> bool:
    return not _CRIMINAL.search(text)


# Money asked for outside the bill spoils any fee statement: a personal account, a fee to stop
# a step or the calls, advice to borrow.
_FEE_SPOILED = re.compile(
    r"personal|private|my (?:account|paypal|venmo|cash ?app|zelle)|gift card|\bstop\b|\bdrop\b|"
    r"\bcancel|\bwaive the (?:suit|lawsuit|case)|verification|borrow|"
    r"私人|个人(?:账户|账号|微信|支付宝|卡)|我(?:的)?(?:微信|支付宝|卡)|停催|撤诉|销案|解冻|减免手续费|"
    r"不再|就不|借(?!款|据|条|贷)",
    _I,
)

# A fee the agreement provides, stated with its basis ("A collection fee of 15% is charged under
# clause 9.3 of the agreement you signed", "an administration fee of £12 ... as permitted by your
# credit agreement", 根据租赁合同，退票手续费50元由承租人承担): the creditor's own fee, the debt
# itself, not an improper charge.
_FEE_BASIS = re.compile(
    r"\b(?:under|per|as (?:permitted|allowed|provided|set out|stated|agreed) (?:by|in|under)|"
    r"in accordance with|according to|pursuant to)\s(?:the |your |our )?(?:\w+ ){0,3}"
    r"(?:clause|section|paragraph|agreement|contract|terms|tariff|schedule of (?:fees|charges))\b|"
    r"\bclause \d|"
    r"(?:根据|依据|按照|按|依照)[^，。]{0,8}(?:合同|协议|合约|约定|条款)|依约|(?:合同|协议)(?:第[^，。]{1,4}条)?约定",
    _I,
)


def fee_by_agreement(sentence: str) -> bool:
    return bool(_FEE_BASIS.search(sentence) and _clean(sentence) and not _FEE_SPOILED.search(sentence)
                and not _URGENT.search(sentence))


# A fee someone else bears, or none charged ("我司收取的催收服务费由委托方支付，不会向您额外收取任何
# 费用", "the agency's fee is paid by the creditor, not by you").
_FEE_NOT_YOURS = re.compile(
    r"由(?:委托方|委托人|债权人|银行|我行|我司|本公司|贷款机构)(?:支付|承担|负担)|"
    r"不(?:会|再|得)?(?:向(?:您|你))?(?:额外)?收取(?:任何|其他)?(?:费用)?|"
    r"\b(?:is|are) paid by (?:the creditor|our client|the lender|us)\b|"
    r"\b(?:we|they) (?:do not|don'?t|will not|won'?t|never) charge (?:you )?(?:any|a|extra|additional)\b",
    _I,
)


_TAKEN_BACK = re.compile(r"但|除非|\bbut\b|\bunless\b", _I)


def fee_not_yours(sentence: str) -> bool:
    return bool(_FEE_NOT_YOURS.search(sentence) and _clean(sentence)
                and not _FEE_SPOILED.search(sentence) and not _TAKEN_BACK.search(sentence))


def fee_statement(span: str, text: str) -> bool:
    return fee_by_agreement(span) or fee_not_yours(span)


# Someone who pretends to be the creditor, disowned ("If you receive a call claiming to be from
# us that threatens arrest, it is not us", 任何要求您转账到个人微信、支付宝的都不是我们): the act is
# named to warn against it, as a fraud warning names it.
_IMPOSTOR = re.compile(
    r"\b(?:claim(?:s|ing)?|pretend(?:s|ing)?|says?|saying) (?:to be )?(?:from |calling from )?(?:us|our\b)|"
    r"\bany(?:one|body| caller| call| message| text| email)\b|\bif (?:you receive|someone|anyone)\b|"
    r"任何|凡(?:是|自称)?|自称|冒充",
    _I,
)
_DISOWNED = re.compile(
    r"\b(?:it|that|this|they|he|she|those|these)(?:'s| is| was| are|'re)? (?:not|never) "
    r"(?:us|from us|one of us|our (?:staff|agents?|company|team|employees?|people))\b|"
    r"\b(?:is|are) not (?:us|from us|one of ours|our (?:staff|agents?|employees?))\b|"
    r"(?:的|者)?(?:都|均|一律)?(?:不是|并非|不属于)(?:我们|我行|我司|本行|本公司|本平台|我们的(?:工作人员|员工))",
    _I,
)


def impostor_disowned(span: str, text: str = "") -> bool:
    return bool(_IMPOSTOR.search(span) and _DISOWNED.search(span) and not WARNING_SPOILED.search(
        _DISOWNED.sub(" ", span)) and not _OTHERS_TOLD.search(span))


# A payment that failed, in more of its words ("We tried to take your instalment of $48.33 but
# your card issuer declined it", 本月代扣贷款失败, "returned unpaid by your bank").
_DECLINED = re.compile(
    r"\b(?:card issuer|bank|financial institution|building society)\b[^.;]{0,20}"
    r"\b(?:declined|returned|rejected|reversed|refused)\b|"
    r"\b(?:we|our system) (?:tried|attempted|were unable|was unable|could not|couldn'?t) "
    r"(?:to )?(?:take|collect|debit|process|charge)\b|"
    r"\breturned unpaid\b|\bpayment (?:was )?(?:declined|reversed|returned)\b|"
    r"\b(?:payment|debit|direct debit|autopay|cheque|check|instal(?:l)?ment|repayment|emi)s?"
    r"(?: of [^;!?]{0,16}?)? (?:has |have )?(?:still )?(?:bounced|fail(?:s|ed)?|"
    r"(?:was |were )?dishonou?red)\b|"
    r"代扣[^，。]{0,6}(?:失败|未成功|不成功)|(?:扣款|扣缴|自动还款|自动扣款)[^，。]{0,6}(?:失败|未成功|不成功)|退票",
    _I,
)
_ADVICE = re.compile(r"\bborrow(?!er)|\bsell\b|\bpawn\b|借钱|借网贷|卖|抵押", _I)


def payment_declined(span: str, text: str) -> bool:
    return bool(_DECLINED.search(span) and _clean(span) and not _OTHERS_TOLD.search(span)
                and not _ADVICE.search(span))


# The court's own order carried out, the court named as its source ("An order for earnings
# withholding has been served on your employer under the court's judgment", 依照法院的协助执行通知
# 书，贵公司应……, 经法院查实……本案已裁定终结本次执行程序, 法院已对查封的房产启动司法拍卖程序): the
# enforcement is the court's, stated as a fact, not a threat of the collector's.
_COURT_SOURCE = re.compile(
    r"\bunder the court'?s (?:judgment|order|decree)\b|\b(?:pursuant to|under|by) (?:a|the) court "
    r"(?:order|judgment)\b|\bthe court'?s (?:judgment|order)\b|\blevying officer\b|"
    r"(?:依照|根据|依据|按照)法院的?[^，。]{0,10}(?:通知书|裁定书?|判决书?|决定书|令)|经法院|"
    r"法院已(?:依法)?(?:对|裁定|作出|启动|查封|冻结)|本院|执行裁定|裁定终结|终结本次执行",
    _I,
)
_ENFORCEMENT = re.compile(
    court.COURT_STEP.pattern + r"|\bwithholding\b|\bsale\b|拍卖|扣留|冻结|查封|执行",
    _I,
)
_ENFORCEMENT_SPOILED = re.compile(
    r"\bcome\b|\bvisit|\btake your\b|\bbreak\b|\bforce\b|上门|去你家|到你家|撬|搬走|带人|"
    r"家人|父母|孩子|老婆|老公|全家|\bfamily\b|\bwife\b|\bhusband\b|\bkids?\b|"
    r"\btoday\b|\btonight\b|今天|今晚|马上|立即|立刻|否则|or else",
    _I,
)


def court_enforcement(span: str, text: str) -> bool:
    return bool(_COURT_SOURCE.search(span) and _ENFORCEMENT.search(span) and _clean(span)
                and not court.RECORD_SPOILED.search(court.civil_enforcement(span, text))
                and not _ENFORCEMENT_SPOILED.search(span))


# A business customer told about the creditor's own financier, insurer or finance staff
# (我司已将对贵司的应收账款转让给某商业保理公司, 已将逾期应收账款情况通知出口信用保险公司,
# 我司财务……给贵司财务部打电话核对发票号码): the creditor's side, not a third party told about the
# customer.
_BUSINESS_READER = re.compile(
    r"贵(?:司|方|公司|单位)|\byour (?:company|business|firm|organi[sz]ation)\b|\baccounts payable\b|"
    r"\binvoices?\b|\bour terms\b",
    _I,
)
_CREDITORS_SIDE = re.compile(
    r"保理|信用保险|信保|保险公司|我司财务|我方财务|我司(?:的)?(?:会计|出纳|法务)|"
    r"\bfactor(?:ing|s)?\b|\bcredit insur(?:er|ance)\b|\bour (?:credit (?:control|department|team)|"
    r"finance (?:team|department)|accounts team)\b",
    _I,
)
_BUSINESS_SPOILED = re.compile(
    r"老板|法人|老婆|孩子|家|行业|同行|曝光|公示|横幅|群|拉黑|门口|"
    r"\bboss\b|\bdirector'?s? (?:home|family)\b|\bevery(?:one|body)\b|\bsuppliers\b|\bcustomers\b",
    _I,
)


def business_counterparty(span: str, text: str) -> bool:
    return bool(_BUSINESS_READER.search(text) and _CREDITORS_SIDE.search(span) and _clean(text)
                and not _BUSINESS_SPOILED.search(span))


# The reader's own customer who has not paid the reader ("We understand your customer has not
# paid you"): the business's trade, not its debt told to its customers.
_CUSTOMERS_DEBTOR = re.compile(
    r"\byour (?:customer|client)s? (?:has|have) not paid(?: you)?\b|\byour (?:customer|client)s? "
    r"(?:hasn'?t|haven'?t) paid\b|(?:贵司|你司|你们)(?:的)?(?:上游|下游)?客户(?:尚未|还没|没有)(?:回款|付款)",
    _I,
)


_TOLD = re.compile(r"\b(?:tell|told|inform|notify|contact|let)\b|告诉|通知|联系", _I)


def customers_debtor(sentence: str) -> bool:
    return bool(_CUSTOMERS_DEBTOR.search(sentence) and not _TOLD.search(sentence))


# A representative the debtor appointed ("We have received the Power of Attorney document. From
# now on we will speak to your son as your attorney about this account, as you asked", 您已授权
# 您的女儿作为代理人处理本账户): the debtor's own choice, not a relative pressed or told.
_APPOINTED = re.compile(
    r"\bpower of attorney\b|\bas your (?:attorney|representative|agent|authori[sz]ed (?:person|"
    r"representative))\b|\bthird[- ]party authority\b|\bwith your (?:written )?(?:consent|permission|"
    r"authority)\b|\bas you asked\b|\bon your behalf\b|"
    # A debt adviser or a lawyer the debtor may have ("let me know if you have a debt adviser so
    # we can work with them").
    r"\b(?:a|your) (?:debt )?(?:adviser|advisor|counsell?or)\b|\byour (?:solicitor|lawyer|attorney|"
    r"representative)\b|债务顾问|(?:您|你)的(?:代理)?律师|"
    r"(?:您|你)(?:已|已经)?(?:书面)?授权|委托书|代理人|经(?:您|你)(?:本人)?(?:书面)?同意",
    _I,
)
_APPOINTED_SPOILED = re.compile(
    r"\bpay (?:it |this )?for you\b|\bcover\b|\bon the hook\b|\bresponsible\b|\bliable\b|"
    r"替(?:您|你)|帮(?:您|你)还|代(?:您|你)还|承担|连带|曝光|所有人|everyone",
    _I,
)


def representative_appointed(span: str, text: str) -> bool:
    return bool(_APPOINTED.search(span) and _clean(text) and not _APPOINTED_SPOILED.search(span))


KINDS: tuple[tuple[frozenset[str], Callable[[str, str], bool]], ...] = (
    (_rules(6), fee_statement),
    (_rules(1, 2, 4, 5, 6), impostor_disowned),
    (_rules(2, 4, 6), payment_declined),
    (_rules(2, 4, 5), court_enforcement),
    (_rules(2, 5), business_counterparty),
    (_rules(5, 6), representative_appointed),
    # A law firm stating its client's mandate (the tenth round's rule exception) for the model too.
    (_rules(1), notices.law_firm_mandate),
)


_FEE = re.compile(
    r"\b(?:collection|processing|handling|admin(?:istration)?|service|returned payment|late) (?:fee|charge)|"
    r"手续费|服务费|催收费",
    _I,
)
_CUSTOMER = re.compile(r"\bcustomers?\b|\bclients?\b|客户", _I)


_PAWN = re.compile(r"典当|变卖|\bpawn|\bsell\b|\bsold\b", _I)


def rule_excused(rule_id: str, match: str, sentence: str, text: str) -> bool:
    """A rule's match in `sentence` that this round's kinds read as lawful: a fee the agreement
    provides or someone else bears, an impostor disowned, the reader's own customer, a
    pawnbroker's own notice (`text` is the whole text)."""
    if rule_id == "DEF-CONTENT-06" and _FEE.search(match) and fee_statement(sentence, sentence):
        return True
    if rule_id != "DEF-CONTENT-03" and impostor_disowned(sentence):
        return True
    if rule_id == "DEF-CONTENT-06" and _PAWN.search(match) and pledge_lender(text):
        return True
    return rule_id == "DEF-CONTENT-05" and bool(_CUSTOMER.search(match)) and customers_debtor(sentence)


# From the two batches written after the fixes of batches 1-6 (docs/benchmarks.md).
# A pawnbroker's or a pledgee's own notice about the pledge (本典当行……绝当后……可以自行变卖, "your
# pawned laptop was sold at auction after the notice period ended ... a surplus of $45 is waiting
# for you", "Items not redeemed ... become the property of the shop under state law"): the lender
# selling its own security as the law allows, not advice to pawn or sell.
_PLEDGE_LENDER = re.compile(
    r"本典当行|本行|本店|当物|绝当|赎当|续当|当票|典当行管理办法|\bpawnbroker\b|\bpledge\b|\bpawned\b|"
    r"\bpawn (?:ticket|loan|shop)\b|\bredeem(?:ed|ption)?\b",
    _I,
)
_PLEDGE_SPOILED = re.compile(
    r"\bgo (?:and )?(?:pawn|sell)\b|\bpawn (?:your|it|something)\b|\bsell your\b|"
    r"去(?:典当|当|卖)|把[^，。]{0,8}(?:当了|卖了)|拿去当",
    _I,
)


def pledge_lender(span: str, text: str = "") -> bool:
    return bool(_PLEDGE_LENDER.search(span) and _clean(span) and not _PLEDGE_SPOILED.search(span)
                and not _OTHERS_TOLD.search(span) and not _URGENT.search(span))


# A charge the reader may contest, with the way to do it ("Pay the toll of $4.75 and the $25
# administrative fee within 30 days, or dispute it online", 如有异议可提供相关证据): a bill, not a
# demand under pressure.
_CONTESTABLE = re.compile(
    r"\bdispute (?:it|this|the (?:charge|fee|amount|toll|bill))\b|\b(?:you )?(?:may|can) (?:appeal|challenge|"
    r"dispute)\b|\bappeals? service\b|\bask for (?:a )?(?:mandatory )?reconsideration\b|"
    r"如有异议|如对[^，。]{0,10}有异议|可(?:以)?(?:提出|申请)?(?:异议|申诉|复核)",
    _I,
)
_A_CHARGE = re.compile(
    r"\b(?:fee|charge|toll|fine|penalty|premium|rent|bill|balance|overpayment|excess)s?\b|费|款|金额|罚",
    _I,
)


def contestable_charge(span: str, text: str) -> bool:
    return bool(_A_CHARGE.search(span) and _CONTESTABLE.search(text) and _clean(text)
                and not _OTHERS_TOLD.search(span) and not _FEE_SPOILED.search(span))


# A service of the creditor's suspended until the bill is paid ("Borrowing is suspended until the
# items are returned", 暂停预约新课程, 暂停出入库服务): the creditor's own service, as the twelfth
# round's suspended services are.
_OWN_SERVICE_PAUSED = re.compile(
    r"\b(?:borrowing|purchases|new purchases|spending|ordering|bookings?|access|membership) "
    r"(?:is |are |has been |have been |will be )?(?:suspended|paused|blocked|frozen|restricted)\b|"
    r"暂停(?:预约|借阅|使用|出入库|办理|为您办理|服务|用车)|会籍暂停",
    _I,
)


def own_service_paused(span: str, text: str) -> bool:
    return bool(_OWN_SERVICE_PAUSED.search(span) and _clean(span) and not _OTHERS_TOLD.search(span)
                and not _ADVICE.search(_OWN_SERVICE_PAUSED.sub(" ", span)))


# An insurer recovering what it paid for the debtor's loss (代位求偿权, "our subrogation rights"):
# the creditor introducing itself, not a pretext.
_SUBROGATION = re.compile(r"代位(?:求偿|追偿)|\bsubrogat\w*", _I)


def insurer_recovery(span: str, text: str) -> bool:
    return bool(_SUBROGATION.search(text) and _clean(text) and not _OTHERS_TOLD.search(text))


KINDS += (
    (_rules(6), pledge_lender),
    (_rules(4, 6), contestable_charge),
    (_rules(2, 6), own_service_paused),
    (_rules(1), insurer_recovery),
)


# From the batches written after the fixes of batches 1-8: the debtor's own credit card named
# as the debt ("We've noticed you're behind on your credit card and we want to help"), not
# advice to pay with another card.
_OWN_CARD = re.compile(
    r"\b(?:behind|late|overdue|in arrears) (?:on|with) your (?:credit )?card\b|"
    r"\byour credit card (?:account|balance|payment|bill|statement|is|was|has|debt)\b|"
    r"(?:您|你)(?:的|尾号\d+的)?信用卡(?:账单|账户|欠款|已|本期)",
    _I,
)
_OTHER_CARD = re.compile(
    r"\b(?:another|other|new|second) (?:credit )?card\b|别的信用卡|其他信用卡|新卡|套现", _I)


def own_card_account(span: str, text: str) -> bool:
    return bool(_OWN_CARD.search(span) and _clean(span) and not _OTHER_CARD.search(span)
                and not _ADVICE.search(span) and not _OTHERS_TOLD.search(span))


KINDS += ((_rules(6), own_card_account),)
