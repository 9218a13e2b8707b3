"""The content check's rule table, continued: the patterns the fourth to the eighth rounds of
issue 18 added (pressing relatives and emergency contacts, pretexts of institutions, telling
after the fact, how often a collector calls, a business's customers told, consequences no
creditor can bring about). Moved from content_rules.py (thirteenth round) with no change of
behaviour; content_rules_third.py builds on `PATTERNS`.
"""

from __future__ import annotations

import re

from arrears.compliance.content_rules import PATTERNS as _EARLIER
from arrears.compliance.content_rules import Pattern

_I = re.IGNORECASE
_P = Pattern

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

PATTERNS = _EARLIER + _ROUND4 + _ROUND5 + _ROUND6 + _ROUND7 + _ROUND8
