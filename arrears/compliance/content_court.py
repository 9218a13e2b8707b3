"""The content check's court records: a legal step the text documents (a case's number, its
court, the way to contest it) is a lawful statement of fact, not a false legal claim.

Moved from content.py (issue 18, eleventh round) with no change of behaviour.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


# A true statement of a court step already taken ("a county court judgment was entered against
# you on 3 March 2025 for £2,340", "根据（2025）沪0105民初1234号民事判决书") is lawful: a letter
# must be able to say that a judgment exists. What makes it checkable is its particulars: a
# case number, or the date or the amount of the judgment. A bare "a judgment has been
# entered" or "已立案" with nothing to check, or one spoken with arrest, crime, the family or a
# deadline of today, stays a false-legal finding. A suit or a case opened needs a case number
# and the court that holds it ("case no. 2025-114" alone is what a fabricated notice prints).
# A year alone (2025年) is no particular; a deadline of hours or an "or else" is the
# fabricated notice's mark ("call within 24 hrs or a judgment will be entered").
CASE_NUMBER = re.compile(
    r"[（(]\d{4}[）)][^\s，。,;；]{1,20}?\d+号|"
    r"\b(?:case|claim|index|docket|court|judgment|ccj|file) (?:no\.?|number|ref(?:erence)?)"
    r"(?: is)?\s*[:#]?\s*[a-z]{0,4}[-/]?\d|"
    # A UK claim's number as the court prints it: "claim F0MA1234", "claim K12AB345".
    r"\b(?:claim|case)\s+[a-z]{0,2}\d[a-z0-9]{4,9}\b|"
    # Eleventh round: a petition's, a tribunal's or a writ's number ("Execution petition no.
    # 118/2026", "O.A. No. 451/2025", "case # 26SC01142"), a court's file prefix with its year
    # ("WSS 118/2026", "DCCJ 4412/2026", "SCT/12345/2026"), a US docket ("case 26-CV-1123") and
    # a Hong Kong case number in Chinese (案件编号DCCJ 4412/2026).
    r"\b(?:petition|application|o\.a\.|writ|suit|execution|award|action) (?:no\.?|number|#)\s*[:#]?\s*"
    r"[a-z]{0,4}[-/]?\d|\b(?:case|claim) #\s*[a-z]{0,4}\d|"
    r"\b[a-z]{2,5}[ /-]?\d{1,6}/(?:19|20)\d{2}\b|"
    r"\b(?:case|claim|docket) (?:19|20)?\d{2}-[a-z]{1,4}-\d{2,6}\b|"
    r"(?:案件|案)?编号\s*[a-z]{2,6}\s?\d|\b(?:case|claim|docket|file) [a-z]{1,4}-\d{2,4}-\d{2,6}\b", _I)
COURT_PARTICULARS = re.compile(
    CASE_NUMBER.pattern + r"|"
    # A numeric date counts as a named one ("dated 02-09-2026"); a hearing is "set for" its day.
    r"\b(?:on|dated) \d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|"
    r"\b(?:on|dated|for) (?:\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2})\b|"
    r"\bin (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b|\d{1,2}月\d{1,2}日|[£$€₹]\s?\d|\d[\d,.]*\s?元", _I)
NAMED_COURT = re.compile(
    r"人民法院|法院|仲裁委|\b(?:county|district|superior|magistrates'?|civil|circuit|small claims|"
    r"high|municipal|justice|bankruptcy|sheriff'?s?) court\b|\bcourt of\b|\bccbc\b|"
    r"business centre|"
    # Eleventh round: tribunals and the courts of other systems ("the Small Claims Tribunals",
    # "the State Courts", "the Housing Court", "the Debts Recovery Tribunal", a Lok Adalat).
    r"\btribunals?\b|\blok adalat\b|\bstate courts\b|\b(?:housing|family|probate) court\b", _I)
# A UK claim's number names the court that issued it ("claim number K3QZ7710"), when nothing in
# the whole text offers to stop the claim for money.
UK_CLAIM_NUMBER = re.compile(r"\b[a-z]\d[a-z]{2}\d{3,4}\b", _I)
# A judgment's date or amount is checkable only with the court that gave it.
A_COURT = re.compile(r"\bcourt\b|\bccj\b|法院|仲裁|判决书|裁定书|调解书|\bsheriff'?s? sale\b", _I)
COURT_STEP = re.compile(
    r"judgment|\bccj\b|\border\b|summons|garnish|\blien\b|possession|\bhearing\b|判决|判了|受理|"
    r"强制执行|传票|开庭|庭审|"
    # Eleventh round: a decree, an award, a writ and the orders that enforce a judgment.
    r"\bdecree\b|\baward\b|\bwrit\b|\bexecution\b|\battachment\b|\blevy\b|garnishee|判咗|支付令|执行裁定|"
    r"协助执行", _I)
# Thirteenth round: the court itself acting ("The court has ordered you to attend an
# examination", "The Magistrates' Court granted an emoluments attachment order on 5 November"):
# the step is the one the sentence names.
COURT_ACTED = re.compile(r"\b(?:court|judge) (?:has )?(?:ordered|granted|made|issued)\b", _I)
SUIT_STEP = re.compile(r"\b(?:suit|lawsuit|claim|case|proceedings|filed|issued)\b|起诉|立案|诉讼", _I)
RECORD_SPOILED = re.compile(
    r"arrest|jail|prison|police|sheriff|warrant|crim|fraud|felon|prosecut|blacklist|\btoday\b|"
    r"tomorrow|tonight|family|relatives|parents|警|拘|抓|坐牢|刑事|犯罪|诈骗|黑名单|失信|家人|父母|全家|"
    r"今天|今日|明天|明日|马上|立即|立刻|"
    # A deadline of days or the offer to stop the case for money now is the false claim's mark.
    # "Now" is a deadline ("pay now"), not a state ("your account is now with our legal team").
    # Twelfth round: "may now", "can now" is a permission, not a deadline ("the creditor has
    # obtained a judgment ... and may now seek a garnishee summons").
    r"(?<!is )(?<!are )(?<!may )(?<!can )(?<!could )\bnow\b|immediately|right away|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"to (?:stop|cancel|avoid|drop) (?:it|this|the (?:case|hearing|suit|lawsuit))|撤诉|撤案|销案|"
    r"\d+\s?(?:hours?|hrs?)\b|\d+\s?(?:个)?小时|\d{1,2}[点时]前|否则|or else|"
    r"or (?:a |the )?(?:judgment|warrant|default)|or (?:we|the court) will", _I)


# A true notice of a court step sends the debtor to the court itself (以法院传票为准, 请按时到庭,
# 可以向执行法院咨询, "contact the court", "respond to the claim"); a fabricated one sends the
# debtor to the collector, to pay to stop it.
COURT_POINTER = re.compile(
    r"以法院[^，。]{0,6}(?:传票|通知|送达|文书)为准|按时到庭|(?:向|到|联系)(?:执行|受理|审理)?法院"
    r"(?:咨询|查询|了解|核实)|\b(?:contact|ask|check with) the court\b|\bcourt'?s (?:website|office)\b|"
    r"\brespond to the (?:claim|court|summons)\b|"
    r"(?:向|到)(?:执行|受理|审理)?法院(?:申请|提出)(?:纠正|异议|复议|删除|屏蔽|移除)", _I)


# The court's own lists (失信被执行人, 限制消费令) are a court step too, and with the case's number
# and the way to contest it they document one; without, they are the collector's threat.
COURT_LIST = re.compile(r"失信被执行人(?:名单)?|限制(?:高)?消费(?:令)?|限高", _I)


# A civil writ or warrant (of control, of execution, of possession) is enforced by a sheriff,
# a bailiff or an enforcement agent: in a text that names one and speaks of no arrest, they are
# the court's officers, not the marks of a false claim.
CIVIL_WRIT = re.compile(
    r"\bwrit of (?:control|execution|seizure and sale|possession|delivery|fi\.? ?fa\.?)|"
    r"\bwarrant of (?:control|execution|possession|eviction|attachment|delivery|restitution|distress)|"
    r"\b(?:possession|eviction) (?:order|warrant)\b|"
    # Scots law's diligence: a charge for payment, an earnings or a bank arrestment.
    r"\bcharge for payment\b|\b(?:earnings|bank|wage)? ?arrestment\b|"
    # Thirteenth round: the sheriff's sale of a judgment debtor's property, its levying officer.
    r"\bsheriff'?s? sale\b|\blevying officer\b", _I)
_CIVIL_OFFICERS = re.compile(r"\bsheriff'?s?\b|\bwarrants?\b|\bbailiff'?s?\b|\barrestments?\b", _I)
_ARRESTED = re.compile(r"arrest(?!ment)|jail|prison|police|crim|custody|handcuff|逮捕|拘|警|抓", _I)


def civil_enforcement(sentence: str, text: str) -> str:
    """`sentence` without a civil writ's officers, if `text` names the writ and no arrest."""
    if CIVIL_WRIT.search(text) and not _ARRESTED.search(text):
        return _CIVIL_OFFICERS.sub(" officer ", sentence)
    return sentence


# Court papers the court itself will serve once it registers a claim (立案后法院会向您送达起诉状副本和
# 传票): the step is the court's to come, not one claimed to be done.
_COURT_WILL_SERVE = re.compile(
    r"(?:立案|受理)后[^。]{0,12}法院(?:会|将)(?:依法)?(?:向(?:您|你))?送达|"
    r"\bthe court will (?:serve|send) you\b", _I)


def court_record(text: str, sentence: str, span: str) -> bool:
    """`span` (a false-legal finding in `sentence`) states a court step the text documents."""
    sentence = civil_enforcement(sentence, text)
    if _COURT_WILL_SERVE.search(sentence) and not RECORD_SPOILED.search(sentence):
        return True
    if COURT_LIST.search(span) and CASE_NUMBER.search(text) and COURT_POINTER.search(text):
        return not RECORD_SPOILED.search(COURT_LIST.sub(" ", sentence))
    if RECORD_SPOILED.search(sentence):
        return False
    if COURT_STEP.search(span) or (COURT_ACTED.search(span) and COURT_STEP.search(sentence)):
        if COURT_PARTICULARS.search(text):
            return bool(CASE_NUMBER.search(text) or A_COURT.search(text))
        # Sending the debtor to the court is no particular by itself: the fabricated notice
        # says it too ("您已被起诉，以法院传票为准"). With the case's number it documents one.
        return bool(COURT_POINTER.search(text) and CASE_NUMBER.search(text))
    return bool(SUIT_STEP.search(span) and CASE_NUMBER.search(text) and (
        NAMED_COURT.search(text) or (UK_CLAIM_NUMBER.search(text)
                                     and not RECORD_SPOILED.search(civil_enforcement(text, text)))))



def documented_hearing(span: str, text: str) -> bool:
    """A hearing the text documents by its claim's number and its court is the creditor's
    reminder, not the court impersonated ("your hearing on 14 May at Manchester County Court
    (claim F0MA1234)")."""
    return bool(CASE_NUMBER.search(text) and NAMED_COURT.search(text) and not RECORD_SPOILED.search(span))
