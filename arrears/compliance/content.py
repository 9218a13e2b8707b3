"""The content check: forbidden script content (compliance.md §6.4), in Chinese and English.

Two layers. The rules come first: each finding names the phrase that fired, so a compliance
officer can see why. A learned model (content_model.py) then looks for the categories the
rules did not find, in paraphrases no rule lists; its findings quote the likeliest sentence,
give the probability and the model's version. Between the review and the block thresholds
the text is held for a compliance officer (the review queue of §6.4): it is not sent until
an officer approves it, and the officer's decision becomes training data.
Category DEF-CONTENT-07 (missing disclosures) needs the channel, purpose and history, so the
gate checks it, not this module.

Two exceptions keep lawful speech lawful:
- a negation in the same clause ("you will not be arrested", "我们不会告诉你的单位");
- a true, conditional statement of a lawful consequence ("if we obtain a judgment, the
  creditor may ask the court to ...") for the future-tense legal-process patterns. Statements
  that something *has been* done, and threats of arrest, are never excused by "if".
On a time-barred debt no litigation language passes at all (US-TB-01, UK-SB-01, CN-LIMIT-01).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from arrears.compliance import content_lawful as lawful


@dataclass(frozen=True)
class ContentFinding:
    rule_id: str
    category: str
    span: str
    reason_zh: str
    reason_en: str
    source: str = "rule"  # "rule", "model" or "review" (a compliance officer's rejection)
    probability: float | None = None
    review: bool = False  # the model is unsure: held for a compliance officer
    model_version: str | None = None


@dataclass(frozen=True)
class _Pattern:
    rule_id: str
    category: str
    regex: re.Pattern[str]
    # Excused inside a conditional sentence with a modal ("if ... may ...").
    conditional_ok: bool = False


_I = re.IGNORECASE

CATEGORIES = {
    "DEF-CONTENT-01": "impersonation",
    "DEF-CONTENT-02": "threat",
    "DEF-CONTENT-03": "insult",
    "DEF-CONTENT-04": "false_legal",
    "DEF-CONTENT-05": "disclosure",
    "DEF-CONTENT-06": "pressure",
    "DEF-CONTENT-07": "missing_disclosure",
}

_REASONS = {
    "DEF-CONTENT-01": (
        "话术冒用他人身份或借口（快递、公检法、律师、单位人事、调查、亲友等），属于冒用身份/虚假陈述",
        "the script uses a false identity or pretext (courier, police, court, lawyer, employer, "
        "survey, relative), which is impersonation and a false representation",
    ),
    "DEF-CONTENT-02": (
        "话术含有抓捕、坐牢、暴力或危及人身、财产、名誉的威胁",
        "the script threatens arrest, prison or violence, or a person's safety, property or "
        "reputation",
    ),
    "DEF-CONTENT-03": (
        "话术含有侮辱、辱骂或贬损性称呼",
        "the script contains insults, profanity or degrading labels",
    ),
    "DEF-CONTENT-04": (
        "话术对法律后果作了虚假或误导性陈述（如已立案、已判决、黑名单、家人须还款）",
        "the script states a false or misleading legal consequence (a suit filed, a ruling, a "
        "blacklist, family liability, garnishment without a judgment)",
    ),
    "DEF-CONTENT-05": (
        "话术向第三人披露债务或公开羞辱债务人",
        "the script discloses the debt to a third party or shames the debtor in public",
    ),
    "DEF-CONTENT-06": (
        "话术施加不当压力或引导通过不当渠道还款（借新还旧、变卖财产、私人账户、额外费用）",
        "the script applies undue pressure or an improper payment channel (borrowing, selling "
        "property, a personal account, extra fees)",
    ),
}
_CATEGORY_NAMES = {
    "DEF-CONTENT-01": ("冒用身份或借口", "impersonation or a pretext"),
    "DEF-CONTENT-02": ("威胁", "a threat"),
    "DEF-CONTENT-03": ("侮辱", "an insult"),
    "DEF-CONTENT-04": ("虚假法律后果", "a false legal consequence"),
    "DEF-CONTENT-05": ("向第三人披露或公开羞辱", "disclosure to others or public shaming"),
    "DEF-CONTENT-06": ("不当施压或不当收款渠道", "undue pressure or an improper payment channel"),
}
_TIME_BARRED_REASON = (
    "该债务已过诉讼时效，话术不得出现任何诉讼或法院相关表述",
    "the debt is time-barred, so the script must not mention suing, courts or legal action",
)

_P = _Pattern
_PATTERNS: tuple[_Pattern, ...] = (
    # DEF-CONTENT-01: impersonation and pretext: a courier, an authority, a lawyer, the
    # employer, a survey, a prize, a friend or relative.
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"\b(?:this is|calling from|i'?m calling from|i am calling from|i'?m with|we are|we'?re|"
        r"i am|i'?m|(?:i'?m |i am |we'?re |we are )?calling on behalf of|"
        r"(?:i'?m|i am|we'?re|we are) (?:calling |ringing )?from)\s+"
        r"(?:an?\s+|the\s+|your\s+|a local\s+)?(?:local\s+|county\s+|city\s+|district\s+|state\s+)?"
        r"(?:fedex|ups|dhl|usps|royal mail|evri|hermes|amazon|courier|postman|post office|"
        r"delivery (?:driver|company|service)|police|sheriff'?s?|court clerk|the court|court|"
        r"county court|magistrates?'? court|officer|detective|sergeant|constable|government|"
        r"department of|irs|hmrc|dwp|tax office|tax department|revenue|council|"
        r"social security|benefits office|immigration|bailiffs?|enforcement (?:officer|agent)s?|"
        r"marshal'?s?|district attorney|prosecutor'?s?|(?:company'?s?\s+)?(?:hr|human resources)|"
        r"payroll|your (?:employer|workplace|office)|survey|market research|prize|lottery|"
        r"(?:a\s+)?(?:relative|cousin|old friend|friend of yours|school friend|neighbou?r)|"
        r"lawyer|attorney|solicitor|law enforcement)\b|"
        r"\b(?:conducting|doing|running) (?:a |an )?(?:survey|poll|questionnaire)\b|"
        r"\b(?:you'?ve|you have) won\b|\bclaim your (?:prize|reward|gift)\b|"
        r"\b(?:i'?m|i am|this is) (?:an )?old (?:friend|classmate|colleague) of yours\b|"
        r"\bofficer \{?[a-z_]+\}? (?:here|speaking)\b", _I)),
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"\b(?:parcel|package|delivery|item|shipment) (?:for you|waiting|could not be delivered|"
        r"to confirm|is waiting|on hold|was returned|for delivery)|"
        r"\b(?:undeliverable|undelivered|returned) (?:item|parcel|package|shipment)|"
        r"missed (?:a |your )?delivery|delivery attempt|"
        r"confirm your address for (?:the|a|your) (?:parcel|package|delivery)", _I)),
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"快递|快件|顺丰|中通|圆通|韵达|京东物流|包裹|派件|派送|取件|收件地址|中奖|领奖|抽奖|"
        r"(?<![不非并])(?:我|我们|这里|这边|本人)?(?:是(?!否)|这里是|这边是)[^，。,.？！]{0,8}?"
        r"(?:警察|公安|民警|刑警|经侦|派出所|法院|法官|检察院|律师|律所|政府|街道办|居委会|村委会|"
        r"人事|HR|社保|人社局|工商(?!银行)|市场监管|税务|移民局|银保监|金融监管|调查|问卷|亲戚|老同学|"
        r"老乡|老朋友|你(?:的)?(?:朋友|同事|同学)|平台客服)|"
        r"(?:公安局|派出所|法院|检察院|经侦|税务局|社保局)(?:打来|来电|的电话|这边|通知你|找你)|"
        r"问卷调查|市场调查|回访调查", _I)),
    # DEF-CONTENT-02: threats of arrest, prison, violence, harm to safety, property, reputation.
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:arrest(?:ed)?|jail|prison|behind bars|lock(?:ed)? (?:you )?up|handcuff\w*|"
        r"(?:come|show up|turn up|be|pop) (?:round |over |by )?(?:to|at) your "
        r"(?:house|home|door|office|work|place)(?: tonight| and| with|)|"
        r"(?:send|sending) (?:some|our|a few|the) (?:guys|boys|lads|people|men) "
        r"(?:round|over|to your)|pay (?:you|your family) a visit|"
        r"hurt (?:you|your)|break your|get hurt|you'?ll regret|you'?ll be sorry|"
        r"watch your back|watch yourself|look over your shoulder|"
        r"we know where (?:you|your (?:family|kids|children|wife|husband|parents)) "
        r"(?:live|work|go to school)|"
        r"(?:your|the) (?:family|kids|children) (?:won'?t|will not) be safe|"
        r"something (?:bad|unfortunate|nasty) (?:will|might|could|may) happen|"
        r"it would be a shame if|teach you a lesson|hunt you down|"
        r"ruin (?:you|your (?:reputation|life|career|name))|destroy your (?:reputation|life|career)|"
        r"make your life (?:hell|miserable|a misery)|"
        r"(?:won'?t|will never) leave you alone)\b", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"抓你|抓起来|抓进去|被抓|被捕|逮捕|坐牢|牢饭|蹲监狱|关进去|拘留你|被拘留|判刑|"
        r"(?:带|派|找|叫|喊)(?:一帮|一群|几个)?(?:人|兄弟)(?:来|去)?(?:上门|过去|去你|到你)|"
        r"上门(?:找你|堵|闹|讨|要债|算账|收拾)|(?:马上|立刻|今晚|天天|每天)就?(?:去|到)?(?:你家)?上门|"
        r"(?:去|到)你(?:家|单位|公司|老家)(?:堵你|闹|找你算账|门口)|堵你|跟踪你|"
        r"打断|弄死|打你|揍你|废了你|收拾你|教训你|弄你|不会放过你|"
        r"小心(?:你|点)|后果自负|让你好看|有你好看|走着瞧|你等着|吃不了兜着走|不得安宁|鸡犬不宁|"
        r"出了事(?=别|可别|自己|你自己|算)|出什么事|身败名裂|(?:在|让你在)[^，。]{0,6}混不下去|"
        r"(?:你|您)(?:的)?家人(?:的)?安全|(?:知道|清楚)你(?:家)?住(?:在)?哪|"
        r"知道你(?:孩子|儿子|女儿)(?:在)?(?:哪|哪个学校)|砸(?:了)?你", _I)),
    # DEF-CONTENT-03: insults, profanity, degrading labels, remarks about family members.
    _P("DEF-CONTENT-03", "insult", re.compile(
        r"\b(?:deadbeats?|dead-beats?|loser|liar|scum\w*|idiot|stupid|moron|fuck\w*|shit\w*|"
        r"bitch\w*|bastard|damn|crook|thief|thieves|pathetic|worthless|lowlife|low-life|"
        r"parasite|freeloader|leech|sponger|good-for-nothing|no-good|trash|garbage|"
        r"dumb|fool|clown|asshole|arsehole|dickhead|crap|bloody|disgrace(?:ful)?|disgusting|"
        r"shameless|waste of space|piece of work|cheat|fraudster|"
        r"(?:should|must) be ashamed|ashamed of (?:you|yourself))\b", _I)),
    _P("DEF-CONTENT-03", "insult", re.compile(
        r"老赖|骗子|无赖|赖皮|废物|不要脸|没脸|人渣|混蛋|王八|垃圾|去死|傻[逼比Bb]|\bSB\b|"
        r"没出息|丢人现眼|不是人|畜生|窝囊|狗东西|贱|滚|脑残|白痴|弱智|蠢|猪|龟孙|孬种|穷鬼|"
        r"穷光蛋|要饭的|败类|寄生虫|他妈|你妈|妈的|卧槽|混账|缺德|不得好死|死全家|没教养|"
        r"怎么教(?:的|出)|一家子都", _I)),
    # DEF-CONTENT-04: false or misleading legal consequences. Past-tense claims: never excused.
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:(?:a |the )?(?:lawsuit|suit|case|claim|legal proceedings|proceedings|legal action) "
        r"(?:has|have) (?:already )?been (?:filed|opened|started|issued|commenced|initiated|lodged)|"
        r"(?:we|they) (?:have|'ve) (?:already )?(?:filed|sued|reported you|started proceedings)|"
        r"(?:the )?(?:court|judge) (?:has )?(?:already )?(?:ruled|ordered|issued|decided|signed|"
        r"granted)|(?:a |the )?(?:judgment|order|summons|ccj) (?:has been|was) "
        r"(?:entered|made|issued|granted|signed|served)|"
        r"warrant (?:has been|is being|was) issued|you(?:'ve| have) been (?:summoned|served)|"
        r"you(?: have|'ve) (?:been )?(?:blacklisted|committed (?:a crime|fraud|theft))|"
        r"(?:on|added to|put on) (?:a |the )?blacklist|"
        r"(?:your )?(?:family|wife|husband|spouse|partner|parents|mother|father|children|kids|"
        r"son|daughter|relatives|brother|sister) (?:is|are|will be|'ll be) (?:legally )?"
        r"(?:responsible|liable|obliged|required) (?:for|to pay)|"
        r"(?:your )?(?:family|wife|husband|spouse|partner|parents|mother|father|children|kids|"
        r"son|daughter|relatives) (?:must|has to|have to|will have to|needs to|need to) "
        r"(?:pay|cover|settle)|"
        r"criminal (?:case|charges?|record|investigation|offen[cs]e)|"
        r"this is (?:a )?(?:crime|fraud|theft)|(?:being|be) (?:prosecuted|investigated)|"
        r"reported (?:you )?(?:to the police|for (?:theft|fraud))|"
        r"never (?:get|be approved for) (?:a loan|credit|a mortgage) again)\b", _I)),
    # Future-tense legal steps: lawful when true and conditional.
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:garnish\w*|seize your|repossess your|take your (?:house|home|car|belongings|"
        r"furniture|possessions)|dock your (?:pay|wages)|"
        r"take (?:the )?money (?:straight )?(?:from|out of) your (?:bank|account|wages|pay)|"
        r"(?:we|they) will (?:sue|take you to court)|sue you (?:today|tomorrow|this week)|"
        r"freeze your (?:bank )?accounts?|bailiffs? (?:will|are going to) (?:come|call|take|seize))\b",
        _I), conditional_ok=True),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"已(?:经)?(?:立案|起诉|报案|报警|移交(?:公安|法院|司法|律师)|进入(?:司法|法律|诉讼)程序|"
        r"申请(?:了)?强制执行)|法院已(?:经)?(?:判|受理|下)|(?:传票|律师函)已(?:经)?(?:寄出|发出|下来)|"
        r"(?:上|进|列入|纳入|拉入)(?:了)?(?:征信)?(?:黑名单|失信(?:名单|被执行人)|老赖名单)|"
        r"失信(?:名单|被执行人)|刑事(?:责任|案件|拘留)|诈骗罪|"
        r"你(?:这)?(?:是|属于|涉嫌|构成)(?:诈骗|犯罪|违法|骗贷)|涉嫌(?:诈骗|犯罪)|"
        r"(?:家人|父母|爸妈|子女|配偶|老婆|老公|孩子|儿子|女儿|亲戚)(?:也)?"
        r"(?:必须|得|要|有义务|有责任)(?:替你|帮你|代你)?(?:还|偿还|承担)|"
        r"(?:家人|父母|爸妈|子女|配偶|老婆|老公|孩子|亲戚)[^，。]{0,6}连带|"
        r"影响(?:你)?(?:的)?(?:子女|孩子|儿子|女儿)(?:的)?(?:上学|入学|考公|考编|参军|工作|前途)|"
        r"征信(?:会|将)?(?:终身|一辈子|永远|永久)", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"冻结你(?:的)?(?:所有的?)?(?:账户|银行卡|工资卡|资产|微信|支付宝)|扣(?:你)?(?:的)?工资|"
        r"拍卖你(?:的)?(?:房|车)|查封你(?:的)?(?:房|车|财产)|恶意透支|限制(?:你)?(?:高消费|出行|出境)",
        _I), conditional_ok=True),
    # DEF-CONTENT-05: disclosure and public shaming.
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"\b(?:group chat|post (?:it|this|your \w+)? ?(?:on|online|to)|social media|"
        r"tell (?:your |all your |everyone in your |everyone at your )?(?:neighbou?rs|colleagues|"
        r"co-?workers|boss|employer|manager|family|friends|contacts|relatives|parents|church)|"
        r"(?:contact|message|call|ring|text|email|phone) (?:everyone|everybody|all) (?:in|at) your|"
        r"(?:call|ring|contact|phone|text|visit|inform|notify|write to) (?:your |all your )"
        r"(?:boss|employer|manager|workplace|colleagues|co-?workers|neighbou?rs|friends|relatives|"
        r"family|parents|mother|father|church|pastor)|"
        r"let your (?:boss|employer|manager|colleagues|neighbou?rs|family|friends|parents) know|"
        r"your (?:boss|employer|manager|colleagues|co-?workers|neighbou?rs|family|friends|parents|"
        r"church|community|relatives) (?:will|'ll|are going to|is going to) (?:hear|know|find out|"
        r"learn|be told)|"
        r"(?:everyone|everybody|the whole (?:town|street|neighbou?rhood|village|office)) "
        r"(?:at|in) your \w+ (?:will|'ll) (?:know|hear)|"
        r"(?:everyone|everybody|the whole (?:town|street|neighbou?rhood|village|office)) "
        r"(?:will|'ll) (?:know|hear|find out)|"
        r"(?:notice|poster|sign|flyer)s? (?:up )?(?:at|on|outside) your|"
        r"put up (?:a )?(?:notices?|posters?)|public notice|name and shame|wall of shame|"
        r"(?:facebook|instagram|twitter|tiktok|linkedin|whatsapp) (?:page|group|post)|"
        r"(?:post|put|add|share|publish|upload) (?:\w+ ){0,4}(?:on|to|online|onto) "
        r"(?:our |the |your )?(?:facebook|instagram|twitter|tiktok|linkedin|website|internet))\b",
        _I)),
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"朋友圈|(?:微信|家族|同学|公司|业主|工作)?群里|通讯录|曝光|悬赏|通缉|"
        r"(?:(?:告诉|通知|联系|打电话给|打给)(?:了|过)?(?:你|您)?|找(?:你|您))(?:的)?(?:所有的?)?(?:同事|领导|"
        r"邻居|家人|朋友|亲戚|亲友|单位|公司|老板|父母|爸妈|老婆|老公|联系人|紧急联系人)|"
        r"(?:发|发到|发给|群发给)(?:你|您)?(?:的)?(?:所有的?)?(?:单位|公司|联系人|好友|亲友|同事)|"
        r"(?:邻居|同事|领导|单位|亲戚|亲友|朋友|同学|老板|全村|村里|小区|所有人|大家)"
        r"[^，。,.]{0,6}(?:都|就|会|很快|马上)[^，。,.]{0,4}(?:知道|晓得|听说)|"
        r"张贴|大字报|告示|公示你|挂(?:到|在)网上|(?:发|挂|贴)(?:到|在)(?:网上|抖音|微博|快手|小红书)|"
        r"贴(?:到|在)你(?:家|的)?(?:小区|单位|公司|门口|楼道)|拉(?:个)?群", _I)),
    # DEF-CONTENT-06: improper pressure and payment channels.
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"\b(?:borrow (?:from|money|the money|it)|"
        r"(?:ask|get) your (?:parents|family|friends|relatives|mother|father|mum|mom|dad|brother|"
        r"sister|partner) (?:to (?:lend|give|cover|pay)|to help (?:you )?(?:pay|with the money)|"
        r"for (?:the money|a loan))|"
        r"take (?:out )?(?:a |another )?(?:payday|new|another|title|personal) loan|"
        r"another (?:app|lender|loan)|payday loan|title loan|loan app|cash advance|max out|"
        r"use (?:another|a new|your other) credit card|pawn (?:your|it|something)|"
        r"sell your (?:car|house|home|jewel\w*|belongings|furniture|phone|things)|"
        r"(?:use|spend) your (?:rent|grocery|food|bill|electricity|child ?care|school) money|"
        r"rent money|skip (?:a meal|meals|your rent|rent)|"
        r"within (?:\d+|a few) (?:hours|minutes) or|or else|no exceptions|no excuses|"
        r"(?:i|we) don'?t care how you (?:get|find|pay)|"
        r"(?:my|our agent'?s?|my own) (?:personal |own )?(?:account|paypal|venmo|cash ?app|zelle|"
        r"bank)|(?:to|into|in|via) (?:a |my |his |her )?personal (?:bank )?account|"
        r"(?:transfer|send|pay) (?:it |the money )?(?:to me|directly to me)|"
        r"gift cards?|in cash to me|collection fee|processing fee|handling fee|admin(?:istration)? fee)\b",
        _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"以贷养贷|撸口子|借(?:网贷|高利贷|新还旧|呗)|套现|"
        r"(?:去|找|到|在|上)(?:别的|其他|网贷|网上的?|贷款)?(?:平台|APP|软件|网贷)(?:上)?借|"
        r"(?:用|开通|借)(?:花呗|借呗|白条|微粒贷|别的信用卡)|"
        r"(?:找|向|跟|让)(?:你)?(?:的)?(?:亲戚|朋友|同事|家人|父母|爸妈|兄弟|姐妹)"
        r"(?:借|要|凑|拿|帮你还|帮你凑|想办法)|"
        r"卖(?:房|车|掉)|把(?:房子|车|东西|家里的东西)卖了|变卖|典当|"
        r"转(?:到|给)?我(?:的)?(?:个人|私人)?(?:微信|支付宝|账户|卡)|转给我|"
        r"(?:打|汇|存)到我(?:的)?(?:个人|私人)?(?:卡|账户|微信|支付宝)|"
        r"我(?:的)?(?:个人|私人)(?:微信|支付宝|账户|卡)|我(?:的)?(?:微信|支付宝)(?:上|里)|"
        r"(?:加|扫)我(?:的)?(?:私人|个人)?(?:微信|二维码|收款码)|私人微信|收款码|"
        r"(?:转|打|汇|存|付|还)(?:款|钱)?(?:到|至|进|入|给)[^，。；]{0,6}(?:私人|个人)(?:账户|账号|银行卡|卡)|"
        r"私人账户|(?:私人|个人)(?:账户|账号)(?:收款|代收)|催收费|手续费|(?<!物业)服务费|"
        r"(?:必须|务必|马上|立刻|立即)[^，。]{0,6}(?:全部|一次性|全额)还清|"
        r"(?:今天|今晚|明天|\d+点|[一二三四五六七八九十两]+点)[^，。]{0,4}前?(?:必须|务必)|"
        r"(?:马上|立刻|立即)(?:必须)?(?:全部|一次性)?还清", _I)),
)


# Broadened after reading real collection language (public quotes, reported messages) and the
# misses of the written sittings: paraphrases of the same categories, one alternation each.
_MORE: tuple[_Pattern, ...] = (
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"\b(?:(?:civil|criminal) investigations? (?:unit|division|department)|"
        r"fraud (?:unit|division|department|squad)|(?:county |district |state )?prosecutor'?s? office|"
        r"process server|(?:attorney general|county clerk|clerk)'?s? office|"
        r"(?:human resources|payroll|hr) (?:office|department) (?:at|of) your|"
        r"(?:old|an old) friend (?:from|of yours)|(?:your )?old (?:roommate|classmate|colleague)|"
        r"(?:this is|calling from|i'?m (?:calling )?from|i'?m with) (?:the )?(?:hospital|dmv|"
        r"school district|sweepstakes|post office|county|city hall|department of \w+))\b", _I)),
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"(?<![不非并])(?:我|我们|这里|这边)(?:是|这里是|这边是)[^，。,.？！]{0,10}?"
        r"(?:医院|民政|户籍科|司法局|执行局|执行庭|中院|纪委|网格员|反诈中心|物流|驿站|物业|"
        r"(?:以前|原来)的?[^，。]{0,4}(?:同事|工友|邻居|同学|朋友))|"
        r"(?:以前|原来)(?:的)?(?:同事|工友|邻居|同学)(?:啊|呀)?[，,]", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:accidents?|drag you|into custody|take you (?:away|in)|dispatched to|"
        r"in front of your (?:neighbou?rs|kids|children|family|colleagues)|"
        r"(?:show|shows|turn|turns) up at your (?:door|house|home|work|office)|"
        r"who (?:shows|turns) up|sleep with one eye|people in your area|"
        r"something (?:to )?happens? to|(?:won'?t|will not|isn'?t going to) end well|"
        r"think about (?:them|your kids|your children|your family) before|"
        r"parked outside|living (?:nightmare|hell)|(?:won'?t|will not) be a phone call|"
        r"you don'?t want us to (?:come|show up|visit)|see what happens|"
        r"(?:things|it) (?:are|is|will|'re|'s) (?:going to |gonna )?get (?:ugly|nasty|messy)|"
        r"(?:we|i) (?:will|'ll) find you|we have people|i'?d hate for something)\b", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"拿人|带走你|把你带走|抓人|(?:躺进|进)棺材|花圈|遗照|灵堂|"
        r"(?:接|去接)(?:他|她|你(?:的)?(?:孩子|娃|儿子|女儿))放学|你(?:的)?娃在|"
        r"动手|别逼(?:我|我们)|(?:找得到|找得着|找到)你(?:家|单位|老家)?(?!的)|"
        r"不是打电话这么简单|就不是(?:打电话|短信|发信息)了?|(?:换|撬)(?:一换|)?(?:你家的?)?锁|锁要不要换|"
        r"敲(?:你家)?门|(?:兄弟|弟兄)们|后面有没有人|出门(?:最好)?(?:小心|看看|注意)|把门锁好|"
        r"跟着你受罪|泼(?:油漆|粪)|喷漆|拉横幅|门清|(?:你家|家里)(?:那)?几口人", _I)),
    _P("DEF-CONTENT-03", "insult", re.compile(
        r"\b(?:cheater|con artist|bum|freeload\w*|grow up|too dumb|raised a (?:cheat\w*|liar|thief)|"
        r"nothing but a|lazy|scumbag|jerk|coward)\b", _I)),
    _P("DEF-CONTENT-03", "insult", re.compile(
        r"赖子|蛀虫|穷酸|神经病|脑子进水|啃老|丢不丢人|二百五|玩意儿|吃软饭|浪费空气|狗日|"
        r"没见过你这么|不要脸|臭不要脸|欠揍|下贱|没皮没脸", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:felony|prosecut\w+|criminal complaint|(?:will|'ll) be charged|charged with|"
        r"pending (?:case|lawsuit)|court date has been|lawsuit will be filed|(?:be|"
        r"being) filed (?:tomorrow|today)|"
        r"summons (?:is|has been|will be)|warrants?|filing (?:charges|a warrant|warrants)|"
        r"(?:forwarded|sent|passed) to (?:our |the )?(?:legal|attorney|law)\w* (?:team|"
        r"department)? ?(?:and|for)|"
        r"judge'?s desk|automatic (?:court )?judgment|credit (?:report|record|file) forever|"
        r"(?:benefits|social security|tax refund|pension)(?: \w+)? (?:will|'ll) be (?:taken|cut|"
        r"stopped|intercepted|seized)|"
        r"(?:lose|suspend\w*) your driver'?s licen[cs]e|restraining order|order to show cause|"
        r"named (?:as )?a respondent|must appear (?:in court)?|court action|"
        r"(?:is|are) (?:now )?(?:legally )?responsible for (?:your|his|her|this|the) debts?|"
        r"(?:wife|husband|spouse|parents?|mother|father|son|daughter|family) (?:is|"
        r"are) (?:on the hook|liable)|"
        r"(?:committed|committing) fraud|fraud charges|theft by deception)\b", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"移交(?:给)?(?:了)?(?:法院|法务|司法|公安|派出所|户籍地|经侦|当地)|传票(?!.{0,6}(?:前|后))|"
        r"政审|(?:考公|当兵|参军|考编|考大学|上学)(?:[^，。]{0,4})(?:受影响|过不了|完蛋|不行|影响)|"
        r"(?:定成|定性为|按|当成|算)(?:信用卡)?诈骗|信用卡诈骗|恶意逃废债|逃废债|骗贷|"
        r"刑事立案|转刑事|刑侦|判刑|三年起步|"
        r"(?:司法局|经侦(?:科|大队)?|派出所|公安)(?:报备|备案)|户籍地(?:报备|备案|核实|派出所|公安)|"
        r"(?:推送|提交|递交)(?:到|至|给)?法院|起诉书|律师团队|开庭|追逃|"
        r"(?:诈骗|逃废债|起诉|黑|老赖)名单|公安系统|出行(?:会)?被(?:拦|限制)|"
        r"(?:家人|父母|爸妈|子女|配偶|老婆|媳妇|老公|孩子|亲戚|家属)[^，。]{0,4}?"
        r"(?:必须|得|要|有义务|有责任)(?:替你|帮你|代你|一起)(?:还|偿还|承担)|"
        r"(?:家属|家人)[^，。]{0,4}连带", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"(?:支付宝|微信|银行卡|工资卡|账户|财产|房产|车辆)(?:[^，。]{0,4})(?:被|将被|会被|全部|都)?冻结",
        _I), conditional_ok=True),
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"\b(?:(?:told|tell|telling|informed?|notify|notified|letter to|message with|spoke (?:to|with)|"
        r"left a message (?:with|for)) (?:your )?(?:sister|brother|mother|father|mom|mum|dad|wife|"
        r"husband|manager|boss|hr|neighbou?rs|co-?workers?|colleagues|landlord|pastor|in-laws)|"
        r"contacts? list|address book|your followers|tag you|(?:van|truck|sign) with your name|"
        r"(?:she|he) (?:owes|has an unpaid|has a balance|hasn'?t paid)|(?:his|her) (?:debt|unpaid balance)|"
        r"(?:hr|human resources) department about)\b", _I)),
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"(?:跟|和|给)你(?:的)?(?:姐姐|姐|哥哥|哥|弟弟|妹妹|爸|妈|老婆|媳妇|老公|领导|老板|同事|家里人)"
        r"(?:说了|说说|讲讲|讲了|打个电话)|"
        r"(?:媳妇|老婆|老公|爸妈|父母|家里人)(?:还)?不知道你欠|(?:单位|公司)发函|发函(?:到|给)(?:你)?(?:单位|公司)|"
        r"(?:给|打给)(?:你们)?村委会|导出来|所有好友|(?:业主|小区|家族|同学)群|"
        r"(?:他|她)(?:的)?(?:欠款|贷款|分期|信用卡|欠的钱|借款)(?:已经|逾期|没还|没交|还没|一直)|"
        r"你(?:弟弟|哥哥|姐姐|妹妹|儿子|女儿|老公|老婆|爸|妈|父亲|母亲)(?:在我们这里)?的"
        r"(?:欠款|贷款|分期|借款)", _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"\b(?:western union|moneygram|wire (?:it|the money)|(?:to|in) my name|call charge|"
        r"\$\d+ (?:fee|charge|surcharge)|in the next (?:hour|\d+ hours?|two hours|few hours)|"
        r"lend you the (?:cash|money)|someone in your family can|maxed|max it out|"
        r"cash (?:out|in) your|401k|retirement (?:fund|account|savings))\b", _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"(?:下载|下个|装个)?(?:贷款|借款|借钱)(?:软件|app)|随便借一个|一人凑|凑一点|凑一凑|"
        r"私人(?:支付宝|微信|账户|卡)|(?:退休金|养老钱|养老金)[^，。]{0,4}(?:垫|还|拿)|垫上|先垫|"
        r"处理费|上门费|(?:不接受|不给|没有)分期|没得商量|"
        r"(?:必须|务必|马上|立刻|立即)[^，。]{0,6}(?:全部|一次性|全额)(?:还清|结清|还上|到账)|"
        r"按最(?:高级别|严重的?情况)处理", _I)),
)
# Fourth round: causes that generalise, not single lines. Pressing an emergency contact or a
# relative to pay a debt that is not theirs; pretexts of institutions the debtor cannot ignore
# (the child's school, a hospital, a deputy on the way); telling someone by another verb.
_ROUND4: tuple[_Pattern, ...] = (
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"紧急联系人[^。！？]{0,24}?(?:还钱|还款|还了|来还|替他|替她|帮他|帮她|垫|承担|负责|义务|连带)|"
        r"(?:他|她)[^。！？]{0,20}?(?:得|就得|只能|应该|必须|要)(?:由)?(?:你|您)(?:来)?(?:还|替他还|替她还|帮他还|帮她还|垫|承担)|"
        r"(?:替|帮)(?:他|她)(?:还|垫|承担|把[^，。]{0,8}还)|"
        r"(?:借|凑)(?:点|些|一点|一笔)?钱(?:给(?:他|她)|帮(?:他|她))|借给(?:他|她)", _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"\b(?:(?:you'?re|you are) (?:listed as )?(?:his|her|their|\w+'s) (?:reference|emergency contact)"
        r"[^.?!]{0,40}(?:on the hook|responsible|liable|pay|cover)|"
        r"on the hook (?:too|as well|for (?:his|her))|"
        r"(?:cover|pay|settle) (?:it |this |that |the (?:balance|debt|\$?[\d,]+) )?(?:for (?:him|her|them))|"
        r"(?:ask|get) your (?:mother|father|mom|mum|dad|parents|family) to (?:lend|cover|pay))\b", _I)),
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"\b(?:this is|it'?s|calling from|i'?m calling from|i'?m with)\b[^.?!]{0,30}?"
        r"\b(?:(?:your|the) (?:\w+'s )?(?:school|nursery|daycare|kindergarten|elementary|college)\b|"
        r"(?:the )?nurse'?s office|(?:the )?(?:hospital|clinic|pharmacy)\b|sheriff'?s? (?:office|department)|"
        r"deputy|marshal)", _I)),
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"(?<![不非并])(?:我|我们|这里|这边)(?:是|这里是|这边是)[^，。,.？！]{0,10}?"
        r"(?:学校|幼儿园|教务处|班主任|老师|卫生院|诊所|疾控|社区医院|人民医院)", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:on (?:my|his|her|our|their|the) way (?:to|over to) (?:pick you up|arrest you|take you|"
        r"your (?:house|home|work|office|door))|(?:coming|come) to pick you up)\b|"
        r"(?:在)?(?:去|来)(?:你家|你单位|抓你|接你|找你)的路上", _I)),
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"(?:告知|转告|通报|知会|反映给|函告)(?:给)?(?:你|您|贵司)?(?:的)?(?:所有的?|全部)?(?:单位|领导|同事|"
        r"家人|父母|亲友|朋友|邻居|上下游|客户|合作伙伴|老板|房东|村委会|居委会)|"
        r"\b(?:informed|notified|told|contacted|written to|wrote to) (?:your )?(?:employer|landlord|"
        r"employer'?s|workplace|hr|payroll)|"
        r"\b(?:employer|landlord|boss|manager|neighbou?rs?|parents|hr department) (?:has|have) been "
        r"(?:informed|told|notified|contacted|made aware)|"
        r"\b(?:he|she) (?:still |also )?(?:owes|is behind on (?:his|her)|'s behind on (?:his|her))\b|"
        r"(?:跟|和|与|向)(?:你|您)(?:的)?(?:单位|公司)?(?:领导|老板|同事|家人|父母|爸妈|邻居)(?:当面)?"
        r"(?:沟通|反映|说明|谈谈|聊聊|说一下|讲一下)", _I)),
)
# Fifth round: telling a relative after the fact ("您的亲属已由我方告知"), the euphemisms of a
# visit, a "permanent record" with an authority.
_ROUND5: tuple[_Pattern, ...] = (
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"(?:亲属|家属|家人|父母|爸妈|家里人|单位|领导|同事|朋友|亲友|紧急联系人)[^，。,]{0,4}"
        r"(?:已|已经|都)(?:由[^，。,]{0,8})?(?:被)?(?:告知|通知|知晓|知道了|知情)|"
        r"\b(?:family|relatives|parents|mother|father|mum|mom|dad|wife|husband|partner|sister|"
        r"brother|children|son|daughter|in-laws) (?:has|have) (?:also |already )?been (?:informed|told|"
        r"notified|contacted|made aware)|"
        r"\b(?:explained|mentioned|described|discussed) (?:the situation|this|it|your (?:debt|account|"
        r"situation|balance|arrears)) (?:to|with) your (?:parents|family|relatives|mother|father|mum|"
        r"mom|dad|wife|husband|partner|sister|brother|employer|boss|manager|colleagues)\b", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:send (?:someone|somebody|a man|a guy|people|a couple of (?:guys|lads|men)) "
        r"(?:round|over|to your)|have a (?:word|little chat|quiet word|chat) with you (?:in person|"
        r"face to face))\b", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:we|i)(?:'d| would) hate (?:for|to see) (?:you|your|the)\b|"
        r"被拘|拘(?:留)?你|(?:单位|公司|小区|村里)[^，。]{0,4}(?:待|混|呆)不下去", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"已(?:经)?(?:给|对|把)(?:你|您)(?:的案子)?(?:立案|起诉)", _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"\b(?:asked|told) your (?:mum|mom|mother|father|dad|parents|family|brother|sister|wife|husband|"
        r"partner|son|daughter) to (?:sort|pay|cover|settle|help|lend)", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:permanent (?:mark|black mark|record|stain)|record with the (?:department of justice|"
        r"fbi|police|irs|government)|department of justice)\b", _I)),
)
# Sixth round: how often a collector calls is pressure of its own ("we will call you every
# hour until this is paid", "每隔半小时打一次"), and borrowing elsewhere to pay us is said with
# a platform named between words ("去别的网贷平台再借一笔先把我们的还上").
_ROUND6: tuple[_Pattern, ...] = (
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"\b(?:call|ring|text|phone|message)s? (?:you|your \w+) (?:every|each) (?:hour|day|morning|"
        r"night|\d+ minutes|half hour|few (?:minutes|hours))|every hour,? every day|"
        r"(?:keep|won'?t stop|never stop|not stop) (?:calling|texting|ringing) (?:you |your \w+ )?"
        r"(?:until|till)\b|(?:call|ring|text)(?:ing)? (?:you )?(?:non-?stop|all day|all night|"
        r"around the clock|24/7)", _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"每隔[^，。]{0,6}(?:分钟|小时|钟头)(?:就)?(?:打|call|发)|天天(?:打|call|发短信)|"
        r"一天打[^，。]{0,4}(?:遍|次|个)|打到你(?:还钱|还款|接|还|全家)|打爆|轰炸|轮番(?:打|call)|"
        r"不停(?:地)?(?:打|call)|(?:24|二十四)小时(?:不停|轮流)|"
        r"(?:去|找|到|在|上)(?:别的|其他|另外的?|别家)(?:网贷|网上的?|贷款)?(?:平台|APP|软件|网贷)"
        r"(?:上)?(?:再|先|重新)?借|再借(?:一笔|点|些)[^，。]{0,6}还|借(?:一笔|点钱|些钱)?先(?:把我们|还我们)",
        _I)),
)
_PATTERNS = _PATTERNS + _MORE + _ROUND4 + _ROUND5 + _ROUND6

# Any word about the debt: a third party must hear none of them (US-LOC-01, CN-PARTY-03).
_DEBT_WORDS = re.compile(
    r"\b(?:debts?|owes?|owed|owing|overdue|arrears|balance|past due|collect\w*|loan|"
    r"credit card|default\w*|repay\w*|outstanding|payment)\b|"
    r"欠|债|逾期|还款|贷款|信用卡|催收|账单|借款|未还|拖欠",
    _I,
)
_LITIGATION = re.compile(
    r"\b(?:sue|suing|sued|lawsuit|court|legal action|litigation|judgments?|legal proceedings|"
    r"claim form|county court)\b|起诉|诉讼|法院|法律程序|律师函|判决|强制执行|打官司",
    _I,
)
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*\}")
_SENTENCE = re.compile(r"[^.!?。！？;；\n]+")
# The enumeration comma (、) lists what one negation covers ("不会联系您的家人、同事或通讯录").
_CLAUSE_BREAK = re.compile(r"[,，:：]")
_NEGATION = re.compile(
    r"\b(?:not|no|never|no one|nobody|won'?t|cannot|can'?t|don'?t|doesn'?t|isn'?t|aren'?t|"
    r"neither|nor)\b|不会|不能|不得|绝不|决不|没有|不是|并非|并不|无需|不用|不必|禁止|严禁|不要|"
    r"勿|别(?![人的处家逼])|谨防|警惕|不需要|不承担|无须|没有义务|从未|从不|并没有|not going to|"
    r"不涉及|不构成|不存在|与[^，。]{0,6}无关",
    _I,
)
# Questions and suggestions that contain a negation word but negate nothing: "why not ask
# your parents", "你是不是傻逼" (A-not-A questions).
_NOT_A_NEGATION = re.compile(
    r"\bwhy not\b|\bwhy don'?t you\b|是不是|能不能|会不会|要不要|有没有|行不行|可不可以|肯不肯|"
    # The debtor's not paying is the condition of a threat, not a negation of it.
    r"\b(?:don'?t|do not|doesn'?t|does not|won'?t|can'?t|cannot|didn'?t) (?:pay|settle|call|answer|"
    r"respond)\w*|"
    r"\bnot (?:paid|pay|paying)\b|\bno (?:payment|response)\b|不还|没还|不处理|不接|不回|不给钱|没钱|"
    # "we will have no choice but to tell your family" negates nothing.
    r"\bno (?:choice|option|alternative) but\b",
    _I,
)
_DENIED_AFTER = re.compile(
    r"\s*(?:的)?(?:都|也|均|并)?(?:不是|并非|不属于|is not|are not|isn'?t|aren'?t|is never)|"
    # "任何要求转账到个人账户的都是诈骗": the act is named as a fraud to warn against it.
    r"\s*(?:的)?(?:都|也|均|一律)?(?:是|属于)(?:诈骗|骗子|假冒)|"
    r"\s*(?:is|are) (?:always )?(?:a )?(?:scams?|fraud)",
    _I)
# A fraud warning names the pretexts and the personal accounts to protect the reader: "任何要求
# 您向私人账户转账的来电都是诈骗", "anyone asking for gift cards is a scammer".
_FRAUD_WARNING = re.compile(
    r"(?:都|均|一律)(?:是|为|属于)(?:诈骗|骗子|假冒|冒充)|谨防|提防|防骗|反诈|"
    r"\b(?:is|are) (?:always |probably )?(?:a )?(?:scams?|scammers?|fraudsters?|fraudulent)\b|"
    r"\bbeware\b|\bfraud warning\b|\bprotect yourself from\b|"
    r"\b(?:claiming|pretending) to be (?:us|from us|our\b)|冒充(?:我们|我行|本行|本公司|我司)", _I)
_CONDITION = re.compile(r"\b(?:if|should|unless|once|in the event)\b|如果|若|一旦|假如|倘若|经.{0,20}后", _I)
_MODAL = re.compile(r"\b(?:may|might|could|can|would)\b|可能|可以|有权|将依法|可依法", _I)


# Every pattern in one alternation: most lines match nothing, and one search proves it.
_ANY = re.compile("|".join(f"(?:{p.regex.pattern})" for p in _PATTERNS), _I)


def check_content(
    text: str, *, profile: str = "GLOBAL-STRICT", time_barred: bool = False,
    third_party: bool = False, learned: bool = True, reviewed: tuple[str, str] | None = None,
) -> list[ContentFinding]:
    """Forbidden content found in `text`; [] means it passes.

    `profile` is accepted so that profile-specific wording can be added without changing
    callers; the §6.4 categories apply in every profile. `learned=False` runs the rules
    alone. `reviewed` is a compliance officer's decision on this very text, ("approved", _)
    or ("rejected", rule id): an approval lifts the model's findings (the rules still apply:
    they cite the law), a rejection makes them final.
    """
    findings = list(_check(text, time_barred, third_party))
    if not learned or not text.strip():
        return findings
    model_findings = list(_learned(text, content_model_version()))
    found = {f.rule_id for f in findings}
    model_findings = [f for f in model_findings if f.rule_id not in found]
    if reviewed is not None:
        status, rule = reviewed
        if status == "approved":
            model_findings = []
        elif status == "rejected":
            model_findings = [_definite(f) for f in model_findings]
            if not model_findings and not findings and rule in _REASONS:
                model_findings = [_rejected(rule, text)]
    return findings + model_findings


def content_model_version() -> str:
    """The version of the learned layer every check uses now (recorded with each decision)."""
    from arrears.compliance.content_model import get_model

    return get_model().version


def clear_cache() -> None:
    _check.cache_clear()
    _learned.cache_clear()


# A reassurance denies the very act a category is about ("我们不会告诉你的同事", "please don't
# use your rent money"): the model, which sees words and not their logic, may still score it
# high. Such a sentence needs a near-certain score, and then only goes to review.
_REASSURANCE = re.compile(
    r"(?:我们|我行|本行|我司|任何人|没有人|没人|您|你)(?:都|也|绝|决)?(?:不会|不需要|从不|从未|不必|无需|不用)"
    r"(?!放过|客气|手软|善罢甘休|再客气|好过|让你好过|想知道)|请(?:不要|勿|别)|切勿|"
    r"不会(?:追究|坐牢|被抓|影响|上门|联系|告诉|告知|透露|披露|泄露|冻结|收取)|"
    r"不会被(?:告知|通知|告诉|联系|透露|披露|打扰|追究)|(?:不是|不属于|并非)(?:犯罪|诈骗|刑事|我行|官方|法院|公安|警察|派出所|律师|政府|检察院)|"
    r"\b(?:we|nobody|no one|no-one)(?: will never| won'?t| will not| do not| don'?t| never| are not going to|"
    r" aren'?t going to| are not| aren'?t)\b(?! be so| be as| be this| be nice| be patient|"
    r" call first| ask (?:nicely|again|twice)| be (?:calling|asking|writing)| bother calling|"
    r" be polite| leave you| stop)|"
    r"\byou(?: will not be| won'?t be| are not| aren'?t| do not need| don'?t need| don'?t have to|"
    r" do not have to)\b"
    r"(?! able to| safe| sorry| going to like)|"
    r"(?:^|[.;!?]\s*)(?:please )?(?:don'?t|do not|never) (?:pay|use|sell|borrow|take|give|share|send|worry)|"
    r"\bplease (?:don'?t|do not|never)\b|\bis not a (?:crime|criminal)|\bnot (?:a crime|criminal|"
    r"responsible|liable)|"
    r"\b(?:nobody|no one|no-one) is going to\b|\bno (?:court|legal) (?:action|proceedings?)\b|"
    r"\bno (?:lawsuit|suit|claim|case) (?:has|have) been\b|\bwill not be (?:contacted|told|informed|"
    r"arrested|sued|visited)\b|\bis not (?:liable|responsible)\b|"
    # The debtor's own report or answer is no claim of ours ("the police report you mentioned",
    # "the claim you responded to"); a step not decided is no threat of it.
    r"\b(?:you|you've|you have) (?:mentioned|reported|filed|responded|told us|sent us)\b|"
    r"\bno decision (?:to|has|about)\b|"
    r"不涉及(?:刑事|犯罪)|不构成(?:犯罪|刑事)|不是(?:借款人|担保人)|不需要(?:还款|承担)|先不催|"
    # A warning against fraud names crimes and the police to protect the reader.
    r"谨防|提高警惕|上当受骗|\bbeware of\b|\bfraud warning\b|\bprotect yourself from\b|"
    # Someone else's freedom from the debt ("您的配偶不需要为这笔债务承担责任", "你的家人没有义务替你还款").
    r"(?:不需要|无需|不必|没有义务|无义务|不用)(?:为|替|代)?[^，。]{0,8}(?:承担|偿还|还款|还钱|负责)|"
    r"\b(?:no|not under any) (?:legal )?obligation to (?:pay|repay)\b|\bnot (?:required|obliged) to pay\b",
    _I)
_REASSURED_MIN = 0.99
# A true statement about credit reporting ("late payments are reported to the credit reference
# agencies", 逾期信息将报送征信系统) is lawful; exaggerating it (for life, a blacklist, the
# family or the children affected) is not.
_CREDIT_REPORTING = re.compile(
    r"credit (?:reference agenc|bureau|report|file|record|rating|score)|征信", _I)
_CREDIT_EXAGGERATED = re.compile(
    r"forever|for life|\bnever\b|ruin|destroy|blacklist|family|kids|children|jail|police|crim|fraud|"
    r"永久|终身|一辈子|永远|黑名单|失信|全家|家人|子女|孩子|政审|考公|坐牢|公安|犯罪|诈骗", _I)
# A true, conditional statement of a lawful legal step ("if we cannot agree, we may take
# legal action; you would receive court papers and can respond", "如协商不成，我司保留依法起诉的
# 权利") is what a lawful final notice says. For the false-legal category the model's
# finding on such a sentence is treated like a reassurance, unless the sentence also speaks of
# arrest, crime or the police, or claims that a step has already been taken.
_LAWFUL_CONDITION = re.compile(
    r"\b(?:if|unless|should|once|in the event|only after|until)\b|\bafter \d+ days\b|"
    r"\bonly (?:\w+ ){0,2}after\b|\bafter (?:a|the) (?:claim|judgment|hearing|court)\b|"
    r"如果|如|若|一旦|假如|倘若|"
    r"协商不成|经.{0,20}后|逾期(?:仍)?未|否则", _I)
_LAWFUL_MODAL = re.compile(
    r"\b(?:may|might|could|can|would|reserve the right|entitled to|consider)\b|可能|可以|有权|保留|"
    r"(?:time|a chance|the right|an opportunity) to respond|served with papers|答辩|"
    r"依法|考虑|将视情况", _I)
_NOT_EXCUSED = re.compile(
    r"arrest|jail|prison|police|sheriff|warrant|crim|fraud|felon|prosecut|"
    r"\b(?:we|they|it|a|the|your|claim|case|lawsuit|suit) (?:has|have|was) (?:already )?"
    r"(?:been )?(?:filed|issued|started|entered|opened|sued|granted)|\balready\b|"
    r"(?<!nothing )(?<!not )(?:has|have|was|were) been (?:filed|issued|entered|granted|lodged)|"
    r"today|tomorrow|tonight|\bthis is\b|calling from|我是|这里是|这边是|本人系|今日|明日|"
    r"警|拘|抓|坐牢|刑事|犯罪|诈骗|已经|已(?!生效)|今天|明天|马上|立即|"
    r"家人|父母|全家|黑名单|失信", _I)


# A true statement of a court step already taken ("a county court judgment was entered against
# you on 3 March 2025 for £2,340", "根据（2025）沪0105民初1234号民事判决书") is lawful: a letter
# must be able to say that a judgment exists. What makes it checkable is its particulars: a
# case number, or the date or the amount of the judgment. A bare "a judgment has been
# entered" or "已立案" with nothing to check, or one spoken with arrest, crime, the family or a
# deadline of today, stays a false-legal finding. A suit or a case opened needs a case number
# and the court that holds it ("case no. 2025-114" alone is what a fabricated notice prints).
# A year alone (2025年) is no particular; a deadline of hours or an "or else" is the
# fabricated notice's mark ("call within 24 hrs or a judgment will be entered").
_CASE_NUMBER = re.compile(
    r"[（(]\d{4}[）)][^\s，。,;；]{1,20}?\d+号|"
    r"\b(?:case|claim|index|docket|court|judgment|ccj|file) (?:no\.?|number|ref(?:erence)?)"
    r"(?: is)?\s*[:#]?\s*[a-z]{0,4}[-/]?\d", _I)
_COURT_PARTICULARS = re.compile(
    _CASE_NUMBER.pattern + r"|"
    r"\b(?:on|dated) (?:\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2})\b|"
    r"\bin (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b|\d{1,2}月\d{1,2}日|[£$€]\s?\d|\d[\d,.]*\s?元", _I)
_NAMED_COURT = re.compile(
    r"人民法院|法院|仲裁委|\b(?:county|district|superior|magistrates'?|civil|circuit|small claims|"
    r"high|municipal|justice|bankruptcy|sheriff'?s?) court\b|\bcourt of\b|\bccbc\b|"
    r"business centre", _I)
# A judgment's date or amount is checkable only with the court that gave it.
_A_COURT = re.compile(r"\bcourt\b|\bccj\b|法院|仲裁|判决书|裁定书|调解书", _I)
_COURT_STEP = re.compile(
    r"judgment|\bccj\b|\border\b|summons|garnish|\blien\b|possession|\bhearing\b|判决|判了|受理|"
    r"强制执行|传票|开庭|庭审", _I)
_SUIT_STEP = re.compile(r"\b(?:suit|lawsuit|claim|case|proceedings|filed|issued)\b|起诉|立案|诉讼", _I)
_RECORD_SPOILED = re.compile(
    r"arrest|jail|prison|police|sheriff|warrant|crim|fraud|felon|prosecut|blacklist|\btoday\b|"
    r"tomorrow|tonight|family|relatives|parents|警|拘|抓|坐牢|刑事|犯罪|诈骗|黑名单|失信|家人|父母|全家|"
    r"今天|今日|明天|明日|马上|立即|立刻|"
    # A deadline of days or the offer to stop the case for money now is the false claim's mark.
    r"\bnow\b|immediately|right away|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"to (?:stop|cancel|avoid|drop) (?:it|this|the (?:case|hearing|suit|lawsuit))|撤诉|撤案|销案|"
    r"\d+\s?(?:hours?|hrs?)\b|\d+\s?(?:个)?小时|\d{1,2}[点时]前|否则|or else|"
    r"or (?:a |the )?(?:judgment|warrant|default)|or (?:we|the court) will", _I)


# A true notice of a court step sends the debtor to the court itself (以法院传票为准, 请按时到庭,
# 可以向执行法院咨询, "contact the court", "respond to the claim"); a fabricated one sends the
# debtor to the collector, to pay to stop it.
_COURT_POINTER = re.compile(
    r"以法院[^，。]{0,6}(?:传票|通知|送达|文书)为准|按时到庭|(?:向|到|联系)(?:执行|受理|审理)?法院"
    r"(?:咨询|查询|了解|核实)|\b(?:contact|ask|check with) the court\b|\bcourt'?s (?:website|office)\b|"
    r"\brespond to the (?:claim|court|summons)\b", _I)


def _court_record(text: str, sentence: str, span: str) -> bool:
    """`span` (a false-legal finding in `sentence`) states a court step the text documents."""
    if _RECORD_SPOILED.search(sentence):
        return False
    if _COURT_STEP.search(span):
        if _COURT_PARTICULARS.search(text):
            return bool(_CASE_NUMBER.search(text) or _A_COURT.search(text))
        # Sending the debtor to the court is no particular by itself: the fabricated notice
        # says it too ("您已被起诉，以法院传票为准"). With the case's number it documents one.
        return bool(_COURT_POINTER.search(text) and _CASE_NUMBER.search(text))
    return bool(_SUIT_STEP.search(span) and _CASE_NUMBER.search(text)
                and _NAMED_COURT.search(text))


# A statement of the account's own status (charged off, a limit reduced, a default notice) is
# a fact the creditor must be able to state; the model reads "has been ... against you" in it.
_ACCOUNT_FACT = re.compile(
    r"charged off|charge-?off|written off|write-?off|(?:credit|borrowing|overdraft|spending) limit|"
    r"notice of default|default notice|不良贷款|核销|额度", _I)


# A property manager, a utility or a landlord introducing itself about its own bill is the
# creditor, not a pretext (物业 is a pretext when it asks about someone else's debt).
_OWN_BILL = re.compile(
    r"(?:物业|服务|管理|车位|停车|供暖|取暖|暖气|水|电|燃气|宽带|话|租)费|业主|房租|租金", _I)
_CREDITOR_KIND = re.compile(r"物业|物管", _I)


# The creditor's own service and the debtor's own promise are facts too: a telecom or a
# utility says the service is suspended and when it comes back, a collector reminds the debtor
# of the payment promised. Their times ("today", "within 2 hours") are the service's, not a
# false deadline; only the marks of a threat or a false claim spoil them.
_SERVICE_FACT = re.compile(
    r"(?:service|supply|line|account|card)s? (?:has been |have been |was |is |will be )?"
    r"(?:suspended|restored|reconnected|disconnected|paused|blocked)|restored within|"
    r"暂停(?:服务|使用|供[电气水暖])|恢复(?:服务|使用|供[电气水暖]|正常)|自动恢复|停机|复机|"
    r"(?:您|你)(?:今天|昨天|前天|上周)?(?:承诺|答应)的|\byou (?:promised|agreed) to pay\b", _I)
_FACT_SPOILED = re.compile(
    r"arrest|jail|prison|police|sheriff|warrant|crim|fraud|felon|prosecut|blacklist|family|"
    r"relatives|parents|警|拘|抓|坐牢|刑事|犯罪|诈骗|黑名单|失信|家人|父母|全家|起诉|立案|判决|"
    r"\b(?:sue|sued|lawsuit|court)\b", _I)
# A business customer's own approver and accounts team are the customer, not a third party
# ("请问由哪位领导审批", "who in accounts payable approves it"): the model reads 领导 as the
# debtor's boss.
_BUSINESS_APPROVAL = re.compile(
    r"审批|对账|付款流程|财务(?:部|审核)|\bapprov(?:e|es|al|er)\b|accounts payable|purchase order",
    _I)
_SHAMING = re.compile(r"曝光|同事都|所有人|everyone|coworkers|colleagues|post|公开", _I)
# A lawful remedy of the agreement stated conditionally ("if the arrears are not cleared the
# vehicle may be repossessed", "如继续违约，我司可以依法申请实现抵押权") is no threat.
_LAWFUL_REMEDY = re.compile(
    r"repossess|possession|disconnect|default notice|end (?:your|the) agreement|抵押权|"
    r"收回车辆|停止供|停机|解除合同", _I)


def _lawful_legal_step(span: str) -> bool:
    if _CREDIT_REPORTING.search(span) and not _CREDIT_EXAGGERATED.search(span):
        return True
    return bool(_LAWFUL_CONDITION.search(span) and _LAWFUL_MODAL.search(span)
                and not _NOT_EXCUSED.search(span))


def _lawful_kind(rule_id: str, span: str, text: str) -> bool:
    """The seventh round's kinds of lawful firm language (content_lawful.py)."""
    if rule_id in ("DEF-CONTENT-01", "DEF-CONTENT-06") and lawful.creditor_introduction(span):
        return True
    if rule_id in ("DEF-CONTENT-02", "DEF-CONTENT-04", "DEF-CONTENT-06") and lawful.arrears_fact(span):
        return True
    if rule_id in ("DEF-CONTENT-02", "DEF-CONTENT-04") and lawful.undecided_step(span):
        return True
    if rule_id in ("DEF-CONTENT-02", "DEF-CONTENT-04", "DEF-CONTENT-05") and lawful.offer_of_help(span):
        return True
    if rule_id != "DEF-CONTENT-04" and lawful.noted_or_location(span):
        return True
    if rule_id in ("DEF-CONTENT-04", "DEF-CONTENT-06") and lawful.charges_fact(span, rule_id):
        return True
    if rule_id in ("DEF-CONTENT-01", "DEF-CONTENT-06") and lawful.reference_or_callback(span):
        return True
    if rule_id != "DEF-CONTENT-05":
        return False
    from arrears.compliance.content_model import model_input

    return lawful.names_no_one_else(model_input(text))


@lru_cache(maxsize=4096)
def _learned(text: str, version: str) -> tuple[ContentFinding, ...]:
    """The model's findings on `text`; cached per model version, so a retrained model is
    asked afresh without anyone clearing this cache."""
    from arrears.compliance.content_model import get_model

    model = get_model()
    out = []
    for f in model.findings(text):
        if _REASSURANCE.search(f.span) or (f.rule_id in ("DEF-CONTENT-01", "DEF-CONTENT-04")
                                           and _lawful_legal_step(f.span)) or (
                f.rule_id == "DEF-CONTENT-04" and _court_record(text, f.span, f.span)) or (
                f.rule_id in ("DEF-CONTENT-04", "DEF-CONTENT-06") and _ACCOUNT_FACT.search(f.span)
                and not _RECORD_SPOILED.search(f.span)) or (
                f.rule_id in ("DEF-CONTENT-02", "DEF-CONTENT-06") and _SERVICE_FACT.search(f.span)
                and not _FACT_SPOILED.search(f.span)) or (
                f.rule_id in ("DEF-CONTENT-02", "DEF-CONTENT-06") and _LAWFUL_REMEDY.search(f.span)
                and _lawful_legal_step(f.span)) or (
                f.rule_id == "DEF-CONTENT-05" and _BUSINESS_APPROVAL.search(f.span)
                and not _SHAMING.search(f.span) and not _FACT_SPOILED.search(f.span)) or (
                _lawful_kind(f.rule_id, f.span, text)):
            if f.probability < _REASSURED_MIN:
                continue
            f = replace(f, review=True)
        category = CATEGORIES[f.rule_id]
        zh, en = _REASONS[f.rule_id]
        name_zh, name_en = _CATEGORY_NAMES[f.rule_id]
        if f.review:
            zh = (f"内容模型认为该话术可能属于「{name_zh}」（概率 {f.probability:.2f}），"
                  "须经合规人员审核后方可使用")
            en = (f"the content model thinks this may be {name_en} (probability {f.probability:.2f}); "
                  "it is held until a compliance officer reviews it")
        else:
            zh = f"{zh}（内容模型判断，概率 {f.probability:.2f}）"
            en = f"{en} (content model, probability {f.probability:.2f})"
        out.append(ContentFinding(f.rule_id, category, f.span, f"{zh}：「{f.span}」",
                                  f"{en}: \"{f.span}\"", "model", round(f.probability, 4),
                                  f.review, model.version))
    return tuple(out)


def _definite(f: ContentFinding) -> ContentFinding:
    zh, en = _REASONS[f.rule_id]
    return ContentFinding(f.rule_id, f.category, f.span, f"{zh}（合规人员已确认）：「{f.span}」",
                          f"{en} (confirmed by a compliance officer): \"{f.span}\"", "review",
                          f.probability, False, f.model_version)


def _rejected(rule: str, text: str) -> ContentFinding:
    zh, en = _REASONS[rule]
    span = text.strip()[:80]
    return ContentFinding(rule, CATEGORIES[rule], span, f"{zh}（合规人员已驳回该话术）：「{span}」",
                          f"{en} (a compliance officer rejected this text): \"{span}\"", "review")


# Scripts come from an approved library, so the same few thousand texts recur all day; the
# result depends only on the arguments, so it is cached.
@lru_cache(maxsize=4096)
def _check(text: str, time_barred: bool, third_party: bool) -> tuple[ContentFinding, ...]:
    # Placeholders such as {debtor_name} or {amount_due} are filled later; they say nothing.
    clean = _PLACEHOLDER.sub("X", text)
    if not (time_barred or third_party or _ANY.search(clean)):
        return ()
    findings: list[ContentFinding] = []
    seen: set[tuple[str, str]] = set()
    for sentence_match in _SENTENCE.finditer(clean):
        sentence = sentence_match.group()
        conditional = bool(_CONDITION.search(sentence) and _MODAL.search(sentence))
        warning = bool(_FRAUD_WARNING.search(sentence))
        for pattern in _PATTERNS:
            for m in pattern.regex.finditer(sentence):
                if _negated(sentence, m.start(), m.end()):
                    continue
                if pattern.conditional_ok and conditional:
                    continue
                if warning and pattern.rule_id in ("DEF-CONTENT-01", "DEF-CONTENT-05", "DEF-CONTENT-06"):
                    continue
                if pattern.rule_id == "DEF-CONTENT-04" and _court_record(clean, sentence, m.group()):
                    continue
                if (pattern.rule_id == "DEF-CONTENT-01" and _CREDITOR_KIND.search(m.group())
                        and _OWN_BILL.search(clean)):
                    continue
                _add(findings, seen, pattern.rule_id, pattern.category, m.group(),
                     *_REASONS[pattern.rule_id])
        if time_barred:
            for m in _LITIGATION.finditer(sentence):
                if not _negated(sentence, m.start()):
                    _add(findings, seen, "DEF-CONTENT-04", "time_barred_litigation", m.group(),
                         *_TIME_BARRED_REASON)
        if third_party:
            for m in _DEBT_WORDS.finditer(sentence):
                _add(findings, seen, "DEF-CONTENT-05", "disclosure", m.group(),
                     *_REASONS["DEF-CONTENT-05"])
    return tuple(findings)


def _negated(sentence: str, start: int, end: int | None = None) -> bool:
    """A negation earlier in the same clause, close to the match ("will not be arrested"), or
    inside a match that starts with its subject ("your family is not responsible")."""
    if end is not None and _NEGATION.search(_NOT_A_NEGATION.sub(" ", sentence[start:end])):
        return True
    head = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause = head[breaks[-1].end():] if breaks else head
    if _NEGATION.search(_NOT_A_NEGATION.sub(" ", clause)[-32:]):
        return True
    # "任何私人账户都不是我行的收款账户", "a personal account is never ours"
    return end is not None and bool(_DENIED_AFTER.match(sentence[end:end + 12]))


def _add(findings: list[ContentFinding], seen: set[tuple[str, str]], rule_id: str,
         category: str, span: str, zh: str, en: str) -> None:
    key = (rule_id, span.lower())
    if key in seen:
        return
    seen.add(key)
    findings.append(ContentFinding(rule_id, category, span, f"{zh}：「{span}」", f"{en}: \"{span}\""))
