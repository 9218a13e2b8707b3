"""The content check's rule table (content.py applies it): one pattern a kind of forbidden
phrase, in Chinese and English, each naming its rule (compliance.md §6.4) and whether a
conditional statement of a lawful step excuses it. Grouped as the rounds of issue 18 added
them; a finding quotes the phrase that fired, so a compliance officer can see why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE


@dataclass(frozen=True)
class Pattern:
    rule_id: str
    category: str
    regex: re.Pattern[str]
    # Excused inside a conditional sentence with a modal ("if ... may ...").
    conditional_ok: bool = False


_P = Pattern
_PATTERNS: tuple[Pattern, ...] = (
    # DEF-CONTENT-01: impersonation and pretext: a courier, an authority, a lawyer, the
    # employer, a survey, a prize, a friend or relative.
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"\b(?:this is|calling from|i'?m calling from|i am calling from|i'?m with|we are|we'?re|"
        r"i am|i'?m|(?:i'?m |i am |we'?re |we are )?calling on behalf of|"
        r"(?:i'?m|i am|we'?re|we are) (?:calling |ringing )?from)\s+"
        r"(?:an?\s+|the\s+|your\s+|a local\s+)?(?:local\s+|county\s+|city\s+|district\s+|state\s+)?"
        r"(?:fedex|ups|dhl|usps|royal mail|evri|hermes|amazon|courier|postman|post office|"
        r"delivery (?:driver|company|service)|police|sheriff'?s?|court clerk|"
        r"(?:the )?court(?! dates?\b| reminder\b)|"
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
        r"(?<![不非并这那码])(?:我们这|我这|我|我们|这里|这边|本人)?(?:是(?!否|由)|这里是|这边是)[^，。,.？！]{0,8}?"
        r"(?:警察|公安|民警|刑警|经侦|派出所|法院|法官|检察院|律师|律所|政府|街道办|居委会|村委会|"
        r"(?<!个)人事|HR|社保|人社局|工商(?!银行)|市场监管|税务|移民局|银保监|金融监管|金融监督管理|人民银行|"
        r"央行|征信中心|互金协会|消费者协会|调查|问卷|亲戚|老同学|"
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
        r"(?:call|ring|contact|phone|text|visit|inform|notify|write to) (?:(?:both )?you and )?"
        r"(?:your |all your )"
        r"(?:boss|employer|manager|workplace|colleagues|co-?workers|neighbou?rs|friends|relatives|"
        r"family|parents|mother|father|church|pastor|(?:child(?:ren)?'?s?|kids?'?s?|sons?'?s?|"
        r"daughters?'?s?) (?:school|teachers?|nursery|kindergarten|college))|"
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
        r"(?:邻居|同事|领导|单位|亲戚|亲友|朋友|同学|老板|全村|村里|小区|所有人|大家|家人|家里人|全家|父母|爸妈)"
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
        # The debtor's own loan is the debt, not advice to borrow ("your payday loan payment was
        # returned").
        r"another (?:app|lender|loan)|(?<!your )(?<!the )(?<!this )(?<!our )payday loan|"
        r"(?<!your )(?<!the )(?<!this )(?<!our )title loan|loan app|cash advance|max out|"
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
        # 以贷养贷 named as the harm it is (以贷养贷只会让情况更糟) is advice against it.
        r"以贷养贷(?![^，。]{0,6}(?:只会|会让|不可取|风险|危害|越滚越|更糟|更难|陷阱|不是办法|解决不了))|撸口子|"
        r"借(?:网贷|高利贷|新还旧)|(?<![这你您的个])借呗(?![^，。]{0,6}(?:逾期|账单|欠款|到期|应还))|套现|"
        r"(?:去|找|到|在|上)(?:别的|其他|网贷|网上的?|贷款)?(?:平台|APP|软件|网贷)(?:上)?借|"
        r"(?:用|开通|借)(?:花呗|借呗|白条|微粒贷|别的信用卡)|"
        r"(?:找|向|跟|让)(?:你)?(?:的)?(?:亲戚|朋友|同事|家人|父母|爸妈|兄弟|姐妹)"
        r"(?:借|要|凑|拿|帮你还|帮你凑|想办法)|"
        r"卖(?:房|车|掉)|把(?:房子|车|东西|家里的东西)卖了|变卖|典当|"
        r"转(?:到|给)?我(?:的)?(?:个人|私人)?(?:微信|支付宝|账户|卡)|转给我(?!们|司|行|的同事)|"
        r"(?:打|汇|存)到我(?:的)?(?:个人|私人)?(?:卡|账户|微信|支付宝)|"
        r"我(?:的)?(?:个人|私人)(?:微信|支付宝|账户|卡)|我(?:的)?(?:微信|支付宝)(?:上|里)|"
        r"(?:加|扫)我(?:的)?(?:私人|个人)?(?:微信|二维码|收款码)|私人微信|收款码|"
        r"(?:转|打|汇|存|付|还)(?:款|钱)?(?:到|至|进|入|给)[^，。；]{0,6}(?:私人|个人)(?:账户|账号|银行卡|卡)|"
        r"私人账户|(?:私人|个人)(?:账户|账号)(?:收款|代收)|催收费|手续费|"
        # A collector's own fee; an invoice's service fee is the debt itself (贵公司应付我司的第三
        # 季度服务费86,400元已逾期45天).
        # The service fee owed is the debt (贵司拖欠的服务费已多次催收未果).
        r"(?<!物业)(?<!季度)(?<!月度)(?<!年度)(?<!技术)(?<!咨询)(?<!维护)(?<!应付)(?<!拖欠的)(?<!欠付的)"
        r"(?<!未付的)(?<!所欠的)(?<!尚欠的)(?<!拖欠)(?<!欠付)服务费"
        r"(?![^，。]{0,10}(?:已逾期|未付|尚未支付|逾期未))|"
        r"(?:必须|务必|马上|立刻|立即)[^，。]{0,6}(?:全部|一次性|全额)还清|"
        r"(?:今天|今晚|明天|\d+点|[一二三四五六七八九十两]+点)[^，。]{0,4}前?(?:必须|务必)|"
        r"(?:马上|立刻|立即)(?:必须)?(?:全部|一次性)?还清", _I)),
)


# Broadened after reading real collection language (public quotes, reported messages) and the
# misses of the written sittings: paraphrases of the same categories, one alternation each.
_MORE: tuple[Pattern, ...] = (
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
        # A fee, a sum or interest charged to an account is no criminal charge ("an unreturned
        # equipment fee of $250 will be charged to your final bill", "you will be charged a
        # late fee").
        r"\b(?:felony|prosecut\w+|criminal complaint|(?<![\d%] )(?<!fee )(?<!fees )(?<!charges )"
        r"(?<!interest )(?<!penalty )(?<!amount )(?:will|'ll) be charged(?! (?:to|on|against|at|for|monthly|"
        r"daily|weekly|per)\b)(?! (?:a |an |the |any )?(?:[\w-]+ ){0,2}(?:fees?|charges?|interest|rate|"
        r"amount|penalty|costs?)\b)|charged with|"
        r"pending (?:case|lawsuit)|court date has been|lawsuit will be filed|(?:be|"
        r"being) filed (?:tomorrow|today)|"
        # A summons a condition speaks of ("costs will be added if a summons is issued") is none.
        r"(?<!if a )(?<!if the )(?<!once a )(?<!once the )(?<!unless a )summons (?:is|has been|will be)|"
        # A civil warrant (of control, of possession; of entry to fit a prepayment meter) is no
        # arrest warrant.
        r"(?<!suspend the )(?<!possession )(?<!eviction )warrants?(?! of (?:control|execution|possession|"
        r"eviction|attachment|delivery|restitution|distress|entry))(?! to enter\b)|"
        r"filing (?:charges|a warrant|warrants)|"
        r"(?:forwarded|sent|passed) to (?:our |the )?(?:legal|attorney|law)\w* (?:team|"
        r"department)? ?(?:and|for)|"
        r"judge'?s desk|automatic (?:court )?judgment|credit (?:report|record|file) forever|"
        # Credit refused for ever, everywhere: no report says it ("we'll make sure you never
        # get a loan again anywhere in the country").
        r"never (?:\w+ ){0,3}(?:get|be able to get|be approved for|be given|be granted|obtain|qualify "
        r"for|borrow) (?:\w+ ){0,2}(?:loans?|credit|mortgages?|credit cards?|finance|money)\b(?: \w+){0,5}"
        r" again|(?:no|not a single|not one) (?:bank|lender)s? (?:will|'ll|would) ever (?:lend|give|"
        r"approve)|blacklisted (?:by|with|from|at) (?:every|all|any)|"
        # The debtor reported to the tax, immigration or benefits authorities: no creditor does
        # it for a debt ("we are required to report you to the IRS for tax evasion"); a
        # cancelled debt reported on a 1099-C is "it", not "you".
        r"report(?:ing|ed)? you to (?:the )?(?:irs|hmrc|tax \w+|inland revenue|immigration|ice|"
        r"home office|dwp|benefits? \w+|fbi|authorities)|tax evasion|tax fraud|benefits? fraud|"
        r"(?:notify|notifying|inform|informing|tell|telling|contact|contacting|call|calling) (?:the )?"
        r"(?:immigration|ice|home office|irs|hmrc|dwp)\b(?: \w+){0,3} about (?:you|your \w+)|"
        r"(?:benefits|social security|tax refund|pension)(?: \w+)? (?:will|'ll) be (?:taken|cut|"
        r"stopped|intercepted|seized)|"
        r"(?:lose|suspend\w*) your driver'?s licen[cs]e|restraining order|order to show cause|"
        r"named (?:as )?a respondent|must appear (?:in court)?|"
        r"(?:is|are) (?:now )?(?:legally )?responsible for (?:your|his|her|this|the) debts?|"
        r"(?:wife|husband|spouse|parents?|mother|father|son|daughter|family) (?:is|"
        r"are) (?:on the hook|liable)|"
        r"(?:family(?: members)?|relatives|parents|spouse|wife|husband|children|son|daughter|"
        r"emergency contacts?) (?:is|are) (?:now )?(?:legally )?(?:obliged|obligated|required|bound) "
        r"to (?:pay|repay|cover|settle)|"
        r"(?:committed|committing) fraud|fraud charges|theft by deception)\b", _I)),
    # Court action stated as what may follow ("if the arrears are not cleared, we may take
    # court action") is a lawful step; stated as begun or certain, it is the false claim.
    _P("DEF-CONTENT-04", "false_legal", re.compile(r"\bcourt action\b", _I), conditional_ok=True),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"移交(?:给)?(?:了)?(?:法院|法务|司法|公安|派出所|户籍地|经侦|当地)|传票(?!.{0,6}(?:前|后))|"
        r"政审|(?:考公|当兵|参军|考编|考大学|上学)(?:[^，。]{0,4})(?:受影响|过不了|完蛋|不行|影响)|"
        r"(?:定成|定性为|按|当成|算)(?:信用卡)?诈骗|信用卡诈骗|恶意逃废债|逃废债|骗贷|"
        r"刑事立案|转刑事|刑侦|判刑|三年起步|"
        r"(?:偷税|逃税|漏税)|(?:举报|通报|上报|报告|反映)(?:给|到|至)?(?:你的?)?(?:所在地)?(?:税务|移民|出入境|社保|纪委)|"
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
        # Told to go and borrow on an app; a sender's name in its brackets (【某借款APP】) is not.
        r"(?:下载|下个|装个)?(?:贷款|借款|借钱)(?:软件|app)(?![^【】]{0,6}】)|随便借一个|一人凑|凑一点|凑一凑|"
        r"私人(?:支付宝|微信|账户|卡)|(?:退休金|养老钱|养老金)[^，。]{0,4}(?:垫|还|拿)|垫上|先垫|"
        r"处理费|上门费|(?:不接受|不给|没有)分期|没得商量|"
        r"(?:必须|务必|马上|立刻|立即)[^，。]{0,6}(?:全部|一次性|全额)(?:还清|结清|还上|到账)|"
        r"按最(?:高级别|严重的?情况)处理", _I)),
)
# Fourth round: causes that generalise, not single lines. Pressing an emergency contact or a
# relative to pay a debt that is not theirs; pretexts of institutions the debtor cannot ignore
# (the child's school, a hospital, a deputy on the way); telling someone by another verb.
_ROUND4: tuple[Pattern, ...] = (
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
_ROUND5: tuple[Pattern, ...] = (
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
_ROUND6: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"\b(?:call|ring|text|phone|message)s? (?:you|your \w+) (?:every|each) (?:hour|day|morning|"
        r"night|\d+ minutes|half hour|few (?:minutes|hours))|every hour,? every day|"
        r"(?:keep|won'?t stop|never stop|not stop) (?:calling|texting|ringing) (?:you |your \w+ )?"
        r"(?:until|till)\b|(?:call|ring|text)(?:ing)? (?:you )?(?:non-?stop|all day|all night|"
        r"around the clock|24/7|day and night|night and day)|"
        # The call said, then its repetition: "tonight, and every night after that".
        r"\b(?:call|ring|text|phone)\w* (?:you )?(?:again )?(?:tonight|at night)\b[^.;]{0,20}"
        r"\bevery (?:night|evening)\b", _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"每隔[^，。]{0,6}(?:分钟|小时|钟头)(?:就)?(?:打|call|发)|天天(?:打|call|发短信)|"
        r"一天打[^，。]{0,4}(?:遍|次|个)|打到你(?:还钱|还款|接|还|全家)|打爆|轰炸|轮番(?:打|call)|"
        r"不停(?:地)?(?:打|call)|(?:24|二十四)小时(?:不停|轮流|轮番)|"
        r"每(?:天|日)?(?:晚上|夜里|半夜|深夜)(?:都)?(?:会)?(?:给你|找你)?(?:打|call)|"
        r"(?:去|找|到|在|上)(?:别的|其他|另外的?|别家)(?:网贷|网上的?|贷款)?(?:平台|APP|软件|网贷)"
        r"(?:上)?(?:再|先|重新)?借|再借(?:一笔|点|些)[^，。]{0,6}还|借(?:一笔|点钱|些钱)?先(?:把我们|还我们)",
        _I)),
)
# Added at the seventh round's merge: a business customer's debt told to its own customers,
# suppliers or partners ("否则我们将联系贵司所有客户告知欠款情况", "we'll let your customers know"):
# disclosure to third parties as much as telling a person's neighbours. A court order on what
# its customers owe (a third-party debt order) is a lawful step and says no such thing.
_ROUND7: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"(?:联系|通知|告知|告诉|发函给|函告|打电话给)(?:了|过)?(?:贵司|你司|你们|你们公司|您|你)?(?:的)?"
        r"(?:所有的?|全部)?(?:客户(?!经理|专员|服务|代表|顾问)|供应商|合作(?:伙伴|方|商)|经销商|代理商|下游|上游|"
        r"同行|业内)|"
        r"(?:客户|供应商|合作(?:伙伴|方)|经销商|同行|业内)[^，。,.]{0,6}(?:都|就|会|很快|马上)"
        r"[^，。,.]{0,4}(?:知道|晓得|听说)|"
        r"\b(?:tell|inform|notify|contact|write to|email|call|ring|let) (?:all |every one )?(?:of )?"
        r"your (?:customers|clients|suppliers|business partners|partners|distributors|dealers|"
        r"trade contacts)\b|\byour (?:customers|clients|suppliers|business partners|distributors) "
        r"(?:will|'ll|are going to) (?:hear|know|find out|learn|be told)\b", _I)),
)
# Eighth round: how often, said as a count a day or an hour ("每天给你打二十个电话", "we'll call
# you 30 times a day", "一小时打五遍") or as calls that end only with payment ("打到你还为止",
# "calls until you pay"), is pressure however the sentence is built. One daily reminder is
# not, nor two (the count must be three or more, or "dozens", as the limits of 3 a day go).
_MANY = (r"(?:[3-9]|\d{2,}|[二两]十[一二三四五六七八九]?|"
         r"[三四五六七八九十几百][十百]?[一二三四五六七八九]?|好几)")
_MANY_EN = (r"(?:[3-9]|\d{2,}|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|a hundred|"
            r"a dozen|dozens of|several|multiple|many)")
# Read in the eighth round from the sittings D, D2 and the paraphrases: consequences no
# creditor can bring about, said as fact. A credit file is not "blacked" (征信拉黑) and has no
# blacklist, a debt does not stop the debtor's bank cards, social or medical insurance, a
# licence is not suspended and children do not inherit a debt by collection, and a debtor who
# did not answer letters is in no contempt of court.
_ROUND8_LEGAL = (
    r"征信(?:已经|已|都|就|会|将)?(?:被)?(?:拉黑|黑了|黑掉|废了)|"
    r"(?:名下|你的|您的)(?:的)?(?:所有|全部)?(?:的)?银行卡(?:都|会|将|全部|马上|立即){0,2}(?:被)?(?:停用|冻结|封掉|作废)|"
    r"(?:社保|医保|公积金)(?:和|、)?(?:社保|医保|公积金)?(?:卡)?(?:都|也|会|将|马上){0,2}(?:被)?(?:停掉|停用|冻结|取消)|"
    r"\b(?:suspend|revoke|cancel|lose)\w* your (?:professional |nursing |business |trade |medical |teaching |"
    r"real estate |contractor'?s? )?licen[cs]e\b|"
    r"\byou(?:'re| are| have been| will be)(?: now)? (?:held )?in contempt\b|"
    r"\b(?:children|kids|family|heirs|son|daughter) (?:will|would|are going to|'ll) inherit (?:this|the|your|"
    r"his|her) debt|"
    # The police after a civil debtor ("the police are looking for you", "does not mean the
    # police will stop looking for you", 警察已经在找你了).
    r"\b(?:police|cops|sheriff|marshals?|fbi|authorities)\b[^.;!?]{0,24}\b(?:looking|searching|hunting|"
    r"coming) for you\b|(?:警察|公安|民警|派出所|经侦)(?:已经|正在|都)?(?:在)?(?:找你|抓你|上门抓)"
)
_ROUND8: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-04", "false_legal", re.compile(_ROUND8_LEGAL, _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"(?:每天|每日|一天|每小时|每个小时|一小时|一个小时|每晚|半夜)(?:都|就|会)?(?:给|往|朝)?"
        r"(?:你|您|你家|你们|你单位|你公司|你家人)?(?:的)?(?:手机|电话|单位)?(?:打|call|拨|发)"
        rf"(?:上)?{_MANY}(?:个|次|遍|通|条)|"
        r"(?:打|call|发短信|发信息)[^。！!]{0,12}(?:直到|直至|一直到)(?:你|您)[^。！!]{0,4}(?:还|付|交|结清)"
        r"(?:钱|款|清)?为止|"
        rf"\b(?:call|ring|text|phone|message)(?:s|ing)? (?:you|your \w+) {_MANY_EN} times (?:a|an|per|every) "
        r"(?:day|hour|night)\b|"
        rf"\b{_MANY_EN} (?:calls|texts|messages) (?:a|an|per|every) (?:day|hour|night)\b|"
        r"\b(?:call(?:ing)?|ring(?:ing)?|text(?:ing)?|phon(?:e|ing)) (?:you|your \w+)(?: \w+){0,4} "
        r"(?:every day|daily|"
        r"day and night|every night) (?:until|till) you pay\b", _I)),
)
PATTERNS = _PATTERNS + _MORE + _ROUND4 + _ROUND5 + _ROUND6 + _ROUND7 + _ROUND8
