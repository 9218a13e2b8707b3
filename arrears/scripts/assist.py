"""Live agent assist: one utterance in, a label, replies, UI actions and parsed values out.

This is the single function the command, the API and (later) the call screen use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from arrears.core.hanzi import simplify
from arrears.scripts.care import CARE_PROTOCOL, self_harm_signal
from arrears.scripts.classifier import Prediction, get_classifier
from arrears.scripts.labels import Reaction, Stage, detect_language, normalise_language
from arrears.scripts.parsing import parse_amount, parse_date
from arrears.scripts.replies import suggestions
from arrears.scripts.spoken import expand_spoken
from arrears.scripts.turns import refine

# What the call screen should offer next, beyond words. Types are a contract with the UI.
_ACTIONS: dict[str, list[dict[str, Any]]] = {
    Reaction.CLAIMS_ALREADY_PAID: [
        {"type": "show_recent_payments", "days": 30},
        {"type": "ask_payment_reference", "fields": ["reference", "date", "amount", "channel"]},
    ],
    Reaction.DISPUTES_DEBT: [{"type": "offer_open_dispute", "suspend_demands": True}],
    Reaction.ASKS_TO_STOP_CONTACT: [
        {"type": "record_contact_preference", "options": ["cease", "channel", "time", "place"]}
    ],
    Reaction.WRONG_PERSON_OR_NUMBER: [{"type": "mark_number", "status": "wrong_number"}],
    Reaction.WANTS_INSTALLMENT_OR_REDUCTION: [{"type": "offer_payment_plan"}],
    Reaction.HARDSHIP_NO_MONEY: [{"type": "offer_payment_plan"}, {"type": "record_hardship"}],
    Reaction.ILLNESS_OR_FAMILY_CRISIS: [
        {"type": "flag_vulnerability"},
        {"type": "propose_pause"},
    ],
    Reaction.COMPLAINS_ABOUT_HARASSMENT: [
        {"type": "record_complaint"},
        {"type": "escalate_to_team_lead", "urgent": False},
    ],
    Reaction.BANKRUPTCY_OR_LAWYER: [
        {"type": "record_representation", "fields": ["name", "phone", "case_number"]},
        {"type": "pause_collection"},
    ],
    Reaction.DECEASED_OR_INCAPACITATED: [
        {"type": "flag_deceased_or_incapacity"},
        {"type": "pause_collection"},
    ],
    Reaction.THIRD_PARTY_SAYS_NOT_MY_BUSINESS: [{"type": "end_third_party_contact"}],
    Reaction.REFUSES_OR_HOSTILE: [{"type": "offer_supervisor"}],
    # A business customer's answers (issue 19): what to ask next, and the customer panel's
    # form that records it (arrears.receivables via the case page).
    Reaction.PAYMENT_SENT: [
        {"type": "record_expected_payment",
         "fields": ["method", "reference", "bank", "expected_on", "invoices"]},
    ],
    Reaction.INVOICE_DISPUTED: [
        {"type": "record_invoice_dispute", "fields": ["invoices", "lines", "reason"]},
    ],
    Reaction.GOODS_OR_SERVICE_PROBLEM: [
        {"type": "record_invoice_dispute", "fields": ["invoices", "lines", "reason"]},
        {"type": "tell_salesperson"},
    ],
    Reaction.WAITING_FOR_CUSTOMER_PAYMENT: [
        {"type": "ask_expected_funds_date"},
        {"type": "offer_payment_plan"},
    ],
    Reaction.NEEDS_APPROVAL: [{"type": "escalate_to_decision_maker"}],
}
_CARE_ACTIONS: list[dict[str, Any]] = [
    {"type": "pause_collection"},
    {"type": "escalate_to_team_lead", "urgent": True},
]


def actions_for(label: str, parsed: Mapping[str, Any]) -> list[dict[str, Any]]:
    actions = [dict(a) for a in _ACTIONS.get(label, [])]
    # A vague "I'll pay soon" with a date or amount in it is still worth a draft promise.
    vague_with_numbers = label == Reaction.WILL_PAY_SOON and (parsed["date"] or parsed["amount"])
    if label == Reaction.PROMISE_SPECIFIC or vague_with_numbers:
        actions.append({"type": "prefill_promise", "date": parsed["date"], "amount": parsed["amount"]})
    return actions



# Who the customer is decides which labels apply. A business customer's reactions (issue 19)
# say what a consumer's say in the words of accounts payable: "the cheque is in the post" is a
# payment sent for a company and a claim of payment for a person, "that invoice is wrong" an
# invoice disputed and a debt disputed. The corpus labels each source by its customer, so the
# model cannot tell them apart from the words; the customer's kind can. For a person the
# business-only labels are dropped (the rest renormalised); for a company a claim of payment
# and a dispute take their business names.
CUSTOMERS = ("person", "company")
BUSINESS_ONLY = frozenset({
    Reaction.PAYMENT_SENT, Reaction.INVOICE_DISPUTED, Reaction.WAITING_FOR_CUSTOMER_PAYMENT,
    Reaction.NEEDS_APPROVAL, Reaction.GOODS_OR_SERVICE_PROBLEM,
})
_AS_BUSINESS: dict[str, str] = {Reaction.CLAIMS_ALREADY_PAID: Reaction.PAYMENT_SENT,
                                 Reaction.DISPUTES_DEBT: Reaction.INVOICE_DISPUTED}


def for_customer(prediction: Prediction, customer: str = "person") -> Prediction:
    """The model's ranking restricted to the labels that apply to this kind of customer."""
    if customer not in CUSTOMERS:
        raise ValueError(f"unknown customer {customer!r}; use one of {', '.join(CUSTOMERS)}")
    merged: dict[str, float] = {}
    for label, p in prediction.ranked:
        if customer == "person" and label in BUSINESS_ONLY:
            continue
        if customer == "company":
            label = _AS_BUSINESS.get(label, label)
        merged[label] = merged.get(label, 0.0) + p
    total = sum(merged.values()) or 1.0
    ranked = sorted(((label, p / total) for label, p in merged.items()), key=lambda pair: -pair[1])
    return Prediction(ranked[0][0], ranked[0][1], ranked)



def classify_utterance(
    text: str,
    *,
    today: dt.date,
    language: str | None = None,
    stage: str = Stage.PHONE,
    context: Mapping[str, Any] | None = None,
    currency: str = "CNY",
    customer: str = "person",
) -> dict[str, Any]:
    if stage not in Stage.values:
        raise ValueError(f"unknown stage {stage!r}; use one of {', '.join(Stage.values)}")
    # The rules and parsers read simplified characters (還了, 禮拜五 as 还了, 礼拜五), and
    # pinyin and initials as the characters they stand for (yj还了 as 已经还了).
    folded = expand_spoken(simplify(text))
    # Pinyin typed for Chinese ("mei qian a") is a Chinese speaker's turn.
    lang = normalise_language(language) or detect_language(folded)
    classifier = get_classifier()
    prediction = for_customer(classifier.predict(text), customer)
    label = refine(prediction.label, folded, today)
    date = parse_date(folded, today)
    amount = parse_amount(folded)
    parsed = {
        "date": date.isoformat() if date else None,
        "amount": str(amount) if amount is not None else None,
    }
    # The rule runs whatever the model says, so the care path never depends on the model.
    care = self_harm_signal(folded) is not None
    if care:
        # With `parts`, as every reply has, so the call panel shows the protocol's steps.
        text = CARE_PROTOCOL[lang]
        replies = [{"id": "care.protocol", "text": text, "parts": [{"text": text, "gap": None}]}]
        actions = [dict(a) for a in _CARE_ACTIONS]
    else:
        ctx = dict(context or {})
        # The debtor's own words fill the promise placeholders of the confirmation replies,
        # ahead of an older promise the case holds: they are what is being confirmed.
        if date:
            ctx["promise_date"] = date
        if amount is not None:
            ctx["promise_amount"] = amount
        replies = suggestions(label, stage, lang, ctx, currency=currency)
        actions = actions_for(label, parsed)
    # Below the threshold the panel says it is unsure and offers the two likeliest labels.
    top_two: list[dict[str, Any]] = []
    for lbl, p in prediction.ranked:
        shown = refine(lbl, folded, today)
        if shown not in [a["label"] for a in top_two]:
            top_two.append({"label": shown, "confidence": round(p, 4)})
        if len(top_two) == 2:
            break
    return {
        "text": text,
        "language": lang,
        "label": label,
        "confidence": round(prediction.confidence, 4),
        "unsure": prediction.unsure,
        "alternatives": top_two,
        "model_version": classifier.version,
        "suggestions": replies,
        "care_flag": care,
        "actions": actions,
        "parsed": parsed,
    }
