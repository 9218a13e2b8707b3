"""Turns with two reactions and the words that decide who speaks (issue 18, eighth round).

The model's label is given, so these run without a fit: each asserts what the panel shows
once the order and the turn's words are applied (arrears/scripts/assist.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from arrears.scripts.parsing import parse_amount, parse_date
from arrears.scripts.turns import refine

TODAY = dt.date(2026, 11, 18)


@pytest.mark.parametrize(
    ("model_label", "text", "shown"),
    [
        # A request to stop the calls said with a promise, a plea or a question comes first.
        ("will_pay_soon", "I'll pay once my wages come in, just stop calling me", "asks_to_stop_contact"),
        ("will_pay_soon", "等我发了工资就还 你们别天天打了", "asks_to_stop_contact"),
        ("hardship_no_money", "I'm out of work and broke, quit calling this number", "asks_to_stop_contact"),
        ("promise_specific", "don't call me at work, I'll send 300 on friday", "asks_to_stop_contact"),
        # "别催" is don't rush me; "别打了先" and "don't call me now" only put the call off.
        ("will_pay_soon", "会还的 别催了", "will_pay_soon"),
        ("away_or_busy", "开会呢 别打了先 下午说", "away_or_busy"),
        ("away_or_busy", "don't call me now I'm driving", "away_or_busy"),
        # A wrong number told by naming the place that answered.
        ("disputes_debt", "我们这是个汽修厂 没有姓赵的", "wrong_person_or_number"),
        ("other", "you've reached a nail salon, nobody called Dwayne works here", "wrong_person_or_number"),
        # ...but the place with a word of the debt, or with being busy, is not.
        ("disputes_debt", "这是公司的账 不是我个人借的", "disputes_debt"),
        ("away_or_busy", "I'm at work, this is a busy office, call me back later", "away_or_busy"),
        # A lawyer named is no death; "dead" said of a business is no death either.
        ("deceased_or_incapacitated", "speak to my attorney about it", "bankruptcy_or_lawyer"),
        ("deceased_or_incapacitated", "有事找我律师去", "bankruptcy_or_lawyer"),
        ("deceased_or_incapacitated", "the shop's been dead all winter, I can't pay", "hardship_no_money"),
        ("deceased_or_incapacitated", "my husband passed away in may", "deceased_or_incapacitated"),
        ("deceased_or_incapacitated", "she's unconscious in hospital", "deceased_or_incapacitated"),
        ("deceased_or_incapacitated", "他在重症监护室 醒不过来了", "deceased_or_incapacitated"),
        # The debtor's incapacity told by a relative is who the debtor is, not a third party.
        (
            "third_party_says_not_my_business",
            "我妈中风了 人都认不得 你跟她说不了",
            "deceased_or_incapacitated",
        ),
        (
            "third_party_says_not_my_business",
            "he has dementia, he can't deal with this",
            "deceased_or_incapacitated",
        ),
        ("third_party_says_not_my_business", "我是他同事 他的事别问我", "third_party_says_not_my_business"),
        # A lawyer of one's own named, or had: the debtor speaks, and the lawyer comes first.
        (
            "third_party_says_not_my_business",
            "my solicitor is Mr Patel, deal with him",
            "bankruptcy_or_lawyer",
        ),
        ("asks_to_stop_contact", "I've got an attorney now so don't call me", "bankruptcy_or_lawyer"),
        # A complaint needs a word of one; an illness or a birth comes before a vague promise.
        ("complains_about_harassment_or_threatens_complaint", "月底工资一到我就还", "promise_specific"),
        ("will_pay_soon", "我老婆刚生完孩子 等过了这阵再说", "illness_or_family_crisis"),
        # An offer on a condition asks for terms; a request for papers is a question.
        (
            "wants_installment_or_reduction",
            "if I pay 300 tomorrow could you drop the fees",
            "wants_installment_or_reduction",
        ),
        ("wants_installment_or_reduction", "email me the account number and the balance please", "other"),
        (
            "wants_installment_or_reduction",
            "send me a payment plan, 50 a month",
            "wants_installment_or_reduction",
        ),
        # "ill pay" is "I'll pay"; a cease-and-desist letter sent is no payment; a death with no
        # word of one, said by someone who disowns the debt or says the debtor is out.
        ("illness_or_family_crisis", "ya ill pay it tmrw dont worry", "promise_specific"),
        ("illness_or_family_crisis", "I'm ill in bed, I'll pay when I'm better", "illness_or_family_crisis"),
        ("claims_already_paid", "my lawyer sent you guys a cease and desist", "bankruptcy_or_lawyer"),
        ("claims_already_paid", "I mailed a cease and desist letter last week", "asks_to_stop_contact"),
        (
            "deceased_or_incapacitated",
            "he ain't home and he's not my problem",
            "third_party_says_not_my_business",
        ),
        ("deceased_or_incapacitated", "她已经不在人世了", "deceased_or_incapacitated"),
        # Asked for proof: a dispute, not a question.
        ("other", "prove that I owe you this first", "disputes_debt"),
        # "next week" with no day in it names no day; words can name the day and the amount.
        ("promise_specific", "ya I'll pay next week", "will_pay_soon"),
        ("will_pay_soon", "I'll pay the end of next week", "promise_specific"),
        ("will_pay_soon", "I get paid on the fifteenth, I'll do two hundred then", "promise_specific"),
    ],
)
def test_the_order_and_the_speaker_decide(model_label: str, text: str, shown: str) -> None:
    assert refine(model_label, text, TODAY) == shown


@pytest.mark.parametrize(
    ("text", "date", "amount"),
    [
        ("on the first", dt.date(2026, 12, 1), None),
        ("by the fifteenth, a grand", dt.date(2026, 12, 15), "1000.00"),
        ("fifty bucks", None, "50.00"),
        ("two hundred on friday", dt.date(2026, 11, 20), "200.00"),
        ("the first time you called", None, None),
        ("a hundred percent sure", None, None),
        ("twenty five hundred", None, None),
    ],
)
def test_days_and_amounts_in_words(text: str, date: dt.date | None, amount: str | None) -> None:
    assert parse_date(text, TODAY) == date
    found = parse_amount(text)
    assert (str(found) if found is not None else None) == amount
