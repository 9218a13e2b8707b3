"""The content check: forbidden script content (compliance.md §6.4), in Chinese and English.

A rule-based classifier, deliberately: each finding names the phrase that fired, so a
compliance officer can see why, and the human review queue of §6.4 stays the backstop.
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
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class ContentFinding:
    rule_id: str
    category: str
    span: str
    reason_zh: str
    reason_en: str


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
_TIME_BARRED_REASON = (
    "该债务已过诉讼时效，话术不得出现任何诉讼或法院相关表述",
    "the debt is time-barred, so the script must not mention suing, courts or legal action",
)

_P = _Pattern
_PATTERNS: tuple[_Pattern, ...] = (
    # DEF-CONTENT-01: impersonation and pretext.
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"\b(?:this is|calling from|i'?m calling from|i am calling from|i'?m with|we are|"
        r"i am|i'?m)\s+(?:an?\s+|the\s+|your\s+)?(?:fedex|ups|dhl|usps|royal mail|courier|"
        r"delivery (?:driver|company|service)|police|sheriff|court clerk|the court|county court|"
        r"officer|detective|government|department of|irs|hmrc|bailiff|enforcement officer|"
        r"(?:company'?s?\s+)?(?:hr|human resources)|payroll|survey|market research|"
        r"(?:a\s+)?(?:relative|cousin|old friend)|(?:your\s+)?(?:lawyer|attorney|solicitor))\b|"
        r"\b(?:conducting|doing|running) (?:a |an )?(?:survey|poll|questionnaire)\b", _I)),
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"\b(?:parcel|package|delivery) (?:for you|waiting|could not be delivered|to confirm)|"
        r"missed (?:a )?delivery|confirm your address for (?:the|a|your) (?:parcel|package|delivery)",
        _I)),
    _P("DEF-CONTENT-01", "impersonation", re.compile(
        r"快递|顺丰|包裹|派件|取件|"
        r"我(?:们)?(?:是|这里是|这边是)[^，。,.]{0,6}?(?:警察|公安|民警|法院|检察院|律师|政府|"
        r"人事|HR|社保|工商|税务|调查|问卷|亲戚|老同学|平台客服)|"
        r"(?:公安局|派出所|法院|检察院|经侦)(?:打来|来电|的电话|这边)|问卷调查|市场调查|回访调查",
        _I)),
    # DEF-CONTENT-02: threats of arrest, prison, violence, harm to safety, property, reputation.
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:arrest(?:ed)?|jail|prison|lock(?:ed)? you up|handcuff\w*|"
        r"(?:come|show up|turn up|be) (?:to|at) your (?:house|home|door|office)(?: tonight| and| with)|"
        r"hurt (?:you|your)|break your|you'?ll regret|we know where you live|"
        r"(?:your|the) (?:family|kids|children) (?:won'?t|will not) be safe|"
        r"something (?:bad|unfortunate) (?:will|might|could) happen|"
        r"ruin your (?:reputation|life|career)|make your life (?:hell|miserable))\b", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"抓你|抓起来|被抓|被捕|逮捕|坐牢|拘留你|判刑|蹲监狱|带人(?:上门|过去|去你)|上门找你(?:麻烦|算账)|"
        r"打断|弄死|收拾你|小心(?:你|点)|后果自负|让你好看|走着瞧|不得安宁|"
        r"(?:你|您)(?:的)?家人(?:的)?安全|砸(?:了)?你|堵你|跟踪你", _I)),
    # DEF-CONTENT-03: insults, profanity, degrading labels.
    _P("DEF-CONTENT-03", "insult", re.compile(
        r"\b(?:deadbeats?|loser|liar|scum\w*|idiot|stupid|moron|fuck\w*|shit\w*|bitch|bastard|"
        r"damn|crook|thief|pathetic|worthless|lowlife|parasite)\b", _I)),
    _P("DEF-CONTENT-03", "insult", re.compile(
        r"老赖|骗子|无赖|废物|不要脸|人渣|混蛋|王八|垃圾人|去死|傻[逼比Bb]|\bSB\b|没出息|丢人现眼|"
        r"不是人|畜生|窝囊", _I)),
    # DEF-CONTENT-04: false or misleading legal consequences. Past-tense claims: never excused.
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:(?:a |the )?(?:lawsuit|suit|case|claim) (?:has|have) (?:already )?been (?:filed|opened)|"
        r"(?:we|they) (?:have|'ve) (?:already )?(?:filed|sued|reported you)|"
        r"(?:the )?court has (?:already )?(?:ruled|ordered|issued|decided)|"
        r"warrant (?:has been|is being|was) issued|"
        r"you(?: have|'ve) (?:been )?(?:blacklisted|committed (?:a crime|fraud))|"
        r"(?:on|added to) (?:a |the )?blacklist|"
        r"(?:your )?(?:family|wife|husband|parents|children|kids|son|daughter) (?:is|are|will be) "
        r"(?:legally )?(?:responsible|liable|obliged) (?:for|to pay)|"
        r"criminal (?:case|charges?|record|investigation)|this is (?:a )?(?:crime|fraud))\b", _I)),
    # Future-tense legal steps: lawful when true and conditional.
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:garnish\w*|seize your|repossess your|take your (?:house|home|car)|"
        r"(?:we|they) will (?:sue|take you to court)|sue you (?:today|tomorrow|this week)|"
        r"freeze your (?:bank )?accounts?)\b", _I), conditional_ok=True),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"已(?:经)?(?:立案|起诉|报案|移交(?:公安|法院))|法院已(?:经)?(?:判|受理|下)|"
        r"(?:上|进|列入)(?:了)?(?:征信)?黑名单|刑事(?:责任|案件|拘留)|诈骗罪|你(?:这)?(?:是|属于|涉嫌)诈骗|"
        r"(?:家人|父母|子女|配偶|老婆|老公|孩子|儿子|女儿)(?:必须|得|要|有义务|有责任)(?:替你|帮你|代你)?(?:还|偿还|承担)",
        _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"冻结你(?:的)?(?:所有的?)?(?:账户|银行卡|工资卡|资产)|扣(?:你)?(?:的)?工资|拍卖你(?:的)?(?:房|车)|"
        r"恶意透支", _I), conditional_ok=True),
    # DEF-CONTENT-05: disclosure and public shaming.
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"\b(?:group chat|post (?:it|this|your \w+)? ?(?:on|online|to)|social media|"
        r"tell (?:your |all your |everyone in your )?(?:neighbou?rs|colleagues|co-?workers|boss|"
        r"employer|family|friends|contacts|relatives)|"
        r"(?:contact|message|call) everyone in your (?:phone|address book|contacts)|"
        r"put up (?:a )?notices?|public notice|name and shame)\b", _I)),
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"朋友圈|(?:微信|家族|同学|公司)?群里|通讯录|曝光|"
        r"告诉(?:你|您)?(?:的)?(?:同事|领导|邻居|家人|朋友|亲戚|单位|公司|老板)|"
        r"发到(?:你|您)?(?:的)?(?:单位|公司)|张贴|大字报|告示|公示你|挂到网上", _I)),
    # DEF-CONTENT-06: improper pressure and payment channels.
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"\b(?:borrow (?:from|money|the money)|take (?:out )?(?:a |another )?(?:payday|new|another) loan|"
        r"another (?:app|lender|loan)|payday loan|max out|use (?:another|a new) credit card|"
        r"sell your (?:car|house|home|jewel\w*|belongings|furniture|phone)|"
        r"within (?:24|48|12) hours or|or else|"
        r"(?:my|our agent'?s?) (?:personal )?(?:account|paypal|venmo|cash ?app|zelle)|"
        r"personal account|collection fee|processing fee|handling fee)\b", _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"以贷养贷|借(?:网贷|高利贷|新还旧)|(?:去|找)(?:别的|其他)(?:平台|APP|网贷)|"
        r"(?:找|向)(?:亲戚|朋友|同事)借|卖(?:房|车|掉)|"
        r"转(?:到|给)?我(?:的)?(?:个人)?(?:微信|支付宝|账户|卡)|我(?:的)?(?:个人)?(?:微信|支付宝)(?:上|里)?|"
        r"私人账户|个人账户|催收费|手续费|"
        r"(?:今天|马上|立刻|立即)(?:必须)?(?:全部|一次性)?还清", _I)),
)

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
_CLAUSE_BREAK = re.compile(r"[,，、:：]")
_NEGATION = re.compile(
    r"\b(?:not|no|never|no one|nobody|won'?t|cannot|can'?t|don'?t|doesn'?t|isn'?t|aren'?t|"
    r"neither|nor)\b|不会|不能|不得|绝不|决不|没有|不是|并非|并不|无需|不用|不必|禁止|严禁|不要",
    _I,
)
_CONDITION = re.compile(r"\b(?:if|should|unless|once|in the event)\b|如果|若|一旦|假如|倘若|经.{0,20}后", _I)
_MODAL = re.compile(r"\b(?:may|might|could|can|would)\b|可能|可以|有权|将依法|可依法", _I)


# Every pattern in one alternation: most lines match nothing, and one search proves it.
_ANY = re.compile("|".join(f"(?:{p.regex.pattern})" for p in _PATTERNS), _I)


def check_content(
    text: str, *, profile: str = "GLOBAL-STRICT", time_barred: bool = False,
    third_party: bool = False,
) -> list[ContentFinding]:
    """Forbidden content found in `text`; [] means it passes.

    `profile` is accepted so that profile-specific wording can be added without changing
    callers; the §6.4 categories apply in every profile.
    """
    return list(_check(text, time_barred, third_party))


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
        for pattern in _PATTERNS:
            for m in pattern.regex.finditer(sentence):
                if _negated(sentence, m.start()):
                    continue
                if pattern.conditional_ok and conditional:
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


def _negated(sentence: str, start: int) -> bool:
    """A negation earlier in the same clause, close to the match ("will not be arrested")."""
    head = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause = head[breaks[-1].end():] if breaks else head
    return bool(_NEGATION.search(clause[-20:]))


def _add(findings: list[ContentFinding], seen: set[tuple[str, str]], rule_id: str,
         category: str, span: str, zh: str, en: str) -> None:
    key = (rule_id, span.lower())
    if key in seen:
        return
    seen.add(key)
    findings.append(ContentFinding(rule_id, category, span, f"{zh}：「{span}」", f"{en}: \"{span}\""))
