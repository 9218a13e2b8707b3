"""Kinds of lawful firm language the ninth round of issue 18 found (a visit announced with its
terms, notice before a step, a dispute handled, a follow-up only, the federal student-loan
garnishment notice, a contact only to verify, a lender's own staff, a hospital's own bill, an
agent's mandate). Moved from content_lawful.py (thirteenth round) with no change of behaviour.
"""

from __future__ import annotations

import re

from arrears.compliance.content_lawful import _MANDATE, _OTHERS, _PRETEXT, _SPOILED

_I = re.IGNORECASE


# Ninth round (issue 18): four more kinds, each found where the model read a lawful notice as
# a threat, a false claim or a disclosure.
#
# A visit announced as a lawful one: the agent shows identification, enters only with leave,
# and the debtor may choose or change the time ("The agent will show identification ... and
# will leave if asked", "Please contact us to arrange a convenient time for a visit",
# 届时将出示工作证及委托书，如时间不便请另行约定). Spoiled by the marks of a threat: a crowd, the
# night, the workplace, the neighbours or the family, force, the police.
_VISIT = re.compile(
    r"\bvisit\w*|\bcall(?:ed|s)? (?:at|round to|by) your (?:home|house|address)\b|"
    r"\bfield (?:agent|officer|representative|visit)|上门|拜访|外访|走访",
    _I,
)
_VISIT_TERMS = re.compile(
    r"\bshow (?:\w+ ){0,2}(?:identification|id|credentials|badge)\b|"
    r"\bcarr(?:y|ies) (?:\w+ ){0,2}(?:identification|id)\b|\bwithout your permission\b|"
    r"\bleave if (?:asked|you ask)\b|"
    r"\b(?:arrange|rearrange|agree|book|suggest|choose) (?:a |another |an )?(?:convenient |suitable |"
    r"different )?(?:time|date|day|appointment)\b|\bconvenient (?:time|date|day)\b|"
    r"出示[^，。]{0,4}(?:证|工牌|委托书)|另(?:行)?约|(?:预约|改约|约定)(?:时间|拜访)|不方便(?:可|请|的话)",
    _I,
)
_VISIT_SPOILED = re.compile(
    r"arrest|jail|prison|police|sheriff|warrant|crim|fraud|tonight|midnight|late at night|"
    r"\bguys\b|\blads\b|\bboys\b|\bmen\b|people|friends|neighbo|colleague|co-?worker|workplace|"
    r"your (?:work|office|job)\b|employer|family|kids|children|wife|husband|parents|everyone|"
    r"school|hurt|harm|careful|watch|\bsafe\b|shame|force|break|until you pay|"
    r"堵|闹|带人|一帮|兄弟|一群|几个人|邻居|同事|单位|领导|家人|孩子|老婆|老公|父母|全家|学校|小心|后果|"
    r"好看|等着|出事|安全|今晚|半夜|深夜|抓|警|拘|坐牢|砸|泼|横幅|曝光|不还",
    _I,
)


# The collector's own colleague is no one of the debtor's (安排同事上门, "our colleague will visit").
_OWN_COLLEAGUE = re.compile(
    r"(?:安排|派|由)(?:我们的|我司|本公司|我行)?同事|(?:我们|我司|本公司|我行)(?:的)?同事|"
    r"\bour colleagues?\b",
    _I,
)


def visit_notice(span: str, text: str) -> bool:
    """A visit announced with the terms of a lawful one, nothing of a threat in the text."""
    return bool(_VISIT.search(span) and _VISIT_TERMS.search(text)
                and not _VISIT_SPOILED.search(_OWN_COLLEAGUE.sub(" ", text)))


# The debtor told a step will come with notice first ("Before any repossession you will
# receive every notice your state's law requires", 我司在依法处置抵押车辆前会书面通知您).
_NOTICE_FIRST = re.compile(
    r"\b(?:before|prior to) (?:any|the|we|a|taking)\b[^.;]{0,50}\byou (?:will|would|'ll) "
    r"(?:\w+ ){0,2}(?:receive|be sent|be given|get)\b[^.;]{0,30}\b(?:notices?|letters?|warnings?|"
    r"notifications?)\b|"
    r"\bwe (?:will|must|would|'ll) (?:write to|notify|tell|warn) you\b[^.;]{0,40}\b(?:before|first)\b|"
    r"(?:前|之前)(?:会|将)?(?:以)?(?:书面|提前)?(?:形式)?(?:通知|告知)(?:您|你)|"
    r"(?:会|将)(?:提前|事先)(?:以)?(?:书面)?(?:形式)?(?:通知|告知)(?:您|你)|"
    # A step after a stated notice, with the debtor's way out and its authority ("The car will
    # be sold at public auction after 10 days' notice unless you redeem it ... as permitted
    # under your contract and state law", UCC 9-611).
    r"\b(?:sold|auctioned|disposed of|sale)\b[^.;]{0,40}\bafter (?:\d+|ten|fourteen|thirty|\w+) "
    r"(?:(?:business|working|calendar) )?days'? (?:written )?notice\b[^.;]{0,60}"
    r"\bunless you (?:redeem|reinstate|pay|bring)|"
    r"\bunless you (?:redeem|reinstate) (?:it|the (?:vehicle|car|goods))\b|"
    r"(?:提前|书面)?通知(?:您|你)?\d+日后[^。；]{0,30}(?:除非|如您)",
    _I,
)


def notice_before_step(span: str) -> bool:
    return bool(_NOTICE_FIRST.search(span) and not _SPOILED.search(span))


# A dispute or a complaint received and collection paused while it is looked into ("We have
# received your dispute and have paused collection while we investigate", 已收到您的异议，核实期间
# 暂停催收): the debtor's right honoured (Reg F 1006.34(c)(4); CONC 7.6; 《互联网金融逾期债务催收
# 自律公约》), nothing of a step against them.
_DISPUTE_HANDLED = re.compile(
    r"\b(?:received|logged|recorded|noted|acknowledge\w*) your (?:dispute|complaint|request for "
    r"(?:validation|verification))\b|"
    r"\b(?:paused|suspended|stopped|put on hold|on hold|halted) (?:all )?(?:collection|collections|"
    r"contact|action|recovery)\b|\bwhile we (?:investigate|look into|review)\b|"
    r"已收到您的(?:异议|投诉|申诉)|(?:核实|调查|处理)期间[^。；]{0,8}暂停|暂停(?:催收|催讨|联系)",
    _I,
)


# A step against the debtor in the same sentence takes the pause back ("we received your
# dispute but your wages will be garnished tomorrow regardless").
_DISPUTE_SPOILED = re.compile(
    r"garnish|seiz|repossess|\bsue\b|sued|suing|court|lawsuit|legal action|regardless|anyway|"
    r"\bstill\b|\bbut\b|however|起诉|法院|扣(?:你的?)?工资|冻结|照样|仍然|但是|不过",
    _I,
)


# A follow-up contact announced and nothing else ("We'll be in touch again in 7 days if we
# haven't heard from you", 如未收到您的回复，我们将于7日后再次与您联系): the whole sentence is the
# announcement, so nothing can ride along with it.
_FOLLOW_UP = re.compile(
    r"\s*(?:if we (?:haven'?t|have not|do not|don'?t) hear\w* (?:back )?from you(?: by \w+(?: \d+)?)?,? )?"
    r"(?:we'?ll|we will|we shall|we may|we'?d) (?:be in touch|contact you|write to you|call you|"
    r"get in touch|follow up|get back to you)(?: again)?(?: with you)?"
    r"(?: (?:in|within|after) (?:\d+|a few|two|three|seven|fourteen) (?:working |business )?days?|"
    r" (?:next|this) week| soon| shortly| on \w+(?: \d+)?)?"
    r"(?: if (?:we (?:haven'?t|have not|do not|don'?t) hear\w* (?:back )?from you|you (?:haven'?t|have not|"
    r"do not|don'?t) (?:contact\w*|call\w*|repl\w*|respond\w*)(?: to)?(?: us)?)(?: by then)?)?[.!]?\s*|"
    r"\s*(?:如(?:未|没有)收到您的(?:回复|回电|联系)，?)?我们将(?:于|在)?\d+(?:个工作)?日(?:后|内)?再次(?:与您)?联系(?:您)?[。！]?\s*",
    _I,
)


def follow_up_only(span: str) -> bool:
    return bool(_FOLLOW_UP.fullmatch(span))


# The federal student-loan notice of administrative wage garnishment (20 U.S.C. 1095a; 34 CFR
# 34): lawful without a court when it gives the debtor the hearing the statute requires. A
# garnishment said anywhere else stays a false legal claim unless conditional.
_AWG = re.compile(r"administrative wage garnishment", _I)
_AWG_HEARING = re.compile(r"\brequest (?:a|an oral|a written) hearing\b", _I)
_AWG_SPOILED = re.compile(
    r"today|tomorrow|tonight|immediately|already|arrest|police|crim|employer (?:will|has been) told", _I
)


def administrative_garnishment(sentence: str, text: str) -> bool:
    """A garnishment said in `sentence` is the student-loan notice's (the caller found it)."""
    return bool(
        _AWG.search(sentence)
        and _AWG_HEARING.search(text)
        and not _AWG_SPOILED.search(text)
        and not _SPOILED.search(sentence)
    )


def dispute_handled(span: str) -> bool:
    return bool(
        _DISPUTE_HANDLED.search(span) and not _SPOILED.search(span) and not _DISPUTE_SPOILED.search(span)
    )


# A contact with an employer or a neighbour only to confirm where the debtor works or lives,
# which the law allows when the debt is not mentioned ("we may call your employer only to
# confirm that you work there", 仅为核实您是否在职). content.py also requires every debt word
# in the sentence to be negated ("and will not disclose the debt").
_VERIFY_ONLY = re.compile(
    r"\b(?:only|solely|just|purely) (?:to|in order to|for the purpose of) (?:confirm|verify|check)\w* "
    r"(?:that you (?:work|are employed|live)|your (?:employment|job|address|place of work|"
    r"current address|location)|where you (?:work|live)|whether you (?:work|are employed|live))|"
    r"仅(?:为|用于|是)?(?:核实|确认|核对)(?:您|你)?(?:是否在职|的?(?:工作单位|在职|住址|地址|联系方式))|"
    # A location inquiry: a third party asked only how to reach the debtor, or to pass on a
    # request to call back (Reg F 1006.10; CONC 7.9), the debt not told.
    r"\bto (?:ask|get|obtain|request|find out)\w* (?:them |him |her )?(?:for )?(?:your |a )?"
    r"(?:current |new |up-to-date |latest |correct )?(?:phone number|telephone number|mobile number|"
    r"number|contact (?:details|information|number)|address|email address|whereabouts|"
    r"how (?:to|we can) (?:reach|contact) you)|"
    r"\bto (?:ask|have) (?:them|him|her) (?:to )?(?:pass on a message|ask you to call|tell you to call|"
    r"have you call)|"
    r"(?:询问|获取|了解)(?:您|你)的?(?:最新|新的|现在的|当前)?(?:联系方式|电话|号码|手机号|地址)|"
    r"请(?:其|他们|对方|他|她)转告(?:您|你)(?:回电|与我们联系|联系我们)",
    _I,
)
_VERIFY_SPOILED = re.compile(
    r"shame|everyone|everybody|\btell them\b|let them know|so they know|\bpost|曝光|告诉他们|转告|让他们知道",
    _I,
)


# A lender's own staff named as the one who will contact the debtor ("your loan officer will
# call you tomorrow"): the debtor's own contact, no one else's.
_OWN_STAFF = re.compile(
    r"\b(?:your|our) (?:loan|account|case|relationship|collections?|credit|customer|recoveries) "
    r"(?:officer|manager|handler|advis[eo]r|specialist|representative|agent)s? (?:will|is going to|"
    r"may|can|would like to) (?:call|contact|email|e-mail|text|write to|phone|ring|visit) you\b|"
    r"(?:您的|你的)(?:客户经理|信贷员|专属客服|客服专员|贷款经理)(?:稍后|明天|今天|近期|尽快)?(?:会|将)?(?:致电|联系|打电话给)(?:您|你)(?!的?(?:单位|公司|家))",
    _I,
)


def own_staff_contact(span: str) -> bool:
    """The lender's own staff will contact the debtor, and no one else is in the sentence."""
    staff = _OWN_STAFF.search(span)
    if staff is None or _SPOILED.search(span) or _VERIFY_SPOILED.search(span):
        return False
    # Anyone else in the same sentence ("... at work in front of your colleagues").
    return not _OTHERS.search(span[: staff.start()] + " " + span[staff.end() :])


def verification_only(sentence: str) -> bool:
    return bool(
        _VERIFY_ONLY.search(sentence)
        and not _VERIFY_SPOILED.search(sentence)
        and not _SPOILED.search(sentence)
    )


# A hospital or a clinic asking for its own bill is the creditor, not a pretext ("这里是市第一
# 人民医院住院结算处，您出院时尚有2,300元住院费用未结清"); it is one when it speaks of someone
# else (a relative in hospital) or of anything but the patient's own bill.
_MEDICAL_CREDITOR = re.compile(r"医院|卫生院|诊所|\bhospital|\bclinic", _I)
_MEDICAL_BILL = re.compile(
    r"(?:住院|医疗|医药|诊疗|治疗|检查|手术|门诊|就诊)(?:费|费用)|结算(?:处|窗口|中心)|出院|"
    r"\byour (?:medical|hospital) (?:bill|account|balance)\b|\byour (?:treatment|stay|admission)\b",
    _I,
)
_MEDICAL_SPOILED = re.compile(
    r"家人|家属|亲属|孩子|儿子|女儿|父母|爸|妈|老婆|老公|亲戚|出事|急救|抢救|车祸|"
    r"\byour (?:son|daughter|child|husband|wife|mother|father|mum|mom|dad|parents|relative)\b|"
    r"accident|emergency|"
    # Asking where the debtor works or lives is what a pretext is for.
    r"employer|workplace|address|单位|住址|地址|在哪(?:里)?(?:上班|工作|住)",
    _I,
)


def medical_own_bill(span: str, text: str) -> bool:
    return bool(
        _MEDICAL_CREDITOR.search(span)
        and _MEDICAL_BILL.search(text)
        and not _MEDICAL_SPOILED.search(text)
        and not _SPOILED.search(text)
    )


# An agent stating its mandate and where to complain ("您的案件已由银行委托我司催收，我司是正规持牌
# 机构，如有异议可向银行客服投诉", "we have been instructed by Summit Bank to collect this
# account"): "your case" is the agency's word for the account, not a suit.
_AGENT_MANDATE = re.compile(
    _MANDATE.pattern + r"|由[^，。]{1,20}委托(?:我司|我们|本公司|我方)|"
    r"委托(?:我司|我们|本公司)(?:催收|处理|管理)|"
    r"\b(?:instructed|appointed|engaged|authori[sz]ed) by (?:your |the )?\w+(?: \w+){0,3} to (?:collect|"
    r"recover|manage)\b",
    _I,
)
_SUIT_WORDS = re.compile(
    r"\b(?:sue|sued|lawsuit|court|legal action|judgment|proceedings|claim form|bailiff)\w*|"
    r"起诉|立案|法院|诉讼|判决|执行|律师函|仲裁|传票|移交",
    _I,
)


def agent_mandate(span: str) -> bool:
    return bool(
        _AGENT_MANDATE.search(span)
        and not _SUIT_WORDS.search(span)
        and not _SPOILED.search(span)
        and not _PRETEXT.search(span)
    )
