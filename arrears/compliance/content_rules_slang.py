"""Eleventh round of issue 18: unlawful lines the rules had no words for (docs/contact-check.md,
"Eleventh round"): text-speak and number-for-letter spellings, threatening emoji, a personal
payment handle, a third party called until they pay, a village's or an estate's committee and
the neighbours brought in to collect.

`fold` rewrites text-speak into the words the rules are written in before they run ("po1ice
will c0me 2 ur h0use 2day" is "police will come to your house today"); the spans a finding
quotes are then the folded words.
"""

from __future__ import annotations

import re
from itertools import product

from arrears.compliance.content_rules import Pattern
from arrears.compliance.content_rules_third import PATTERNS as _EARLIER

_I = re.IGNORECASE
_P = Pattern

# Whole text-speak words, each folded into its spelling (case ignored).
_WORDS = {
    "u": "you", "ur": "your", "r": "are", "knw": "know", "kno": "know", "thnk": "think",
    "fam": "family", "gonna": "going to", "2day": "today", "2nite": "tonight", "2night": "tonight",
    "tmrw": "tomorrow", "tmr": "tomorrow", "b4": "before", "abt": "about", "every1": "everyone",
    "any1": "anyone", "some1": "someone", "ppl": "people", "chnce": "chance", "cuz": "because",
    "coz": "because", "wont": "won't", "dont": "don't", "cant": "can't", "til": "till",
}
# Digits and signs written for letters ("po1ice", "crim1nal", "h0use"): a word is folded only
# into one of these, the words a threat or a false claim is made of.
_LEET_WORDS = frozenset({
    "police", "criminal", "crime", "arrest", "arrested", "jail", "prison", "house", "home",
    "come", "kill", "family", "scammer", "thief", "fraud", "court", "warrant", "debt", "loser",
    "idiot", "tonight", "today", "hurt", "address", "office", "boss", "kids", "wife", "husband",
    "hide", "find", "pay", "know", "everyone", "contacts", "cops", "lawsuit", "sue", "jailed",
})
_LEET = {"0": "o", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s", "7": "t"}
_TOKEN = re.compile(r"[a-z0-9@$]+", _I)
# "2" and "4" between words are "to" and "for" ("come 2 your house", "4 not paying").
_TO_FOR = re.compile(r"(?<=[a-z] )([24])(?= (?:your|you|ur|u|the|my|his|her|not|them|us|me)\b)", _I)


def _fold_word(word: str) -> str:
    lower = word.lower()
    if lower in _WORDS:
        return _WORDS[lower]
    if not (re.search(r"[a-z]", lower) and re.search(r"[0-9@$]", lower)) or len(lower) < 3:
        return word
    options = [("i", "l") if ch == "1" else (_LEET.get(ch, ch),) for ch in lower]
    for letters in product(*options):
        candidate = "".join(letters)
        if candidate in _LEET_WORDS:
            return candidate
    return word


def fold(text: str) -> str:
    """`text` with text-speak folded into plain words; unchanged when there is none."""
    if not re.search(r"[a-z]", text, _I):
        return text
    text = _TO_FOR.sub(lambda m: "to" if m.group(1) == "2" else "for", text)
    return _TOKEN.sub(lambda m: _fold_word(m.group()), text)


_ROUND11: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-02", "threat", re.compile(
        # The debtor's home known, said as a warning ("we know your address 🏠🔥").
        r"\b(?:we|i) know (?:your|ur) (?:address|house|home|postcode|street|flat|block|building)\b|"
        # Where a relative lives, in Singlish too ("we know where your mother stay").
        r"\b(?:we|i) know where (?:your|ur) (?:\w+ ){0,2}(?:mother|father|mum|mom|dad|parents|wife|husband|"
        r"kids|children|son|daughter|sister|brother|family|girlfriend|boyfriend) (?:stays?|lives?|works?)\b|"
        # The family made to suffer ("pay or your family is going to feel it").
        r"\b(?:your|ur) (?:family|fam|kids|children|wife|husband|parents|mum|mom|dad|mother|father)\b"
        r"(?: is| are| will|'ll)? (?:going to|gonna|about to)? ?"
        r"(?:feel it|feel this|suffer|pay for (?:it|this)|regret it)\b|"
        # Emoji of harm: a knife, a gun, a bomb, a coffin, a skull, an axe; fire and a fist
        # next to the debtor's home, family or money.
        r"[\U0001F52A\U0001F52B\U0001F4A3\u26B0\U0001F480\u2620\U0001FA93\U0001FA78]|"
        r"(?:address|house|home|family|fam|kids|car|door|家|门|车)[^.!?。！？]{0,12}"
        r"[\U0001F525\U0001F44A\U0001F9E8]|"
        r"[\U0001F525\U0001F44A\U0001F9E8][^.!?。！？]{0,12}(?:address|house|home|family|fam|kids|家人|全家)",
        _I)),
    _P("DEF-CONTENT-06", "pressure", re.compile(
        # A collector's own payment handle ("this UPI ID ..., it is my personal one").
        r"\b(?:it(?:'s| is) )?my personal (?:one|upi(?: id)?|number|wallet|gpay|paytm|phonepe|a/c|"
        r"paypal|venmo|zelle)\b|\bpersonal upi(?: id)?\b|"
        # Someone else called until they pay ("keep calling your sister until she pays for you").
        r"\b(?:until|till) (?:he|she|they) (?:pays?|settles?|covers?|clears?)\b[^.;!?]{0,20}"
        r"\b(?:for you|on your behalf)\b|"
        r"\bkeep (?:calling|ringing|messaging|texting|phoning) (?:your|ur) (?:sister|brother|mother|"
        r"father|mum|mom|dad|parents|wife|husband|friend|son|daughter|cousin|aunt|uncle|boss)\b"
        r"[^.;!?]{0,40}\b(?:until|till) (?:he|she|they) (?:pays?|settles?)",
        _I)),
    _P("DEF-CONTENT-02", "threat", re.compile(
        # A child's school known, with a warning for the way home (知道你闺女在哪上学，放学路上注意点).
        r"(?:知道|清楚|晓得)(?:你|您)(?:家)?(?:的)?(?:闺女|女儿|儿子|孩子|娃|小孩)在哪(?:儿)?(?:上学|读书)|"
        r"放学路上(?:注意|小心)", _I)),
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        # A letter about the debt sent to the workplace or the family ("we have sent a letter to
        # your employer about your debt"); a court's order served on the employer is not (content.py).
        r"\b(?:sent|send|sending|emailed|mailed|posted|delivered) (?:a |an |the )?(?:letter|email|notice|"
        r"message|copy|statement)s? (?:\w+ ){0,2}to (?:your|ur) (?:employer|boss|manager|hr|workplace|"
        r"office|colleagues|neighbou?rs|family|parents)\b|"
        # Others brought to look ("let your colleagues see what kind of person you are").
        r"\blet (?:your|ur|all your) (?:colleagues|co-?workers|neighbou?rs|boss|friends|family|relatives|"
        r"church|classmates) (?:see|know|find out)\b", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        # A civil debtor reported to a police force for fraud ("reporting you to the AFP for fraud").
        r"\breport(?:ing|ed)? you to (?:the )?(?:afp|rcmp|cid|cyber ?cell|eow|spf|police)\b", _I)),
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        # The village's or the estate's committee and the neighbours brought in to collect
        # (联系村委会及左邻右舍协助催收).
        r"(?:联系|通知|找|告知|发动|请)[^，。；]{0,4}(?:村委会?|居委会?|村支书|村干部|村长|左邻右舍|"
        r"邻居|街坊|乡亲)|(?:左邻右舍|邻居|街坊|村委会?|居委会?)[^，。；]{0,4}(?:协助|帮忙|帮助)(?:催收|催款|还款)",
        _I)),
)
# The eighth batch (written after the fixes above): the contacts shared with, the employer
# visited, a "WANTED" poster, a Sichuan insult, a wife's work number, the economic-crime police.
_ROUND11_LATE: tuple[Pattern, ...] = (
    _P("DEF-CONTENT-05", "disclosure", re.compile(
        r"\b(?:shared|sent|forwarded|posted)\b[^.;!?]{0,40}\bwith (?:all )?(?:your|ur) (?:phone )?contacts\b|"
        r"\byour (?:employer|boss|workplace|office|manager) will (?:be )?(?:receiving|receive|get|getting) "
        r"a (?:visit|call|letter)\b|\bwanted poster\b|"
        r"打(?:她|他|你(?:老婆|老公|爸|妈|家人))?(?:的)?单位(?:的)?(?:座机|电话)", _I)),
    _P("DEF-CONTENT-03", "insult", re.compile(r"瓜娃子|瓜皮|龟儿子|憨批", _I)),
    _P("DEF-CONTENT-04", "false_legal", re.compile(
        r"(?:提交|移交|报)给?(?:了)?经侦|警察[^，。]{0,6}(?:就会|会|要)(?:上门|来找你)", _I)),
)
PATTERNS: tuple[Pattern, ...] = _EARLIER + _ROUND11 + _ROUND11_LATE
