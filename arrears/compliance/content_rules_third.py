"""The content check's rules about third parties (issue 18, ninth round), added to the table
of content_rules.py: the debt told to a workplace, a congregation, a group or a list, and
someone who does not owe it pressed to pay it.

Found as classes, in both languages: the -ing forms and the departments of a workplace ("we
will be contacting your HR department", "emailing your line manager"); a group the debtor
belongs to told ("a message to your church group", 【@全体成员】 with who has not paid); a
list of defaulters shared with others; a named person's arrears told to whoever reads the
letter ("your supplier Corvan Ltd is in serious arrears", "my dad owes $4,120"); the people
of a village or a company said to have been contacted (村里的人我们都联系过了); a relative
or a contact asked to pay ("we need her to pay this for you").
"""

from __future__ import annotations

import re

from arrears.compliance.content_rules import Pattern
from arrears.compliance.content_rules_rounds import PATTERNS as _EARLIER

_I = re.IGNORECASE
_P = Pattern

# Whom a debt must not be told to, in the words of a workplace, a family and a community.
_THIRD_EN = (
    r"(?:hr|human resources|hr department|human resources department|payroll(?: department)?|"
    r"personnel department|line manager|boss|employer|manager|supervisor|team leader|"
    r"colleagues|co-?workers|workmates|landlord|letting agent|church(?: group)?|pastor|"
    r"(?:child(?:ren)?'?s?|kids?'?s?|sons?'?s?|daughters?'?s?) "
    r"(?:school|teachers?|nursery|kindergarten|college)|"
    r"congregation|mosque|temple|neighbou?rs|family|parents|relatives|in-laws|friends|contacts|"
    r"(?:church|community|family|school|work|office|neighbou?rhood|whatsapp|facebook|wechat|"
    r"parents'?|sports|running|football) group|group chat)"
)
_RELATIVE_EN = (
    r"(?:mother|father|mum|mom|dad|parents|wife|husband|partner|spouse|son|daughter|brother|"
    r"sister|grandmother|grandfather|grandma|grandpa|aunt|uncle|cousin|family|relatives|"
    r"emergency contact|reference)"
)
_ROUND9: tuple[Pattern, ...] = (
    _P(
        "DEF-CONTENT-05",
        "disclosure",
        re.compile(
            # Telling, by any verb form, someone of the debtor's workplace, family or community.
            r"\b(?:contacting|calling|ringing|phoning|emailing|e-mailing|messaging|texting|writing to|"
            r"informing|notifying|telling|alerting|visiting) (?:all )?(?:of )?your " + _THIRD_EN + r"\b|"
            r"\b(?:send|sending|post|posting|write|writing|forward|forwarding) (?:a |an |the )?"
            r"(?:message|messages|letter|notice|email|note|copy|details|screenshot)\w* (?:of \w+ )?"
            r"to (?:all )?(?:of )?your " + _THIRD_EN + r"\b|"
            r"\b(?:goes|go|going|gone|sent|copied|forwarded) to (?:all )?(?:of )?your " + _THIRD_EN + r"\b|"
            # Whom they tell, and why: "so they know what kind of person you are".
            r"\bso (?:they|everyone|everybody|people|all of them) (?:will )?(?:know|knows|see|sees|can see) "
            r"(?:what kind of|what sort of|who you really|that you (?:owe|don'?t pay|won'?t pay)|"
            r"about your (?:debt|arrears|balance))|"
            r"\bso (?:that )?(?:everyone|everybody|the whole (?:street|town|village|office|family|church)) "
            r"(?:will )?(?:knows?|sees?|can see|finds? out|hears?)\b"
            # What they are to know is the debtor or the debt, or it ends the clause: "so
            # everyone knows where they stand" tells no one anything.
            r"(?=\s*(?:[.!?,;]|$|(?:that |about |what |who |how )?(?:you\b|your\b|it\b|this\b|"
            r"the (?:debt|arrears|balance)|what (?:kind|sort))))|"
            # A list of defaulters shown to others.
            r"\b(?:list|register|wall|database) of (?:defaulters|debtors|bad payers|non-?payers|"
            r"deadbeats)|\b(?:defaulters?|bad payers?|non-?payers?)'? (?:list|register|wall)\b|"
            r"\bshared with (?:local|other|all) (?:businesses|shops|stores|employers|landlords|"
            r"residents)\b|"
            # A named or described other's arrears told to the reader.
            r"\b(?:your|my|his|her|our) (?:mother|father|mum|mom|dad|wife|husband|partner|spouse|son|"
            r"daughter|brother|sister|grandmother|grandfather|aunt|uncle|cousin|supplier|customer|"
            r"tenant|employee|neighbou?r|roommate|flatmate|friend|colleague)"
            r"(?-i:(?: [A-Z][\w&.]*){0,3}) (?:still |also )?(?:owes|is (?:in (?:serious |severe )?arrears|"
            r"behind (?:on|with)|overdue|in default|not paying)|has (?:not paid|an unpaid|unpaid|"
            r"defaulted))\b",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-05",
        "disclosure",
        re.compile(
            # A group broadcast naming who has not paid (【@全体成员】 以下组员未按时还款).
            r"@(?:全体成员|所有人|all\b|everyone\b)[^。！？]{0,40}?(?:未按时还款|未还款|没还|逾期|欠款|拖欠|"
            r"未缴|没交|overdue|owes?|not paid|unpaid)|"
            r"(?:以下|下列|这些|这几位)(?:组员|成员|会员|客户|人员|同学|业主|住户)[^。！？]{0,12}?"
            r"(?:未按时还款|未还款|没还|逾期|欠款|拖欠|未缴|没交)|"
            # The people of a village, an estate, a workplace said to have been contacted.
            r"(?:村里|老家|小区|单位|公司|厂里|亲戚|同事|朋友|邻居|同学)(?:的)?(?:人|那边|那里)?(?:我们)?"
            r"(?:都|也|已经|已|全){1,3}(?:联系|通知|告诉|打(?:过)?电话)(?:过|了|到)",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-06",
        "pressure",
        re.compile(
            # Someone who does not owe the debt asked to pay it.
            r"\b(?:need|needs|want|wants|expect|expects|require|requires|get|getting|have) (?:her|him|"
            r"your " + _RELATIVE_EN + r") to (?:pay|cover|settle|clear|make (?:the )?payment)\b|"
            r"(?:督促|催促|催一催|催催)(?:她们|他们|她|他|一下她|一下他)(?:还款|还钱|还)?|"
            r"(?:全组|全村|全家|大家|其他人|组里)[^，。]{0,6}(?:连坐|不放款|一起担|一起还|帮(?:她|他|你)还)",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-04",
        "false_legal",
        re.compile(
            # A partner, a friend, a reference told they share a debt that is not theirs.
            r"\bon the hook (?:for (?:this|it|that|the debt|the balance) )?(?:too|as well)\b|"
            r"\b(?:since|as|because) you(?:'re| are) (?:his|her|their) (?:business )?(?:partner|friend|"
            r"reference|emergency contact|relative|flatmate|roommate)\b[^.;!?]{0,40}"
            r"\b(?:on the hook|liable|responsible|have to pay|must pay)\b",
            _I,
        ),
    ),
)
# Tenth round (docs/contact-check.md): threats, disclosure and pressure found on fresh lines.
_ROUND10: tuple[Pattern, ...] = (
    # A home locked against the debtor. Changing the locks without a court's order is an
    # unlawful eviction (Protection from Eviction Act 1977; state law in the US); a lawful
    # landlord applies for possession.
    _P(
        "DEF-CONTENT-02",
        "threat",
        re.compile(
            r"\bchange the locks (?:on|of|at|to) your\b|\block (?:you|your family) out\b|"
            r"\b(?:padlock|board up|chain) (?:up )?your (?:home|house|flat|apartment|shop|door|gate)\b|"
            r"(?:换|撬)(?:了|掉)?(?:你|你们|您)?(?:家|家里)?(?:的)?(?:门)?锁|把(?:你|你们)?家(?:的)?门锁",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-05",
        "disclosure",
        re.compile(
            # The debtor's details sent round a trade ("to every employer in the area").
            r"\b(?:send|sending|give|giving|pass|passing|share|sharing|circulate|circulating)\w* "
            r"your (?:details|name|photo|picture|information|debt|file|record)\b[^.;!?]{0,20}\bto "
            r"(?:every|all|each|any|other) (?:\w+ )?(?:employers?|landlords?|banks|lenders|shops|"
            r"businesses|companies|agencies)\b",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-05",
        "disclosure",
        re.compile(
            # "We can't promise your boss won't hear about this": disclosure held over the debtor.
            r"(?:不能|无法|没法)保证[^，。]{0,12}?(?:不会|不)(?:知道|听说|晓得)|"
            r"\b(?:can'?t|cannot) (?:promise|guarantee) (?:that )?(?:your|the) \w+(?: \w+)? "
            r"(?:won'?t|will not) (?:hear|know|find out|learn)\b",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-04",
        "false_legal",
        re.compile(
            # The police denied and promised in one breath: "not involved yet, but they will be".
            r"\b(?:police|cops|sheriff'?s?(?: office| department)?)\b[^.;!?]{0,40}\bbut (?:they|he|she)"
            r"(?:'ll| will) be\b",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-02",
        "threat",
        re.compile(
            r"\byou(?:'ll| will) never work (?:again|in this town|anywhere)|"
            r"(?:永远|再也|这辈子)(?:都)?(?:找不到|别想找)工作",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-02",
        "threat",
        # Cantonese: where the family lives is known (你老豆住边度我哋都知，你自己谂清楚).
        re.compile(r"(?:住|喺|在)边度[^，。]{0,6}(?:我哋|我们)?都(?:知|知道)|你自己谂清楚", _I),
    ),
    _P(
        "DEF-CONTENT-05",
        "disclosure",
        re.compile(
            r"\b(?:name|photo|picture|details)\b[^.;!?]{0,12}\b(?:goes|go|will go|will be put|will appear|"
            r"will be posted|will be listed)\b[^.;!?]{0,10}\bon (?:our |the |a )?(?:public )?(?:website|site|"
            r"page|wall|list)\b|\bpublic (?:website|list|register|page) of (?:debtors|defaulters|"
            r"bad payers|deadbeats)\b",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-06",
        "pressure",
        re.compile(
            r"\bkeep (?:on )?(?:ringing|calling|phoning|texting|messaging)\b[^.;!?]{0,30}\buntil "
            r"(?:you|someone|somebody|it|this|the debt)\b",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-02",
        "threat",
        # A visit with men brought along ("I'm coming round with a couple of lads").
        re.compile(
            r"\b(?:coming|come|going|go|turn(?:ing)? up|show(?:ing)? up) (?:round|over|by|there)?\b"
            r"[^.;!?]{0,20}\bwith (?:a couple of|some|a few|my|the|two|three) "
            r"(?:lads|boys|guys|mates|friends|heavies|men)\b",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-04",
        "false_legal",
        # A relative told they must pay if the debtor does not (他不还您就得还).
        re.compile(
            r"(?:他|她)(?:要是|如果)?不还[^，。]{0,3}(?:您|你)(?:们)?(?:就)?(?:得|要|必须|只能)"
            r"(?:替(?:他|她))?还",
            _I,
        ),
    ),
    _P(
        "DEF-CONTENT-06",
        "pressure",
        re.compile(
            r"晚一(?:分钟|秒钟?|个小时|天)都不行|"
            # Told to borrow against the home to pay ("just refinance your mortgage and send us
            # the cash").
            r"\b(?:refinance|remortgage|borrow against|take out a (?:second mortgage|payday loan|loan)|"
            r"max out|cash advance on)\b[^.;!?]{0,40}\b(?:send|pay|give|wire) (?:it to )?us\b",
            _I,
        ),
    ),
)
PATTERNS: tuple[Pattern, ...] = _EARLIER + _ROUND9 + _ROUND10
