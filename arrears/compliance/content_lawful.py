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
