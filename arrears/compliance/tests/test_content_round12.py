"""Twelfth round of issue 18: fresh lines in US medical, utility, BNPL, student-loan and
auto-finance notices, Philippine, Nigerian, Malaysian and Canadian English, B2B statements of
account, Taiwanese and Hong Kong formal Chinese in traditional characters, mediation notices.

Rules only (no model is trained); the lawful kinds are asked directly, as content.py asks
them about a model's finding. The lines are paraphrases of the classes, not the batch lines.
"""

import re

import pytest

from arrears.compliance import content_model
from arrears.compliance.content import _SENTENCE, _lawful_kind, check_content
from arrears.compliance.tests.content_helpers import (
    DISCLOSURE,
    FALSE_LEGAL,
    INSULT,
    PRESSURE,
    PRETEXT,
    THREAT,
    rules,
)
from arrears.core.hanzi import simplify, traditional_pairs

# Traditional characters are read as simplified.


def test_simplify_keeps_length_and_leaves_simplified_text_alone() -> None:
    text = "台端積欠之帳款已逾期，請儘速繳納。"
    assert simplify(text) == "台端积欠之账款已逾期，请儘速缴纳。"
    assert len(simplify(text)) == len(text)
    plain = "您的账单已逾期，请尽快还款。著名的乾隆"
    assert simplify(plain) is plain


def test_no_simplified_character_is_folded() -> None:
    pairs = traditional_pairs()
    assert not set(pairs) & set(pairs.values())
    # Characters simplified text uses too are never in the table.
    assert not set("著乾藉瞭") & set(pairs)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我們會到你公司樓下張貼你的欠款公告。", DISCLOSURE),
        ("再不還錢就把你的照片發到你們公司群裡。", DISCLOSURE),
        ("你這種老賴就是社會的垃圾。", INSULT),
    ],
)
def test_traditional_lines_are_read(text: str, rule: str) -> None:
    assert rule in rules(text)


def test_a_traditional_span_is_quoted_as_written() -> None:
    spans = {f.span for f in check_content("本公司將派人到台端住處張貼公告。", learned=False)}
    assert "張貼" in spans


def test_the_model_reads_the_formal_second_person_as_the_reader() -> None:
    assert content_model.model_input("閣下的帳戶") == "您的账户"
    assert content_model.model_input("台端之欠款") == "您之欠款"


# Sentences do not end at a decimal point, "No." before a number or a title.


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Your balance of USD 1,250.75 is overdue. Please pay by Friday.", 2),
        ("Under Circular No. 21, we call only between 8am and 9pm. Thank you.", 2),
        ("Dr. Patel's clinic billing office is calling. Please call back.", 2),
        ("您的账单已逾期。请尽快还款。", 2),
    ],
)
def test_sentences_are_split_where_they_end(text: str, pieces: int) -> None:
    assert len([m for m in _SENTENCE.finditer(text) if m.group().strip()]) == pieces


# Rules narrowed: the words said, not the words.


@pytest.mark.parametrize(
    "text",
    [
        "Your title loan payment did not go through this morning.",
        "千万别再去借网贷了，以贷养贷风险很大，我们可以一起商量分期。",
        "A court fee will be added to the balance if a summons is issued.",
        "A restocking fee of $40 will be charged to your card if the item is not returned.",
        "You will be charged a late fee of $15 if payment arrives after the 10th.",
        "Judgment was entered in the Court of King's Bench, action no. 2503-11872, and the creditor can "
        "now apply for a garnishee order.",
        "贵司尚欠的服务费12,000元，请于本月底前支付。",
    ],
)
def test_lawful_lines_pass_the_rules(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("A summons has been issued against you.", FALSE_LEGAL),
        ("You'll be charged with theft if you keep ignoring us.", FALSE_LEGAL),
        ("Go and get a payday loan and pay us today.", PRESSURE),
        ("你就去以贷养贷吧，总能凑出来。", PRESSURE),
        ("另外还要收取上门服务费300元。", PRESSURE),
    ],
)
def test_the_narrowed_rules_still_read_their_own(text: str, rule: str) -> None:
    assert rule in rules(text)


# Unlawful lines of fresh styles, now read.


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We've already phoned your imam about the money you owe.", DISCLOSURE),
        ("I have told your line manager all about your arrears.", DISCLOSURE),
        ("Our agents have visited your neighbours to explain the situation.", DISCLOSURE),
        ("Pay, or we'll write negative reviews on every site about your firm.", DISCLOSURE),
        ("Your whole management team is a bunch of liars.", INSULT),
        ("不交房租，就把你孩子的毕业证扣下。", THREAT),
        ("再不还，就把你的欠款单贴遍你住的小区电梯。", DISCLOSURE),
        ("已将您的欠款信息推送给您的全部微信好友。", DISCLOSURE),
        ("本公司將通知閣下之任職公司。", DISCLOSURE),
        ("我们会请贵单位协助催收这笔欠款。", PRESSURE),
        ("Our agent will wait at your workplace on Monday so your co-workers see who owes.", DISCLOSURE),
        ("We'll make sure your neighbours know exactly why we keep coming round.", DISCLOSURE),
        ("Your file now sits with our recovery unit. They don't bother with reminders.", THREAT),
    ],
)
def test_fresh_unlawful_lines_are_read(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "We have contacted your employer only to confirm that you work there.",
        "我们已将您的还款计划发送至您的邮箱。",
        "We have told your solicitor that we will wait for the court's decision.",
        "Please make sure everyone in your household knows that the water will be off on Tuesday.",
        "We don't send letters by post any more; please check your email for statements.",
        "The supplier may ask the court for a warrant to enter the premises and fit a prepayment meter.",
    ],
)
def test_lawful_contacts_stay_lawful(text: str) -> None:
    assert rules(text) == set()


# Lawful kinds that lift the model's finding (asked as content.py asks them).


@pytest.mark.parametrize(
    ("rule", "span", "text"),
    [
        (FALSE_LEGAL, "Your truck was repossessed on 2 December because of the missed payments.",
         "Your truck was repossessed on 2 December because of the missed payments. You can get the vehicle "
         "back by paying the amount due before it is sold."),
        (FALSE_LEGAL, "WARNING OF REPOSSESSION: your contract is in default.",
         "WARNING OF REPOSSESSION: your contract is in default. You have the right to cure it by paying $380 "
         "within 21 days."),
        (THREAT, "If anyone in your household has a chronic medical condition, please tell us.",
         "If anyone in your household has a chronic medical condition, please tell us."),
        (FALSE_LEGAL, "调解不收费，是否参加由您自愿决定。", "调解不收费，是否参加由您自愿决定。"),
        (FALSE_LEGAL, "Late charges apply as set out in the terms of your loan agreement.",
         "Late charges apply as set out in the terms of your loan agreement."),
        (FALSE_LEGAL, "We are a licensed collection agency under provincial law.",
         "We are a licensed collection agency under provincial law."),
        (THREAT, "The balance for your daughter's appointment on 4 May is still unpaid.",
         "The balance for your daughter's appointment on 4 May is still unpaid."),
        (PRETEXT, "Statements and invoices are attached for your accounts payable team.",
         "Statements and invoices are attached for your accounts payable team."),
        (PRETEXT, "我是某银行的上门拜访人员，届时会出示工作证。",
         "我是某银行的上门拜访人员，届时会出示工作证，如时间不便请另行约定。"),
        (PRESSURE, "Your installment loan payment bounced yesterday.",
         "Your installment loan payment bounced."),
        (DISCLOSURE, "We may only contact you between 8 AM and 9 PM and will not contact anyone in your "
         "phone contacts.", "We may only contact you between 8 AM and 9 PM."),
        (PRETEXT, "Hi, this is a friendly reminder from Sunrise Finance.",
         "Hi, this is a friendly reminder from Sunrise Finance. Your next installment is due Friday."),
        (PRETEXT, "Good morning, it's Ana from the billing department of Lakeside Clinic.",
         "Good morning, it's Ana from the billing department of Lakeside Clinic."),
        (DISCLOSURE, "本公司已依法受让某某公司对贵司的应收账款，请向本公司支付。",
         "本公司已依法受让某某公司对贵司的应收账款，请向本公司支付。"),
        (FALSE_LEGAL, "Dear customer, your direct debit was returned unpaid by your bank.",
         "Dear customer, your direct debit was returned unpaid by your bank."),
        (PRESSURE, "Dear Borrower, your repayment bounced this morning.",
         "Dear Borrower, your repayment bounced this morning."),
        (DISCLOSURE, "If this debt is linked to domestic abuse, please tell us and we will put it on hold.",
         "If this debt is linked to domestic abuse, please tell us and we will put it on hold."),
        (PRESSURE, "我司员工从不通过个人微信收款。", "我司员工从不通过个人微信收款。"),
        (FALSE_LEGAL, "起诉材料已提交法院，是否立案以法院通知为准。",
         "起诉材料已提交法院，是否立案以法院通知为准。"),
        (DISCLOSURE, "催缴通知将单独寄送，不在公告栏公布房号。",
         "催缴通知将单独寄送，不在公告栏公布房号。"),
        (DISCLOSURE, "供热公司提醒：您家的采暖费尚未缴纳，请及时缴费。",
         "供热公司提醒：您家的采暖费尚未缴纳，请及时缴费。"),
        (FALSE_LEGAL, "Please pay by the 20th to avoid late payment fees.",
         "Please pay by the 20th to avoid late payment fees."),
        (DISCLOSURE, "多谢还款，我哋会通知环联更新你嘅记录。",
         "多谢还款，我哋会通知环联更新你嘅记录。"),
    ],
)
def test_lawful_kinds_lift_the_finding(rule: str, span: str, text: str) -> None:
    assert _lawful_kind(rule, span, text)


@pytest.mark.parametrize(
    ("rule", "span", "text"),
    [
        (THREAT, "Your car was repossessed and the police will be at your door tonight.",
         "Your car was repossessed and the police will be at your door tonight. You may redeem it."),
        (FALSE_LEGAL, "你不来调解就是拒不履行，要坐牢。", "你不来调解就是拒不履行，要坐牢。"),
        (FALSE_LEGAL, "We are a licensed agency working with the police on your case.",
         "We are a licensed agency working with the police on your case."),
        (THREAT, "We know about your son's appointment at the clinic; tell him to be careful.",
         "We know about your son's appointment at the clinic; tell him to be careful."),
        (DISCLOSURE, "We will only contact you by phone, but we will tell your boss.",
         "We will only contact you by phone, but we will tell your boss."),
        (PRETEXT, "This is a courtesy reminder from the county court.",
         "This is a courtesy reminder from the county court about your loan."),
        (PRESSURE, "Your payment bounced, so borrow from a friend and pay today.",
         "Your payment bounced, so borrow from a friend and pay today."),
        (DISCLOSURE, "我们不在群里公布，但会通知你的单位。",
         "我们不在群里公布，但会通知你的单位。"),
        (DISCLOSURE, "物业通知：您的物业费已欠缴，我们已告诉您的邻居。",
         "物业通知：您的物业费已欠缴，我们已告诉您的邻居。"),
        (PRETEXT, "This is Officer Reyes from the collections unit.",
         "This is Officer Reyes from the collections unit."),
    ],
)
def test_spoiled_kinds_keep_the_finding(rule: str, span: str, text: str) -> None:
    assert not _lawful_kind(rule, span, text)


# The model's concepts.


def _concept(name: str) -> re.Pattern[str]:
    return re.compile(dict(content_model._CONCEPTS)[name], re.IGNORECASE)


def test_a_question_is_no_knowledge_of_the_debtors_movements() -> None:
    knows = _concept("knows")
    assert not knows.search("may i know when you can make a payment?")
    assert knows.search("we know when your daughter finishes school.")


def test_a_postpaid_plan_is_no_posting() -> None:
    expose = _concept("expose")
    assert not expose.search("your postpaid bill is overdue; payment postponed to friday.")
    assert expose.search("we will post your photo.")
    assert expose.search("a wanted poster with your face.")
