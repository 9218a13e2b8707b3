"""The learned layer's concepts (content_model.py): words shared by both languages and many
spellings, each one feature, and every pair of them. Moved from content_model.py (issue 18,
thirteenth round) with no change of behaviour; the model's version still hashes `_CONCEPTS`.
"""

from __future__ import annotations

import re

# Concepts shared by both languages and by many spellings: a line about the police, jail and
# the debtor's children says the same in Chinese, English or pinyin, so the model learns one
# weight for "police" instead of one per spelling, and pairs of concepts ("family" with
# "harm", "police" with "arrest") carry what a threat or a false legal claim is made of.
_CONCEPTS: tuple[tuple[str, str], ...] = (
    # A lender's own staff ("your loan officer", "a collections officer") is no police.
    ("police", r"police|cops?\b|sheriff|deputy|detective|law enforcement|fbi\b|"
               r"(?<!loan )(?<!credit )(?<!account )(?<!compliance )(?<!relationship )"
               r"(?<!collections )(?<!collection )(?<!recoveries )(?<!customer )(?<!welfare )officer|"
               r"investigat|警察|公安|派出所|民警|经侦|刑警|差馆|公检法|警方|jing ?cha|bao ?jing|报警"),
    ("jail", r"arrest|jail|prison|warrant|handcuff|locked up|detain|custody|behind bars|"
             r"坐牢|拘留|逮捕|抓人|抓你|被抓|判刑|蹲|拘捕|zuo ?lao|zhua ?ren|拉你|俾人拉"),
    ("crime", r"crime|criminal|fraud|felony|prosecut|charges|theft|offen[cs]e|illegal|unlawful|"
              r"诈骗|犯罪|刑事|立案|恶意透支|违法|犯法|案底|案件|涉嫌"),
    ("court", r"court|judge|lawsuit|\bsued?\b|\bsuing|summons|subpoena|judg(?:e)?ment|garnish|"
              r"\blien|contempt|法院|传票|起诉|开庭|判决|强制执行|执行局|失信|被执行|律师函"),
    ("seize", r"seiz|freez|frozen|repossess|take your|garnish|冻结|查封|扣押|拍卖|没收|划扣"),
    ("family", r"\bkids?\b|children|daughter|\bson\b|wife|husband|mother|\bmom|\bmum|\bdad\b|"
               r"father|parents|family|grandm|sister|brother|spouse|little (?:girl|boy|one)|"
               r"孩子|女儿|闺女|儿子|老婆|老公|"
               r"媳妇|妻子|爸|妈|父母|家人|全家|家里人|老人|亲戚|兄弟|姐|妹|屋企人|屋里厢"),
    ("school", r"school|class|college|\bgrade\b|bus stop|playground|nursery|学校|幼儿园|放学|上学|"
               r"高考|班级|考试|班主任"),
    ("home", r"\bhouse|\bhome\b|your place|address|doorstep|building|\bcar\b|truck|家门|住址|"
             r"\bdoors?\b|\bstreet\b|\bgarden\b|\bdrive home|家里|小区|楼下|门口|住哪|几楼|车|店"),
    ("job", r"\bjob\b|\bwork\b|workplace|boss|employer|office|co-?workers|colleague|manager|"
            r"supervisor|landlord|单位|公司|领导|老板|同事|工作|上班|房东"),
    ("harm", r"hurt|accident|break|broke|smash|burn|slash|kill|\bsafe\b|regret|shame if|"
             r"sort you out|pay a visit|visit|waiting (?:for|outside)|watch|砸|泼|打断|弄死|小心|"
             r"bad luck|a pity|be a shame|just saying|scratch|unpleasant|get (?:ugly|nasty)|"
             r"surprise visit|be careful|drive carefully|"
             r"mirrors?|sleep at night|lock(?:ing)? (?:your |my |the )?doors|test me|keep an eye|"
             r"happens? to (?:you|him|her|them)|anything happen|"
             r"后果自负|好看|不太平|出事|不好过|看着办|上门|等着|想不想|跟着你|找人|麻烦|"
             r"注意安全|意外|留(?:个)?心眼|走夜路|担惊受怕|别的办法|看看(?:她|他)老人家"),
    # Knowing the debtor's movements, family or address: with family, home or school, the
    # words of a veiled threat ("we know what time your wife leaves", "你家孩子几点放学我们都清楚").
    # "May I know when you can pay?" is a question, not knowledge of the debtor's movements.
    ("knows", r"(?<!may )(?<!can )(?<!could )(?<!might )"
              r"\b(?:we|i) know (?:where|what|which|when|who|how|your|about your)|"
              r"\bwe'?ve been (?:by|to|past)|know(?:s)? where you|"
              r"(?:我们|我|咱)(?:都|也|早就|已经)?(?:知道|清楚|摸清|门清)|一清二楚|"
              r"(?:知道|清楚)你(?:家|住|在|孩子|老婆|老公|爸|妈|单位|每天)"),
    # Someone other than the reader: with a debt word, the words of a disclosure or of
    # pressing a third party ("remind your brother he still owes", "他欠款不还，你帮忙催催他").
    ("third", r"\b(?:he|she|him|his|her)\b|\b(?:your|his|her) (?:brother|sister|son|daughter|"
              r"husband|wife|friend|tenant|employee|cousin|nephew|niece|father|mother)\b|"
              r"listed as|\breference\b|emergency contact|(?<!其)他|她|紧急联系人"),
    ("contacts", r"contacts|everyone (?:you know|in your)|phone ?book|friends|social media|"
                 r"facebook|通讯录|朋友圈|亲友|群|微信好友|抖音|tong ?xun ?lu"),
    # A postpaid plan, a postponed date and a postcode are no posting.
    ("expose", r"\bpost(?!paid|pone|al\b|code|age\b)|publish|\btold\b|\btell\b|let .{1,30} know|"
               r"know about|find out|explain|"
               r"announce|曝光|公示|贴|发到|告诉|传单|知道你|说一声|打招呼|通知"),
    ("debt", r"debt|owe|loan|balance|unpaid|behind on|overdue|past due|欠|贷款|账|逾期|qian"),
    ("authority", r"this is (?:the )?(?:officer|deputy|detective|court|sheriff|irs|police|"
                  r"government|legal)|calling (?:from|on behalf of) (?:the )?(?:court|police|"
                  r"county|irs|government)|我是(?:法院|派出所|公安|民警|警察|律师|检察院|税务)|"
                  r"这边是(?:法院|公安|派出所|税务|征信)"),
    ("pretext", r"package|parcel|delivery|courier|ups\b|fedex|nurse|pharmacy|hr department|"
                r"survey|prize|快递|包裹|顺丰|人事部|居委会|同学|聚聚|中奖"),
    ("pay_other", r"borrow|get (?:him|her|them) to pay|chip in|pay (?:it )?for (?:him|her)|"
                  r"\badvance on|payday loan|pawn|credit card|sell your|"
                  # 借 as a verb of borrowing more, not 借款/借据/借贷 (the loan itself).
                  r"替他|帮他还|帮她还|(?:去|找|向|跟)[^，。]{0,6}借(?![款据贷条的])|"
                  r"借(?:点|些|一点|一笔)?钱(?:给|帮|来还|还)|借给(?:他|她)|"
                  # 凑/垫 for someone else or from others; the debtor gathering money is not.
                  r"(?:帮|替|给)(?:他|她)(?:垫|凑)|(?:去|找|向|跟)[^，。]{0,6}(?:凑|垫)|垫上|先垫|一人凑|"
                  r"(?:借|撸|下|找)(?:个|点|些)?网贷|套现|卖了|变卖"),
    # 个人账户 as "your account with us" is no payment channel; money sent to one is.
    ("channel", r"gift card|personal (?:paypal|venmo)|(?:to|into|via) (?:a |my )?personal (?:bank )?"
                r"account|cash app|my account|(?:转|打|汇|存|付)[^，。]{0,6}个人(?:账户|账号|卡)|"
                r"个人(?:支付宝|微信)|我(?:的)?(?:卡|支付宝|微信)|私人"),
    # The loan itself and its paper: the words of a lawful contract reminder.
    ("contract", r"\bcontract|agreement|\bclause|\bterms\b|合同|协议|借据|借条|借款|借贷|约定|条款|"
                 r"第[一二三四五六七八九十\d]+条"),
    # Someone introducing themselves: with an institution, the words of a pretext.
    ("caller", r"\bthis is\b|\bit'?s \w+ (?:from|with|at)\b|calling from|i'?m with|"
               r"我是|这里是|这边是|我这边是"),
    ("hospital", r"hospital|clinic|nurse|pharmacy|doctor|医院|诊所|卫生院|医生|护士"),
    ("onway", r"on (?:my|his|her|our|their) way|pick you up|(?:来|去)接你|路上|已经出发|已出发"),
    # Someone else made to pay: an emergency contact or a relative told the debt is theirs.
    ("you_pay", r"得(?:你|您)来?还|(?:你|您)来还|替(?:他|她)|帮(?:他|她)(?:还|垫)|on the hook|"
                r"cover (?:it|this|that|the \w+) for|pay (?:it |this )?for (?:him|her)|紧急联系人"),
    ("urgent", r"today|tonight|right now|within|by \d|hours?|立即|马上|今天|今晚|小时内|分钟"),
    ("negation", r"\bnot\b|n't|\bnever\b|\bno\b|不会|不是|没有|并非|不用|无需|不必|别|勿"),
)
_CONCEPT_RE = tuple((name, re.compile(pattern, re.I)) for name, pattern in _CONCEPTS)


def concept_tokens(text: str) -> list[str]:
    """The concepts a (normalised) text mentions, and every pair of them."""
    found = sorted(name for name, pattern in _CONCEPT_RE if pattern.search(text))
    return found + [f"{a}+{b}" for i, a in enumerate(found) for b in found[i + 1:]]
