"""Twelfth round of issue 18: kinds of lawful firm language found on fresh lines (US medical,
utility, telecom, BNPL, student-loan and auto-finance notices, Philippine, Nigerian, Malaysian
and Canadian English, B2B statements of account, Taiwanese and Hong Kong formal Chinese,
mediation notices; docs/contact-check.md, "Twelfth round") that lift a model's finding, as the
earlier kinds in content_lawful.py, content_notices.py and content_process.py do.

Each kind is a test of the finding's span and the whole text, with the rules whose findings it
may lift (`KINDS`, added to content.py's table). The rules are never lifted; a text that speaks
of arrest, crime or the police, or tells anyone else, keeps its finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from arrears.compliance import content_court as court
from arrears.compliance import content_lawful as lawful
from arrears.compliance import content_lawful_steps as steps
from arrears.compliance import content_process as process
from arrears.compliance.content_process import _CRIMINAL, _OTHERS_TOLD, _URGENT

_I = re.IGNORECASE


def _rules(*numbers: int) -> frozenset[str]:
    return frozenset(f"DEF-CONTENT-0{n}" for n in numbers)


def _clean(text: str) -> bool:
    return not _CRIMINAL.search(text)


# Advice to borrow or sell spoils a fact of the account ("the borrower" is no advice).
_ADVICE = re.compile(r"\bborrow(?!er)|\bsell\b|\bpawn\b|借钱|借网贷|卖|抵押", _I)


# Goods repossessed or to be, with the debtor's right to redeem them before the sale ("you will
# have the right to redeem it before the sale by paying the full amount owed", "You may get the
# vehicle back by paying the full amount due before it is sold", 亦可于出售前清还欠款赎回车辆):
# the notice the law requires (UCC 9-614, the Hire-Purchase Act's notices).
_REPOSSESSION = re.compile(
    r"\brepossess\w*|\b(?:sale|sold|sell) (?:of )?(?:the |your )?(?:vehicle|car|goods)\b|"
    r"收回(?:车辆|汽车|货物)|收车|处置(?:车辆|抵押物)",
    _I,
)
_REDEEM = re.compile(
    # A right to cure the default before it (Wisconsin's, Iowa's notices) is the same right.
    r"\bright to cure\b|\b(?:you )?may cure\b|\bcure (?:this |the )?default\b|\b(?:is )?not cured\b|"
    r"\bright to redeem\b|\bredeem (?:it|the (?:vehicle|car|goods))\b|"
    r"\bget (?:the|your) (?:vehicle|car|goods) back by paying\b|"
    r"\breinstate (?:the|your) (?:contract|agreement)\b|"
    r"赎回|取回车辆",
    _I,
)


def redeem_right(span: str, text: str) -> bool:
    return bool(_REPOSSESSION.search(span) and _REDEEM.search(text) and _clean(text)
                and not steps._VISIT_SPOILED.search(text))


# A question for the vulnerable, in more of its words ("If someone in your home has a serious
# medical condition, call us; a medical certificate can delay disconnection", "If you are a
# servicemember on active duty, you may have additional protections"): it protects the debtor.
_VULNERABLE = re.compile(
    # Family violence and financial abuse ("if this debt is connected to family violence, let
    # us know so we can put collection on hold") ask after the debtor's safety too.
    r"\b(?:family|domestic) (?:violence|abuse)\b|\b(?:financial|economic) abuse\b|\bvulnerable\b|"
    r"\b(?:serious|chronic|long-term) (?:medical|health) condition\b|\bmedical (?:condition|certificate|"
    r"emergency)\b|\bservicemember|\bactive (?:duty|military service)\b|\bdisabilit(?:y|ies)\b|"
    r"重病|残疾|特殊困难|困难证明",
    _I,
)
_ASKED = re.compile(
    r"\b(?:call|tell|contact|let|inform) us\b|\bplease (?:tell|let) us\b|\b(?:can|may|will) delay\b|"
    r"\bprotections?\b|\b(?:check|ask) whether\b|\bon hold\b|请(?:告知|联系)(?:我们|我行|我司)|可(?:以)?申请",
    _I,
)


def vulnerable_question(span: str, text: str) -> bool:
    return bool(_VULNERABLE.search(span) and _ASKED.search(span) and _clean(span)
                and not _OTHERS_TOLD.search(_VULNERABLE.sub(" ", span).replace("home", "")))


# A mediation offered or described: voluntary, free, not a court, an agreement the parties may
# have a court confirm (人民调解委员会, 诉前调解, 调解自愿进行, 调解达成协议后可申请司法确认, "the
# mediation is voluntary"). A mediation one must attend or be jailed is a false claim.
_MEDIATION = re.compile(r"调解|\bmediat\w*", _I)
_MEDIATION_SPOILED = re.compile(
    r"不来|不参加(?:的话)?就|拒不|必须(?:参加|到场)|坐牢|拘|抓|\bmust attend\b|\bor (?:else|you will)\b|"
    r"家人|父母|单位|领导|同事|\bfamily\b|\bemployer\b",
    _I,
)


def mediation(span: str, text: str) -> bool:
    return bool(_MEDIATION.search(text) and _clean(text) and not _MEDIATION_SPOILED.search(text)
                and not _URGENT.search(span))


# Charges as the agreement's own document states them ("to avoid additional penalty charges as
# stated in your Disclosure Statement", 按借款合同约定收取罚息).
_STATED_CHARGES = re.compile(
    # Charges named as what paying avoids ("Kindly pay at the earliest to avoid late payment
    # charges").
    r"\bto avoid (?:any )?(?:further |additional )?(?:late(?: payment)?|penalty|overdue|default) "
    r"(?:charges?|fees?|interest)\b|"
    r"\b(?:penalty|late|additional|default|overdue) (?:charges?|fees?|interest)\b[^.;]{0,30}"
    r"\b(?:as (?:stated|set out|provided|specified|shown|disclosed) in|under|per|according to) (?:your|the)\s"
    r"(?:\w+ ){0,2}(?:disclosure statement|agreement|contract|terms|schedule of charges|tariff)\b|"
    r"按(?:照)?[^，。]{0,6}(?:合同|协议)(?:的)?约定[^，。]{0,8}(?:罚息|违约金|滞纳金|逾期利息)",
    _I,
)


def stated_charges(span: str, text: str) -> bool:
    return bool(_STATED_CHARGES.search(span) and _clean(span)
                and not lawful._IMPROPER_FEE.search(span))


# A collector stating its licence or registration ("This debt collector is licensed in British
# Columbia", "licensed under Ontario's Collection and Debt Settlement Services Act", 依法设立的
# 资产管理公司, 依法登记的人民调解组织): what the law requires it to disclose.
_LICENSED = re.compile(
    r"\b(?:is|are|am) (?:a )?(?:duly )?(?:licensed|registered|authori[sz]ed and regulated)\b|"
    r"\blicen[cs]e (?:no\.?|number)\b|\blicensed (?:under|in|by)\b|依法(?:设立|登记|成立)的|持牌",
    _I,
)
_LICENCE_SPOILED = re.compile(
    r"court|police|sheriff|marshal|government|officer|judge|法院|公安|警|政府|法官",
    _I,
)


def licensed_collector(span: str, text: str) -> bool:
    return bool(_LICENSED.search(span) and _clean(text) and not _LICENCE_SPOILED.search(span)
                and not _OTHERS_TOLD.search(span))


# A bill for a relative's care or service, sent to the account holder ("Your balance of $215
# from your son's visit on October 2 is 90 days past due", 您孩子的就诊费用): the relative is
# the patient, not someone told or pressed.
_RELATIVES_CARE = re.compile(
    r"\byour (?:son|daughter|child|kid|wife|husband|partner|mother|father|mom|mum|dad)'s "
    r"(?:visit|appointment|treatment|care|stay|surgery|procedure|therapy|tuition|school fees|"
    r"prescription|services?|account)\b|"
    r"(?:您|你)(?:的)?(?:孩子|儿子|女儿|父亲|母亲|爱人)的(?:就诊|住院|治疗|医疗|学费|托管)",
    _I,
)
_CARE_SPOILED = re.compile(
    r"\b(?:tell|told|inform|notify|call|contact|visit(?:ing)? (?:him|her|them))\b|\bschool\b(?! fees)|"
    r"\bpick(?:ed)? (?:him|her|them) up\b|\bsafe\b|告诉|通知|学校|接送|安全",
    _I,
)


def relatives_care_bill(span: str, text: str) -> bool:
    return bool(_RELATIVES_CARE.search(span) and lawful._ARREARS.search(span) and _clean(span)
                and not _CARE_SPOILED.search(span))


# Documents for a business customer's own accounts team ("A copy of the signed delivery notes
# and the original invoices is enclosed for your accounts department's records", 对账单附后，请贵
# 司财务核对): the customer, not a third party.
_CUSTOMERS_ACCOUNTS = re.compile(
    r"\byour (?:accounts?|finance|purchasing|procurement)(?: payable)? (?:department|team|dept)\b|"
    r"\baccounts payable\b|贵(?:司|方|公司)(?:的)?财务|财务部",
    _I,
)
_BUSINESS_PAPERS = re.compile(
    r"\binvoices?\b|\bdelivery notes?\b|\bstatement of account\b|\bremittance\b|\bpurchase orders?\b|"
    r"发票|对账单|送货单|付款流程",
    _I,
)


def customers_accounts(span: str, text: str) -> bool:
    return bool(_CUSTOMERS_ACCOUNTS.search(span) and _BUSINESS_PAPERS.search(span) and _clean(text)
                and not lawful._SPOILED.search(span))


KINDS: tuple[tuple[frozenset[str], Callable[[str, str], bool]], ...] = (
    (_rules(2, 4), redeem_right),
    (_rules(2, 4, 5, 6), vulnerable_question),
    (_rules(1, 4), mediation),
    (_rules(4, 6), stated_charges),
    (_rules(1, 4), licensed_collector),
    (_rules(2, 4, 5), relatives_care_bill),
    (_rules(1, 5), customers_accounts),
    # A visit announced with its terms (the ninth round's) is no pretext either: the visitor
    # introducing itself (我是某银行的外访人员 ... 届时会出示工作证和委托书).
    (_rules(1), steps.visit_notice),
)


# The debtor's own loan named by its product, about its payment ("Your payday loan payment was
# returned", "your title loan balance"): the debt, not advice to borrow.
_OWN_PRODUCT = re.compile(
    r"\byour (?:payday|title|car title|installment|instalment|personal|cash advance) loan(?:'s)? "
    r"(?:payment|balance|account|instal\w*|due date|agreement|is|was|has)\b",
    _I,
)


def own_loan_product(span: str, text: str) -> bool:
    return bool(_OWN_PRODUCT.search(span) and _clean(span) and not _ADVICE.search(span))


# Who the collector will and will not contact, as a regulator requires it said ("we will only
# contact you between 6:00 AM and 10:00 PM and will not contact persons in your phone
# contacts", SEC Memorandum Circular No. 18).
_CONTACT_LIMITS = re.compile(
    r"\bwill not (?:contact|call|message|text|reach out to) (?:any )?(?:persons?|people|anyone|third parties|"
    r"(?:\w+ ){0,2}in your (?:phone )?contacts|your (?:phone )?contacts|your references)\b|"
    r"\b(?:will|may) only contact you (?:between|from|on|at|by)\b",
    _I,
)
_CONTACT_SPOILED = re.compile(
    r"\bbut\b|\bunless\b|\buntil\b|\bexcept\b|\bif you (?:don'?t|do not|fail)\b", _I)


def contact_limits(span: str, text: str) -> bool:
    return bool(_CONTACT_LIMITS.search(span) and _clean(span) and not _CONTACT_SPOILED.search(span))


KINDS += (
    (_rules(6), own_loan_product),
    (_rules(2, 5, 6), contact_limits),
)


# A reminder or notice from the creditor naming itself ("Hello po, this is a courtesy reminder
# from Pagasa Lending. Your 3rd installment ... was due"): the creditor, about the debtor's own
# account, not a pretext.
_REMINDER_FROM = re.compile(
    r"\bthis is (?:a |your )?(?:courtesy |friendly |gentle |payment |final )?(?:reminder|notice|message|"
    r"notification) from\b|来自[^，。]{0,12}的(?:还款)?(?:提醒|通知)",
    _I,
)


_YOUR_DUE = re.compile(
    r"\byour (?:\w+ ){0,2}(?:installment|instalment|loan|account|balance|bill|payment|invoice|"
    r"amorti[sz]ation|amount due|emi)\b|您(?:的|本期|尾号)",
    _I,
)


def reminder_from_creditor(span: str, text: str) -> bool:
    return bool(_REMINDER_FROM.search(span) and lawful._CREDITOR_TEAM.search(span)
                and _YOUR_DUE.search(text)
                and not lawful._PRETEXT.search(re.sub(r"courtesy", " ", span, flags=_I))
                and _clean(text) and not _OTHERS_TOLD.search(text))


KINDS += (
    (_rules(1), reminder_from_creditor),
    # A debt or its receivables assigned (the eleventh round's kind), told to a business
    # customer: the assignor named is no third party told (已受让某某公司对贵司的应收账款).
    (_rules(5), process.debt_sold),
)


# From the two batches written after the fixes of batches 1-8 (docs/benchmarks.md).
# A payment that failed, stated as a fact of the account ("your EMI bounced due to insufficient
# funds", 本月还款未成功扣款).
_PAYMENT_FAILED = re.compile(
    r"\byour (?:\w+ )?(?:emi|payment|instal\w*|direct debit|debit|cheque|check|repayment) (?:has )?"
    r"(?:bounced|failed|did ?n[o']t go through|was (?:returned|declined|dishonou?red|unsuccessful))\b|"
    r"扣款(?:失败|未成功|不成功)|还款未成功",
    _I,
)


def payment_failed(span: str, text: str) -> bool:
    return bool(_PAYMENT_FAILED.search(span) and _clean(span) and not _OTHERS_TOLD.search(span)
                and not _ADVICE.search(span))


# Our staff never take payment into a personal account (我行工作人员不会通过私人账户收款): a
# warning that protects the debtor, as the fraud warnings are.
_NO_PERSONAL_CHANNEL = re.compile(
    r"(?:不会|从不|绝不|不得)(?:通过|使用|以)?[^，。]{0,6}(?:私人|个人)(?:账户|账号|微信|支付宝|银行卡)"
    r"(?:收款|收取|转账)|"
    r"\b(?:will never|never|do not|don'?t) (?:ask you to )?(?:pay|send|take|collect|accept)\b[^.;]{0,20}"
    r"\b(?:personal|private) (?:account|bank account|wallet)\b",
    _I,
)


def no_personal_channel(span: str, text: str) -> bool:
    return bool(_NO_PERSONAL_CHANNEL.search(span) and _clean(span) and not _CONTACT_SPOILED.search(span))


# A court's acceptance left to the court (法院是否立案以法院通知为准, "whether the court accepts
# the claim is a matter for the court"): no claim that a case is open.
_COURT_DECIDES = re.compile(
    r"(?:法院)?是否(?:立案|受理)以法院(?:的)?(?:通知|决定)为准|"
    r"\bwhether the court (?:accepts|issues|registers)\b",
    _I,
)


def court_decides(span: str, text: str) -> bool:
    return bool(_COURT_DECIDES.search(span) and _clean(span) and not court.RECORD_SPOILED.search(span))


# A notice that publishes nothing (分别向欠费业主发送书面催缴通知，不在公告栏公布具体房号; "we do
# not display names or unit numbers"): the reverse of shaming.
_NOT_PUBLISHED = re.compile(
    r"不(?:会|再)?(?:在|于|通过)?[^，。]{0,6}(?:公告栏|群里|群内|网上|公示栏)?(?:公布|公示|张贴|披露)|"
    r"\b(?:will not|won'?t|do not|don'?t|never) (?:publish|post|display|share|list)\b[^.;]{0,20}"
    r"\b(?:names?|unit numbers?|flat numbers?|addresses)\b",
    _I,
)


def not_published(span: str, text: str) -> bool:
    return bool(_NOT_PUBLISHED.search(span) and _clean(span) and not _CONTACT_SPOILED.search(span)
                and not re.search(r"但|除非|否则", span))


KINDS += (
    (_rules(2, 4, 6), payment_failed),
    (_rules(6), no_personal_channel),
    (_rules(4), court_decides),
    (_rules(5), not_published),
)


# A creditor's notice of its own fee to the one who owes it (停车场管理处通知：您的月租车位费已欠缴两个
# 月): the heading's 通知 is the notice itself, not someone notified.
_OWN_FEE = re.compile(
    r"您(?:的|家|户)[^，。]{0,8}(?:物业|管理|车位|停车|供暖|采暖|取暖|暖气|水|电|燃气|宽带|话|保育)费|"
    r"您(?:的)?[^，。]{0,4}(?:房租|租金)",
    _I,
)
_HEADING = re.compile(r"^[^：:，。]{0,14}(?:通知|提醒|通告)[：:]")


def own_fee_notice(span: str, text: str) -> bool:
    body = _HEADING.sub("", span.strip())
    return bool(_OWN_FEE.search(body) and _clean(span) and not lawful._OTHERS.search(
        _OWN_FEE.sub(" ", body)))


KINDS += ((_rules(5), own_fee_notice),)
