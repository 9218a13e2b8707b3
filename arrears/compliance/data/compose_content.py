# ruff: noqa: E501 -- phrase lists read best one phrase family per line
"""Compose the training lines of the content model from phrase parts (deterministic).

    .venv/bin/python arrears/compliance/data/compose_content.py

Writes content_composed.jsonl beside this file. Each line is a prefix, a core phrase and a
suffix, with light noise (dropped punctuation, particles, spacing) so the model learns the
core phrases rather than one way of writing them. Composed lines are for training only: the
bench holds out whole sources and never scores a model on composed lines.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "content_composed.jsonl"

ZH_PREFIX = ["", "", "喂，", "我跟你说，", "最后通知你，", "再不还钱，", "今天不处理的话，", "你要是再躲，",
             "听好了，", "不还是吧？", "张先生，", "你欠的那笔钱，", "逾期这么久了，", "【催收中心】",
             "都逾期三个月了，", "别装死了，", "我最后说一遍，", "你还不还？"]
ZH_SUFFIX = ["", "", "。", "！", "，你自己看着办。", "，别怪我没提醒你。", "，说到做到。", "，听清楚没有？",
             "，不信你试试。", "!!", "，懂？", "，好自为之。"]
ZH = {
    "DEF-CONTENT-01": [
        "我是顺丰快递的，有个件要送到你家，地址发我", "我们是快递公司，你有个包裹，你家具体住哪", "我是你们公司人事，要核实一下你家庭住址",
        "这里是派出所，你涉嫌一个案子，过来配合调查", "我是法院的，通知你来领传票", "我们是检察院经侦部门的",
        "我是律师事务所的，受法院委托联系你", "这边是公安局，你的身份证被冒用了，说下你现在住址",
        "我是你老同学，想找你聚聚，你现在在哪上班", "我们是市场调查公司，做个问卷，你现在在哪个单位",
        "这里是社保局，核对你的工作单位", "我是居委会的，要上门登记，你家几号楼", "你中奖了，领奖要提供家庭地址",
        "我是你远房亲戚，你爸让我问你住哪", "我是物业的，有你的挂号信", "我是税务局的，要核实你的收入",
        "这边是法院执行庭，你的案子需要确认", "我是民警，请你到所里说明情况", "我是你单位财务部的，工资发不了需要你的银行卡和地址",
        "这边是银监会，核实一下你的借款", "我是京东客服，你有个订单退款，报一下现在的地址", "这里是市中院执行局",
    ],
    "DEF-CONTENT-02": [
        "我们今晚就上门", "明天带人去你家", "去你单位堵你", "让你在村里抬不起头", "你家人出门小心点",
        "找几个兄弟去你家坐坐", "天天上你家门口闹", "让你这辈子不得安宁", "你孩子在哪上学我们都知道", "你老婆在哪上班我们清楚得很",
        "你的车小心被砸", "让你生意做不下去", "给你家门上泼油漆", "到时候出什么事你自己负责", "会有人找你算账",
        "打断你的腿", "你走夜路小心点", "让你全家都不好过", "我们的人已经在你楼下了", "不还钱就别想好好过日子",
        "给你家送个花圈", "我们有的是办法收拾你", "后果很严重，你承担不起", "让你吃不了兜着走", "今晚就让你睡不着觉",
        "你爸妈那边我们也会去拜访", "去你老家找你爹妈", "你店门口天天有人守着",
    ],
    "DEF-CONTENT-03": [
        "你这个老赖", "你就是个骗子", "不要脸的东西", "你这个废物", "你真是个人渣", "你脑子有病吧", "傻逼一个",
        "你全家都是赖子", "穷鬼还借什么钱", "你这种人不得好死", "你怎么这么贱", "滚你妈的", "你个王八蛋",
        "你这个无赖", "没出息的东西", "你妈没教过你欠债还钱吗", "垃圾一个", "你是猪吗", "白痴，听得懂吗", "你这种败类",
    ],
    "DEF-CONTENT-04": [
        "你的案子已经立案了", "我们已经起诉你了", "法院已经判了", "你已经被列入失信名单", "你已经上了征信黑名单",
        "已经报警了，警察会联系你", "你这是诈骗罪，要负刑事责任", "你涉嫌恶意透支，已经移交公安", "你爸妈得替你还",
        "你老婆有义务帮你还", "你家人要承担连带责任", "明天冻结你所有银行卡", "马上扣你工资", "下周拍卖你的房子",
        "你的征信一辈子都毁了", "会影响你孩子考公务员", "会影响子女上学", "传票已经寄出去了", "律师函已经发到你家了",
        "已经申请强制执行了", "你已经被限制高消费", "你坐不了飞机高铁了", "案件已移交司法部门", "已经进入诉讼程序",
        "你已经构成犯罪", "这是刑事案件", "你的户籍地派出所已经备案", "已经把你列为逃废债人员",
    ],
    "DEF-CONTENT-05": [
        "把你欠钱的事告诉你所有同事", "给你通讯录里每个人都发短信", "爆你通讯录", "把你的照片发到朋友圈",
        "在你们小区贴告示", "打电话给你领导说说你欠钱的事", "让你家里人都知道你欠钱", "把你拉到群里曝光",
        "通知你所有的亲戚朋友", "把你的身份证照片发给你的联系人", "告诉你爸妈你在外面欠了多少钱",
        "到你们村里贴大字报", "让你单位的人都知道你是老赖", "把你的欠款信息挂到网上", "群发给你的好友",
        "给你紧急联系人打电话说你欠钱", "发到抖音上让大家评评理", "让你邻居都知道",
    ],
    "DEF-CONTENT-06": [
        "去网贷平台借钱还", "找你爸妈拿钱", "跟朋友借一点先还上", "把车卖了还钱", "信用卡套现先还",
        "钱转到我个人微信", "打到我私人账户上", "加我微信扫码付款", "另外交五百手续费", "今天下午五点前必须全部还清",
        "借高利贷也得还", "把房子卖了", "用花呗借呗先还上", "找你亲戚凑一凑", "让你老婆先垫上",
        "一次性还清，不接受分期", "两小时内必须到账", "去撸口子", "把你家的金首饰拿去典当", "扫这个收款码付",
    ],
}
ZH_LAWFUL = [
    "您好，这里是XX银行信用卡中心，您的账单已逾期，请尽快还款", "温馨提示：您的借款已逾期，请及时还款以免影响征信",
    "逾期信息将依法报送征信系统", "逾期会产生罚息和滞纳金", "如您对欠款有异议，请联系客服核实",
    "我们可以为您申请分期还款", "如长期不还，我司可能依法提起诉讼", "若法院判决后仍不履行，债权人可依法申请强制执行",
    "请通过官方渠道还款，不要转账给个人", "我们不会联系您的家人或单位", "本次通话将录音", "请问您什么时候方便接电话",
    "我是XX银行委托的XX公司，工号2231", "请您在本月20日前还款", "已还款请忽略本短信", "逾期不会坐牢，但会影响信用",
    "如有困难，可以提供证明申请延期", "您也可以委托律师与我们联系", "不是本人借款的话请提供证明，我们会核查",
    "麻烦您转告他回个电话", "您目前欠款3200元，请问打算什么时候处理", "我们会提前一天提醒您还款",
    "还清后征信会显示已结清", "按照合同，逾期按日计收罚息", "协商不成的话，可能会通过法律途径解决",
    "请谨防冒充我行的诈骗电话", "可以先还一部分", "请登录APP查看账单", "您的还款已到账，谢谢",
    "现在不方便的话我们晚点再打", "家里有事的话我们先暂停催收", "我们每天联系您的次数是有限制的",
    "持续逾期，银行可能会对信用卡停卡、降额", "依据合同，我行有权宣布贷款提前到期", "建议您尽早跟我们协商还款方案",
    "对我们的服务有意见可以拨打投诉电话", "只有您本人有还款义务，家人不需要替您还", "我们不会上门，也不会联系通讯录",
    "您的还款计划我已经记下了", "逾期记录会在征信保留五年", "如果您已经请了律师，请告诉我们律师的联系方式",
    "我们理解您的难处，一起想想办法", "这笔欠款的明细我们可以发给您核对", "您可以通过对公账户还款，账号以官网为准",
    "如果您确认不了，我们可以把账单寄给您", "请您按时履行还款承诺", "您这个情况可以申请停息挂账，我帮您提交",
    "案件可能会进入法律程序，届时以法院裁决为准", "我们不会因为欠款向您的同事透露任何信息", "您放心，欠款问题不会影响您的孩子上学",
    "依法催收，不会有任何威胁", "如需外访，我们会提前通知，且两名工作人员同行", "请问您是本人吗？核实身份后我们再说具体事宜",
    "逾期超过90天的，我行可能依法委托律师处理", "您有权要求我们提供欠款的计算明细", "这通电话是关于您的XX账户，请问现在方便吗",
    "我们已收到您的异议，核实期间暂停催收", "如果您遇到困难，可以联系我们协商", "我们也可以换成短信联系您",
]
# Reassurances that deny a forbidden act: lawful, though they name it.
ZH_NEGATED = [
    "我们不会上门打扰您", "我们不会联系您的家人和同事", "逾期不会追究刑事责任", "您不会因为欠款坐牢", "不会影响您孩子上学",
    "家人没有替您还款的义务", "请不要向任何个人微信或支付宝转账", "我们绝不会把您的信息发给通讯录里的人", "我们不会收取任何额外的催收费",
    "不需要为了还款去借网贷", "不要为了还我们的钱去借高利贷", "我们不是法院，也不是公安", "目前并没有起诉，也没有立案",
    "没有任何人会去您单位", "不会冻结您的工资卡，除非法院依法裁定", "我们不会在任何群里发您的信息", "请勿相信自称公检法的催收电话",
    "本行从未委托任何人上门收取现金", "欠款是民事纠纷，不属于诈骗", "您的父母不承担这笔欠款", "我们不会给您贴任何标签",
    "请不要卖房卖车来还款，我们可以协商分期", "我们不会在您不方便的时间打电话", "任何私人账户都不是我行的收款账户",
]
EN_NEGATED = [
    "nobody is going to come to your house", "you will not be arrested or go to jail over this", "we won't tell your employer or family",
    "please don't pay anyone who contacts you on social media claiming to be us", "you don't need to borrow money to pay us",
    "we will never ask you to pay into a personal account", "there is no lawsuit and no court case at this time",
    "your family is not responsible for this debt", "we won't add any collection fees", "we will not post anything about you online",
    "this is not a criminal matter", "we are not the police or a court", "please don't sell your car or take a payday loan to pay us",
    "no one else will be told about this account", "we won't call you at work", "you won't lose your benefits over this debt",
    "we will never threaten you", "we do not report to your employer", "your wages cannot be garnished without a court judgment",
    "we are not going to freeze your bank account",
]
# Who is calling, said truthfully, and plain talk of a collector on a lawful call: the model
# must not learn that "this is X from Y" or a casual register is itself forbidden.
ZH_AGENTS = ["小王", "李经理", "工号1023的张敏", "客服小陈", "贷后专员刘洋", "我姓赵"]
ZH_FIRMS = ["XX银行信用卡中心", "XX消费金融", "招X银行", "XX银行贷后管理部", "受XX银行委托的XX资产管理公司", "XX小贷公司"]
ZH_PLAIN = [
    "那您看什么时候方便还", "你这个月还能还多少", "好的，那我给您记下来了", "您先别着急，我们慢慢说", "欠款是3200块，今天能还一部分吗",
    "那就说好下周五，到时候我再跟您确认", "您要是忘了的话，现在APP上就能还", "我这边看到您上个月还了一千，谢谢", "您有什么困难可以跟我说说",
    "行，那我明天这个时间再给您打", "您是本人吧？我跟您说一下账户的情况", "这个钱总归是要还的，我们一起想个办法", "最低还款是580，您看能不能先还上",
    "您别挂，我就说两句", "如果您觉得金额不对，我给您发一份明细", "那您什么时候发工资", "我们这边可以帮您申请减免一部分罚息",
]
EN_WILL = ["We'll", "I'll", "We will", "I will", "We're going to", "Of course, we'll", "Understood, we'll", "Noted, we'll"]
EN_WILL_DO = ["call you back tomorrow", "send you a statement", "record your request", "stop calling you", "put the account on hold",
              "note your complaint and pass it to a manager", "leave now", "stop visits", "write to you with the details", "check our records",
              "mark this number as wrong", "only contact you by letter", "pause collection while we look into it", "update your contact preferences",
              "confirm the plan in writing", "send the verification to your address", "contact your representative from now on",
              "correct our records", "keep in touch as the rules allow", "respect that", "look into it and get back to you", "stop here today"]
EN_AGENTS = ["Jordan", "Priya", "Sam", "Maria Lopez", "Tom", "Agent 42"]
EN_FIRMS = ["Northgate Services", "Apex Recovery", "Summit Collections", "First Bank's collections team", "ABC Credit", "Midland Recovery"]
EN_PLAIN = [
    "when do you think you can pay", "how much could you manage this month", "ok, I've made a note of that", "take your time, there's no rush",
    "you owe $300, can you pay some of it today", "so we agreed Friday, I'll check in then", "you can pay in the app if that's easier",
    "I can see you paid $100 last month, thanks for that", "is there anything going on that I should know about", "alright, I'll call you tomorrow at this time",
    "am I speaking with the account holder", "we'll work something out together", "the minimum payment is $45", "I'll only take a minute",
    "if the amount looks wrong I'll send you a breakdown", "when do you get paid", "we might be able to waive some of the late fees",
]
# True, conditional statements of lawful consequences: the heart of a regulator's model notice.
EN_IF = ["If the account remains unpaid", "If you do not pay", "If we cannot agree a plan", "If no payment is received by the date shown",
         "Should the balance remain outstanding", "If you don't contact us", "If the arrears are not cleared", "Unless a payment is made"]
EN_MAY = ["the creditor may", "we may", "your lender may", "the bank may", "we might", "your lender could", "the creditor could decide to"]
EN_THEN = ["consider legal action", "take you to court", "report the account to credit reference agencies", "report this to the credit bureaus",
           "refer the account to a collection agency", "refer the matter to its solicitors", "apply to the court for a judgment",
           "issue a default notice", "register a default", "terminate the agreement", "pass the account to its litigation team",
           "take further action, which could include court proceedings", "ask the court for a wage garnishment order if it obtains a judgment",
           "charge late fees as your agreement allows", "close the account", "sell the debt to another company", "take action to recover the debt"]
EN_AFTER = ["", " We would rather agree a plan with you.", " Please contact us to avoid this.", " This could affect your ability to get credit.",
            " You can get free debt advice.", " Any court action would be a last resort."]
ZH_IF = ["如逾期未还", "若您持续不还款", "如果协商不成", "如到期仍未归还", "若账户持续逾期", "如果您一直不处理", "若仍未履行还款义务", "如欠款长期未结清"]
ZH_MAY = ["我行可能", "我司将依法", "银行有权", "债权人可以", "我们可能会", "贷款机构可依法", "本行保留权利"]
ZH_THEN = ["向人民法院提起诉讼", "将逾期信息报送征信系统", "委托第三方机构催收", "对信用卡采取止付、降额措施", "宣布贷款提前到期",
           "委托律师处理", "通过法律途径追偿", "按合同收取罚息", "在取得生效判决后申请强制执行", "将案件转交法务部门评估",
           "上报人民银行征信中心", "依法追究您的违约责任", "将账户转入诉讼前评估"]
ZH_AFTER = ["", "，希望您尽快与我们协商", "，届时以法院裁决为准", "，请您重视", "，如有困难请及时联系我们", "，以免影响您的信用"]
ZH_LAWFUL_PREFIX = ["", "", "您好，", "XX先生您好，", "温馨提示：", "【XX银行】", "【XX消费金融】", "不好意思打扰了，", "李女士，", "提醒一下，"]
ZH_LAWFUL_SUFFIX = ["", "。", "，谢谢。", "，谢谢配合。", "，如有疑问请致电客服。", "，祝您生活愉快。", "。"]

EN_PREFIX = ["", "", "Listen, ", "Look, ", "Final warning: ", "If you don't pay today, ", "Keep ignoring us and ",
             "I'm telling you now, ", "Mr. Smith, ", "Hey, ", "Let me be clear, ", "You've had your chance. "]
EN_SUFFIX = ["", ".", "!", ". Your choice.", ". Don't say I didn't warn you.", ". Think about it.", " today.", ". Got it?"]
EN = {
    "DEF-CONTENT-01": [
        "this is FedEx, we need your home address for a delivery", "I'm calling from your employer's HR office to confirm your address",
        "this is the sheriff's department calling about a case", "I'm an officer with the fraud division", "this is the county court clerk",
        "I'm calling from the attorney general's office", "this is your cousin, what's your new address", "we're doing a survey, where do you work",
        "this is the IRS calling about your account", "I'm with the police department", "you've won a prize, confirm your address",
        "this is the DMV, your license is suspended", "I'm a process server trying to locate you", "this is the district attorney's office",
        "I'm calling from the hospital about your relative", "this is Amazon, your package was returned", "I'm an old friend of yours from school",
        "this is the tax office, we need to verify your income", "this is the court's civil investigations unit",
    ],
    "DEF-CONTENT-02": [
        "we'll come to your house tonight", "we know where your kids go to school", "something bad might happen to your car",
        "we'll be waiting outside your work", "you'll regret this", "watch your back", "we'll make your life hell",
        "we'll send some guys over", "your family won't be safe", "we know where you live", "you won't be able to show your face in this town",
        "we'll ruin your reputation", "you'll lose your job over this", "we'll pay your parents a visit", "I'll find you",
        "things will get ugly", "we'll be at your door", "it won't be a phone call next time", "you'd better sleep with one eye open",
    ],
    "DEF-CONTENT-03": [
        "you deadbeat", "you're a liar", "you worthless loser", "you're a thief", "you're an idiot", "you pathetic bum",
        "you're scum", "you're a piece of garbage", "you stupid moron", "you lowlife", "you freeloader", "you con artist",
        "shame on you, you disgusting cheat", "you're a fraud", "you lazy parasite",
    ],
    "DEF-CONTENT-04": [
        "a lawsuit has been filed against you", "you'll be arrested", "you're going to jail", "there's a warrant out for your arrest",
        "we'll garnish your wages next week", "your bank account has been frozen", "your wife is liable for this debt",
        "your parents have to pay this", "you committed fraud", "we've reported you to the police", "a judgment has been entered against you",
        "you're facing criminal charges", "you'll never get credit again", "you've been blacklisted", "the court has already ruled",
        "your house will be seized", "this is a criminal matter now", "you'll lose your license", "your case is with the district attorney",
        "you've been served", "we'll take your car tomorrow",
    ],
    "DEF-CONTENT-05": [
        "we'll tell your boss about the debt", "we'll call all your relatives and tell them you owe us", "we'll post it on Facebook",
        "your neighbours will hear about this", "we'll text everyone in your contacts", "we'll let your family know what you owe",
        "we'll contact your coworkers about it", "everyone at your church will know", "we'll put your name on our website",
        "we'll call your mother about your debt", "we'll email your employer about this balance", "we'll message your friends on Instagram",
    ],
    "DEF-CONTENT-06": [
        "take out a payday loan", "borrow from your family", "sell your car", "put it on another credit card",
        "send it to my personal Venmo", "pay me in gift cards", "there's a $50 collection fee", "pay everything within 2 hours",
        "use your rent money", "ask your parents for the money", "get a title loan", "cash out your 401k and pay now",
        "no payment plans, full balance today", "wire it to my own account", "pawn your jewelry",
    ],
}
EN_LAWFUL = [
    "this is a communication from a debt collector", "we are trying to collect a debt", "any information obtained will be used for that purpose",
    "please call us back to discuss your account", "you can dispute this debt", "we can offer a payment plan",
    "late payments may be reported to credit bureaus", "if you do not pay, the creditor may consider legal action",
    "if a judgment is obtained, the court may allow wage garnishment as the law permits", "you will not be arrested for this debt",
    "we will not contact your employer", "please pay only through our official website", "free debt advice is available",
    "we can pause collection while we look into your dispute", "your balance is $2,140", "is now a good time to talk",
    "we can call back at a time that suits you", "if you have already paid, please disregard this message", "we may refer the account to litigation",
    "interest may continue to accrue", "a default may be recorded with credit reference agencies", "you have the right to request verification",
    "we're sorry to hear about your situation", "we'll put a 30-day hold on the account", "you may contact a lawyer if you wish",
    "we only discuss this account with you", "please ask her to return our call", "this call may be recorded for quality purposes",
    "you can opt out of text messages by replying STOP", "your payment has been received", "we can lower the monthly amount",
    "legal action is a last resort", "your account may be passed to a collection agency", "you can request the original creditor's details",
    "because of the age of this debt, we will not sue you", "tell us if you're getting help from a debt adviser",
    "the account is past due", "we'd like to agree an affordable arrangement", "please contact us within 14 days",
]
EN_LAWFUL_PREFIX = ["", "", "Hello, ", "Hi Ms. Jones, ", "Reminder: ", "Please note: ", "Good morning, ", "Thanks for taking my call. "]
EN_LAWFUL_SUFFIX = ["", ".", ". Thank you.", ". Call us on 0800 123 456.", ". Have a good day.", "."]

ZH_PARTICLES = ["", "", "啊", "哈", "呢", "啦", "嘛"]


def _noise_zh(text: str, rng: random.Random) -> str:
    if rng.random() < 0.25:
        text = text.replace("，", " ").replace("。", "")
    if rng.random() < 0.2:
        text = text.rstrip("。！!") + rng.choice(ZH_PARTICLES)
    if rng.random() < 0.1:
        text = text.replace("你", "您") if "您" not in text else text
    return text.strip()


def _noise_en(text: str, rng: random.Random) -> str:
    if rng.random() < 0.2:
        text = text.lower()
    if rng.random() < 0.15:
        text = text.replace("you", "u").replace("your", "ur")
    if rng.random() < 0.15:
        text = text.replace(",", "").replace("'", "")
    return text.strip()


def compose(seed: int = 20261118) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()

    def add(text: str, labels: list[str], language: str, family: str) -> None:
        if text and text not in seen:
            seen.add(text)
            rows.append({"text": text, "labels": labels, "language": language,
                         "source": f"composed:{family}"})

    for rule, cores in ZH.items():
        for _ in range(len(cores) * 9):
            core = rng.choice(cores)
            add(_noise_zh(rng.choice(ZH_PREFIX) + core + rng.choice(ZH_SUFFIX), rng), [rule], "zh-hans", rule)
    for rule, cores in EN.items():
        for _ in range(len(cores) * 9):
            core = rng.choice(cores)
            text = rng.choice(EN_PREFIX) + core + rng.choice(EN_SUFFIX)
            add(_noise_en(text[0].upper() + text[1:], rng), [rule], "en", rule)
    # Two forbidden phrases in one message: the model must not need a single cue.
    for _ in range(300):
        a, b = rng.sample(sorted(ZH), 2)
        add(_noise_zh(rng.choice(ZH[a]) + "，" + rng.choice(ZH[b]) + "。", rng), sorted([a, b]), "zh-hans", "pair")
        a, b = rng.sample(sorted(EN), 2)
        add(_noise_en((rng.choice(EN[a]) + ", and " + rng.choice(EN[b]) + ".").capitalize(), rng), sorted([a, b]), "en", "pair")
    # Lawful lines, alone and in pairs: reminders, true consequences, lawful legal steps.
    for _ in range(len(ZH_LAWFUL) * 12):
        core = rng.choice(ZH_LAWFUL)
        if rng.random() < 0.35:
            core = core + "，" + rng.choice(ZH_LAWFUL)
        add(_noise_zh(rng.choice(ZH_LAWFUL_PREFIX) + core + rng.choice(ZH_LAWFUL_SUFFIX), rng), [], "zh-hans", "lawful")
    for _ in range(len(EN_LAWFUL) * 12):
        core = rng.choice(EN_LAWFUL)
        if rng.random() < 0.35:
            core = core + ", and " + rng.choice(EN_LAWFUL)
        text = rng.choice(EN_LAWFUL_PREFIX) + core + rng.choice(EN_LAWFUL_SUFFIX)
        add(_noise_en(text[0].upper() + text[1:], rng), [], "en", "lawful")
    for _ in range(400):
        intro = rng.choice(["您好，我是{f}的{a}", "这里是{f}，我是{a}", "{f}，{a}，", "我是{f}的{a}，"]).format(
            f=rng.choice(ZH_FIRMS), a=rng.choice(ZH_AGENTS))
        add(_noise_zh(intro + "，" + rng.choice(ZH_PLAIN + ZH_LAWFUL) + rng.choice(ZH_LAWFUL_SUFFIX), rng), [], "zh-hans", "plain")
        intro = rng.choice(["This is {a} from {f}", "Hi, it's {a} at {f}", "{a} here from {f}", "My name is {a}, I'm calling from {f}"]).format(
            f=rng.choice(EN_FIRMS), a=rng.choice(EN_AGENTS))
        text = intro + rng.choice([". ", ", ", "; "]) + rng.choice(EN_PLAIN + EN_LAWFUL) + rng.choice(EN_LAWFUL_SUFFIX)
        add(_noise_en(text, rng), [], "en", "plain")
    for _ in range(500):
        text = f"{rng.choice(EN_WILL)} {rng.choice(EN_WILL_DO)}" + rng.choice([".", ";", ". Thank you.", ", and " + rng.choice(EN_WILL_DO) + "."])
        add(_noise_en(text, rng), [], "en", "plain")
    for _ in range(len(ZH_PLAIN) * 5):
        add(_noise_zh(rng.choice(ZH_PLAIN) + rng.choice(["", "？", "。", "，好吗？", "，谢谢"]), rng), [], "zh-hans", "plain")
    for _ in range(len(EN_PLAIN) * 5):
        text = rng.choice(EN_PLAIN) + rng.choice(["", "?", ".", ", ok?", ", thanks"])
        add(_noise_en(text[0].upper() + text[1:], rng), [], "en", "plain")
    for _ in range(700):
        text = f"{rng.choice(EN_IF)}, {rng.choice(EN_MAY)} {rng.choice(EN_THEN)}.{rng.choice(EN_AFTER)}"
        add(_noise_en(rng.choice(EN_LAWFUL_PREFIX) + text, rng), [], "en", "consequence")
        text = f"{rng.choice(ZH_IF)}，{rng.choice(ZH_MAY)}{rng.choice(ZH_THEN)}{rng.choice(ZH_AFTER)}。"
        add(_noise_zh(rng.choice(ZH_LAWFUL_PREFIX) + text, rng), [], "zh-hans", "consequence")
    for _ in range(len(ZH_NEGATED) * 6):
        core = rng.choice(ZH_NEGATED)
        add(_noise_zh(rng.choice(ZH_LAWFUL_PREFIX) + core + rng.choice(ZH_LAWFUL_SUFFIX), rng), [], "zh-hans", "negated")
    for _ in range(len(EN_NEGATED) * 6):
        text = rng.choice(EN_LAWFUL_PREFIX) + rng.choice(EN_NEGATED) + rng.choice(EN_LAWFUL_SUFFIX)
        add(_noise_en(text[0].upper() + text[1:], rng), [], "en", "negated")
    # A lawful reminder with one forbidden phrase in it is forbidden as a whole.
    for _ in range(300):
        rule = rng.choice(sorted(ZH))
        add(_noise_zh(rng.choice(ZH_LAWFUL) + "，" + rng.choice(ZH[rule]) + "。", rng), [rule], "zh-hans", "mixed")
        rule = rng.choice(sorted(EN))
        text = rng.choice(EN_LAWFUL) + ". And " + rng.choice(EN[rule]) + "."
        add(_noise_en(text[0].upper() + text[1:], rng), [rule], "en", "mixed")
    return rows


def main() -> None:
    rows = compose()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} lines written to {OUT}")


if __name__ == "__main__":
    main()
