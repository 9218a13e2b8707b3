"""What a turn's words say against the model's label (issue 18, ninth round).

The model's label is given, so these run without a fit (arrears/scripts/assist.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from arrears.scripts.turns import refine

TODAY = dt.date(2026, 11, 18)


@pytest.mark.parametrize(
    ("model_label", "text", "shown"),
    [
        # No money with a vague promise is hardship, which the order puts first.
        ("will_pay_soon", "yeah i'll sort it out eventually, i'm skint right now", "hardship_no_money"),
        ("will_pay_soon", "会还的 就是现在真没钱", "hardship_no_money"),
        ("other", "冇钱啊 你问咩", "hardship_no_money"),
        # ...a dated promise with it stays a promise.
        ("promise_specific", "no money now but I'll pay 100 on friday", "promise_specific"),
        # A wrong person, told as a namesake.
        (
            "refuses_or_hostile",
            "mate you've got a different bloke, same name different guy",
            "wrong_person_or_number",
        ),
        ("other", "你们找错人了吧 同名同姓的多了", "wrong_person_or_number"),
        # A bill said to be wrong is disputed.
        ("wrong_person_or_number", "that amount is completely wrong, I was overcharged", "disputes_debt"),
        ("wrong_person_or_number", "你们这个金额不对 多收了两百", "disputes_debt"),
        ("wrong_person_or_number", "wrong number, no one called Tina here", "wrong_person_or_number"),
        # The insurance should have paid: a dispute, not a crisis.
        (
            "illness_or_family_crisis",
            "the ER visit was meant to be covered, insurance should have paid it",
            "disputes_debt",
        ),
        (
            "illness_or_family_crisis",
            "I'm in hospital after surgery, can't talk money",
            "illness_or_family_crisis",
        ),
        # A formal demand to stop is no refusal; a refusal said with it stays one.
        ("refuses_or_hostile", "this is my cease and desist, put it in writing", "asks_to_stop_contact"),
        ("refuses_or_hostile", "cease and desist, and I'm not paying you a cent", "refuses_or_hostile"),
        # Cantonese and dialect words of a death and an incapacity.
        ("claims_already_paid", "佢上个礼拜过身咗", "deceased_or_incapacitated"),
        (
            "third_party_says_not_my_business",
            "他脑溢血了 人都认不得 你们找他也没用",
            "deceased_or_incapacitated",
        ),
        # A day and a word of paying, nothing of being busy: a promise, not a call put off.
        ("away_or_busy", "后天上午我就去把钱还了", "promise_specific"),
        ("away_or_busy", "在开会 明天打给你", "away_or_busy"),
        ("away_or_busy", "can't talk now, call me tomorrow", "away_or_busy"),
    ],
)
def test_the_words_of_the_turn_decide(model_label: str, text: str, shown: str) -> None:
    assert refine(model_label, text, TODAY) == shown
