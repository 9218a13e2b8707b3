"""Eleventh round of issue 18: fresh lines in Indian, Singapore and Hong Kong English,
Singlish, Cantonese and colloquial Chinese, UK and US enforcement letters, and text-speak.

Rules only (no model is trained); the lawful kinds are asked directly, as content.py asks
them about a model's finding.
"""

import pytest

from arrears.compliance.content import _lawful_kind
from arrears.compliance.content_rules_slang import fold
from arrears.compliance.tests.content_helpers import DISCLOSURE, FALSE_LEGAL, PRESSURE, PRETEXT, THREAT, rules

# Text-speak and number-for-letter spellings.


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("po1ice will c0me 2 ur h0use 2day", "police will come to your house today"),
        ("u r a crim1nal 4 not paying", "you are a criminal for not paying"),
        ("pay b4 2nite", "pay before tonight"),
        ("Notice under Section 13(4), ref INV-2291/2026, 2 payments", "Notice under Section 13(4), ref "
         "INV-2291/2026, 2 payments"),
        ("欠款2000元", "欠款2000元"),
    ],
)
def test_text_speak_is_folded_into_words(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("po1ice will c0me 2 ur h0use 2day, u r a crim1nal 4 not paying", THREAT),
        ("u thnk u can hide? we knw ur address 🏠🔥 pay b4 2nite", THREAT),
        ("pay or ur fam gonna feel it 👊 last chnce", THREAT),
        ("Pay up or your boss is gonna find out in a way you won't like.", DISCLOSURE),
        ("we'll keep texting ur wife and ur boss every day til u pay", PRESSURE),
    ],
)
def test_text_speak_threats_are_read(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "hey just a reminder ur payment of $120 is due tmrw 😊 reply STOP to opt out of texts",
        "Pls dont worry, we're NOT going to contact your employer. We just need a payment plan that "
        "works for u.",
        "Ur payment plan is set ✅ $75 every 2 weeks starting Fri. We'll send a reminder the day before.",
        "If ur struggling, free debt advice is available. Holding collections for 30 days while u get "
        "advice 👍",
    ],
)
def test_lawful_text_speak_stays_lawful(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("你再不还💰，你全家🔪⚰️", True),
        ("Nice house you have 🔥🔥", True),
        ("Pay your family's share or 💣", True),
        ("Pay today and get 10% off 🔥", False),
        ("Thanks for your payment 👍 your account is up to date.", False),
    ],
)
def test_harm_emoji_are_threats(text: str, threat: bool) -> None:
    assert (THREAT in rules(text)) is threat


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("Oi, you better pay up. We know where your mother stay, Blk 123 Bedok.", True),
        ("We know where your parents live.", True),
        ("We know your address, so we will send the statement there.", True),
        ("We don't know where your mother lives and we will not contact her.", False),
    ],
)
def test_knowing_where_a_relative_lives_is_a_threat(text: str, threat: bool) -> None:
    assert (THREAT in rules(text)) is threat


# Payment handles, third parties pressed, a village told.


@pytest.mark.parametrize(
    ("text", "pressure"),
    [
        ("Send the amount to this UPI ID immediately, it is my personal one.", True),
        ("Pay it to my personal GPay number.", True),
        ("Please pay only through the official app. Our staff will never ask you to pay into a personal "
         "UPI ID.", False),
    ],
)
def test_a_collectors_personal_handle_is_an_improper_channel(text: str, pressure: bool) -> None:
    assert (PRESSURE in rules(text)) is pressure


@pytest.mark.parametrize(
    ("text", "pressure"),
    [
        ("We just keep calling your sister at her office until she pays for you lor.", True),
        ("We'll keep ringing your dad until he pays.", True),
        ("Please ask him to call us back at his convenience.", False),
    ],
)
def test_someone_else_called_until_they_pay_is_pressure(text: str, pressure: bool) -> None:
    assert (PRESSURE in rules(text)) is pressure


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("若今日17点前仍未还款，我司将派外访人员前往您的户籍地，联系村委会及左邻右舍协助催收。", True),
        ("你要是不还，我们就联系你们村的村支书。", True),
        ("邻居帮忙催款的事我们已经安排了。", True),
        ("我们不会联系您的邻居或村委会。", False),
    ],
)
def test_the_village_and_the_neighbours_brought_in_is_disclosure(text: str, told: bool) -> None:
    assert (DISCLOSURE in rules(text)) is told


# Rules narrowed: what the words said, not the words.


@pytest.mark.parametrize(
    ("text", "pretext"),
    [
        ("根据法院出具的协助执行通知书，您单位会从工资中按月扣划，这是法院的执行措施。", False),
        ("法院调解员明天会给您打电话，号码是法院的座机。", False),
        ("不是的话麻烦您让他回个电话，就说是个人事务，谢谢啊。", False),
        ("我们这是法院执行局的，你的案子已经到执行阶段了。", True),
        ("我是你们单位人事部的，公司收到一份关于你的函件。", True),
        ("我是法院的，你的案子今天要处理。", True),
    ],
)
def test_a_thing_of_the_courts_is_no_caller_from_the_court(text: str, pretext: bool) -> None:
    assert (PRETEXT in rules(text)) is pretext


@pytest.mark.parametrize(
    ("text", "pressure"),
    [
        ("美女，你这个借呗已经逾期了哈，及时还款哈。", False),
        ("您的借呗本期账单已出，请按时还款。", False),
        ("去借呗借点钱先还上。", True),
        ("用借呗还一下就行了。", True),
    ],
)
def test_the_loan_product_as_the_debt_is_not_advice_to_borrow(text: str, pressure: bool) -> None:
    assert (PRESSURE in rules(text)) is pressure


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The enforcement agent attended your property on 1 December under the warrant of control.", False),
        ("The bailiff's eviction date is 16 January 2027. You can still apply to the court to suspend the "
         "warrant.", False),
        ("The bailiff appointed by the court under the warrant of attachment will take an inventory.", False),
        ("A warrant has been issued for your arrest.", True),
        ("There is a warrant out for you.", True),
    ],
)
def test_a_civil_warrant_is_no_arrest_warrant(text: str, claim: bool) -> None:
    assert (FALSE_LEGAL in rules(text)) is claim


@pytest.mark.parametrize(
    ("text", "pretext"),
    [
        ("The eviction hearing is set for December 18 at the Housing Court. This is a court date, not an "
         "eviction.", False),
        ("This is the court calling about your unpaid loan.", True),
        ("Hello, this is court services, you must pay today.", True),
    ],
)
def test_a_court_date_is_no_court_calling(text: str, pretext: bool) -> None:
    assert (PRETEXT in rules(text)) is pretext


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("We have filed a claim at the Small Claims Tribunals, claim no. SCT/12345/2026. Please attend with "
         "your documents.", False),
        ("Your account is now with our legal team and a claim has been issued, claim number K3QZ7710. You "
         "can still settle before the hearing.", False),
        ("Execution petition no. 118/2026 has been filed before the Civil Judge, Senior Division.", False),
        ("We have filed a claim against you.", True),
        ("A claim has been issued, claim number K3QZ7710. Pay now to stop it.", True),
        ("We have filed a claim, case no. 2025-114, pay within 24 hours.", True),
    ],
)
def test_a_claim_documented_by_its_tribunal_or_number_is_a_record(text: str, claim: bool) -> None:
    assert (FALSE_LEGAL in rules(text)) is claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("尊敬的客户，您已被人民法院依法纳入失信被执行人名单，案号（2027）京0108执678号，履行完毕后可向执行法院"
         "申请删除。", False),
        ("您已被纳入失信被执行人名单，赶紧还钱。", True),
        ("您好，我这边是银行的，我们会按规定把账户移交法务部门评估是否起诉，这之前您还可以申请协商。", False),
        ("您的账户已经移交法务，等着收传票吧。", True),
    ],
)
def test_the_courts_list_undone_and_a_referral_under_review(text: str, claim: bool) -> None:
    assert (FALSE_LEGAL in rules(text)) is claim


@pytest.mark.parametrize(
    ("text", "pretext"),
    [
        ("您好，我们是受某银行委托的律师事务所，现就您的信用卡欠款向您发送律师函，"
         "请于收函后15日内与我所联系协商。", False),
        ("我是律师，你不还钱我们就起诉你。", True),
        ("我们是律师事务所的，受你朋友委托找你。", True),
    ],
)
def test_a_law_firms_letter_for_its_client_is_no_pretext(text: str, pretext: bool) -> None:
    assert (PRETEXT in rules(text)) is pretext


# Kinds that lift a model's finding.


@pytest.mark.parametrize(
    ("rule", "text", "lawful"),
    [
        (FALSE_LEGAL, "Please note the writ of seizure and sale was issued by the State Courts on 2 Dec 2026 "
         "(WSS 118/2026). The sheriff will attend at the address on 10 Dec.", True),
        (PRETEXT, "The writ of seizure and sale was issued (WSS 118/2026). You may contact the Sheriff's "
         "office for enquiries.", True),
        (FALSE_LEGAL, "区域法院已经就案件编号DCCJ 4412/2026判咗你要还款，"
         "如果仲唔还，我哋可能会向法院申请押记令。", True),
        (FALSE_LEGAL, "我们已经向法院申请了支付令，法院的文书会寄到你登记的地址，"
         "有异议可以十五天内提出哦。", True),
        (PRETEXT, "The court date is 12/15 @ 9am, Dept 7. This is a real court date - "
         "case # 26SC01142.", True),
        (THREAT, "We have transferred the writ of control to a High Court Enforcement Officer. "
         "An enforcement agent may visit your home. They must give you at least 7 clear days' notice.", True),
        (FALSE_LEGAL, "The sheriff has a writ of execution, case 26-CV-1123, and will arrest you.", False),
        (FALSE_LEGAL, "A judgment was entered against you, case no. 2026-114. Pay today.", False),
        (FALSE_LEGAL, "法院已经下了支付令，有异议也没用，你的家人都会知道。", False),
    ],
)
def test_a_court_process_the_text_documents_lifts_a_finding(rule: str, text: str, lawful: bool) -> None:
    assert _lawful_kind(rule, text, text) is lawful


@pytest.mark.parametrize(
    ("text", "lawful"),
    [
        ("The court has made an attachment of earnings order. Your employer has been sent a copy and will "
         "deduct £85 a month from your pay.", True),
        ("As per the court's order in the attachment proceedings, your employer has been directed to deduct "
         "₹5,000 from your monthly salary.", True),
        ("根据法院出具的协助执行通知书，您单位会从工资中按月扣划。", True),
        ("The court has made an attachment order; we will also tell your colleagues why your pay is "
         "deducted.", False),
        ("Your employer will deduct the debt from your pay, we have told them everything.", False),
    ],
)
def test_an_attachment_order_served_on_the_employer_lifts_a_finding(text: str, lawful: bool) -> None:
    assert _lawful_kind(FALSE_LEGAL, text, text) is lawful


@pytest.mark.parametrize(
    ("text", "lawful"),
    [
        ("Legal notice under Section 138 of the Negotiable Instruments Act: you are called upon to pay the "
         "said amount within 15 days of receipt of this notice.", True),
        ("Statutory demand: you are required to pay S$18,400 within 21 days.", True),
        ("Notice under Section 420 of the Penal Code: pay within 7 days or you will be arrested.", False),
    ],
)
def test_a_statutory_notice_with_its_section_and_period_lifts_a_finding(text: str, lawful: bool) -> None:
    assert _lawful_kind(FALSE_LEGAL, text, text) is lawful


@pytest.mark.parametrize(
    ("span", "lawful"),
    [
        ("Hello, I'm calling from the collections unit.", True),
        ("Ma'am, I'm with the collection team, and honestly the best thing is to get a plan in place.", True),
        ("Hi there, this is a courtesy call from the finance office of the dental clinic.", True),
        ("I'm calling from the court's collections unit.", False),
        ("This is the accounts department of your employer.", False),
        ("I'm with the collections team and the police are on their way.", False),
    ],
)
def test_the_creditors_own_office_is_no_pretext(span: str, lawful: bool) -> None:
    assert _lawful_kind(PRETEXT, span, span) is lawful


@pytest.mark.parametrize(
    ("rule", "span", "lawful"),
    [
        (PRESSURE, "Notice of Assignment: we have sold your account. From today they own the debt and you "
         "should pay them.", True),
        (PRESSURE, "债权转让通知书：某银行已将债权转让给某资产管理公司，请向受让方履行还款义务。", True),
        (PRESSURE, "We have sold your debt; ask your family to pay them.", False),
        (PRESSURE, "Just a gentle reminder that your credit card minimum due of ₹3,200 is pending.", True),
        (PRESSURE, "哈喽，你的信用卡最低还款还差300块，今晚12点前还上就不算逾期啦～", True),
        (FALSE_LEGAL, "A bounce charge of ₹590 including GST has been levied as per the schedule of charges.",
         True),
        (PRESSURE, "Your minimum due is pending, borrow it from your friends.", False),
        (PRESSURE, "这个钱您本人还就行，别找亲戚朋友借高利贷来还，咱们可以分期慢慢来。", True),
        (PRESSURE, "不还就去找亲戚朋友借。", False),
    ],
)
def test_a_debt_sold_the_debtors_own_due_and_advice_not_to_borrow(rule: str, span: str, lawful: bool) -> None:
    assert _lawful_kind(rule, span, span) is lawful


@pytest.mark.parametrize(
    ("rule", "span", "lawful"),
    [
        (THREAT, "Our field executive will visit your residence on Saturday between 11 am and 1 pm. He will "
         "issue a computer-generated receipt.", True),
        (THREAT, "我哋嘅同事会喺星期六下昼两点上门，佢会出示职员证，你唔想见面可以打电话改时间。", True),
        (THREAT, "Our field executive will visit your residence tonight with a few of the boys. "
         "He will issue a receipt.", False),
        (FALSE_LEGAL, "如果你申请咗破产，请话俾我哋知你嘅破产案件编号，我哋会即刻停止追收。", True),
        (FALSE_LEGAL, "We will put collection on hold while you're on a Debt Management Programme.", True),
        (FALSE_LEGAL, "We will stop collection only if you pay today, unless you want the police.", False),
        (FALSE_LEGAL, "你个案已经转咗俾持牌律师行处理，律师信已经寄到你登记地址，"
         "你可以直接同律师行联络。", True),
        (FALSE_LEGAL, "你个案已经转咗俾律师行处理，今天不还就报警。", False),
        (DISCLOSURE, "【供电公司】欠费超过30日的将依法中止供电，中止前将提前通知。", True),
        (DISCLOSURE, "中止前将提前通知你的邻居和村委会。", False),
    ],
)
def test_visits_with_terms_collection_stopped_a_referral_and_notice_first(
        rule: str, span: str, lawful: bool) -> None:
    assert _lawful_kind(rule, span, span) is lawful


# The seventh batch, written after the fixes above.


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Boss, your loan instalment still outstanding leh.",
         "sir, your loan instalment still outstanding leh."),
        ("老妹儿，你这账单都逾期一礼拜了，咋整啊？", "您好,你这账单都逾期一礼拜了,咋整啊?"),
        ("喂，老铁，咱说实在的", "您好,咱说实在的"),
        ("I told your boss, he knows.", "i told your boss, he knows."),
        ("老铁你就是个老赖", "老铁你就是个老赖"),
    ],
)
def test_a_form_of_address_is_folded_for_the_model(text: str, folded: str) -> None:
    from arrears.compliance.content_model import model_input

    assert model_input(text) == folded


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("The garnishment order issued by the Ontario Superior Court of Justice, file no. CV-26-00012345, "
         "has been sent to your employer, who will deduct the amount set by the court from each pay.", False),
        ("We have sent a letter to your employer about your debt.", True),
    ],
)
def test_a_courts_order_sent_to_the_employer_is_no_disclosure(text: str, told: bool) -> None:
    assert (DISCLOSURE in rules(text)) is told


@pytest.mark.parametrize(
    ("rule", "span", "lawful"),
    [
        (PRESSURE, "I'm a collector with the recoveries team, and I'm calling about the balance on your "
         "credit card.", True),
        (PRESSURE, "I'm a collector with the recoveries team; borrow from a friend and pay today.", False),
    ],
)
def test_a_collector_naming_the_own_team(rule: str, span: str, lawful: bool) -> None:
    assert _lawful_kind(rule, span, span) is lawful


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Pay up lah. Otherwise we come your office with banner, let your colleagues see what kind of person "
         "you are.", DISCLOSURE),
        ("We'll be reporting you to the AFP for fraud unless the balance is cleared by Friday.", FALSE_LEGAL),
        ("Your cousin put you as reference. We'll keep calling her until she settles on your behalf 😤",
         PRESSURE),
        ("知道你闺女在哪上学，放学路上注意点 🙂", THREAT),
    ],
)
def test_the_seventh_batchs_threats_are_read_by_the_rules(text: str, rule: str) -> None:
    assert rule in rules(text)


# The eighth batch, written after the seventh's fixes: Scots diligence, an insolvency noted,
# a claim struck out, a debit retried in Chinese, court papers still to come, credit reporting.


@pytest.mark.parametrize(
    ("rule", "text", "lawful"),
    [
        (FALSE_LEGAL, "Sheriff officers have been instructed to serve a charge for payment on you. If the "
         "sum is not paid within 14 days, we may proceed with an earnings arrestment.", True),
        (FALSE_LEGAL, "An earnings arrestment was served on your employer on 3 November under the decree "
         "granted by Glasgow Sheriff Court, case SG-26-0412. Deductions are made at the statutory "
         "rates.", True),
        (FALSE_LEGAL, "Sheriff officers will serve a charge for payment, and the police will arrest "
         "you.", False),
        (FALSE_LEGAL, "Your Insolvency Arrangement has been noted. We've closed the collection file and will "
         "deal only with your Personal Insolvency Practitioner.", True),
        (FALSE_LEGAL, "Your bankruptcy has been noted; we will deal only with your trustee unless you pay "
         "us today.", False),
        (DISCLOSURE, "Your account is now in default. We've registered the default with the credit reference "
         "agencies, as our earlier notice said we would.", True),
        (DISCLOSURE, "We've registered the default with the credit reference agencies and with your "
         "employer.", False),
        (THREAT, "师傅，您那个车贷这个月还没扣成功，卡里余额不够，麻烦今天存一下，明天系统再扣。", True),
    ],
)
def test_the_eighth_batchs_lawful_kinds(rule: str, text: str, lawful: bool) -> None:
    assert _lawful_kind(rule, text, text) is lawful


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The claim against you has been struck out, so there is no court case any more.", False),
        ("我们已向您户籍所在地的人民法院提交了起诉状，立案后法院会向您送达起诉状副本和传票，"
         "请注意查收。", False),
        ("你已经被起诉了，传票今天就到。", True),
        ("你这种情况已经涉嫌恶意拖欠，我们已经提交给经侦大队，警察这两天就会上门。", True),
    ],
)
def test_court_papers_to_come_and_a_claim_struck_out(text: str, claim: bool) -> None:
    assert (FALSE_LEGAL in rules(text)) is claim


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We have shared your loan status with all your phone contacts.", DISCLOSURE),
        ("Your employer will be receiving a visit from our team today about your unpaid loan.", DISCLOSURE),
        ("Don't be surprised when your family sees your face on a WANTED poster online.", DISCLOSURE),
        ("你个瓜娃子，借钱不还，脸都不要了。", "DEF-CONTENT-03"),
        ("喂，你老婆电话我们也有，再不还我们每天打她单位座机。", DISCLOSURE),
        ("根据法院的执行裁定，执行法官会联系您的单位协助扣划工资，案号（2026）豫0105执2211号。", None),
    ],
)
def test_the_eighth_batchs_unlawful_lines_are_read_by_the_rules(text: str, rule: str | None) -> None:
    assert (rule in rules(text)) if rule else rules(text) == set()
