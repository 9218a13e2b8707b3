"""The UCI "default of credit card clients" data as an Arrears portfolio.

The data (../shared/data/UCI_Credit_Card.csv, see its SOURCES.md) holds, for 30,000 card
accounts, six monthly statement balances (Apr-Sep 2005), six monthly payment amounts and six
monthly repayment statuses (-2 no consumption, -1 paid duly, 0 revolving, k >= 1 = k months
late). It has no names, due dates or minimum payments. This module writes it out as the two
files our importers read, so the demo goes through the same import path as any creditor.
The mapping is in docs/import.md; in short:

* one debtor and one credit-card account per client (external id `UCI-<ID>`), limit X1,
  attributes sex, education, marriage, age and the six statuses; name and phone synthetic;
* one statement per month, 30 days apart, ending at the reference date R: September's
  statement is dated R-10 and due R+10 (not yet due), August's is due R-20, ..., April's R-140;
* one payment per month with a positive amount, paid 5 days after that month's statement;
* minimum due amounts are not in the data, so they are *derived* so that our aging rule
  reproduces the data's September status k = max(PAY_0, 0): the k most recent past-due
  minimums stay unpaid and every older one is covered by the payments. A status beyond the
  five past-due statements (k = 6..8) adds carried-arrears items due R-170, R-200, R-230.
  A status k then gives DPD 20 + 30(k-1): M1 for k=1 ... M6 for k=6, M7+ for k=7 and 8.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

MONTHS = 6  # April .. September 2005
BILL_COLS = ["X17", "X16", "X15", "X14", "X13", "X12"]  # BILL_AMT6 (Apr) .. BILL_AMT1 (Sep)
PAY_COLS = ["X23", "X22", "X21", "X20", "X19", "X18"]  # PAY_AMT6 (Apr) .. PAY_AMT1 (Sep)
STATUS_COLS = ["X11", "X10", "X9", "X8", "X7", "X6"]  # PAY_6 (Apr) .. PAY_0 (Sep)
NATURAL_MINIMUM = 0.10  # share of the statement balance taken as the minimum, when free to

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力志宏雪梅琳婷淑"


@dataclass(frozen=True)
class Client:
    id: int
    limit: int
    sex: int
    education: int
    marriage: int
    age: int
    bills: list[int]
    payments: list[int]
    statuses: list[int]


def _number(text: str) -> int:
    # 4,262 cells are in spreadsheet notation ("5.00E+05"); each is a whole number of NT$.
    return int(float(text))


def read_clients(path: Path) -> Iterator[Client]:
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield Client(
                id=int(row["ID"]),
                limit=_number(row["X1"]),
                sex=int(row["X2"]),
                education=int(row["X3"]),
                marriage=int(row["X4"]),
                age=int(row["X5"]),
                bills=[_number(row[c]) for c in BILL_COLS],
                payments=[_number(row[c]) for c in PAY_COLS],
                statuses=[int(row[c]) for c in STATUS_COLS],
            )


def synthetic_name(client_id: int) -> str:
    rng = random.Random(client_id)
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def synthetic_phone(client_id: int) -> str:
    # 199 is a mainland mobile prefix; the rest is drawn from the id, so it is stable across
    # loads. With its country code: the debtors are GLOBAL-STRICT, which has no country to
    # read a national number in (arrears.contacts.validation).
    return "+86199" + f"{random.Random(-client_id).randrange(10**8):08d}"


def statement_dates(reference: date, month: int) -> tuple[date, date]:
    """Statement date and due date of month 0 (April) .. 5 (September)."""
    statement = reference - timedelta(days=10 + 30 * (MONTHS - 1 - month))
    return statement, statement + timedelta(days=20)


def minimums(client: Client) -> tuple[list[int], list[int]]:
    """Derived minimum dues: (carried-arrears items oldest first, one per statement)."""
    late = max(client.statuses[-1], 0)
    natural = [max(round(b * NATURAL_MINIMUM), 0) for b in client.bills]
    carried = max(late - (MONTHS - 1), 0)
    # Items due before R, oldest first: carried arrears, then April .. August statements.
    past_natural = [natural[0]] * carried + natural[: MONTHS - 1]
    covered = len(past_natural) - late
    pool = sum(client.payments)
    past: list[int] = []
    for index, wanted in enumerate(past_natural):
        if index < covered:
            take = min(wanted, pool)
        elif index == covered:
            take = max(wanted, pool + 1)  # more than is left: this item stays unpaid
        else:
            take = max(wanted, 1)
        pool = max(pool - take, 0)
        past.append(take)
    return past[:carried], [*past[carried:], natural[-1]]


def write_files(source: Path, portfolio: Path, payments: Path, reference: date, creditor: str) -> int:
    """Write the importers' two files from the UCI file; returns the number of clients."""
    portfolio_fields = [
        "creditor",
        "account_id",
        "debtor_id",
        "debtor_name",
        "national_id",
        "language",
        "time_zone",
        "jurisdiction",
        "product",
        "currency",
        "credit_limit",
        "due_id",
        "due_kind",
        "statement_date",
        "due_date",
        "amount_due",
        "minimum_due",
        "phone",
        "synthetic",
        "attributes",
    ]
    count = 0
    with (
        portfolio.open("w", newline="", encoding="utf-8") as pf,
        payments.open("w", newline="", encoding="utf-8") as yf,
    ):
        pw = csv.DictWriter(pf, portfolio_fields)
        yw = csv.writer(yf)
        pw.writeheader()
        yw.writerow(["creditor", "account_id", "payment_id", "amount", "paid_at", "channel", "reference"])
        for client in read_clients(source):
            count += 1
            account = f"UCI-{client.id}"
            base = {
                "creditor": creditor,
                "account_id": account,
                "debtor_id": account,
                "debtor_name": synthetic_name(client.id),
                "national_id": "",
                "language": "zh-hans",
                "time_zone": "Asia/Taipei",
                # Taiwan is none of our profiles: the strictest rules apply until a person
                # assigns one (compliance.md DEF-PROFILE-01).
                "jurisdiction": "GLOBAL-STRICT",
                "product": "credit_card",
                "currency": "TWD",
                "credit_limit": client.limit,
                "phone": synthetic_phone(client.id),
                "synthetic": "true",
                "attributes": json.dumps(
                    {
                        "source": "UCI",
                        "sex": client.sex,
                        "education": client.education,
                        "marriage": client.marriage,
                        "age": client.age,
                        "pay_status": client.statuses,
                    },
                    sort_keys=True,
                ),
            }
            carried, monthly = minimums(client)
            for j, minimum in enumerate(carried):
                months_back = MONTHS - 1 + len(carried) - j  # 6, 7, 8 months before September
                due = reference - timedelta(days=20 + 30 * (months_back - 1))
                pw.writerow(
                    {
                        **base,
                        "due_id": f"ARREARS-{months_back}",
                        "due_kind": "statement",
                        "statement_date": (due - timedelta(days=20)).isoformat(),
                        "due_date": due.isoformat(),
                        "amount_due": minimum,
                        "minimum_due": minimum,
                    }
                )
            for month in range(MONTHS):
                statement, due = statement_dates(reference, month)
                pw.writerow(
                    {
                        **base,
                        "due_id": f"S{month + 4:02d}",
                        "due_kind": "statement",
                        "statement_date": statement.isoformat(),
                        "due_date": due.isoformat(),
                        "amount_due": client.bills[month],
                        "minimum_due": monthly[month],
                    }
                )
                if client.payments[month] > 0:
                    yw.writerow(
                        [
                            creditor,
                            account,
                            f"P{month + 4:02d}",
                            client.payments[month],
                            (statement + timedelta(days=5)).isoformat(),
                            "uci",
                            "",
                        ]
                    )
    return count


def expected_bucket(status: int) -> str:
    """The bucket the mapping gives a September status (see the module docstring)."""
    late = max(status, 0)
    return "M0" if late == 0 else ("M7+" if late >= 7 else f"M{late}")
