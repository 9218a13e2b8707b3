"""Tenth round of issue 18: kinds of lawful notice found on fresh lines in the styles of real
material (docs/contact-check.md, "Tenth round").

Each kind is a regular expression of what the notice says and one of what spoils it (a
threat, a claim, someone else told); content.py asks them about a rule's match or a model's
finding, as it asks the earlier kinds in content_lawful.py.
"""

import re
from collections.abc import Callable

from arrears.compliance.content_lawful import _OTHERS, _SPOILED
from arrears.compliance.content_lawful_steps import _SUIT_WORDS

_I = re.IGNORECASE


def _kind(says: re.Pattern[str], *spoilers: re.Pattern[str]) -> Callable[[str], bool]:
    """A kind of notice: `says` is found in the span and none of `spoilers` is."""

    def test(span: str) -> bool:
        return bool(says.search(span)) and not any(spoiler.search(span) for spoiler in spoilers)

    return test


# The debtor's own rights, stated as a notice must ("you have the right to reinstate after
# acceleration and to bring a court action to assert any defense", 您有权向人民法院提起诉讼):
# the court step is the debtor's to take, not the collector's threat.
_DEBTOR_RIGHT = re.compile(
    r"\byou (?:may |might )?(?:also )?(?:have|retain) the right to\b|\byour right to\b|"
    r"\byou (?:are|remain) (?:also )?entitled to\b|\byou (?:can|may) (?:also )?(?:choose to )?"
    r"(?:bring|start|take|file|begin|raise)\b|(?:您|你)(?:也)?(?:有权|可以自行|可依法)",
    _I,
)
# Who else acts between the right and the step ("you have the right to know that we will take
# court action") makes the step someone else's again.
_SOMEONE_ELSE_ACTS = re.compile(
    r"\b(?:we|our|us|they|the (?:bank|lender|company))\b|我们|我司|本公司|银行", _I
)


def debtor_right(before: str) -> bool:
    """The clause before a court step (`before`) gives the step to the debtor as a right."""
    rights = list(_DEBTOR_RIGHT.finditer(before[-100:]))
    return bool(rights) and not _SOMEONE_ELSE_ACTS.search(before[-100:][rights[-1].end():])


def debtor_right_in(span: str) -> bool:
    """A model's span that gives the step to the debtor as a right, and no one else acts."""
    right = _DEBTOR_RIGHT.search(span)
    return bool(right and not _SOMEONE_ELSE_ACTS.search(span[right.end():]) and not _SPOILED.search(span))


# Relief the creditor grants: interest and charges frozen, waived or stopped (停息挂账, 罚息减免).
# The model reads "frozen" as an account frozen by a court; what is frozen here is the debt's
# growth, and the sentence names no account, wage or property of the debtor's.
_RELIEF = re.compile(
    r"\b(?:interest|charges|fees|late fees|penalt(?:y|ies)|default (?:interest|charges))"
    r"(?: and (?:interest|charges|fees|penalt(?:y|ies)))?"
    r"(?: on (?:your|the|this) (?:account|balance|loan|debt))?"
    r" (?:has|have|will|are|is)(?: been| be| now)? (?:frozen|waived|stopped|suspended|paused|removed|"
    r"refunded|put on hold)\b|"
    r"\b(?:froze|frozen|freeze|freezing|waive|waived|stop|stopped) (?:adding |charging |applying )?"
    r"(?:the |all |any )?"
    r"(?:late |default |overdue |further )?(?:interest|charges|fees)\b|"
    r"冻结[^，。]{0,8}(?:利息|罚息|违约金|费用)|(?:利息|罚息|违约金|滞纳金|费用)[^，。]{0,6}"
    r"(?:冻结|减免|免除|停止计收|停止计算|不再计收)|停息挂账",
    _I,
)
_RELIEF_SPOILED = re.compile(
    r"(?:bank|savings|current) accounts?|\bwages?\b|salary|salaries|assets|property|"
    r"court|judge|police|arrest|bailiff|"
    r"账户(?:被|已被|将被)?冻结|冻结(?:你|您)?的?(?:银行|账户|工资|资产|财产|房|车|微信|支付宝)|"
    r"工资|资产|财产|房产|车辆|法院|公安|警",
    _I,
)


relief_granted = _kind(_RELIEF, _RELIEF_SPOILED, _SPOILED)


# The account passed to the creditor's own solicitors or a collection agency, announced with
# nothing else ("This is a final reminder before we pass your account to our solicitors, who
# may start court proceedings"): the model reads the solicitors as a pretext.
_REFERRAL = re.compile(
    r"\b(?:pass|passing|passed|refer|referring|referred|transfer|transferring|transferred|hand|"
    r"handing|handed|send|sending|sent|instruct|instructing|instructed)\w* (?:over )?(?:your|this|the) "
    r"(?:account|debt|matter|balance|file)s? (?:over )?to (?:our |a |an |the |your creditor'?s )?"
    r"(?:solicitors?|lawyers?|attorneys?|law firm|legal (?:team|department)|(?:external |outside |"
    r"third[- ]party )?(?:debt )?collection agency|debt collectors?|collectors?|recoveries team)\b|"
    # 转入委外阶段，后续会有委托机构与你联系: the account handed to an agency, announced.
    r"(?:转入|转至|移交(?:给)?|委托(?:给)?)(?:委外|第三方催收|外包|催收机构|委托机构|合作机构)|委外(?:阶段|催收)",
    _I,
)
_REFERRAL_SPOILED = re.compile(
    r"\b(?:today|tonight|tomorrow|immediately|right now|now)\b|crim|arrest|police|warrant|"
    r"\bhave (?:already )?(?:filed|started|issued)\b|family|employer|neighbou?r",
    _I,
)


referral_announced = _kind(_REFERRAL, _REFERRAL_SPOILED, _SPOILED)


# The debtor told, and no one else named: "we are required to tell you that your account has
# been closed". The model's uncertain disclosure finding on such a text has no third party to
# disclose to; telling the debtor is the notice itself.
_TOLD_THE_DEBTOR = re.compile(
    r"\b(?:tell|tells|telling|told|inform|informs|informing|informed|notify|notifies|notifying|"
    r"notified|let) you\b|(?:告诉|通知|告知|提醒)(?:您|你)",
    _I,
)


def addressed_only(model_text: str) -> bool:
    """The text speaks to the debtor alone (the text as the model reads it)."""
    rest = _TOLD_THE_DEBTOR.sub(" ", model_text)
    return not _OTHERS.search(rest) and not _SPOILED.search(rest)


# The debtor advised to report a fraud or a stolen identity to the police: the debtor's step,
# to protect the debtor ("you can report it to the police and send us a copy of the report",
# 建议您先到公安机关报案，并将报案回执提供给我们).
_VICTIM_REPORT = re.compile(
    r"\byou (?:can|may|should|could|might want to|are welcome to) (?:also |first )?report "
    r"(?:it|this|the (?:fraud|theft|identity theft|crime|matter))\b(?: \w+){0,2} to (?:the )?police\b|"
    r"(?:建议|请)?(?:您|你)(?:可以|可|应|应当|先|尽快|及时){0,2}(?:到|向|去)(?:当地)?(?:公安机关|派出所|公安局)报案|"
    r"(?:建议|请)(?:您|你)(?:先|及时|尽快)?报警",
    _I,
)
_VICTIM_SPOILED = re.compile(
    r"arrest|jail|prison|\bwe (?:will|'ll|have)\b|我们(?:将|会|已)|我司(?:将|会|已)|"
    r"(?:你|您)(?:涉嫌|将被|会被)|抓|拘",
    _I,
)


victim_report = _kind(_VICTIM_REPORT, _VICTIM_SPOILED)


# A step called off ("the bailiff's visit scheduled under warrant 2026/0345 has been
# cancelled because you have agreed a payment plan", 强制措施已解除): relief, not a threat;
# the fabricated threat offers the cancellation for money ("to cancel the warrant, pay now").
_STEP_WITHDRAWN = re.compile(
    r"\b(?:has|have) been (?:cancelled|canceled|withdrawn|called off|stayed|lifted|set aside|"
    r"discontinued|dismissed|struck out)\b|\b(?:was|were) (?:cancelled|canceled|withdrawn|called off|lifted|"
    r"set aside|discontinued|dismissed|struck out)\b|已(?:被)?(?:依法)?(?:撤销|取消|撤回|解除|终结)",
    _I,
)
_WITHDRAWN_SPOILED = re.compile(
    r"\bunless\b|\bif you (?:don'?t|do not|fail)\b|\bor else\b|\bto (?:stop|cancel|avoid|drop)\b|"
    r"\bwill be (?:re-?issued|reinstated)\b|arrest|jail|prison|police|crim|除非|否则|不然|警|拘|抓|坐牢",
    _I,
)


step_withdrawn = _kind(_STEP_WITHDRAWN, _WITHDRAWN_SPOILED)


# The case closed because the debt is paid ("Your case has been closed because the balance is
# now paid"): for the model's finding only; a rule's finding of a summons beside 已结清 stands.
_CASE_CLOSED = re.compile(
    r"\b(?:case|account|file|matter|debt) (?:has been|was|is now) (?:closed|settled|paid off)\b|"
    r"已结案|已销案",
    _I,
)


case_closed = _kind(_CASE_CLOSED, _WITHDRAWN_SPOILED)


# Where the collector heard something ("your neighbour told us you have moved"): the other is
# the source, not told of the debt. Removed, the rest is read as a text to the debtor alone.
_SOURCE = re.compile(
    r"\b(?:your )?(?:neighbou?rs?|landlord|family|relatives?|friends?|colleagues?|employer|"
    r"the post office|a relative|a neighbou?r) (?:told|informed|let) us\b|"
    r"(?:邻居|房东|家人|亲戚|朋友|同事)(?:告诉|告知|反映给)(?:我们|我司|我行)",
    _I,
)


def without_source(text: str) -> str:
    return _SOURCE.sub(" ", text)


# What a collector may not do, explained to the debtor ("A debt collector may not tell anyone
# else about your debt, except your spouse, your attorney, or the creditor", 催收人员不得向
# 第三方透露您的欠款信息): the law's limits, not a disclosure.
_COLLECTOR_LIMITS = re.compile(
    r"\b(?:a debt collector|debt collectors|a collector|collectors|the collector|we|the law|"
    r"federal law|lenders|creditors)\b(?: \w+){0,2} (?:may|must|can|cannot|can't|is|are|does|do|will)"
    r"(?:n't| not| never)\b|\bis (?:not allowed|prohibited|forbidden) (?:from|to)\b|"
    r"(?:催收(?:人员|机构|方)?|我们|我司|我行|任何机构)(?:均|都|一律)?(?:不得|不能|不会|无权|禁止)|"
    r"法律(?:明确)?(?:禁止|规定)",
    _I,
)
_LIMITS_SPOILED = re.compile(
    r"\banyway\b|\buntil you\b|\bstop (?:calling|contacting|telling|visiting)\b|照样|直到你|"
    r"\bbut (?:we|i|they)\b|\bhowever,? (?:we|i)\b|\bunless you\b|但是?(?:我们|我)|除非你|"
    r"\b(?:we|i) (?:will|'ll|have|already)\b|我们(?:会|将|已经)",
    _I,
)


collector_limits = _kind(_COLLECTOR_LIMITS, _LIMITS_SPOILED, _SPOILED)


# A step called a last resort ("Repossession is always a last resort", 诉讼是我们最后的选择).
_LAST_RESORT = re.compile(r"\b(?:a|the|our|as a) (?:very )?last resort\b|最后(?:的)?(?:手段|选择|办法)", _I)


_EXCEPTED = re.compile(r"\bbut\b|\bexcept\b|\bexception\b|但|除了", _I)
last_resort = _kind(_LAST_RESORT, _SPOILED, _EXCEPTED)


# A parcel locker's or a courier's own fee (您的快递柜使用费已逾期未付): the courier is the
# creditor, not a pretext; it is one when it asks where the debtor lives.
_COURIER = re.compile(r"快递|快件|包裹|取件|派件|派送", _I)
_COURIER_BILL = re.compile(
    r"(?:快递柜|快递箱|驿站|快递|寄件|派送|保管|超时)(?:使用|保管|超时|寄存|运)?费|运费", _I
)
_COURIER_SPOILED = re.compile(r"住址|地址|住哪|在哪|单位|公司名|家人|签收|本人签", _I)


def courier_own_bill(match: str, text: str) -> bool:
    return bool(_COURIER.search(match) and _COURIER_BILL.search(text)
                and not _COURIER_SPOILED.search(text) and not _SPOILED.search(text))


# How the debtor can pay, and how not ("we cannot accept payment by credit card on this
# account, but you can pay by debit card or bank transfer"): a fact of the account, not
# pressure; pressure names a personal account, a gift card or money to be borrowed.
_PAYMENT_METHODS = re.compile(
    r"\b(?:pay|payments?|repay)\b(?: \w+){0,3} (?:by|via|through|with|using) (?:a |your )?"
    r"(?:debit card|credit card|bank transfer|direct debit|standing order|cheque|check|card|"
    r"online banking|our website|the app|phone)\b|\baccept (?:payments? )?by\b|"
    r"(?:通过|可用|支持)(?:官方)?(?:APP|网银|手机银行|柜台|银行转账|自动扣款|微信公众号)(?:还款|缴费|支付)|"
    r"还款方式|支付方式",
    _I,
)
_PAYMENT_SPOILED = re.compile(
    r"gift cards?|crypto|bitcoin|personal account|my account|\bborrow\b|\bloan from\b|"
    r"\btoday\b|\bnow\b|immediately|私人|个人账户|借(?:钱|款)|网贷|信用卡套现",
    _I,
)


payment_methods = _kind(_PAYMENT_METHODS, _PAYMENT_SPOILED, _SPOILED)


# A landlord's statutory notice to pay or quit ("You are hereby required to pay the rent within
# three days or to deliver up possession of the premises, or legal proceedings will be
# instituted against you to recover possession"): the form the law prescribes before a suit.
_POSSESSION_NOTICE = re.compile(
    r"\bpay (?:the )?rent\b[^.;]{0,60}\b(?:deliver up|surrender|give up) possession\b|"
    r"\bnotice to (?:pay rent or )?quit\b|\bnotice seeking possession\b|\bsection (?:8|21) notice\b",
    _I,
)


possession_notice = _kind(_POSSESSION_NOTICE, _SPOILED)


# A bank's own security hold, lifted by the customer in person (为保障资金安全已暂时冻结账户，请本人
# 携带身份证到网点解冻): no debt is named and nothing is to be paid to lift it; a "freeze" that
# payment lifts is the collector's false claim.
_SECURITY_HOLD = re.compile(
    r"(?:异常|可疑|风险)交易[^。]{0,24}(?:暂时|临时)?(?:冻结|止付|限制)|为保障(?:您的)?资金安全|"
    r"\b(?:unusual|suspicious) (?:activity|transactions?)\b[^.]{0,60}\b(?:blocked|frozen|locked|"
    r"suspended|on hold)\b",
    _I,
)
_SECURITY_LIFT = re.compile(
    r"本人[^。]{0,12}(?:网点|柜台|身份证)|\bin (?:a )?branch\b|\bwith (?:your )?(?:id|photo id)\b", _I
)
_SECURITY_SPOILED = re.compile(
    r"欠款|逾期|还款|还钱|不还|催收|\bdebt\b|arrears|overdue|\bpay\b|\bpayment\b|转账|汇款", _I
)


def security_hold(span: str) -> bool:
    return bool(_SECURITY_HOLD.search(span) and _SECURITY_LIFT.search(span)
                and not _SECURITY_SPOILED.search(span)
                and not _SPOILED.search(span.replace("资金安全", "")))


# A law firm stating its client's mandate (我是某某律所的律师助理，受某银行委托与您核实欠款情况):
# a firm may collect for a client; the pretext is a lawyer with no client named, or one who
# speaks of a suit begun.
_LAW_FIRM = re.compile(
    r"律所|律师事务所|律师|\blaw firm\b|\bsolicitors?\b|\battorneys?\b|\blawyers?\b", _I
)
_FIRM_MANDATE = re.compile(
    # Thirteenth round: the client named as the creditor (受债权人委托).
    r"受[^，。]{0,20}(?:银行|公司|金融|小贷|平台|机构|集团|医院|物业|商城|债权人|委托人)(?:的)?委托|"
    r"\bon behalf of\b|"
    r"\binstructed by\b|\bacting for\b|\brepresent(?:s|ing)? \w+ (?:bank|finance)",
    _I,
)


# A firm's own letter for its client (律师函, "a letter before action") is no suit begun.
_FIRM_LETTER = re.compile(r"律师函|\bletter before (?:action|claim)\b", _I)


def law_firm_mandate(match: str, text: str) -> bool:
    return bool(_LAW_FIRM.search(match) and _FIRM_MANDATE.search(text)
                and not _SUIT_WORDS.search(_FIRM_LETTER.sub(" ", text)) and not _SPOILED.search(text))


# The debtor asked to keep the money in the account for a payment retried ("we'll try to
# collect it again on the 20th; please make sure there's enough in your account").
_FUNDS_REMINDER = re.compile(
    r"\bmake sure (?:there(?:'s| is) enough|you have enough|(?:the )?funds are)\b|"
    r"\bensure (?:there (?:is|are) )?(?:sufficient|enough) (?:funds|money)\b|"
    r"确保(?:您的)?(?:账户|卡内)?余额充足|存入足额|"
    # 卡里余额不够，麻烦今天存一下，明天系统再扣: a debit retried, in Chinese.
    r"余额不(?:够|足)[^。]{0,20}(?:存|充)[^。]{0,12}(?:再扣|重新扣|再次扣|再划)",
    _I,
)


_BORROWING = re.compile(r"borrow|loan from|借(?:钱|款)|网贷", _I)
funds_reminder = _kind(_FUNDS_REMINDER, _SPOILED, _BORROWING)
