"""Twelfth round of issue 18: unlawful lines of fresh styles the rules had no words for
(docs/contact-check.md, "Twelfth round"): the debtor's faith community or a third party said
to have been told already, public reviews written to shame a business, notices posted in an
estate's lobby, and a child's school records held back.
"""

from __future__ import annotations

import re

from arrears.compliance.content_rules import Pattern
from arrears.compliance.content_rules_slang import PATTERNS as _EARLIER
from arrears.compliance.content_rules_third import _THIRD_EN

_I = re.IGNORECASE
_P = Pattern

# The workplace, family and community of the ninth round, and the debtor's faith community.
_THIRD = _THIRD_EN[:-1] + r"|bible study(?: group)?|prayer group|priest|imam|rabbi|parish)"

_ROUND12: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        # Told already, by the collector ("We have already called your pastor and your Bible
        # study group to let them know"): the ninth round read the verbs as an intention only.
        r"\b(?:we|i|we'?ve|i'?ve|our (?:agent|agents|team|staff|collector)s?)(?: have| has)?(?: already)? "
        r"(?:called|rang|phoned|emailed|e-mailed|messaged|texted|contacted|informed|notified|told|"
        r"visited|written to|spoken to|spoke to) (?:all )?(?:of )?your " + _THIRD + r"\b"
        r"(?! (?:only )?to (?:confirm|verify|ask for your|get your))|"
        # A business shamed in public reviews ("leave a one-star review on every platform").
        r"\b(?:leave|leaving|post|posting|write|writing)\b[^.;!?]{0,12}\b(?:one|1|bad|negative)[- ]star "
        r"reviews?\b|\b(?:bad|negative|one-star) reviews? (?:on|across) (?:every|all)\b|"
        # Posted where the debtor lives (贴满你住嘅屋苑大堂, 贴遍你们小区电梯).
        r"贴(?:满|遍|到|在)(?:你|您|佢)?(?:住|家)?(?:嘅|的)?[^，。]{0,6}(?:大堂|屋苑|电梯|楼下|大门|楼道|小区)",
        _I)),
    _P("DEF-CONTENT-03", "insult", re.compile(
        r"\bcrooks\b|\bbunch of (?:thieves|liars|cheats|frauds|losers)\b", _I)),
    # A child's school records or papers held back to make the parent pay (房租不交就把你儿子的
    # 学籍档案扣下): no creditor holds them, and saying so threatens the child.
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"(?:扣|卡)(?:下|住|押)?(?:你|您)?(?:的)?(?:儿子|女儿|孩子|小孩)?(?:的)?(?:学籍|档案|毕业证|学位证|户口本)|"
        r"(?:学籍|学籍档案|毕业证|学位证|户口本)[^，。]{0,4}(?:扣下|扣住|扣押|卡住)", _I)),
)


# From the batches written after the first fixes: a debtor's friends on social platforms
# "synchronised" the arrears (您的逾期信息已同步至您的所有社交平台好友), and the employer asked
# to help collect, in the formal second person too (通知台端任职公司之人事部门，并请其协助催讨).
_ROUND12_LATE: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"(?:同步|推送|发送|群发|通报)(?:至|到|给)[^，。]{0,10}(?:好友|联系人|亲友|同事|家人)|"
        r"(?:通知|告知|联系|知会|函告)(?:台端|阁下)(?:之|的)?(?:任职|服务)?(?:公司|单位|雇主|人事|主管|上司|亲友|家人|同事)",
        _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"(?:请|让|要求)(?:其|他们|贵单位|你单位|您单位|该公司)协助(?:催讨|催收|追讨|追债)", _I)),
    # A visit to the workplace so the colleagues learn why ("our field agent will be outside your
    # office tomorrow to make sure your colleagues understand why"): found probing the round's
    # changes, a line the model alone had read.
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"\bmake sure (?:that )?(?:all )?(?:of )?(?:your )?(?:colleagues|co-?workers|workmates|neighbou?rs|"
        r"boss|manager|family|everyone|everybody) (?:understands?|knows?|sees?|hears?|finds? out)\b|"
        r"\b(?:outside|at) your (?:office|workplace|work|shop|job)\b[^.;!?]{0,40}"
        r"\b(?:colleagues|co-?workers|workmates|boss|everyone|everybody)\b", _I)),
)

# From the batches written after the fixes of batches 1-8: a team that "doesn't send letters"
# (a veiled promise of something other than paper).
_ROUND12_LAST: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:they|he|she|these (?:guys|people)|our (?:special|other) team)(?: really)? "
        r"(?:don'?t|do not|doesn'?t|does not|won'?t|never) (?:send|write|bother with) "
        r"(?:letters|emails|reminders|warnings)\b", _I)),
)

# Thirteenth round: a fee to stop the calls or a step (先交500元的"停催费"，我们就不再给你的家人打电话了),
# legal fees promised as certain before any court awarded them ("we'll add $2,000 in legal fees
# by Monday"), and a presence kept outside the debtor's premises ("we'll have a few of our
# drivers park outside your warehouse every day").
_ROUND13: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-06", "pressure", re.compile(
        r"停催费|停止催收费|消除(?:逾期|征信)(?:记录)?费|撤诉费|销案费|解冻费|"
        r"(?:先|只要)(?:交|付|转|打)[^，。]{0,10}费[^。]{0,12}(?:就不再|就不会?|就停止|就撤)", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:we(?:'ll| will)|we are going to|we're going to|i(?:'ll| will)) (?:add|tack on|slap on|"
        r"charge you)\b[^.;!?]{0,24}\b(?:legal|attorney'?s?|lawyer'?s?|court|solicitors?'?) (?:fees|costs)\b"
        r"(?![^.;!?]{0,30}\b(?:if|only if|when) (?:the |a )?(?:court|judge)\b)", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:park|sit|wait|stand|camp|hang around|loiter)(?:s|ing|ed)? (?:right )?(?:outside|in front of) "
        r"your (?:house|home|door|flat|apartment|office|warehouse|shop|store|business|work|workplace|"
        r"factory|premises|site|yard)\b", _I)),
    # A borrower made a criminal's accomplice by not paying ("every borrower who doesn't repay
    # this week will be treated as an accomplice", 公安会把你列为共犯).
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:treated|regarded|charged|prosecuted|listed|named) as (?:an? )?(?:accomplice|accessory|"
        r"co-?conspirator|co-?defendant)\b|共犯|同案犯|帮助(?:非法集资|诈骗|洗钱)", _I)),
)

# From the batches written after the fixes of batches 1-8: accurate credit data deleted for
# money, or kept "forever" ("Pay $500 today and we'll delete the whole account from all three
# bureaus ... Don't pay and it stays forever"), and a crowd the caller "can't control" ("After
# that I can't really control what the lads do").
_ROUND13_LATE: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"\b(?:we(?:'ll| will)|i(?:'ll| will)|we can|i can) (?:\w+ ){0,2}(?:delete|remove|erase|wipe)\b"
        r"[^.;!?]{0,40}\b(?:from|off) (?:all )?(?:three |3 |the )?(?:credit )?(?:bureaus|reports?|files?|"
        r"records?)\b|\b(?:stays?|remains?) (?:on (?:your|the) (?:credit )?(?:file|report|record) )?"
        r"(?:forever|for life|permanently)\b", _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        r"\b(?:can'?t|cannot|won'?t be able to|couldn'?t) (?:really )?"
        r"(?:control|stop|answer for|be responsible for) what (?:the |my |our |these |those )?"
        r"(?:lads|boys|guys|men|people|team|friends|they|he|she) "
        r"(?:do|does|might do|will do|get up to)\b", _I)),
)

PATTERNS: tuple[Pattern, ...] = _EARLIER + _ROUND12 + _ROUND12_LATE + _ROUND12_LAST + _ROUND13 + _ROUND13_LATE
