from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from arrears.scripts.parsing import cn_to_int, parse_amount, parse_date

TODAY = dt.date(2026, 11, 18)  # a Wednesday
D = dt.date

DATE_CASES = [
    ("今天还", D(2026, 11, 18)),
    ("明天", D(2026, 11, 19)),
    ("我明儿个还", D(2026, 11, 19)),
    ("后天", D(2026, 11, 20)),
    ("大后天一定还", D(2026, 11, 21)),
    ("下周五", D(2026, 11, 27)),
    ("下礼拜一还钱", D(2026, 11, 23)),
    ("周五", D(2026, 11, 20)),
    ("星期三", D(2026, 11, 18)),
    ("这周五", D(2026, 11, 20)),
    ("这周一", D(2026, 11, 16)),
    ("15号", D(2026, 12, 15)),
    ("二十号还", D(2026, 11, 20)),
    ("月底", D(2026, 11, 30)),
    ("下个月10号", D(2026, 12, 10)),
    ("下月5号还", D(2026, 12, 5)),
    ("3天后", D(2026, 11, 21)),
    ("三天后还两千", D(2026, 11, 21)),
    ("两周后", D(2026, 12, 2)),
    ("12月3号", D(2026, 12, 3)),
    ("1月5日还", D(2027, 1, 5)),
    ("2026-12-01", D(2026, 12, 1)),
    ("2027年1月8日", D(2027, 1, 8)),
    ("tomorrow", D(2026, 11, 19)),
    ("I'll pay tmrw", D(2026, 11, 19)),
    ("the day after tomorrow", D(2026, 11, 20)),
    ("next Friday", D(2026, 11, 27)),
    ("on Friday", D(2026, 11, 20)),
    ("this thursday", D(2026, 11, 19)),
    ("on the 15th", D(2026, 12, 15)),
    ("by the 20th", D(2026, 11, 20)),
    ("end of the month", D(2026, 11, 30)),
    ("in 3 days", D(2026, 11, 21)),
    ("in three days", D(2026, 11, 21)),
    ("in 2 weeks", D(2026, 12, 2)),
    ("on the 10th of next month", D(2026, 12, 10)),
    ("Dec 5", D(2026, 12, 5)),
    ("23 Nov", D(2026, 11, 23)),
    ("2027-01-31", D(2027, 1, 31)),
    ("I'll pay today", D(2026, 11, 18)),
    ("我没钱", None),
    ("wrong number", None),
    ("I'm at work", None),
    ("2026-02-30", None),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_it_parses_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text, TODAY) == expected


def test_the_31st_skips_a_month_without_one() -> None:
    assert parse_date("31号", dt.date(2026, 11, 5)) == D(2026, 12, 31)


AMOUNT_CASES = [
    ("三千", "3000"),
    ("3千", "3000"),
    ("3k", "3000"),
    ("2,500元", "2500"),
    ("两万五", "25000"),
    ("1.5万", "15000"),
    ("五百块", "500"),
    ("$300", "300"),
    ("2,500", "2500"),
    ("3 grand", "3000"),
    ("一千二", "1200"),
    ("3千5", "3500"),
    ("八百八", "880"),
    ("一万零五", "10005"),
    ("5w", "50000"),
    ("¥800", "800"),
    ("300 bucks", "300"),
    ("500 dollars", "500"),
    ("下个月10号还3000", "3000"),
    ("15号还两千", "2000"),
    ("周五先还五百块钱", "500"),
    ("in 3 days I pay 300", "300"),
    ("I'll pay 1,250.50 on the 15th", "1250.50"),
    ("分3期每期1000", "1000"),
    ("我明天还", None),
    ("on the 15th", None),
    ("in 3 days", None),
    ("没钱", None),
    ("15号", None),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNT_CASES)
def test_it_parses_amounts(text: str, expected: str | None) -> None:
    result = parse_amount(text)
    if expected is None:
        assert result is None
    else:
        assert result == Decimal(expected)
        assert isinstance(result, Decimal)


@pytest.mark.parametrize(
    ("text", "value"), [("十五", 15), ("二十", 20), ("一百零八", 108), ("两万", 20000)]
)
def test_it_reads_chinese_numerals(text: str, value: int) -> None:
    assert cn_to_int(text) == value
