"""How a turn's own words move the model's label (arrears.scripts.assist): who is speaking,
the order in which a turn with two reactions is shown, a promise with a day against a vague
one, a payment still to come against one made. The model reads the whole corpus; these read
the words it cannot weigh, each rule with the turns that led to it.
"""

from __future__ import annotations

import datetime as dt
import re

from arrears.scripts.labels import Reaction
from arrears.scripts.parsing import parse_amount, parse_date

_PROMISE_PAIR = {Reaction.WILL_PAY_SOON, Reaction.PROMISE_SPECIFIC}
# A debtor who names when (a date, a weekday, the month's end) and says pay makes a dated promise, even
# when the same turn asks for time or says money is short ("这个月实在不行 下个月十号发了工资先还一千",
# "I can't do it all but I'll pay 200 on the 15th"): the panel shows the promise, whose reply
# and prefilled form are what the collector needs. A recurring schedule ("每个月15号还五百",
# "50 a month") is a request for instalments; a hedge ("尽量", "I'll try") keeps it vague.
_PAY_VERB = re.compile(
    r"(?:还|转|付|交)(?![不起])|打(?:给|过去|款|钱)|给你|结清|\b(?:pay|send|transfer|settle|clear|cover)\b|"
    # "I can do 200", "I'll do it Friday"; not "what do you want me to do" (twelfth round).
    r"\bdo\b(?= (?:\d|£|\$|it\b|that\b|the\b|half\b|all\b))",
    re.I)
_RECURRING = re.compile(r"每(?:个)?(?:月|周|星期|礼拜|期)|分[0-9一二三四五六七八九十两]+期|"
                        r"\b(?:a|per|each|every) (?:month|week|fortnight)\b|\bmonthly\b|\bweekly\b",
                        re.I)
_HEDGE = re.compile(r"可能|尽量|试试|看看吧|说不准|不一定|\b(?:i'?ll|i will|gonna) try\b|\bmaybe\b|"
                    r"\bhopefully\b|\bmight\b", re.I)


# Turns with two reactions: the panel shows the one that comes first in this order (the
# labelling rule of the corpus, docs/contact-check.md): who is speaking (deceased or
# incapacitated, wrong number, a third party), then a lawyer or bankruptcy, a complaint,
# a dispute or a payment already made, illness or a family crisis, refusal, a request to
# stop contact, a dated promise, instalments, hardship, a vague promise, busy, other. The
# model picks one reaction; an unmistakable word of a reaction that comes earlier moves the
# label to it (a lawyer named while asking to stop calls is a lawyer).
_ORDER = (
    Reaction.DECEASED_OR_INCAPACITATED, Reaction.WRONG_PERSON_OR_NUMBER,
    Reaction.THIRD_PARTY_SAYS_NOT_MY_BUSINESS, Reaction.BANKRUPTCY_OR_LAWYER,
    Reaction.COMPLAINS_ABOUT_HARASSMENT, Reaction.DISPUTES_DEBT, Reaction.CLAIMS_ALREADY_PAID,
    Reaction.ILLNESS_OR_FAMILY_CRISIS, Reaction.REFUSES_OR_HOSTILE, Reaction.ASKS_TO_STOP_CONTACT,
    Reaction.PROMISE_SPECIFIC, Reaction.WANTS_INSTALLMENT_OR_REDUCTION, Reaction.HARDSHIP_NO_MONEY,
    Reaction.WILL_PAY_SOON, Reaction.AWAY_OR_BUSY, Reaction.OTHER,
)
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (Reaction.BANKRUPTCY_OR_LAWYER, re.compile(
        r"(?<!没)(?:我的?|找|联系|请了)律师|破产|\b(?:my|our) (?:lawyer|attorney|solicitor)\b|"
        r"\bbankrupt|\bchapter (?:7|13|seven|thirteen)\b|\binsolvency\b|\bin an iva\b|"
        r"\bdebt relief order\b|\b(?:on|in) a (?:dmp|debt management plan)\b|\bstepchange\b|"
        r"\b(?:have|got|hired|retained|getting) (?:a|an|my) (?:lawyer|attorney|"
        r"solicitor)\b", re.I)),
    (Reaction.COMPLAINS_ABOUT_HARASSMENT, re.compile(
        r"(?<!没)投诉|举报|骚扰|12378|银保监|金融监管|\bcomplain|\breport(?:ing)? you\b|"
        r"\bharass|\bregulator\b|\bcfpb\b|\bombudsman\b", re.I)),
    # The debt denied: "I never owed you people anything, stop calling" is a dispute first.
    (Reaction.DISPUTES_DEBT, re.compile(
        r"没借过|不是我借的|我没借|不是我的(?:债|钱|账)|\bnever (?:owed|borrowed)\b|\bdon'?t owe\b|"
        r"\bnot my debt\b|\bprove (?:it|that|i owe)\b|\bshows? (?:that )?i owe\b|\bvalidat(?:e|ion)\b|"
        r"拿出证据|证明我欠|"
        # Ninth round: a bill the insurance should have paid is disputed, not a crisis.
        r"\binsurance (?:should|was supposed to|is supposed to|were supposed to|needs? to|has to|"
        r"was meant to) (?:have )?(?:pay|paid|cover|covered)\b|\bsupposed to go (?:to|through) "
        r"(?:my |the )?insurance\b|\bnot mine to pay\b|"
        r"保险(?:公司)?(?:应该|本该|该)(?:赔|报销|付|出)", re.I)),
    (Reaction.ILLNESS_OR_FAMILY_CRISIS, re.compile(
        r"住院|手术|化疗|生病|病危|月子|生完孩子|刚生了?孩子|流产|车祸|骨折|癌|重症|\bicu\b|"
        r"\b(?:in (?:the )?hospital|surgery|chemo|cancer|diagnosed|miscarriage|just gave birth)\b", re.I)),
    (Reaction.REFUSES_OR_HOSTILE, re.compile(
        r"^滚|去死|\bgo to hell\b|\bf(?:uck)? off\b|\bnot paying (?:a|anything)\b", re.I)),
    # A request to stop the calls said with a promise, a plea or a question ("I'll pay when I
    # get paid, stop calling me", "发工资就还 你们别一天打好几遍了", "I lost my job, stop calling
    # me"): the order puts it before them. 别催 ("don't rush me") is no request to stop, and
    # "别打了先" or "don't call me now" only puts the call off.
    (Reaction.ASKS_TO_STOP_CONTACT, re.compile(
        r"(?:别|不要|甭|不准)(?:再|老|总|天天|每天|一天|一直|老是|整天)?(?:打(?![算工折款钱])|联系|骚扰)"
        r"(?!.{0,3}先)|"
        r"\b(?:stop|quit|cease)\s+(?:calling|ringing|texting|contacting|phoning|bothering|harassing|"
        r"all (?:phone )?contact)|\b(?:don'?t|do not|never)\s+(?:call|ring|text|contact|phone)\s+"
        r"(?:me|this number|here|my)\b(?!\s+(?:now|right now|back|later|until|till|at the moment))|"
        r"\bno more calls\b|\bcease and desist\b", re.I)),
    # Ninth round: no money said with a vague promise ("i'll pay when i can, i'm broke",
    # 我也想还 可是真的没钱) is hardship, which the order puts before it.
    (Reaction.HARDSHIP_NO_MONEY, re.compile(
        r"没钱|没有钱|冇钱|莫得钱|拿不出|没收入|\bbroke\b|\bno money\b|\bskint\b|\bno income\b", re.I)),
)
# A cue moves only these labels: the ones a cue's reaction is most often said together with
# (a dated promise too: "don't call me at work, I'll send 300 on Friday" asks to stop first).
_CUE_MOVES = {Reaction.ASKS_TO_STOP_CONTACT, Reaction.REFUSES_OR_HOSTILE, Reaction.AWAY_OR_BUSY,
              Reaction.PROMISE_SPECIFIC,
              Reaction.HARDSHIP_NO_MONEY, Reaction.WANTS_INSTALLMENT_OR_REDUCTION,
              Reaction.WILL_PAY_SOON, Reaction.OTHER}


# Who speaks, and what a turn does not say. A debtor asking that a relative be left alone
# ("别再打给我妈了", "stop calling my mom") speaks of *my* family and is asking to stop contact,
# not a third party disowning the debt. A claim of payment needs a word of paying: a turn
# with none that tells of a death ("我儿子人已经没了") is a death; one that asks for a
# discount or a settlement with no word of the past ("打个折 一次结清") is a request for a
# reduction, whatever 结清 or 已经 made the model read.
_STOP_RELATIVE = re.compile(
    r"(?:别|不要|不准|甭|莫)(?:再|老|总)?(?:是)?(?:打(?:给|到|电话给)?|往|联系|找|骚扰|烦)(?:我(?:的)?)"
    r"(?:妈|爸|老婆|老公|媳妇|家人|家里|父母|爸妈|丈母娘|婆婆|公公|岳父|岳母|同事|单位|领导|朋友|"
    r"亲戚|儿子|女儿|孩子)|"
    r"\b(?:stop|quit|don'?t|do not|never)\b(?: \w+)?(?: calling| contacting| texting| ringing| call| contact|"
    r" text| ring| bother(?:ing)?)(?: \w+)? my (?:mom|mum|mother|dad|father|parents|wife|husband|family|"
    r"kids?|son|daughter|boss|work|employer|co-?workers?|friends?|neighbou?rs?|sister|brother|in-laws?)\b",
    re.I)
# Words of a payment made (还了, 扣走了, paid); 还 alone is also "still" (你们还来要债).
_PAY_ACT = re.compile(r"还(?:了|清|上|完|过|进)|转(?:了|过|账)|付(?:了|过|款)|交(?:了|过)|扣(?:了|过|走|款)|"
                      r"汇(?:了|款)|打(?:了|过)|结清|清了|\b(?:pa(?:y|id)|sent|transfer|debit|took|taken|"
                      r"cleared|settled|check|cheque)", re.I)
_DEATH = re.compile(
    r"去世|过世|过身|病逝|死了|人没了|(?:儿子|女儿|老公|丈夫|老婆|妻子|爸|妈|父亲|母亲|孩子|娃)(?:人)?"
    r"(?:已经|早就|早都|都)?(?:没了|不在了)|\bpass(?:ed|es)? away\b|\b(?:he|she) died\b|\bis dead\b", re.I)
_DISCOUNT = re.compile(
    r"打(?:个)?折|折扣|减免|免(?:掉|了|除)|少(?:点|一点|些)|便宜点|优惠|抹(?:零|掉)|"
    r"\bdiscount|\bsettle (?:for|it for)\b|\bknock (?:it |some )?off\b|\bwaive|\breduc|"
    r"\b(?:settlement|lump sum) (?:offer|deal)\b", re.I)


# The debtor's death told by someone else ("他都死了半年了 你们还天天打"): who the debtor is comes
# first in the order, whatever else the turn says. 他爸死了 (a death in the family) is not it.
_DEBTOR_DEAD = re.compile(
    r"(?:他|她)(?:人)?(?:都|就|已经|早就|早都|去年|前年|上个月|半年前|\d+年前){0,2}"
    r"(?:死了|去世|过世|病逝|没了|已经不在了)|"
    # "she pass away last month": the verb as a second language or speech recognition gives it.
    r"\b(?:he|she) (?:has |had )?(?:pass(?:ed)? (?:away|on)|died)\b|"
    r"\b(?:he|she)(?:'s| is) (?:dead|deceased)\b",
    re.I)
# "又不是不还", "I never said I wouldn't pay": a double negative is a promise, not a refusal.
_NOT_REFUSING = re.compile(
    r"(?:不是|没说|并不是|又不是|也不是|没说过)不(?:想|肯)?还|"
    r"\b(?:never said|not saying|didn'?t say) (?:that )?i (?:won'?t|wouldn'?t|will not) pay\b", re.I)


# A promise said in annoyance ("发了工资就还你们，别催了", "I'll pay when I get paid, stop
# calling") is no refusal: the model reads 别催了 as hostility. Unless the turn also refuses
# or insults, it is a request to stop the calls if it makes one (the order puts that before a
# promise), else the promise.
_WILL_PAY = re.compile(
    r"(?:就|会|肯定|一定|马上|尽快|月底|到时候?)(?:会|去)?还|还(?:你们|给你|上)|"
    r"\bi'?ll pay\b|\bi will pay\b|\bgonna pay\b|\bi'?ll (?:sort|settle) it\b", re.I)
_REFUSING = re.compile(
    r"不(?:会|想|打算)?还|别想|休想|一分(?:钱)?(?:都|也)不|没门|(?<!利)滚(?!利)|去死|他妈|傻|"
    r"\b(?:won'?t|will not|not gonna|never) pay\b|\bnot paying\b|\bf\*?u?c?k|\bscrew you\b|"
    # A promise on a day that never comes is sarcasm (twelfth round): "I'll pay when pigs fly".
    r"\bpigs (?:can |might |will )?fly\b|\bhell freezes\b|\bin your dreams\b|\bdream on\b|"
    r"太阳(?:打|从)西边|猴年马月|铁树开花|做梦", re.I)
_STOP_PRESSING = re.compile(
    r"(?:别|不要|甭)(?:再|老|总|天天)?(?:催|打|烦|call)|催什么|\bstop (?:calling|ringing|texting|"
    r"bothering|harassing)\b|\bquit calling\b", re.I)


# An incapacity that silences the debtor (a stroke, dementia, a coma), told by whoever answers:
# who the debtor is comes first, so a relative saying it ("我爸脑梗瘫在床上 话都说不了") is no
# third party disowning the debt.
_INCAPACITY = re.compile(
    r"脑梗|脑溢血|脑出血|中风|瘫(?:痪|在床)|植物人|痴呆|失智|昏迷|不省人事|认不得人|人都认不(?:得|出)|认不出人|说不了话|话都说不了|醒不过来|"
    r"(?:没法|无法|不能)(?:沟通|交流|说话)|神志不清|精神病|"
    r"\bdementia\b|\balzheimer|\bin a coma\b|\bhad a stroke\b|\bbed-?ridden\b|\bincapacit|"
    r"\bunconscious\b|\bvegetative\b|\bpsychiatric\b|\bsectioned\b|\bcan'?t communicate\b|"
    r"\b(?:care|nursing) home\b|"
    r"\bcan'?t (?:speak|talk) anymore\b|\blost (?:mental )?capacity\b|"
    # Twelfth round: told by a spouse (糊涂了, 连我都认不出来) or by a deputy or an attorney.
    r"糊涂了|老糊涂|认不出|人都不认识|谁都不认(?:识|得)|\bbrain (?:injury|damage)\b|"
    r"\bcan'?t manage (?:his|her|their) (?:own )?affairs\b|"
    r"\blacks? (?:mental )?capacity\b|\b(?:his|her|their) (?:appointed )?deputy\b|"
    r"\bpower of attorney\b", re.I)
# A death or an incapacity in words; "dead" said of a business, a phone or a market is none
# ("business has been dead since the road works started", "dead broke").
_FIGURATIVE_DEAD = re.compile(
    r"\b(?:business|trade|work|phone|line|battery|market|shop|store|sales|town|season)"
    r"(?:'s|\s+(?:is|was|has been|had been|went|been|gone))\s+(?:\w+\s+)?dead\b|"
    r"\bdead (?:broke|slow|quiet|end|tired|serious|set)\b|\bdeadline", re.I)
_DEATH_WORD = re.compile(
    r"去世|过世|过身|病逝|猝死|丧事|病故|死|走了|不在了|不在人世|没了|遗产|\bpass(?:ed)?\b|\bdied\b|\bdead\b|\bdeath\b|"
    r"funeral|deceased|estate|widow|\blate (?:husband|wife|father|mother)\b|"
    # Cantonese 过咗身, 走咗; the soft forms "no longer with us" and Nigerian "my brother is late".
    r"过咗|走咗|\b(?:isn'?t|not|no longer) with us\b|\b(?:brother|sister|father|mother|husband|wife|son|"
    r"daughter|dad|mum|mom|uncle|aunt|he|she) is late\b(?! (?:for|with|on|paying))|"
    # Thirteenth round: 不在世, a burial or a cremation, "lost his battle", RIP.
    r"不在世|已故|身故|下葬|安葬|出殡|火化|\bburied\b|\bburial\b|\blost (?:his|her|their) (?:battle|fight)\b|"
    r"\brip\b(?! ?off)|\brest in peace\b|\bain'?t with us\b|"
    r"\b(?:mum|mom|dad|husband|wife)(?:'s| has| is) gone\b",
    re.I)
# A wrong number told by naming the place that answered ("我们这是个五金店", "this is a hardware
# store"): the place, with no word of the debt, is the wrong number, not a dispute or a
# question.
_PLACE_ANSWERS = re.compile(
    r"(?:我们|我|你打的)?这(?:里|边|儿)?是(?:个|一家|家)?[\u4e00-\u9fff]{0,6}?"
    r"(?:店|公司|饭店|餐馆|餐厅|诊所|学校|工厂|厂|超市|酒店|宾馆|前台|办公室|药房|门市|营业厅|幼儿园|"
    r"派出所|银行|工地|仓库|网吧|理发店)|"
    r"\b(?:this is|this's|it's|you'?ve (?:reached|called|got)|you called)\s+(?:a|an|the)\s+(?:[a-z]+\s+){0,2}"
    r"(?:store|shop|office|clinic|restaurant|salon|business|school|hotel|garage|pharmacy|bakery|"
    r"church|factory|company|warehouse|practice|surgery|takeaway|cafe|bar|workshop|"
    r"agency|firm|center|centre|line)\b", re.I)
# "I'm at work, this is a busy office, call back later" is busy, not a wrong number.
_BUSY = re.compile(r"忙|开会|不方便|上班|开车|晚点|\bbusy\b|\bmeeting\b|\bdriving\b|\bcall (?:me )?back\b|"
                   r"\blater\b|\bat work\b", re.I)
_DEBT_WORD = re.compile(
    r"欠|借|还|钱|账|债|贷|款|\bowe|\bdebt|\bloan|\bbill|\binvoice|\bpa(?:y|id)\b|\baccount|\bbalance|"
    r"\bcard\b", re.I)


# Words of no money, for a turn the model read as a death on a figure of speech.
_NO_MONEY = re.compile(
    r"没钱|没有钱|拿不出|没收入|没工作|失业|\bbroke\b|\bno money\b|\bcan'?t (?:pay|afford)\b|"
    r"\blost my job\b|\blaid off\b|\bno income\b|\bno work\b", re.I)


_COMPLAINT_WORD = re.compile(
    r"投诉|举报|报警|告你|骚扰|烦|监管|12378|12321|12345|录音|工号|违法|违规|暴力|"
    r"\bcomplain|\breport|\bharass|\bregulator|\bombudsman|\bcfpb\b|\bfca\b|\battorney general|\brecord|"
    r"\billegal|\bviolat|\bsue\b|\bbbb\b|\bmp\b|\bmanager|\bsupervisor", re.I)
_MY_LAWYER = re.compile(r"我(?:的)?(?:代理)?律师|\bmy (?:lawyer|attorney|solicitor|trustee)\b", re.I)
_SEND_ME = re.compile(r"\b(?:send|email|e-mail|text|mail) me\b|发(?:给)?我|寄(?:给)?我", re.I)
# Words of the terms a debtor asks for: instalments, a plan, a part, a discount, a settlement.
_TERMS_ASKED = re.compile(
    r"分期|分[0-9一二三四五六七八九十两]+|每(?:个)?月|一部分|一半|先还|减|免|折|少|便宜|结清|协商|"
    r"\binstal|\bplan\b|\barrangement|\bsettle|\bdiscount|\bwaive|\breduc|\blower\b|\bless\b|"
    r"\bhalf\b|\bpart\b|\bper month|\ba month|\bmonthly|\bweekly|\bspread|\boffer", re.I)


# A third party who disowns the debt or says the debtor is out, for a turn the model read as
# a death with no word of one ("she ain't here and I ain't her secretary").
_NOT_MINE = re.compile(
    r"关我|跟我(?:没|有什么)关系|别找我|不关我|\bnot my (?:problem|business|debt|concern)\b|"
    r"\bnothing to do with me\b|\bsecretary\b|\bnot (?:his|her) (?:keeper|mother|mom)\b", re.I)
_NOT_IN = re.compile(
    r"不在(?:家|这|呢)?(?!了)|出去了|\b(?:is|'s|aint|ain'?t|isn'?t) (?:not )?(?:here|home|in)\b|"
    r"\bstepped out\b", re.I)
# Words of an illness or a crisis other than "ill", which is also "I'll" typed without its
# apostrophe.
_CRISIS = re.compile(
    r"病|医院|住院|手术|化疗|癌|车祸|骨折|去世|过世|离婚|月子|怀孕|流产|抑郁|火灾|意外|受伤|"
    r"\bsick\b|\bill(?:ness)?\b(?! (?:pay|send|do|call|be|get|try|have|give|make|sort|take|transfer|"
    r"clear|settle|put|let)\b)|hospital|hospice|surgery|chemo|cancer|accident|injur|hurt|died|"
    r"passed|funeral|divorce|\bfire\b|flood|pregnan|miscarr|depress|diagnos|\bicu\b|stroke|"
    r"dialysis|mental health|broke my|covid", re.I)
_CEASE_LETTER = re.compile(r"\bcease and desist\b|\bcease (?:all )?(?:communication|contact)|停止催收", re.I)


# Ninth round: what a turn's words say against the model's label. "different guy, same
# name" is a wrong person, not hostility; "the bill's wrong" or "charged me after I cancelled"
# a dispute, not a wrong number; "cease and desist" a request to stop, not a refusal.
_NOT_THAT_PERSON = re.compile(
    r"\b(?:different|another|wrong) (?:guy|person|man|woman|lady|bloke|fella|chap)\b|\bsame name\b|"
    r"同名|重名|不是同一个人|认错人|搞错人|找错人", re.I)
_BILL_WRONG = re.compile(
    r"\b(?:bill|amount|balance|charges?|figure|total|invoice|statement|sum)(?:'s| is| are| was| were)? "
    r"(?:\w+ )?wrong\b|\bwrong (?:amount|balance|bill|charges?|figure|total)\b|\bcharged me\b|"
    r"\bovercharg|金额不对|账不对|多收|乱收|多扣", re.I)
_INSURANCE = re.compile(
    r"\binsurance (?:should|was supposed to|is supposed to|were supposed to|needs? to|has to|"
    r"was meant to) (?:have )?(?:pay|paid|cover|covered)\b|\bsupposed to go (?:to|through) "
    r"(?:my |the )?insurance\b|保险(?:公司)?(?:应该|本该|该)(?:赔|报销|付|出)", re.I)


def _speaker_and_act(label: str, text: str) -> str:
    if label != Reaction.DECEASED_OR_INCAPACITATED and _DEBTOR_DEAD.search(text):
        return Reaction.DECEASED_OR_INCAPACITATED
    if label == Reaction.THIRD_PARTY_SAYS_NOT_MY_BUSINESS and _INCAPACITY.search(text):
        return Reaction.DECEASED_OR_INCAPACITATED
    if label == Reaction.DECEASED_OR_INCAPACITATED and not (
            _DEATH_WORD.search(_FIGURATIVE_DEAD.sub(" ", text)) or _INCAPACITY.search(text)):
        # No word of a death or an incapacity: "talk to my lawyer", "business is dead".
        for cue, pattern in _CUES:
            if pattern.search(text):
                return cue
        if _NO_MONEY.search(text):
            return Reaction.HARDSHIP_NO_MONEY
        if _NOT_MINE.search(text):
            return Reaction.THIRD_PARTY_SAYS_NOT_MY_BUSINESS
        if _NOT_IN.search(text):
            return Reaction.AWAY_OR_BUSY
    if label == Reaction.ILLNESS_OR_FAMILY_CRISIS and _WILL_PAY.search(text) and not _CRISIS.search(text):
        # "ok ok ill pay by the end of the week": "ill" is "I'll" typed without its apostrophe.
        return Reaction.WILL_PAY_SOON
    if label == Reaction.CLAIMS_ALREADY_PAID and _CEASE_LETTER.search(text):
        # "I sent you a cease and desist letter": what was sent is a request to stop.
        return Reaction.ASKS_TO_STOP_CONTACT
    if (label not in (Reaction.DECEASED_OR_INCAPACITATED, Reaction.WRONG_PERSON_OR_NUMBER,
                      Reaction.THIRD_PARTY_SAYS_NOT_MY_BUSINESS, Reaction.AWAY_OR_BUSY)
            and _PLACE_ANSWERS.search(text) and not _DEBT_WORD.search(text)
            and not _BUSY.search(text)):
        return Reaction.WRONG_PERSON_OR_NUMBER
    if (label == Reaction.COMPLAINS_ABOUT_HARASSMENT and _WILL_PAY.search(text)
            and not _COMPLAINT_WORD.search(text)):
        # A complaint needs a word of one: "周五晚上我就还" is a promise whatever the model read.
        return Reaction.WILL_PAY_SOON
    if (label == Reaction.WANTS_INSTALLMENT_OR_REDUCTION and _SEND_ME.search(text)
            and not _TERMS_ASKED.search(text)):
        # "can you send me the balance by email" asks for papers, not for terms.
        return Reaction.OTHER
    if label == Reaction.REFUSES_OR_HOSTILE and _NOT_REFUSING.search(text):
        return Reaction.WILL_PAY_SOON
    if (label in (Reaction.REFUSES_OR_HOSTILE, Reaction.OTHER) and _WILL_PAY.search(text)
            and not _REFUSING.search(text)):
        return Reaction.ASKS_TO_STOP_CONTACT if _STOP_PRESSING.search(text) else Reaction.WILL_PAY_SOON
    if label == Reaction.THIRD_PARTY_SAYS_NOT_MY_BUSINESS and _MY_LAWYER.search(text):
        # "my attorney is Sarah Kim, talk to her": whoever names *my* lawyer is the debtor.
        return Reaction.BANKRUPTCY_OR_LAWYER
    if label == Reaction.THIRD_PARTY_SAYS_NOT_MY_BUSINESS and _STOP_RELATIVE.search(text):
        return Reaction.ASKS_TO_STOP_CONTACT
    if label == Reaction.CLAIMS_ALREADY_PAID and not _PAY_ACT.search(text) and _DEATH.search(text):
        return Reaction.DECEASED_OR_INCAPACITATED
    if label == Reaction.CLAIMS_ALREADY_PAID and _DISCOUNT.search(text) and not _PAST.search(text):
        return Reaction.WANTS_INSTALLMENT_OR_REDUCTION
    if (label in (Reaction.REFUSES_OR_HOSTILE, Reaction.OTHER, Reaction.AWAY_OR_BUSY)
            and _NOT_THAT_PERSON.search(text)):
        return Reaction.WRONG_PERSON_OR_NUMBER
    if label == Reaction.WRONG_PERSON_OR_NUMBER and _BILL_WRONG.search(text):
        return Reaction.DISPUTES_DEBT
    if label == Reaction.ILLNESS_OR_FAMILY_CRISIS and _INSURANCE.search(text):
        return Reaction.DISPUTES_DEBT
    if label == Reaction.REFUSES_OR_HOSTILE and _CEASE_LETTER.search(text) and not _REFUSING.search(text):
        return Reaction.ASKS_TO_STOP_CONTACT
    return label


def first_reaction(label: str, text: str) -> str:
    """The label the order above puts first, given the model's label and the turn's words."""
    label = _speaker_and_act(label, text)
    if label not in _CUE_MOVES:
        return label
    for cue, pattern in _CUES:
        if _ORDER.index(cue) < _ORDER.index(label) and pattern.search(text):
            return cue
    return label


# A payment still to come, not one made: "月底发了工资就全还了 30号", "二十八号之前全部结清",
# "I'll pay it on the 5th". The model reads 还了 and a date as a claim of payment; a future
# marker before the pay verb, with no word of the past, makes it a dated promise.
_FUTURE_PAY = re.compile(
    r"(?:就|会|要|再|之前|以前|前)(?:全|都|一起|全部|一次性)?(?:还|转|付|结清|打)|明[天早晚]|后天|"
    r"下(?:午|周|个月|礼拜|星期)|\b(?:will|going to|gonna)\b|'ll\b|\b(?:tomorrow|tmrw|by the|before the)\b",
    re.I)
_PAST = re.compile(
    r"已经|早就|早都|昨天|前天|上(?:周|个月|礼拜|星期)|刚(?:刚)?(?:还|转|付)|\b(?:already|yesterday|ago)\b|"
    r"\blast (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:have|'ve|has|had|was|were) (?:been )?(?:paid|sent|transferred)\b", re.I)


# Days of a month the date parser does not resolve ("the first of next month").
_MONTH_DAY = re.compile(
    r"\b(?:the )?(?:first|1st|second|2nd|fifteenth|15th|last day|end) of (?:next|the|this) month\b", re.I)


# "next week" with no day in it names no day to diary ("I pay next week can or not"), as 下周
# with no weekday does not; "the end of next week" and "next week Tuesday" do.
_BARE_NEXT_WEEK = re.compile(r"(?<!end of )\bnext week\b(?!\s+(?:mon|tue|wed|thu|fri|sat|sun))", re.I)


def _dated(text: str, today: dt.date) -> bool:
    """A day the debtor names. A payday alone ("发了工资就还", "when I get paid") names none:
    the collector cannot put it in the diary, so the promise stays vague; a payday with its
    day (月底发工资, "Friday when I get paid") is dated by that day."""
    if _BARE_NEXT_WEEK.search(text) and parse_date(_BARE_NEXT_WEEK.sub(" ", text), today) is None:
        return bool(_MONTH_DAY.search(text))
    return parse_date(text, today) is not None or bool(_MONTH_DAY.search(text))


# Paying, not calling: 打给你 is also "call you", "do" is "can't do it now".
_MONEY_VERB = re.compile(
    r"还|转|付|交(?!流)|打(?:过去|款|钱)|结清|\b(?:pay|send|transfer|settle|clear)\b", re.I)


# An offer on a condition ("if I pay half today can you settle the rest", "如果我今天还一半 剩下的
# 能不能免了") asks for terms; its day is the condition's, not a promise's.
_OFFER = re.compile(
    r"\bif i (?:pay|give|send|do|put|clear)\b.{0,40}\b(?:can|could|would|will) (?:you|u|ya)\b|"
    r"如果我?.{0,12}(?:还|付|转|给).{0,14}(?:能不能|可不可以|可以吗|行不行|能否|行吗)", re.I)


def refine(label: str, text: str, today: dt.date) -> str:
    """A promise is specific when the debtor names a date or an amount, vague otherwise.

    The model confuses the two (the words around the date carry most of its n-grams); the
    date and amount parsers settle it, and they return None when a phrase is ambiguous. A
    request for time or a plea of no money that also names a date to pay on is a dated
    promise (see _PAY_VERB above and docs/contact-check.md, "turns with two reactions").
    """
    label = first_reaction(label, text)
    hedged = bool(_HEDGE.search(text)) and parse_amount(text) is None
    if (label == Reaction.CLAIMS_ALREADY_PAID and _FUTURE_PAY.search(text) and not _PAST.search(text)
            and _dated(text, today) and not hedged):
        return Reaction.PROMISE_SPECIFIC
    if label in (Reaction.WANTS_INSTALLMENT_OR_REDUCTION, Reaction.HARDSHIP_NO_MONEY):
        if (_dated(text, today) and _PAY_VERB.search(text) and not _RECURRING.search(text)
                and not hedged and not _OFFER.search(text)):
            return Reaction.PROMISE_SPECIFIC
        return label
    # "ok I can do 200 on Friday by card": a day and an amount to pay is a promise, whatever
    # the question of how to pay made the model read.
    if (label == Reaction.OTHER and _dated(text, today) and parse_amount(text) is not None
            and _PAY_VERB.search(text) and not hedged):
        return Reaction.PROMISE_SPECIFIC
    # "明儿个上午我就去银行给你打过去": a day and a word of paying, with nothing of being busy,
    # is a promise the model read as a call put off (the morning, 上午, is a time of day).
    if (label == Reaction.AWAY_OR_BUSY and _dated(text, today) and _MONEY_VERB.search(text)
            and not _BUSY.search(text) and not hedged):
        return Reaction.PROMISE_SPECIFIC
    if label not in _PROMISE_PAIR:
        return label
    if hedged:
        return Reaction.WILL_PAY_SOON
    specific = _dated(text, today) or parse_amount(text) is not None
    return Reaction.PROMISE_SPECIFIC if specific else Reaction.WILL_PAY_SOON
