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
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from arrears.compliance import content_accounts as accounts
from arrears.compliance import content_court as court
from arrears.compliance import content_lawful as lawful
from arrears.compliance import content_lawful_steps as steps
from arrears.compliance import content_negation as neg
from arrears.compliance import content_notices as notices
from arrears.compliance import content_process as process
from arrears.compliance import content_rules_slang as slang
from arrears.compliance import content_safeguards as safeguards
from arrears.compliance.content_reasons import (
    _CATEGORY_NAMES,
    _REASONS,
    _TIME_BARRED_REASON,
    CATEGORIES,
)
from arrears.compliance.content_rules_fresh import PATTERNS as _PATTERNS
from arrears.core import hanzi


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


_I = re.IGNORECASE
# The negation tables (content_negation.py), under the names this module's code uses.
_CLAUSE_BREAK = neg.CLAUSE_BREAK
_NEGATION = neg.NEGATION
_NOT_A_NEGATION = neg.NOT_A_NEGATION
_DOUBLE_NEGATION = neg.DOUBLE_NEGATION
_DENIED_AFTER = neg.DENIED_AFTER
_FRAUD_WARNING = neg.FRAUD_WARNING
_SCAM_NAMED = neg.SCAM_NAMED
_WARNING_SPOILED = neg.WARNING_SPOILED
_REASSURANCE = neg.REASSURANCE

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
_SENTENCE = re.compile(rf"(?:[^.!?。！？;；\n]|{neg.NOT_AN_END})+")
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
    r"(?:time|(?:a|the) chance|the right|(?:an|the) opportunity) to (?:respond|defend|answer)|"
    r"served with papers|答辩|"
    r"依法|考虑|将视情况", _I)
_NOT_EXCUSED = re.compile(
    r"arrest|jail|prison|police|sheriff|warrant|crim|fraud|felon|prosecut|"
    r"\b(?:we|they|it|a|the|your|claim|case|lawsuit|suit) (?:has|have|was) (?:already )?"
    r"(?:been )?(?:filed|issued|started|entered|opened|sued|granted)|\balready\b|"
    r"(?<!nothing )(?<!not )(?:has|have|was|were) been (?:filed|issued|entered|granted|lodged)|"
    r"today|tomorrow|tonight|\bthis is\b|calling from|我是|这里是|这边是|本人系|今日|明日|"
    r"警|拘|抓|坐牢|刑事|犯罪|诈骗|已经|已(?!生效)|今天|明天|马上|立即|"
    r"家人|父母|全家|黑名单|失信", _I)


_court_record = court.court_record


# A statement of the account's own status (charged off, a limit reduced, a default notice) is
# a fact the creditor must be able to state; the model reads "has been ... against you" in it.
_ACCOUNT_FACT = re.compile(
    r"charged off|charge-?off|written off|write-?off|(?:credit|borrowing|overdraft|spending) limit|"
    r"notice of default|default notice|不良贷款|核销|额度|"
    # Twelfth round: an account closed to new use ("closed to further borrowing").
    r"closed to (?:further |new )?(?:borrowing|purchases|spending|use|transactions)|"
    r"停止(?:新增)?借款功能", _I)


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
    r"(?:service|supply|line|account|card|membership|subscription|access|plan)s? "
    r"(?:has been |have been |was |is |will be )?"
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


def _rules(*numbers: int) -> frozenset[str]:
    return frozenset(f"DEF-CONTENT-0{n}" for n in numbers)


def _but(*numbers: int) -> frozenset[str]:
    return _rules(1, 2, 3, 4, 5, 6) - _rules(*numbers)


def _scam_warning(span: str, text: str) -> bool:
    warning = _FRAUD_WARNING.search(span) or _SCAM_NAMED.search(span)
    return bool(warning and not _WARNING_SPOILED.search(span))


def _names_no_one_else(span: str, text: str) -> bool:
    from arrears.compliance.content_model import model_input

    return lawful.names_no_one_else(model_input(text))


# The kinds of lawful firm language that lift a model's finding (content_lawful.py from the
# seventh round, content_notices.py from the tenth): the rules whose findings each may lift,
# and the test, asked of the finding's span and the whole text.
_LAWFUL_KINDS: tuple[tuple[frozenset[str], Callable[[str, str], bool]], ...] = (
    (_rules(1, 6), lambda span, text: lawful.creditor_introduction(span)),
    (_rules(2, 4, 6), lambda span, text: lawful.arrears_fact(span)),
    (_rules(2, 4), lambda span, text: lawful.undecided_step(span)),
    (_rules(2, 4, 5), lambda span, text: lawful.offer_of_help(span)),
    (_but(4), lambda span, text: lawful.noted_or_location(span)),
    (_rules(4), lambda span, text: lawful.charges_fact(span, "DEF-CONTENT-04")),
    (_rules(6), lambda span, text: lawful.charges_fact(span, "DEF-CONTENT-06")),
    (_rules(1, 6), lambda span, text: lawful.reference_or_callback(span)),
    # Ninth round: a lawful visit notice, notice before a step, a contact only to verify.
    (_rules(2), steps.visit_notice),
    (_rules(2, 4, 5), lambda span, text: steps.notice_before_step(span)),
    (_rules(5), lambda span, text: _verification_only(span)),
    (_rules(1), steps.medical_own_bill),
    (_rules(4), lambda span, text: steps.agent_mandate(span)),
    (_rules(5), lambda span, text: steps.own_staff_contact(span)),
    (_rules(2, 4, 6), lambda span, text: steps.dispute_handled(span)),
    (_rules(2, 6), lambda span, text: steps.follow_up_only(span)),
    # Tenth round.
    (_rules(2, 4), lambda span, text: notices.relief_granted(span)),
    (_rules(4), lambda span, text: notices.debtor_right_in(span)),
    (_rules(1, 2, 4, 5), lambda span, text: notices.referral_announced(span)),
    (_rules(6), lambda span, text: notices.payment_methods(span)),
    (_rules(2, 6), lambda span, text: notices.funds_reminder(span)),
    (_rules(1), court.documented_hearing),
    (_but(3), _scam_warning),
    (_rules(4, 6), lambda span, text: notices.victim_report(span)),
    (_rules(2, 4), lambda span, text: notices.step_withdrawn(span) or notices.case_closed(span)),
    (_rules(5, 6), lambda span, text: notices.collector_limits(span)),
    (_rules(2, 4), lambda span, text: notices.last_resort(span)),
    (_rules(2, 4), lambda span, text: notices.possession_notice(span) or notices.security_hold(span)),
    (_rules(4), lambda span, text: (
        "garnish" in span.lower() and steps.administrative_garnishment(text, text))),
    (_rules(5), _names_no_one_else),
    # Eleventh round.
    *process.KINDS,
    # Twelfth and thirteenth rounds.
    *accounts.KINDS, *safeguards.KINDS,
)


def _lawful_kind(rule_id: str, span: str, text: str) -> bool:
    """A kind of lawful firm language the finding of `rule_id` on `span` (in `text`) is."""
    return any(rule_id in rules and test(span, text) for rules, test in _LAWFUL_KINDS)


@lru_cache(maxsize=4096)
def _learned(text: str, version: str) -> tuple[ContentFinding, ...]:
    """The model's findings on `text`; cached per model version, so a retrained model is
    asked afresh without anyone clearing this cache."""
    from arrears.compliance.content_model import get_model

    model = get_model()
    out = []
    # The exceptions read traditional characters as simplified, as the rules do.
    whole = hanzi.simplify(text)
    for f in model.findings(text):
        span = hanzi.simplify(f.span)
        reassured = _REASSURANCE.search(span) and not _DOUBLE_NEGATION.search(span)
        if reassured or (f.rule_id in ("DEF-CONTENT-01", "DEF-CONTENT-04")
                                           and _lawful_legal_step(span)) or (
                f.rule_id == "DEF-CONTENT-04" and _court_record(whole, span, span)) or (
                f.rule_id in ("DEF-CONTENT-04", "DEF-CONTENT-06") and _ACCOUNT_FACT.search(span)
                and not court.RECORD_SPOILED.search(span)) or (
                f.rule_id in ("DEF-CONTENT-02", "DEF-CONTENT-06") and _SERVICE_FACT.search(span)
                and not _FACT_SPOILED.search(span)) or (
                f.rule_id in ("DEF-CONTENT-02", "DEF-CONTENT-06") and _LAWFUL_REMEDY.search(span)
                and _lawful_legal_step(span)) or (
                f.rule_id == "DEF-CONTENT-05" and _BUSINESS_APPROVAL.search(span)
                and not _SHAMING.search(span) and not _FACT_SPOILED.search(span)) or (
                # Spoken to the debtor alone, someone else at most the source of what we heard.
                f.rule_id == "DEF-CONTENT-05" and f.review
                and _addressed_only(notices.without_source(whole))) or (
                _lawful_kind(f.rule_id, span, whole)):
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
    # Traditional characters are read as simplified (arrears/core/hanzi.py); a span is quoted as
    # written when the folds kept the text's length.
    original = _PLACEHOLDER.sub("X", text)
    clean = slang.fold(hanzi.simplify(original))
    quote = original if clean != original and len(clean) == len(original) else None
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
                if safeguards.rule_excused(pattern.rule_id, m.group(), sentence, clean):
                    continue
                if pattern.rule_id == "DEF-CONTENT-01" and (
                        (_CREDITOR_KIND.search(m.group()) and _OWN_BILL.search(clean))
                        or notices.courier_own_bill(m.group(), clean)
                        or notices.law_firm_mandate(m.group(), clean)
                        or steps.medical_own_bill(m.group(), clean)):
                    continue
                if pattern.rule_id == "DEF-CONTENT-05" and (
                        _verification_only(sentence) or process.earnings_attachment(sentence, clean)):
                    continue
                # A suit only considered ("we will consider whether to start court action"),
                # and the federal student-loan garnishment notice with its right to a hearing.
                if pattern.rule_id == "DEF-CONTENT-04" and _CONSIDERED_STEP.search(m.group()) and (
                        lawful.undecided_step(sentence)):
                    continue
                if pattern.rule_id == "DEF-CONTENT-04" and notices.debtor_right(sentence[: m.start()]):
                    continue
                if pattern.rule_id == "DEF-CONTENT-04" and notices.step_withdrawn(sentence):
                    continue
                if (pattern.rule_id == "DEF-CONTENT-04" and m.group().lower().startswith("garnish")
                        and steps.administrative_garnishment(sentence, clean)):
                    continue
                span = m.group() if quote is None else quote[
                    sentence_match.start() + m.start():sentence_match.start() + m.end()]
                _add(findings, seen, pattern.rule_id, pattern.category, span,
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


_CONSIDERED_STEP = re.compile(r"court|legal action|lawsuit|\bsue\b|proceedings|起诉|诉讼|法律程序|法务", _I)


def _addressed_only(text: str) -> bool:
    from arrears.compliance.content_model import model_input

    return notices.addressed_only(model_input(text))


def _verification_only(sentence: str) -> bool:
    """A contact with an employer only to confirm the job, the debt not mentioned or denied."""
    return steps.verification_only(sentence) and all(
        _negated(sentence, m.start()) for m in _DEBT_WORDS.finditer(sentence))


def _negated(sentence: str, start: int, end: int | None = None) -> bool:
    """A negation earlier in the same clause, close to the match ("will not be arrested"), or
    inside a match that starts with its subject ("your family is not responsible")."""
    if _DOUBLE_NEGATION.search(sentence):
        return False
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
    # One rule's spans nested in each other ("业主群" in "业主群里") are one finding, the
    # longer span quoted: a compliance officer reads one row, not two.
    folded = span.lower()
    for i, other in enumerate(findings):
        if other.rule_id != rule_id:
            continue
        if folded in other.span.lower():
            return
        if other.span.lower() in folded:
            findings[i] = ContentFinding(rule_id, category, span, f"{zh}：「{span}」", f"{en}: \"{span}\"")
            return
    findings.append(ContentFinding(rule_id, category, span, f"{zh}：「{span}」", f"{en}: \"{span}\""))
