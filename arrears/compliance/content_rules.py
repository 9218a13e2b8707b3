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

PATTERNS = _PATTERNS + _MORE
