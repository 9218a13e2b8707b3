"""Kinds of lawful collection language the content model reads as firm (issue 18, seventh round).

Each pattern names a kind of true, lawful statement a creditor or its agent must be able to
make, and the marks that spoil it. content.py lifts the model's finding on a sentence of such
a kind (as it does for a reassurance): the finding is dropped below 0.99 and held for review
above. The rules are not lifted: what a rule names is unlawful whoever says it.

- A creditor, its servicer or its agent introducing itself about the debtor's own account
  ("I'm calling from Capital One's recoveries team about your credit card account", "我是某
  银行信用卡中心的工作人员"): the model's *caller* concept reads it as a pretext, and "about your
  account" as pressure. It is a pretext only when the caller claims to be an institution
  (police, a court, a school, a hospital, an employer's HR, a government office), a courier,
  a survey, a relative or a lawyer.
- A statement of the arrears itself ("your account is two payments behind", 已逾期32天), a
  fact every reminder states.
- A legal step not decided ("referred to our legal team for review", "no decision has been
  made", 评估是否起诉): a step under consideration is no claim that it was taken.
- An offer of help that mentions the family ("we know this is a worrying time for your
  family, and we want to help you find a plan you can afford").
- A letter to the debtor about its own debt that names no one else (an agent writing to 贵司
  "受某某公司委托"): disclosure needs someone to disclose to.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# The marks of a threat or a false claim: any of them keeps the model's finding.
_SPOILED = re.compile(
    r"arrest|jail|prison|police|sheriff|warrant|crim|fraud|felon|prosecut|blacklist|"
    r"hurt|harm|kill|break|smash|burn|\bsafe\b|careful|watch|regret|shame|accident|visit|waiting|"
    r"\bknow where\b|school|neighbo|everyone|everybody|facebook|online|\bpost\b|"
    r"警|拘|抓|坐牢|刑事|犯罪|诈骗|黑名单|失信|曝光|公开|公示|砸|泼|打断|弄死|小心|上门|等着|出事|"
    r"安全|意外|后果|好看|学校|放学|通讯录|所有人|全家|邻居|村",
    _I,
)

# A caller introducing a creditor's, a servicer's or an agent's own team, about the account.
_CALLER = re.compile(
    r"\b(?:calling|writing|ringing) (?:you )?(?:from|on behalf of)\b|\bi'?m with\b|"
    r"\bthis is \w+(?: \w+)? (?:from|with|at)\b|\bit'?s \w+ (?:from|with|at)\b|"
    r"我是|这里是|这边是|我这边是|我们是|本(?:公司|行|中心)|我(?:司|行)|受[^，。]{1,20}委托",
    _I,
)
_CREDITOR_TEAM = re.compile(
    r"\b(?:collections?|recover(?:y|ies)|accounts?(?: receivable)?|billing|credit control|"
    r"customer (?:service|care)|card services|servicing|finance|financial|lending|bank|"
    r"credit union|supplies|utilities|energy|water|mobile|telecom|ltd|limited|inc|llc|plc|"
    r"department|team)\b|银行|信用卡中心|金融|消费金融|小贷|小额贷款|贷款|催收|客服|财务|"
    r"账务|资产管理|公司|工作人员|工号|移动|联通|电信|电力|燃气|自来水|物业|"
    # Twelfth round: the landlord about the rent (您好，我是您的房东).
    r"房东|出租人|\blandlord\b|\bletting agent\b",
    _I,
)
_ABOUT_OWN = re.compile(
    r"\b(?:about|regarding|concerning|re:?) (?:your|the|two|an?|its) ?|\byour (?:account|card|loan|"
    r"balance|invoice|bill|payment)|您(?:的|尾号)|贵(?:方|司|公司)|本人|请问是",
    _I,
)
# Whoever a pretext pretends to be: an institution, an employer's HR, a courier, a relative.
_PRETEXT = re.compile(
    r"court|judge|police|sheriff|officer|deputy|detective|marshal|government|"
    r"department of (?:justice|labou?r|revenue|consumer|motor|social|health|education|treasury|"
    r"homeland|state|debt|finance|law|the)|"
    r"state |federal|irs\b|hmrc|school|hospital|clinic|nurse|pharmacy|\bhr\b|human resources|"
    r"personnel|employer|courier|delivery|parcel|package|survey|prize|attorney|lawyer|solicitor|"
    r"law firm|legal department|investigat|"
    r"法院|法官|公安|派出所|民警|警察|检察|政府|税务|学校|老师|医院|人事|快递|包裹|顺丰|调查|中奖|"
    r"律师|律所|法务|居委会|社区|亲戚|同学|实名|认证|问卷|回访|抽奖|\bpoll\b|questionnaire",
    _I,
)

# The arrears as a fact: "is two payments behind", "has been overdue for 32 days", 已逾期32天.
_ARREARS = re.compile(
    r"\b(?:is|are|was|has been|have been|now|fell|fallen|remains?) (?:\w+ ){0,3}"
    r"(?:behind|overdue|past due|in arrears|unpaid|delinquent|outstanding)\b|"
    r"\b(?:payments?|instal(?:l)?ments?) (?:behind|missed|overdue)\b|"
    r"已(?:经)?逾期|逾期(?:\d+|[一二三四五六七八九十两]+)(?:天|日|个月|期)|欠费|未(?:按时)?还(?:款)?|"
    r"尚未还清|"
    # Twelfth round: an account classified as in arrears (閣下的私人貸款已被列為拖欠).
    r"列为(?:拖欠|逾期)|\bclassified as (?:in )?(?:arrears|default|delinquent)\b",
    _I,
)
_ARREARS_SPOILED = re.compile(
    r"\b(?:sue|sued|lawsuit|court|legal action|repossess|seize|garnish)\b|"
    r"起诉|诉讼|法院|判决|执行|查封|冻结|扣押|家人|父母|单位|领导|同事",
    _I,
)

# A legal step not decided: under review, being considered, no decision made.
_UNDECIDED = re.compile(
    r"\b(?:for|under) (?:a )?review\b|\bto (?:review|assess|consider|decide) whether\b|"
    r"\bwhether (?:or not )?to\b|\bno decision\b|\bhas not (?:yet )?been decided\b|"
    r"评估是否|考虑是否|研究是否|决定是否|审核是否|是否(?:需要)?(?:起诉|提起诉讼|采取法律|走法律)|尚未决定|"
    r"尚未作出(?:任何)?决定",
    _I,
)

# An offer of help or a plan.
_HELP = re.compile(
    r"\b(?:want|like|able|here|happy) to (?:help|support|work with)\b|\bwe can help\b|"
    r"\b(?:we|i) (?:understand|know) (?:things|it|money|times|this)\b|"
    r"\bfind (?:something|a way|a solution|an arrangement|a plan) that (?:works|suits)\b|"
    r"\bsorry to hear\b|\bpause (?:collection|contact|the account)\b|听到[^，。]{0,8}(?:抱歉|难过)|暂停催收|"
    r"\bplan you can afford\b|\baffordable\b|\bbreathing space\b|\bfree (?:and impartial )?"
    r"(?:debt )?advice\b|\bhardship\b|"
    r"帮(?:助)?您|协助您|为您(?:申请|办理|制定)|理解您|体谅|还款方案|分期方案|延期还款|停息挂账|"
    # Cantonese: 有咩困难可以同我哋倾下分期.
    r"有(?:咩|乜)困难|同我哋倾|倾下(?:分期|还款|点还)|"
    # Ninth round: a question for the vulnerable ("if anyone in your home relies on medical
    # equipment, call us"), which protects the debtor.
    r"\brel(?:y|ies|ying) on (?:\w+ )?(?:medical|life[- ]support|oxygen)|\bmedical (?:equipment|"
    r"certificate)|\blife[- ]support\b|\bvulnerable (?:customer|circumstances)|特殊困难|医疗设备",
    _I,
)
_HELP_SPOILED = re.compile(
    r"\bunless\b|\bor else\b|\botherwise\b|否则|不然|要不然|再不|"
    r"borrow|sell|pawn|借|卖|抵押",
    _I,
)

# Anyone the debt could be disclosed to, read on the model's input (贵司 and 我司 already
# folded to 贵方 and 我方, so a business letter's own forms of address are not a third party).
_OTHERS = re.compile(
    r"(?:guests?|roommates?|flatmates?|housemates?|hr|website|employers?|pastor|church|"
    r"neighbou?rs?|colleagues?|co-?workers?|friends?|relatives?|parents?|contacts?)\b|"
    r"\b(?:he|she|him|his|her|they|them|family|relatives?|parents?|mother|father|mom|mum|dad|"
    r"wife|husband|spouse|partner|son|daughter|brother|sister|in-laws?|friends?|neighbou?rs?|"
    r"colleagues?|co-?workers?|boss|employer|manager|landlord|contacts|reference|"
    r"everyone|everybody|anyone|public|social media|facebook|online|internet|group|"
    r"community|church|school|world|town|street|people|tell|told|inform(?:ed)?|notify|notified|"
    r"let \w+ know|find out|hear about|name and shame|reputation)\b|"
    r"他|她|家|亲|朋友|同事|领导|单位|老板|邻居|通讯录|群|所有人|大家|网上|曝光|公开|公示|贴|村|"
    r"小区|业主|学校|老师|房东|紧急联系人|担保人|联系人|上下游|客户们|合作伙伴|人|告诉|告知|通知|知道|"
    r"全公司|公司(?:里|的人|同事)|\bren\b|boss|"
    r"转告|出名|丢人|丢脸|社死|名声|名誉|身败名裂",
    _I,
)


# Interest, fees and charges the agreement provides for ("interest and charges may continue to
# be added to your balance", 按合同约定计收罚息): a fact of the account. For undue pressure
# (which includes extra fees) the agreement must be named.
_CHARGES = re.compile(
    r"\b(?:interest|charges|costs|fees?|late (?:fee|charge)|default (?:fee|charge)|penalty interest)\b"
    r"[^.;]{0,40}\b(?:added|accru\w*|charged|appl(?:y|ies|ied)|continue)|"
    r"\b(?:add|charge|apply)\w* (?:a |the )?(?:late|default|contractual) (?:fee|charge|interest)|"
    r"(?:计收|收取|产生|加收|计付)[^，。]{0,6}(?:罚息|利息|违约金|滞纳金|复利)|"
    r"(?:罚息|利息|违约金|滞纳金)[^，。]{0,8}(?:计收|收取|计算|产生)",
    _I,
)
_AGREEMENT = re.compile(
    r"\b(?:agreement|contract|terms|credit agreement|loan agreement|section \d|clause)\b|"
    r"合同|协议|约定|合约|条款|第[一二三四五六七八九十\d]+条",
    _I,
)
_IMPROPER_FEE = re.compile(
    r"\b(?:collection|processing|visit|service|handling|admin(?:istration)?) (?:fee|charge)|"
    r"上门(?:催收)?费|手续费|服务费|催收费|处理费|额外",
    _I,
)


def charges_fact(span: str, rule_id: str) -> bool:
    """Interest or charges the agreement allows, stated as a fact of the account."""
    if not _CHARGES.search(span) or _SPOILED.search(span) or _IMPROPER_FEE.search(span):
        return False
    return rule_id != "DEF-CONTENT-06" or bool(_AGREEMENT.search(span))


# A reference or account number to quote, a call-back asked for: the limited message a
# collector may leave ("Please return my call. Use your reference number 104338.").
_REFERENCE = re.compile(
    r"\b(?:reference|ref|account|case|file) (?:number|no\.?|#)|\breturn (?:my|our|this) call\b|"
    r"\bcall (?:me|us) back\b|回电|参考(?:号|编号)|业务编号|账户编号",
    _I,
)


def reference_or_callback(span: str) -> bool:
    return bool(
        _REFERENCE.search(span)
        and not _SPOILED.search(span)
        and not _PRETEXT.search(span)
        and not _ARREARS_SPOILED.search(span)
    )


# The debtor's own wishes noted ("we'll note that you don't want calls at work", 已记录您不希望
# 在单位接到电话), and the collector confirming where to reach the debtor without claiming to
# be anyone else ("I'm trying to confirm a residential address for ...", which the law allows).
_NOTED = re.compile(
    r"\b(?:note|noted|record|recorded|make a note|update|updated)\b[^.;]{0,30}\b(?:you|your)\b[^.;]{0,20}"
    r"\b(?:don'?t|do not|prefer|would rather|wish|want)\b|"
    r"(?:记录|备注|登记)[^，。]{0,6}(?:您|你)[^，。]{0,6}(?:不希望|不方便|希望|要求|偏好)",
    _I,
)
_LOCATION = re.compile(
    r"\bconfirm(?:ing)? (?:a |the |your )?(?:residential |home |current |mailing )?"
    r"(?:address|location|contact (?:details|information))\b|"
    r"核实(?:一下)?(?:您的)?(?:地址|住址|联系方式)",
    _I,
)


def noted_or_location(span: str) -> bool:
    return bool(
        (_NOTED.search(span) or _LOCATION.search(span))
        and not _SPOILED.search(span)
        and not _PRETEXT.search(span)
    )


def creditor_introduction(span: str) -> bool:
    """The creditor, its servicer or agent introducing itself about the debtor's account."""
    return bool(
        _CALLER.search(span)
        and _CREDITOR_TEAM.search(span)
        and _ABOUT_OWN.search(span)
        and not _PRETEXT.search(span)
        and not _SPOILED.search(span)
    )


def arrears_fact(span: str) -> bool:
    """The arrears stated, with nothing of a threat, a suit or a third party in the sentence."""
    return bool(_ARREARS.search(span) and not _ARREARS_SPOILED.search(span) and not _SPOILED.search(span))


def undecided_step(span: str) -> bool:
    """A legal step under consideration, not one claimed to be taken."""
    return bool(_UNDECIDED.search(span) and not _SPOILED.search(span))


def offer_of_help(span: str) -> bool:
    """An offer of help or a plan, which may name the family, with no condition or threat."""
    return bool(_HELP.search(span) and not _HELP_SPOILED.search(span) and not _SPOILED.search(span))


# An agent's mandate: whom it acts for ("受某某公司委托", "on behalf of", "instructed by").
_MANDATE = re.compile(
    r"受[^，。]{1,20}委托|委托书|授权书|\bon behalf of\b|\binstructed by\b|\bacting for\b|"
    r"\bhas (?:appointed|instructed|asked) us\b",
    _I,
)


def names_no_one_else(model_text: str) -> bool:
    """An agent or the creditor writing to the debtor about its own debt, naming nobody the
    debt could be disclosed to (the text as the model reads it)."""
    if not (_MANDATE.search(model_text) or creditor_introduction(model_text)):
        return False
    return not _OTHERS.search(model_text) and not _SPOILED.search(model_text)


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
