"""Eleventh round of issue 18: kinds of lawful firm language found on fresh lines (Indian,
Singapore and Hong Kong English, Cantonese, colloquial Chinese, UK and US enforcement letters;
docs/contact-check.md, "Eleventh round") that lift a model's finding, as the earlier kinds in
content_lawful.py and content_notices.py do.

Each kind is a test of the finding's span and the whole text, with the rules whose findings it
may lift (`KINDS`, added to content.py's table). A text that speaks of arrest, crime or the
police, or tells or presses anyone else, keeps its finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from arrears.compliance import content_court as court
from arrears.compliance import content_lawful as lawful
from arrears.compliance import content_lawful_steps as steps

_I = re.IGNORECASE

# The marks of a false criminal claim or of others told, in any kind's text.
_CRIMINAL = re.compile(
    r"arrest(?!ment)|jail|prison|police|crim|fraud|felon|prosecut|custody|handcuff|blacklist|"
    r"警|拘|抓|坐牢|刑事|犯罪|诈骗|黑名单|牢",
    _I,
)
_OTHERS_TOLD = re.compile(
    r"\b(?:tell|told|inform\w*|notify\w*|let \w+ know)\b[^.;]{0,30}\b(?:your )?(?:family|boss|"
    r"colleagues?|neighbou?rs?|friends|everyone|contacts|relatives|manager|hr)\b|everyone|"
    r"neighbou?rs|colleagues|co-?workers|contacts|family|relatives|parents|"
    r"告诉|告知|通知(?:你|您)?(?:的)?(?:家人|同事|领导|朋友|邻居)|家人|父母|亲戚|朋友|邻居|同事|通讯录|所有人",
    _I,
)
_URGENT = re.compile(r"\b(?:today|tonight|immediately|right now)\b|今天|今日|今晚|马上|立即|立刻", _I)


def _clean(text: str) -> bool:
    return not _CRIMINAL.search(text)


# A court's process the text documents: a writ, a decree, an award, an order, a hearing, a
# payment order, with its reference, or its court and date, or the debtor's way to answer it
# (a claim of exemption, the right to object, a Notice of Enforcement's days).
_PROCESS = re.compile(
    r"\bwrit\b|\bwarrant of (?:control|execution|possession|attachment)|\bdecree\b|\baward\b|"
    r"\bexecution\b|\bjudgment\b|\bhearing\b|\bcharging order\b|\bgarnish\w*|\blevy\b|"
    r"\b(?:possession|attachment) (?:order|proceedings)\b|\bcourt date\b|"
    r"判决|判咗|裁定|支付令|强制执行|开庭|传票|调解|执行案号|\bcharge for payment\b|arrestment",
    _I,
)
_ANSWER = re.compile(
    r"\bclaim of exemption\b|\bcharge for payment\b|\bexempt (?:property|income)\b|\bnotice of enforcement\b|"
    r"\bclear days'? notice\b|\blegal aid\b|\bapply to the court to (?:suspend|set aside|vary)\b|"
    r"\bwould (?:need|require) (?:a )?court (?:hearing|order)\b|\byou(?:'d| would| will) be told\b|"
    r"(?:有|提出)(?:书面)?异议|异议[^，。]{0,10}提出|申请(?:纠正|复议|删除)|"
    # The statute that sets its fees ("as set out in the Taking Control of Goods (Fees) Regulations").
    r"\bas set out in the\b[^.;]{0,60}\b(?:regulations|act|rules)\b",
    _I,
)


def documented_process(span: str, text: str) -> bool:
    """A court's process stated with what makes it checkable or answerable."""
    if not _PROCESS.search(text) or not _clean(text) or _OTHERS_TOLD.search(span) or _URGENT.search(text):
        return False
    return bool(court.CASE_NUMBER.search(text) or _ANSWER.search(text)
                or (court.NAMED_COURT.search(text) and court.COURT_PARTICULARS.search(text)))


# A court's order that the employer deduct from the debtor's pay (an attachment of earnings
# order, a wage garnishment order, 协助执行通知书): the employer is served by the court's order,
# not told by the collector.
_ATTACHMENT = re.compile(
    r"\battachment of earnings\b|\battachment (?:order|proceedings)\b|\bgarnish\w* order\b|"
    r"\bincome withholding order\b|\b(?:earnings|wage) arrestment\b|"
    r"协助执行通知书|协助执行|协助扣划|扣划工资",
    _I,
)
_DEDUCT = re.compile(r"\bdeduct\w*|\bwithh[eo]ld\w*|扣划|扣除|提取|扣减", _I)
_COURT = re.compile(r"\bcourt\b|tribunal|法院|本院", _I)


def earnings_attachment(span: str, text: str) -> bool:
    return bool(_ATTACHMENT.search(text) and _COURT.search(text) and _DEDUCT.search(text)
                and _clean(text) and not _OTHERS_TOLD.search(text.replace("family", "")))


# A statutory notice citing its section and giving its period ("Notice under Section 13(2) of
# the SARFAESI Act ... within 60 days", "Legal notice under Section 138 of the Negotiable
# Instruments Act ... within 15 days", "statutory demand ... within 21 days").
_STATUTORY = re.compile(
    r"\bnotice under (?:section|s\.|rule|regulation|order) \d+[a-z]?(?:\(\d+\))? of the\b|"
    r"\bstatutory demand\b|根据《[^》]{2,24}》第[^条]{1,6}条",
    _I,
)
_PERIOD = re.compile(r"\bwithin (?:\d+|fifteen|thirty|sixty|twenty-one) days\b|\d+日内|[十二三]+日内", _I)


def statutory_notice(span: str, text: str) -> bool:
    return bool(_STATUTORY.search(text) and _PERIOD.search(text) and _clean(text)
                and not _OTHERS_TOLD.search(text))


# The creditor's own collections, accounts or finance office introducing itself: the opposite
# of a pretext ("Hello, I'm calling from the collections unit", "I'm with the collection team",
# "a courtesy call from the finance office of the dental clinic").
_OWN_OFFICE = re.compile(
    r"\b(?:calling|ringing|writing|call|message) (?:you )?from (?:the |our )?|\bi'?m with (?:the |our )?|"
    r"\b(?:i'?m|i am) (?:a |an )?(?:collector|agent|adviser|advisor|specialist) (?:with|from|in) "
    r"(?:the |our )?|"
    # Twelfth round: the caller's name first ("Sir, this is Rhea from the collections
    # department"), tried before "this is" alone.
    r"\b(?:this is|it's|it is) [a-z]+(?: [a-z]+)? (?:from|with|of) (?:the |our )?|"
    r"\bthis is (?:the |our )?|\bcourtesy call from (?:the )?",
)
_OFFICE = re.compile(
    r"(?:collections?|recoveries|recovery|accounts?|billing|finance|credit control|arrears) "
    r"(?:unit|team|department|dept|office|desk)\b",
    _I,
)
_AUTHORITY = re.compile(
    r"police|sheriff|officer|government|\bhr\b|human resources|employer|courier|lawyer|attorney|"
    r"solicitor|legal|investigat|court'?s|the court\b",
    _I,
)


def own_office(span: str, text: str) -> bool:
    if not _clean(span) or _OTHERS_TOLD.search(span) or _BORROW.search(span):
        return False
    return any(_OFFICE.match(span[intro.end():intro.end() + 40])
               and not _AUTHORITY.search(span[: intro.end() + 40])
               for intro in _OWN_OFFICE.finditer(span.lower()))


# A debt sold or assigned, the debtor told to pay the new owner (a notice of assignment, 债权转让
# 通知): "they own the debt and you should pay them" names no one pressed but the debtor.
_SOLD = re.compile(
    r"\b(?:sold|assigned|transferred)\b[^.;]{0,30}\b(?:account|debt|loan)\b|"
    r"\b(?:account|debt|loan) (?:has been|was|is) (?:sold|assigned)\b|\bnotice of assignment\b|"
    r"\bown(?:s)? the debt\b|债权[^，。]{0,6}转让|转让给|"
    # Twelfth round: receivables taken over by a factor (已受让某某公司对贵司的应收账款).
    r"(?:已|依法)受让|应收账款转让",
    _I,
)
_PAY_OWNER = re.compile(
    r"\bpay (?:them|the new|it to them|apex|the ARC)|\bpayments? (?:should|must|will) (?:be made )?to\b|"
    r"\bown(?:s)? the debt\b|向受让方|向[^，。]{0,12}(?:还款|履行|支付|清偿)",
    _I,
)
_BORROW = re.compile(
    r"\bborrow|\bloan app|personal (?:account|upi)|gift card|借(?:钱|网贷)|个人账户|私人", _I)


def debt_sold(span: str, text: str) -> bool:
    return bool(_SOLD.search(text) and _PAY_OWNER.search(span) and _clean(text)
                and not _OTHERS_TOLD.search(span) and not _BORROW.search(text))


# The debtor's own due amount, plan or fee stated ("your minimum due of ₹3,200 is pending",
# "your payment plan is set", 最低还款还差300块，今晚12点前还上就不算逾期, "a bounce charge ... as
# per the schedule of charges").
_OWN_DUE = re.compile(
    r"\bminimum (?:due|payment|amount)\b|\bpayment plan (?:is |has been )?(?:set|set up|agreed|"
    r"confirmed)\b|\bplan is set\b|最低还款|还款计划已|不算逾期|"
    r"\b(?:bounce|dishonou?r|returned payment|nach|ecs) (?:charge|fee)s?\b|"
    r"\bas per the schedule of charges\b|按(?:照)?[^，。]{0,6}收费标准",
    _I,
)


def own_due(span: str, text: str) -> bool:
    return bool(_OWN_DUE.search(span) and _clean(span) and not _OTHERS_TOLD.search(span)
                and not _BORROW.search(span) and not lawful._SPOILED.search(span))


# A visit with the terms of a lawful one written in other words: a receipt given, an
# enforcement agent's statutory notice first, a Cantonese visit by our colleague with an ID
# (我哋嘅同事 ... 出示职员证 ... 改时间).
_VISIT = re.compile(r"\bvisit\w*|\battend\w*|上门|拜访|外访", _I)
_TERMS = re.compile(
    r"\b(?:issue|give|provide)s? (?:you )?(?:a |an )?(?:computer-generated |official )?receipt\b|"
    r"\bclear days'? notice\b|\bnotice of enforcement\b|出示[^，。]{0,4}(?:证|工牌)|改(?:时间|日子|期)",
    _I,
)
_OUR_PEOPLE = re.compile(r"我哋(?:嘅)?同事|enforcement (?:agent|officer)s?|\benforcement\b", _I)


def visit_terms(span: str, text: str) -> bool:
    return bool(_VISIT.search(span) and _TERMS.search(text)
                and not steps._VISIT_SPOILED.search(_OUR_PEOPLE.sub(" ", text)))


# Collection stopped or paused for the debtor's own case (bankruptcy, a dispute, advice):
# 我哋会即刻停止追收, "we will put collection on hold".
_STOPPED = re.compile(
    r"停止(?:追收|催收|追讨)|暂停(?:追收|催收)|\b(?:stop|pause|suspend|hold)\w* (?:all )?collections?\b|"
    r"\bput (?:collection|collections|the account) on hold\b",
    _I,
)
_UNLESS = re.compile(r"\bunless\b|\buntil you pay\b|除非|否则", _I)


def collection_stopped(span: str, text: str) -> bool:
    return bool(_STOPPED.search(span) and not _UNLESS.search(span) and _clean(span)
                and not _OTHERS_TOLD.search(span))


# The account referred to a law firm, the debtor free to deal with it directly
# (你个案已经转咗俾持牌律师行处理 ... 你可以直接同律师行联络).
_REFERRED = re.compile(
    r"(?:转|交)(?:咗|了)?(?:俾|给|予)?[^，。]{0,6}(?:律师行|律师事务所|律所)(?:处理|跟进)|"
    r"\b(?:passed|referred|transferred) (?:\w+ ){0,3}to (?:our |a )?(?:solicitors|law firm)\b",
    _I,
)
_DEAL_DIRECT = re.compile(
    r"直接(?:同|与|和|跟)[^，。]{0,8}(?:联络|联系)|\bcontact (?:them|the firm|the solicitors) directly\b|"
    r"\bcan still (?:call|pay|contact) us\b",
    _I,
)


def referral_done(span: str, text: str) -> bool:
    return bool(_REFERRED.search(text) and _DEAL_DIRECT.search(text) and _clean(text)
                and not _OTHERS_TOLD.search(text) and not _URGENT.search(text))


# A service suspended only after notice (依法中止供电，中止前将提前通知).
_NOTICE_BEFORE = re.compile(
    r"(?:前|之前)(?:会|将)?提前(?:书面)?通知|\bwe will (?:write|give you notice) first\b", _I)


def notice_first(span: str, text: str) -> bool:
    return bool(_NOTICE_BEFORE.search(span) and not lawful._SPOILED.search(span))


# The debtor advised not to borrow to pay (别找亲戚朋友借高利贷来还, "please don't take out a
# loan to pay us"): the opposite of the pressure to borrow the model reads in it.
_NO_BORROWING = re.compile(
    r"(?:别|不要|千万别|千万不要|不用|无需|不必)(?:去)?(?:找[^，。]{0,6})?(?:借|贷)|"
    r"\b(?:don'?t|do not|never|no need to) (?:borrow|take out (?:a |another )?loan)",
    _I,
)


def no_borrowing(span: str, text: str) -> bool:
    from arrears.compliance.content_negation import DOUBLE_NEGATION

    return bool(_NO_BORROWING.search(span) and not DOUBLE_NEGATION.search(span)
                and not _OTHERS_TOLD.search(span.replace("亲戚朋友", "")) and _clean(span))


# An insolvency process noted and collection handed to it (an IVA, a DRO, a bankruptcy, a
# Personal Insolvency Arrangement; 个人破产): "We've closed the collection file and will deal
# only with your Personal Insolvency Practitioner".
_INSOLVENCY = re.compile(
    r"\binsolvency\b|\biva\b|\bdebt relief order\b|\bdro\b|\bbankruptcy\b|破产|债务重整", _I)
_HANDED_OVER = re.compile(
    r"\bclosed (?:the|our) (?:collection )?file\b|\bdeal only with\b|\bonly deal with\b|"
    r"\b(?:practitioner|trustee|supervisor)\b|停止(?:追收|催收)|管理人", _I)


def insolvency_noted(span: str, text: str) -> bool:
    return bool(_INSOLVENCY.search(span) and _HANDED_OVER.search(text) and _clean(text)
                and not _OTHERS_TOLD.search(text) and not _UNLESS.search(text))


# The account reported to the credit reference agencies, as the law allows: no third party
# told, unless the text names one beside them.
_AGENCIES = re.compile(
    r"\bcredit (?:reference|reporting) (?:agenc\w+|bod\w+)|\bcredit bureaus?\b|\bcrb\b|cibil|experian|"
    r"equifax|transunion|征信|"
    # Twelfth round: the agencies by their Chinese names (环联, 艾可飞, 益博睿, 金融联合征信中心).
    r"环联|艾可飞|益博睿|联合征信", _I)
_EXAGGERATED = re.compile(
    r"forever|for life|\bnever\b|ruin|blacklist|employer|boss|workplace|"
    r"永久|终身|一辈子|黑名单|单位|领导", _I)


def agencies_only(span: str, text: str) -> bool:
    return bool(_AGENCIES.search(text) and not _EXAGGERATED.search(text) and _clean(text)
                and not _OTHERS_TOLD.search(text))


def _rules(*numbers: int) -> frozenset[str]:
    return frozenset(f"DEF-CONTENT-0{n}" for n in numbers)


KINDS: tuple[tuple[frozenset[str], Callable[[str, str], bool]], ...] = (
    (_rules(1, 2, 4), documented_process),
    (_rules(1, 4, 5), earnings_attachment),
    (_rules(2, 4), statutory_notice),
    (_rules(1, 6), own_office),
    (_rules(1, 4, 6), debt_sold),
    (_rules(4, 6), own_due),
    (_rules(2), visit_terms),
    (_rules(2, 4), collection_stopped),
    (_rules(4), referral_done),
    (_rules(2, 4, 5), notice_first),
    (_rules(6), no_borrowing),
    (_rules(2, 4), insolvency_noted),
    (_rules(5), agencies_only),
)
