"""The concepts of the reaction classifier: words that carry across languages and dialects.

Moved out of classifier.py in the thirteenth round of issue 18 (which grew them); the
classifier's version digests this lexicon, so any change here retrains the model.
"""

from __future__ import annotations

import re

# Concepts shared by both languages, dialects and spellings. Real answers are often two to
# six characters ("怎么老打", "关我啥事"), too short for their character n-grams to meet the
# corpus's; a concept ("calling" with "again", "relation" with "not mine") carries across.
# Each concept and each pair of concepts is a feature.
CONCEPTS: tuple[tuple[str, str], ...] = (
    ("calling", r"打|电话|call|ring|phone|text|短信|信息"),
    ("again", r"老是?|一直|天天|日日|又|总是|还打|每天|几十|好几|再打|again|keep|every ?day|"
              r"times|constant|nonstop|\d+(?:th|st|nd|rd)? call"),
    ("harass", r"骚扰|烦死|烦不烦|折腾|暴力催收|harass|annoy|bother|pester|hound"),
    ("complain", r"投诉|举报|报警|告你们|12378|12321|银保监|金融监管|监管局|黑猫|录音|截图|"
                 r"complain|report|regulator|ombudsman|cfpb|\bfca\b|attorney general|record|"
                 r"12345|软暴力|违规|违法|工号|better business|\bbbb\b|fdcpa|employee number|\bmy mp\b|"
                 r"trading standards|violat|illegal|金管会|消保|消委会|派出所|bank negara|"
                 r"financial ombudsman|"
                 # Thirteenth round: a supervisor asked for over the collector's manner.
                 r"你们(?:的)?(?:领导|主管|经理|上级)|叫(?:你们)?(?:领导|主管|经理)|什么态度|"
                 r"your (?:supervisor|manager|superior)|(?:put|get) (?:your |a )?(?:supervisor|manager)|"
                 r"speak to (?:a|the|your) (?:supervisor|manager)|the way you (?:spoke|talk|speak)|"
                 r"consumer (?:forum|court)|\brude\b"),
    ("third", r"他|她|伊|佢|\bhim\b|\bher\b|\bhis\b|\bhe\b|\bshe\b|they|that guy"),
    ("relation", r"老婆|老公|媳妇|妈|爸|朋友|同事|邻居|家里人|家属|亲戚|表哥|表姐|哥|姐|弟|妹|"
                 r"同学|房东|老板|前台|紧急联系人|担保|wife|husband|mom|mother|dad|father|friend|"
                 r"co-?worker|colleague|neighbou?r|roommate|brother|sister|\bson\b|daughter|"
                 r"\bex\b|landlord|reference|cousin|boss"),
    ("notmine", r"关我|跟我|与我|和我|无关|没关系|不管|管不|别找我|找我干|找我没用|不关|唔关|搭我|"
                r"自己负责|不负责|自己的事|离职|on his own|on her own|on (?:him|her)\b|my concern|"
                r"leave (?:me|my family|us) out|"
                r"not my|nothing to do|leave me out|get involved|not mine|talk to (?:him|her)|"
                r"call (?:him|her)|deal with (?:him|her)|找他|找她|寻伊|搵佢|他本人|她本人|"
                # Thirteenth round: a company's desk about its staff, a neighbour, an ex.
                r"私人(?:借款|债务|的事)|员工(?:的)?(?:私|个人)|不掺和|各过各|"
                r"(?:staff|employees?)'?s? (?:personal|private)|personal (?:loans?|debts?|matters?)|"
                r"accounts payable|between you and (?:him|her|them)|his mess|her mess"),
    ("refuse", r"不还|不想还|不会还|唔还|勿还|不给|没门|别想|一分(?:钱)?都|还个|还你|不怕|"
               r"not paying|never pay|won'?t pay|not gonna pay|forget it|no way|nope|not a (?:cent|dime)|"
               r"不可能|死了这条心|想都别想|下辈子|make me|shut up|come and get|get lost|"
               # A promise on an impossible day is sarcasm: "when pigs fly", 太阳从西边出来.
               r"pigs (?:fly|can fly|might fly)|hell freezes|in your dreams|dream on|"
               r"太阳(?:打|从)西边|猴年马月|做梦|白日梦|铁树开花|"
               # Thirteenth round: "you'll get nothing", "whistle for it", Sichuan 锤子, 爬开.
               r"get (?:nothing|nuthin|nada|zilch)|whistle for it|not (?:a|one) (?:penny|red cent)|"
               r"ain'?t (?:giving|paying)|lose my number|take orders|还你个|锤子|爬开|就不还|"
               r"一分(?:钱)?(?:都|也)?别想"),
    ("insult", r"骗子|傻|妈的|(?<!利)滚(?!利)|去你|神经病|有病|大爷|老子|吸血鬼|fuck|screw|shit|scam|idiot|"
               r"vultures?|parasites?|leech|bloodsucker|crooks?"),
    # Defiance without an insult: "你算什么东西", "爱咋咋地", "what are you gonna do about it".
    ("defy", r"算什么东西|算老几|少废话|吼什么|爱谁谁|爱咋|有种|有本事|拿我怎么|把我(?:咋|怎)|咋地|随便你|"
             r"随你|你告|去告|who the hell|gonna do about|going to do about|go away|see what happens|"
             r"do what you (?:like|want)|bring it|take me to court|sue me|"
             r"哪根葱|哪根筋|也配|你配|爱怎样|爱怎么样|爱怎么着|do your worst|try me"),
    ("pay", r"还|转|付|打款|pay|send|transfer"),
    ("when", r"今天|明天|后天|今晚|下班|周[一二三四五六日末]|礼拜|星期|\d+ ?号|月底|月初|\d ?点|"
             r"听日|明朝|today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|"
             r"saturday|sunday|weekend|\bon the \d|\d+(?:st|nd|rd|th)\b|end of the month|payday"),
    ("amount", r"\d+ ?(?:块|元|万|千|百|bucks|dollars)|[一二两三四五六七八九十]+[千百万]|\$\d|"
               r"一半|全部|全额|一次性|all of it|in full|the full|half"),
    # When money arrives and how often: a payday with a pay verb is a dated promise, a
    # recurring amount is a request for instalments, a hedge keeps a promise vague.
    ("payday", r"(?<![没不])发工资|工资(?:到账|下来|发了)|发薪|发钱|pay ?day|get paid|paid on|"
               r"(?:pay ?check|check|cheque|wages?) (?:comes?|clears?|lands?)"),
    ("recurring", r"每(?:个)?(?:月|周|星期|礼拜|期)|分[0-9一二三四五六七八九十两]+期|"
                  r"\b(?:a|per|each|every) (?:month|week|fortnight)\b|monthly|weekly|fortnightly|"
                  r"分[0-9一二三四五六七八九十两]+次|bit by bit|little by little|in (?:parts|chunks)|"
                  r"split it|\bemi\b|分几(?:期|个月)|分批|一点一点"),
    ("hedge", r"可能|尽量|试试|说不准|不一定|\bmaybe\b|\btry\b|\bmight\b|\bprobably\b"),
    ("vague", r"尽快|快了|过几天|过段|过阵|回头|以后|稍后|晚点|一会|等等|等我|迟早|有钱|钱到|"
              r"想办法|迟啲|迟d|soon|later|eventually|some time|when i|a bit|working on it|as soon|"
              r"一到手|到手就|到账就|不会跑|跑不了|shortly|lil time|little time|gimme time"),
    ("nomoney", r"没钱|钱不够|周转|困难|失业|没工作|发不出|拿不出|亏|broke|no money|afford|"
                r"lost my job|nothing left|benefits|没发工资|裁员|下岗|倒闭|跑路|工钱|没活|没收入|"
                r"laid off|redundan|between jobs|out of work|unemployed|closed down|"
                r"(?:hasn'?t|haven'?t|not) (?:been )?paid me|maxed|financially|skint|struggling|"
                r"ends meet|head above water|只剩|就剩|"
                # Thirteenth round: idioms of an empty pocket and a cut in hours.
                r"兜比脸|比脸(?:还)?干净|拿啥还|拿什么还|紧巴巴|揭不开锅|吃土|房租都是借|借钱(?:交|付)房租|"
                r"keep(?:ing)? the lights on|hours (?:got |were |have been )?cut|cut my hours|"
                r"can'?t even (?:put|buy|afford)|no income|吃饭都成问题|饭都吃不(?:上|起)|还欠着|"
                r"tapped out|went under|jobseeker|"
                r"\b(?:got|have|left with) (?:like |only |just )?(?:£|\$)?\w+ "
                r"(?:quid|pounds?|bucks|dollars?) (?:in my|to my name|left|till)"),
    # Illness, a death or a disaster in the family: what separates a crisis from hardship
    # ("laid off" vs "broke my leg and can't work") and from being busy at the hospital.
    ("crisis", r"住院|医院|手术|化疗|生病|病了|病危|癌|icu|重症|车祸|着火|火灾|怀孕|骨折|受伤|透析|"
               r"离婚|肿瘤|流产|divorce|depress|miscarr|tumou?r|"
               r"坐月子|生孩子|抑郁|\bill\b|illness|sick|hospital|surgery|cancer|chemo|covid|"
               r"pregnan|mental health|dying|broke my|injur|hurt|dialysis|accident|fire\b|"
               r"早产|保温箱|被淹|淹了|水灾|洪水|地震|台风|flood|dengue|confined|typhoon|hurricane|"
               r"earthquake|tornado|wildfire|evacuat"),
    # How to pay or what the collector said: questions of a debtor who is not objecting
    # ("可以用支付宝还吗", "can I pay by card", "can you send me a statement").
    ("howto", r"怎么(?:还|付|交|转)|支付宝|微信|银行卡|账号|卡号|账单|明细|发票|证明|客服|网站|官网|"
              r"普通话|慢点|再说一遍|重复|by card|online|statement|website|log ?in|methods?|"
              r"account number|sort code|repeat|slower|speak up|receipt|app\b"),
    ("wrong", r"打错|不认识|没这个人|没有这个人|不是他|刚办|wrong|never heard|nobody|no one by|"
              r"^不是我$|没听过|不姓|我姓|新号|号码是我的|not my name|mixed me up|someone else|"
              r"isn'?t (?:their|his|her|my) number|"
              r"(?:got|bought) (?:this|the|a) (?:number|mobile|phone|sim)|"
              # Thirteenth round: a number bought or kept for years, the former owner unknown.
              r"号(?:码)?[^，,。]{0,6}(?:才|刚)(?:买|办|换)|之前是谁|以前是谁的|上一个机主|前机主|"
              r"had this number (?:since|for)|keep getting calls for|wrang number"),
    # The debt itself is questioned: its amount, its proof, who borrowed it.
    ("dispute", r"证据|合同|明细|有问题|哪来的|凭什么|凭啥|不认|算错|多收|乱收|利息太高|砍头息|冒用|"
                r"不是我借|没借过|don'?t owe|never (?:borrowed|had|signed|owed)|not my debt|proof|"
                r"add up|how is it|wrong amount|overcharg|identity theft|verif|"
                # Someone else borrowed in the debtor's name: a fraud reported to the police
                # is a dispute of the debt, not a complaint about the collector.
                r"不是我本人|盗用|冒名|拿我(?:的)?(?:信息|身份|证件)|用我(?:的)?(?:信息|身份)|"
                r"stole my (?:identity|details)|in my name|"
                r"not my (?:loan|account|card|debt)|never (?:apply|applied|took out|opened)|"
                # Thirteenth round: a balance of unknown origin, a sum grown by compounding.
                r"不知道有这笔|哪来的(?:钱|账|债)|利滚利|(?:咋|怎么)(?:就)?变成|"
                r"where(?:'s| is| does| did) (?:this|that)(?: \w+)? (?:come|coming) from|"
                r"don'?t recogni[sz]e (?:this|that|the)|only (?:ever )?borrowed|我(?:只|就|才)借了?|"
                r"(?:balance|amount|figure|total|bill|number)(?:'s| is)? "
                r"(?:way |totally |completely )?off\b"),
    # A death or an incapacity: who the debtor is, not what they feel.
    # 走了 after a verb of taking is money gone (扣走了, 拿走了), not a death; 没了 after a
    # person (儿子人没了) is one.
    ("dead", r"去世|过世|过身|病逝|猝死|丧事|病故|死了|(?<![扣拿划转取搬跑带收刷抢偷])走了|不在了|"
             r"(?:人|儿子|女儿|老公|丈夫|老婆|妻子|爸|妈|父亲|母亲|孩子|娃)(?:人)?(?:已经|早就|早都|都)?没了|"
             r"中风|植物人|痴呆|昏迷|passed away|\bpassed\b|\bpass(?:es)? (?:away|on)\b|"
             r"\bdied\b|\bdead\b|funeral|deceased|dementia|alzheimer|失智|认不得人|人都认不得|脑溢血|脑出血|coma|incapacit|stroke|"
             # Cantonese (过咗身), Nigerian ("my brother is late", "passed on"), the soft
             # forms of the elderly ("not with us any more") and an incapacity told by a
             # deputy or an attorney ("can't manage her own affairs", 认不出人, 糊涂了).
             r"过咗身|过咗世|走咗|\b(?:my (?:brother|sister|father|mother|husband|wife|son|daughter|"
             r"dad|mum|mom|uncle|aunt)|he|she) is late\b(?! (?:for|with|on|paying))|passed on\b|"
             r"(?:isn'?t|not|no longer) with us|认不出|糊涂了|老糊涂|brain (?:injury|damage)|"
             r"manage (?:his|her|their) (?:own )?affairs|lacks? capacity|\bdeputy\b|power of attorney|"
             # Thirteenth round: 不在世, a burial, "lost his battle", RIP, a lasting power of
             # attorney, "ain't with us no more".
             r"不在世|不在人世|已故|身故|下葬|安葬|出殡|火化|年前没的|\bburied\b|\bburial\b|"
             r"lost (?:his|her|their) (?:battle|fight)|\brip\b(?! ?off)|r\.i\.p|rest in peace|"
             r"ain'?t with us|lost (?:mental )?capacity|\blpa\b|lasting power|"
             r"\b(?:mum|mom|dad|husband|wife)(?:'s| has| is) gone\b"),
    # An insolvency procedure or a lawyer, in the forms of several jurisdictions: 个人破产,
    # 债务重组, Taiwan's 更生 and 清算, a DRO, an IVA, chapter 7 or 13, a trustee, a debt
    # management plan (a DMP with a debt charity); 律丝 is speech recognition's 律师.
    ("insolvent", r"破产|债务重组|重整|更生|清算|律师|律丝|法律援助|法援|bankrupt|insolven|"
                  r"chapter (?:7|11|13|seven|thirteen)|\biva\b|\bdro\b|debt relief order|trustee|"
                  r"debt management (?:plan|company)|\bdmp\b|stepchange|payplan|债务管理计划|"
                  r"lawyer|attorney|solicitor|legal aid|chambers|"
                  # Thirteenth round: Indian "advocate", a legal adviser, a firm of lawyers,
                  # Scotland's sequestration and trust deed.
                  r"\badvocate\b|法律顾问|律所|律师事务所|legal (?:counsel|advis[oe]r|team)|"
                  r"sequestrat|trust deed"),
    ("busy", r"忙|开会|开车|上班|不方便|不在|唔方便|揸车|揸紧车|开紧车|返紧工|busy|meeting|driving|"
             r"at work|call (?:me )?back|on duty|on shift|in (?:a )?(?:lecture|class)|at the till"),
    ("stop", r"别打|不要打|别再|不要再|别给我打|stop calling|don'?t call|don'?t contact|stop contact"),
    # Tense: what was done (paid, sent, 已经还了) and what will be (明天转, I'll pay): the
    # words of a claim of payment and of a promise are otherwise the same.
    ("done", r"已经|早就|早(?:都)?还|过了|[还转交付汇打]了|结清|处理了|显示|回单|凭证|截图|\bpaid\b|"
             r"\bsent\b|mailed|transferred|went (?:out|through)|cleared|confirmation|receipt|"
             r"already|last (?:week|month)|yesterday|昨天|上周|上个月|上礼拜|"
             # Cantonese 过数 (transferred), pidgin "I don pay" (have paid), an errand done.
             r"过咗?数|\bdon (?:pay|send|transfer|clear)|钱过去了|弄好了|搞定了|办好了"),
    ("will", r"会|要|就去|就转|就还|马上|待会|一会|明|下午|晚上|后还|内还|\bwill\b|'ll\b|going to|gonna|"
             r"tomorrow|tmrw|later|tonight|paying (?:it )?(?:on|tomorrow|tmrw|today|this|next|by)"),
    # A discount or a settlement asked for: "打个折 一次结清" is an offer, not a payment made.
    ("discount", r"打(?:个)?折|折扣|减免|免(?:掉|了|除)|少(?:点|一点|些)|便宜|优惠|抹(?:零|掉)|一次性结清|"
                 r"\bdiscount|\bsettle (?:for|it for)|\bknock (?:it )?off|\bwaive|\breduc|"
                 r"\bsettlement\b|\blump sum\b|\bhalf\b.*\bsettle|"
                 r"(?:违约金|罚息|滞纳金|手续费|利息)(?:拿掉|去掉|免|减|不要|停)|(?:拿掉|去掉|停掉)|"
                 r"lowest you(?:'ll| will| would)? (?:take|accept)|close (?:this|it) out"),
    # The speaker's own relatives ("打给我妈", "call my mom"): the debtor speaks of family,
    # where a third party speaks of the debtor (他, his).
    ("myrel", r"我(?:的)?(?:妈|爸|老婆|老公|媳妇|家人|家里人|父母|爸妈|丈母娘|婆婆|公公|岳父|岳母|"
              r"同事|单位|领导|朋友|亲戚|儿子|女儿|孩子)|"
              r"\bmy (?:mom|mum|mother|dad|father|parents|wife|husband|family|kids?|son|daughter|"
              r"boss|work|employer|co-?workers?|friends?|neighbou?rs?|sister|brother|in-laws?)\b"),
    # Thirteenth round: the caller doubted ("我怎么确定你不是诈骗电话", "how do I know you're not
    # a scammer"): a question before anything else, not a complaint or a refusal.
    ("checkyou", r"怎么(?:确定|知道|证明|相信)你|不是(?:诈骗|骗子)|是不是(?:诈骗|骗子)|诈骗电话|"
                 r"how (?:do|can|would|will) i know (?:you|this|that|it)|prove (?:who you are|you'?re)|"
                 r"not (?:a )?scam|is this (?:a )?scam|registration number|"
                 r"who (?:is this|are you)|what is this (?:about|regarding)"),
    ("question", r"谁|什么|啥|哪|多少|[?？]|\bwho\b|\bwhat\b|how much|which"),
    ("negation", r"不|没|别|勿|唔|\bnot\b|n'?t\b|\bnever\b|\bno\b"),
)
_CONCEPT_RE = tuple((name, re.compile(pattern, re.I)) for name, pattern in CONCEPTS)


def concept_tokens(text: str) -> list[str]:
    """The concepts an utterance mentions, and every pair of them."""
    found = sorted(name for name, pattern in _CONCEPT_RE if pattern.search(text))
    return found + [f"{a}+{b}" for i, a in enumerate(found) for b in found[i + 1:]]
