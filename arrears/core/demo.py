"""The demo portfolio: the real UCI card data plus two small synthetic creditors.

Everything made up here is marked synthetic. Files are written under var/demo/ and loaded
through the same importers a creditor's files go through.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from arrears.portfolio.uci import SURNAMES, synthetic_name

CN_CITIES = ["上海市浦东新区", "北京市朝阳区", "广州市天河区", "深圳市南山区", "杭州市西湖区", "成都市武侯区"]
COMPANIES = ["华东", "瑞丰", "恒通", "宏达", "新禾", "金桥", "远航", "润泽", "启明", "嘉和"]


def write_cn_bank(path: Path, reference: date, creditor: str, accounts: int = 400) -> None:
    """Consumer loans with monthly instalments; about a third behind by 1 to 200 days."""
    rng = random.Random(20261122)
    fields = [
        "creditor",
        "account_id",
        "debtor_id",
        "debtor_name",
        "national_id",
        "jurisdiction",
        "income_day",
        "product",
        "currency",
        "credit_limit",
        "opened_on",
        "due_id",
        "due_kind",
        "due_date",
        "amount_due",
        "phone",
        "address",
        "address_kind",
        "synthetic",
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        for n in range(1, accounts + 1):
            instalment = rng.choice([500, 800, 1200, 1500, 2000, 3000])
            months = rng.choice([6, 9, 12])
            first_due = reference - timedelta(days=30 * months) + timedelta(days=rng.randint(0, 25))
            base = {
                "creditor": creditor,
                "account_id": f"LN{n:06d}",
                "debtor_id": f"C{n:06d}",
                "debtor_name": synthetic_name(100_000 + n),
                "national_id": f"3101{rng.randint(10**13, 10**14 - 1)}",
                "jurisdiction": "CN",
                "income_day": rng.choice(["10", "15", "25", ""]),
                "product": "consumer_loan",
                "currency": "CNY",
                "credit_limit": instalment * months,
                "opened_on": (first_due - timedelta(days=30)).isoformat(),
                "phone": "199" + f"{rng.randrange(10**8):08d}",
                "address": f"{rng.choice(CN_CITIES)}{rng.randint(1, 999)}号",
                "address_kind": "home",
                "synthetic": "true",
            }
            for k in range(months):
                due = first_due + timedelta(days=30 * k)
                writer.writerow(
                    {
                        **base,
                        "due_id": f"I{k + 1:02d}",
                        "due_kind": "instalment",
                        "due_date": due.isoformat(),
                        "amount_due": instalment,
                    }
                )
        handle.flush()


def write_cn_bank_payments(portfolio: Path, path: Path, reference: date, creditor: str) -> None:
    """Pay every instalment on time except for the account's chosen delinquency."""
    rng = random.Random(7)
    with portfolio.open(encoding="utf-8") as source, path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["creditor", "account_id", "payment_id", "amount", "paid_at", "channel"])
        behind: dict[str, int] = {}
        for row in csv.DictReader(source):
            account = row["account_id"]
            if account not in behind:
                behind[account] = rng.choice([0, 0, 0, 3, 20, 60, 120])
            due = date.fromisoformat(row["due_date"])
            if due < reference - timedelta(days=behind[account]):
                paid = due - timedelta(days=rng.randint(0, 3))
                writer.writerow(
                    [
                        creditor,
                        account,
                        f"{account}-{row['due_id']}",
                        row["amount_due"],
                        paid.isoformat(),
                        rng.choice(["bank_transfer", "alipay", "wechat_pay", "counter"]),
                    ]
                )


def write_b2b(path: Path, payments: Path, reference: date, creditor: str, customers: int = 200) -> None:
    """A wholesaler's receivables: 200 business customers with 13 months of invoices and
    payments (arrears.receivables.demo, which also adds their profiles and credit notes)."""
    from arrears.receivables import demo as wholesaler

    wholesaler.write_files(path, payments, reference, creditor, customers)


RELATIVES = [
    ("spouse", "配偶"),
    ("parent", "父母"),
    ("sibling", "兄弟姐妹"),
    ("employer", "单位"),
    ("reference", "联系人"),
]


def related_people(debtor_ids: list[int], seed: int = 3) -> list[tuple[int, str, str, str]]:
    """(debtor pk, relationship, name, phone) for some people around each debtor."""
    rng = random.Random(seed)
    people = []
    for debtor_id in debtor_ids:
        for relationship, _label in rng.sample(RELATIVES, k=rng.randint(1, 3)):
            name = (rng.choice(SURNAMES) + rng.choice("先生女士")) if relationship != "employer" else "人事部"
            people.append((debtor_id, relationship, name, "199" + f"{rng.randrange(10**8):08d}"))
    return people


# What the demo creditors' scripts say on their behalf (portfolio.CreditorSettings). Made
# up: the bank, its numbers and the account numbers (all zeros) do not exist.
CREDITOR_SETTINGS: dict[str, dict] = {
    "demo-cn-bank": {
        "short_name_zh": "示例银行",
        "short_name_en": "Example Bank",
        "agency_zh": "示例银行个人贷款催收中心",
        "agency_en": "Example Bank Consumer Loan Collections",
        "callback_number": "95123",
        "office_days": "mon_sat",
        "office_opens": "09:00",
        "office_closes": "20:00",
        "dispute_channel_zh": (
            "拨打95123按3转客户权益保护专线，"
            "或书面寄至上海市浦东新区示例路100号 示例银行消费者权益保护部（邮编200120）"
        ),
        "dispute_channel_en": (
            "call 95123 and press 3 for the customer rights line, or write to Consumer Protection, "
            "Example Bank, 100 Example Road, Pudong, Shanghai 200120"
        ),
        "channels": [
            ("app", "示例银行手机银行App“贷款还款”", "the Example Bank mobile app (Loan repayment)", ""),
            (
                "bank_transfer",
                "银行转账至示例银行贷款还款专户",
                "a bank transfer to the Example Bank repayment account",
                "6222 0000 0000 0000 000",
            ),
            ("counter", "示例银行各网点柜台", "any Example Bank branch counter", ""),
        ],
    },
    "uci-tw": {
        "short_name_zh": "示例信用卡中心",
        "short_name_en": "Example Card Centre",
        "agency_zh": "示例信用卡中心电话催收部",
        "agency_en": "Example Card Centre Collections",
        "callback_number": "02 2345 6789",
        "office_days": "mon_fri",
        "office_opens": "09:00",
        "office_closes": "21:00",
        "dispute_channel_zh": (
            "致电02 2345 6789转账务争议专线，或书面寄至台北市信义区示例路1号 示例信用卡中心争议处理组"
        ),
        "dispute_channel_en": (
            "call 02 2345 6789 for the billing disputes line, or write to Disputes, Example Card Centre, "
            "1 Example Road, Xinyi, Taipei"
        ),
        "channels": [
            ("online", "网络银行或手机App缴卡费", "online or mobile banking (card payments)", ""),
            (
                "bank_transfer",
                "ATM转账至信用卡缴款账号",
                "an ATM transfer to the card payment account",
                "8220 0000 0000 0000",
            ),
            ("counter", "便利商店柜台缴款", "the counter of a convenience store", ""),
        ],
    },
    "demo-b2b": {
        "short_name_zh": "示例贸易公司",
        "short_name_en": "Example Trading Co.",
        "agency_zh": "示例贸易公司财务部应收账款组",
        "agency_en": "Example Trading Co. Accounts Receivable",
        "callback_number": "021-60001234",
        "office_days": "mon_fri",
        "office_opens": "09:00",
        "office_closes": "17:30",
        "dispute_channel_zh": (
            "将对账异议及凭证发送至 finance-dispute@example.com，或致电021 6000 1234转财务部"
        ),
        "dispute_channel_en": (
            "send the disputed invoices and your records to finance-dispute@example.com, "
            "or call 021 6000 1234 and ask for Finance"
        ),
        "channels": [
            (
                "bank_transfer",
                "对公转账至示例贸易公司基本户",
                "a transfer to the Example Trading Co. business account",
                "3100 0000 0000 0000 0000",
            ),
            ("other", "支票（抬头：示例贸易有限公司）", "a cheque payable to Example Trading Co. Ltd.", ""),
        ],
    },
}

# Names and work numbers (工号) the demo staff give debtors.
STAFF_NAMES: dict[str, tuple[str, str]] = {
    "collector": ("张敏", "CS1001"),
    "collector2": ("李娜", "CS2001"),
    "field": ("王强", "FC1001"),
    "lead": ("陈静", "TL1001"),
    "agency": ("何伟", "HX1001"),
    **{
        f"agent{n:02d}": (name, f"CS10{n + 10:02d}")
        for n, name in enumerate(
            ["刘洋", "赵磊", "黄婷", "周杰", "吴芳", "徐鹏", "孙丽", "马超", "朱琳"], start=1
        )
    },
}
