"""The content check's negations and reassurances: what keeps a rule's finding from firing
("you will not be arrested") and what lifts a model's finding ("我们不会告诉你的同事"), and
the negations that negate nothing or assert ("this does not mean you will not be arrested").

Moved from content.py (issue 18, eleventh round) with no change of behaviour.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
# The enumeration comma (、) lists what one negation covers ("不会联系您的家人、同事或通讯录").
CLAUSE_BREAK = re.compile(r"[,，:：]")
# A full stop that ends no sentence: a decimal point or a thousands' dot ("PHP 2,899.00"),
# "No." before a number ("Memorandum Circular No. 18") and a title (Mr., Dr.). Splitting
# there made half a sentence of each side, "00 is overdue" read without what it was about.
NOT_AN_END = (r"(?<=\d)\.(?=\d)|(?<=\b[Nn]o)\.(?= ?\d)|(?<=\bNos)\.(?= ?\d)|(?<=\bMr)\.|(?<=\bMrs)\.|"
              r"(?<=\bMs)\.|(?<=\bDr)\.(?= [A-Z])")
NEGATION = re.compile(
    r"\b(?:not|no|never|no one|nobody|won'?t|cannot|can'?t|don'?t|doesn'?t|isn'?t|aren'?t|"
    r"neither|nor)\b|不会|不能|不得|绝不|决不|没有|不是|并非|并不|无需|不用|不必|禁止|严禁|不要|"
    r"勿|别(?![人的处家逼])|谨防|警惕|不需要|不承担|无须|没有义务|从未|从不|并没有|not going to|"
    r"不涉及|不构成|不存在|与[^，。]{0,6}无关",
    _I,
)
# Questions and suggestions that contain a negation word but negate nothing: "why not ask
# your parents", "你是不是傻逼" (A-not-A questions).
NOT_A_NEGATION = re.compile(
    r"\bwhy not\b|\bwhy don'?t you\b|是不是|能不能|会不会|要不要|有没有|行不行|可不可以|肯不肯|"
    # A team that "doesn't send letters" denies paper, not the threat (twelfth round).
    r"\b(?:don'?t|do not|doesn'?t|does not|never) (?:send|write|bother with) (?:letters|emails|reminders|"
    r"warnings)\b|"
    # The debtor's not paying is the condition of a threat, not a negation of it.
    r"\b(?:don'?t|do not|doesn'?t|does not|won'?t|can'?t|cannot|didn'?t) (?:re)?(?:pay|settle|call|answer|"
    r"respond)\w*|"
    r"\b(?:don'?t|do not|didn'?t|did not) (?:see|get|receive|have) (?:the|that|this|your|my|our|any) "
    r"(?:money|payment|cash)\b|"
    r"\bhaven'?t (?:got|received|had) (?:the|that|your|any) (?:money|payment|cash)\b|"
    r"\bnot (?:paid|pay|paying)\b|\bno (?:payment|response)\b|不还|没还|不处理|不接|不回|不给钱|没钱|"
    # "if this invoice isn't paid by Friday we'll ...": the bill's not being paid, too.
    r"\b(?:isn'?t|is not|aren'?t|are not|wasn'?t|was not|hasn'?t been|has not been|haven'?t been|"
    r"have not been) (?:paid|settled|cleared)\b|"
    # "we will have no choice but to tell your family" negates nothing.
    r"\bno (?:choice|option|alternative) but\b|"
    # Credit refused for ever is the threat itself: "you'll never get a loan again", "no bank
    # will ever lend to you".
    r"\bnever(?= (?:\w+ ){0,3}(?:get|be able to get|be approved for|be given|be granted|obtain|"
    r"qualify for|borrow)\b[^.;!?]{0,40}\bagain\b)|"
    r"\b(?:no|not a single|not one)(?= (?:bank|lender)s? (?:will|'ll|would) ever\b)|"
    r"\bnever(?= work (?:again|in this town|anywhere))|"
    # Not stopping is going on: "we cannot stop calling your family", 我们不会放过你.
    r"\b(?:can'?t|cannot|won'?t|will not|wouldn'?t|don'?t|do not|never) (?:stop|quit|cease|give up)\b|"
    r"不会停(?:止)?|不会罢休|不会放过|不放过|饶不了|跑不了|"
    # A crowd the caller "can't control" is the threat itself (thirteenth round).
    r"\b(?:can'?t|cannot|won'?t be able to|couldn'?t) (?:really )?"
    r"(?:control|stop|answer for|be responsible for) what\b|"
    # "We can't promise your boss won't hear about this": a threat in two negations.
    r"(?:不能|无法|没法)保证[^，。]{0,12}?(?:不会|不)(?=知道|听说|晓得)|"
    r"\b(?:can'?t|cannot) (?:promise|guarantee) (?:that )?(?:your|the) \w+(?: \w+)? (?:won'?t|will not)"
    r"(?= (?:hear|know|find out|learn))",
    _I,
)
# A negated negation asserts: "this does not mean you will not be arrested" says you may be,
# "paying half does not mean the police will stop looking for you" that they are looking, and
# 还了这部分不代表你就不会被起诉 that a suit may come. No negation in such a sentence excuses it.
DOUBLE_NEGATION = re.compile(
    r"\b(?:does|do|did) not mean\b[^.;!?]{0,48}?\b(?:not|never|won'?t|wouldn'?t|stop|stops|cease|end)\b|"
    r"\b(?:doesn'?t|don'?t|didn'?t) mean\b[^.;!?]{0,48}?\b(?:not|never|won'?t|wouldn'?t|stop|stops|cease|"
    r"end)\b|(?:不代表|不意味着|不等于)[^。；！？]{0,24}?(?:不会|不再|就会停止|就不)|"
    # A denial taken back: "the police are not involved yet, but they will be tomorrow".
    r"\bnot\b[^.;!?]{0,30}\bbut (?:they|he|she|it)(?:'ll| will) be\b(?! (?:no|not|never)\b)|"
    r"(?:还没|暂时没|目前没|暂时还没)[^，。]{0,10}[，,]?(?:但|不过)[^。]{0,6}(?:会|将|就)|"
    # "我们不会找你家里人，但会去你单位": the reassurance taken back in the same sentence.
    r"不会[^。；]{0,16}[，,]\s*(?:但|不过|可是)(?:是)?(?:我们)?(?:会|要|还是会|就会|一定会)"
    r"(?:去|找|联系|上门|通知|告诉|打给|到)|"
    # A rule stated and broken in the same breath: "..., but we do it anyway".
    r"\b(?:but|and) (?:we|i)(?:'ll| will| do| did)? (?:\w+ )?(?:it |that |so )?anyway\b|"
    # Thirteenth round: the promise taken back on a condition ("..., so we won't. But if you keep
    # ignoring us, we'll call him every day", 我们不会找你家人，但如果你再不接电话，我们就会……).
    r"(?:^|[.;!?]\s*)but if you\b[^.;!?]{0,48}\b(?:we|i)(?:'ll| will)\b|"
    r"(?:不会|不再)[^。]{0,20}[。，,]\s*(?:但|可是|不过)(?:如果|要是)[^。]{0,16}(?:我们|我)(?:就|会|将)|"
    r"但(?:我们|我)(?:照样|照打|还是会|依然会|偏要)",
    _I,
)
DENIED_AFTER = re.compile(
    r"\s*(?:的)?(?:都|也|均|并)?(?:不是|并非|不属于|is not|are not|isn'?t|aren'?t|is never)|"
    # "任何要求转账到个人账户的都是诈骗": the act is named as a fraud to warn against it.
    r"\s*(?:的)?(?:都|也|均|一律)?(?:是|属于)(?:诈骗|骗子|假冒)|"
    r"\s*(?:is|are) (?:always )?(?:a )?(?:scams?|fraud)",
    _I)
# A fraud warning names the pretexts and the personal accounts to protect the reader: "任何要求
# 您向私人账户转账的来电都是诈骗", "anyone asking for gift cards is a scammer".
FRAUD_WARNING = re.compile(
    r"(?:都|均|一律)(?:是|为|属于)(?:诈骗|骗子|假冒|冒充)|谨防|提防|防骗|反诈|"
    r"\b(?:is|are) (?:always |probably )?(?:a )?(?:scams?|scammers?|fraudsters?|fraudulent)\b|"
    r"\bbeware\b|\bfraud warning\b|\bprotect yourself from\b|"
    r"\b(?:claiming|pretending) to be (?:us|from us|our\b|from our\b)|冒充(?:我们|我行|本行|本公司|我司)", _I)
# Scammers who pretend to be the police or a court, named to warn the reader: for the model's
# findings only (a rule's finding stands: "警惕" opens a threat as easily as a warning).
SCAM_NAMED = re.compile(
    r"\b(?:scammers?|fraudsters?|impostors?|imposters?|criminals) (?:\w+ ){0,2}(?:pretend|claim|pose)\w*|"
    r"(?:警惕|谨防|当心)[^，。！!]{0,8}(?:诈骗|骗子|冒充|假冒)|"
    r"冒充(?:公检法|公安|警察|法院|检察院|律师|银行|客服)|诈骗电话|"
    # Thirteenth round: "If someone claims to be from the police, hang up and call us".
    r"\b(?:someone|anyone|a caller|somebody) (?:claims?|claiming|says?|saying|pretends?|pretending) to be\b"
    r"[^.;!?]{0,40}\bhang up\b", _I)
# A warning about scammers tells the reader what will not happen; one that tells the reader
# what will happen to them is a threat dressed as a warning.
WARNING_SPOILED = re.compile(
    r"\b(?:you will|you'll|we will|we'll|you are going to)\b|(?:你|您)(?:将|会|就会)被|我们(?:将|会|就)", _I)


# A reassurance denies the very act a category is about ("我们不会告诉你的同事", "please don't
# use your rent money"): the model, which sees words and not their logic, may still score it
# high. Such a sentence needs a near-certain score, and then only goes to review.
REASSURANCE = re.compile(
    r"(?:我们|我行|本行|我司|任何人|没有人|没人|您|你)(?:都|也|绝|决)?(?:不会|不需要|从不|从未|不必|无需|不用)"
    r"(?!放过|客气|手软|善罢甘休|再客气|好过|让你好过|想知道)|请(?:不要|勿|别)|切勿|"
    r"不会(?:追究|坐牢|被抓|影响|上门|联系|告诉|告知|透露|披露|泄露|冻结|收取|"
    r"找(?:你|您)?(?:的)?(?:家|亲|朋友|同事|单位))|"
    r"只(?:跟|和|与)(?:你|您)本人(?:沟通|联系)|\b(?:i'?m|i am) not (?:trying|going|here) to\b|"
    r"不会被(?:告知|通知|告诉|联系|透露|披露|打扰|追究)|(?:不是|不属于|并非)(?:犯罪|诈骗|刑事|我行|官方|法院|公安|警察|派出所|律师|政府|检察院)|"
    r"\b(?:we|nobody|no one|no-one)(?: will never| won'?t| will not| do not| don'?t| never| are not going to|"
    r" aren'?t going to| are not| aren'?t)\b(?! be so| be as| be this| be nice| be patient|"
    r" call first| ask (?:nicely|again|twice)| be (?:calling|asking|writing)| bother calling|"
    r" be polite| leave you| stop)|"
    r"\byou(?: will not be| won'?t be| are not| aren'?t| do not need| don'?t need| don'?t have to|"
    r" do not have to)\b"
    r"(?! able to| safe| sorry| going to like)|"
    r"(?:^|[.;!?]\s*)(?:please )?(?:don'?t|do not|never) (?:pay|use|sell|borrow|take|give|share|send|worry)|"
    r"\bplease (?:don'?t|do not|never)\b|\bis not a (?:crime|criminal)|\bnot (?:a crime|criminal|"
    r"responsible|liable)|"
    r"\b(?:nobody|no one|no-one) is going to\b|\bno (?:court|legal) (?:action|proceedings?)\b|"
    # "The police are not involved in this; it is a civil matter between you and the bank."
    r"\b(?:police|courts?|bailiffs?|sheriffs?|law enforcement)(?: \w+)? (?:are|is) not involved\b"
    r"(?! yet)(?![^.;!?]{0,30}\b(?:but|until|unless)\b)|"
    # The statutory arrears notice: "This notice does not mean that we are taking court action
    # against you now" (Consumer Credit Act notice of sums in arrears), and its Chinese form,
    # 此通知并不代表我们已对您提起诉讼. Not when what it does not mean is negated again: a
    # reassurance in a `DOUBLE_NEGATION` lifts nothing (`_learned`).
    r"\b(?:does|do|did) not mean (?:that )?(?:we|you|the|your|this|a)\b|"
    r"不(?:代表|意味着)(?:我们|本行|我司|本公司)?(?:已经?|将|会|正在)?(?:对(?:您|你))?(?:提起|采取)|"
    r"\bno (?:lawsuit|suit|claim|case) (?:has|have) been\b|\bwill not be (?:contacted|told|informed|"
    r"arrested|sued|visited)\b|\bis not (?:liable|responsible)\b|"
    # The debtor's own report or answer is no claim of ours ("the police report you mentioned",
    # "the claim you responded to"); a step not decided is no threat of it.
    r"\b(?:you|you've|you have) (?:mentioned|reported|filed|responded|told us|sent us)\b|"
    r"\bno decision (?:to|has|about)\b|"
    r"不涉及(?:刑事|犯罪)|不构成(?:犯罪|刑事)|不是(?:借款人|担保人)|不需要(?:还款|承担)|先不催|"
    # A warning against fraud names crimes and the police to protect the reader.
    r"谨防|提高警惕|上当受骗|\bbeware of\b|\bfraud warning\b|\bprotect yourself from\b|"
    # Someone else's freedom from the debt ("您的配偶不需要为这笔债务承担责任", "你的家人没有义务替你还款").
    r"(?:不需要|无需|不必|没有义务|无义务|不用)(?:为|替|代)?[^，。]{0,8}(?:承担|偿还|还款|还钱|负责)|"
    r"\b(?:no|not under any) (?:legal )?obligation to (?:pay|repay)\b|\bnot (?:required|obliged) to pay\b|"
    # Thirteenth round: a collector saying what it is not ("I'm not a lawyer and I'm not calling
    # from a court"), and a protection stated ("Your wages cannot be garnished for this debt
    # without a court judgment, and no such judgment has been entered").
    r"\b(?:i'?m|i am|we'?re|we are|this is) not (?:a |an |the )?(?:lawyer|attorney|solicitor|court|"
    r"police|government|law enforcement|legal)\b|\bnot calling (?:from|on behalf of) (?:a |the )?"
    r"(?:court|police|government|law firm)\b|"
    # The police or a court that never asks for payment, named in a fraud warning ("Police will
    # never ask you to pay a debt by phone").
    r"\b(?:police|courts?|judges?|the government|bailiffs?|sheriffs?)(?: \w+)? (?:will never|never|do not|"
    r"don'?t|will not|won'?t) (?:ask|call|phone|text|demand|collect)\b|"
    r"\bno (?:such )?(?:judgment|court order|order|lawsuit|claim) has been (?:entered|made|issued|filed|"
    r"granted)\b|\b(?:cannot|can'?t|may not) be (?:garnished|seized|levied|taken|repossessed|frozen)\b"
    r"[^.;!?]{0,40}\bwithout (?:a |an )?(?:court|judgment|order)",
    _I)
