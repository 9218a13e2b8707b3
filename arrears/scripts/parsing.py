"""Dates and amounts out of what a debtor says, to pre-fill a promise to pay.

Pure functions, no clock read: the caller passes ``today`` in the debtor's own zone. A result
is a suggestion the collector confirms, so when a phrase is ambiguous we return None rather
than guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
_CN_NUM_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG)

_EN_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
             "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "couple": 2,
             "few": 3}  # fmt: skip

_EN_TENS = {"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# A day of the month in words: "I get paid on the first", "by the fifteenth".
_EN_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
               "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
               "fifteenth": 15, "twentieth": 20, "thirtieth": 30}  # fmt: skip

_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_WEEKDAYS_EN = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_EN_WEEKDAY = (
    r"(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|rs|urday)?\b"
)


def cn_to_int(text: str) -> int | None:
    """Chinese numerals to an int, with the spoken shorthand 两万五 = 25000, 三千五 = 3500."""
    if not text or any(ch not in _CN_NUM_CHARS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))  # 二零二六 read digit by digit
    total = 0  # completed 万/亿 groups
    section = 0  # below 万
    digit: int | None = None
    last_unit = 1
    saw_zero = False
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
            saw_zero = saw_zero or digit == 0
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            big = _CN_BIG[ch]
            section += digit or 0
            total = (total + section) * big if big > 10_000 else total + section * big
            section, digit, last_unit = 0, None, big
    if digit is not None:
        # A trailing digit after a unit is an abbreviation of the next unit down (两万五 =
        # 两万五千), unless a 零 says it is the units digit (一万零五 = 10005).
        section += digit * (last_unit // 10) if last_unit >= 100 and not saw_zero else digit
    return total + section


def _number(token: str) -> Decimal | None:
    token = token.replace(",", "").replace("，", "")
    try:
        return Decimal(token)
    except InvalidOperation:
        value = cn_to_int(token)
        return None if value is None else Decimal(value)


def _small_int(token: str) -> int | None:
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    if token in _EN_SMALL:
        return _EN_SMALL[token]
    if token in _EN_ORDINAL:
        return _EN_ORDINAL[token]
    return cn_to_int(token)


# ---------------------------------------------------------------------------------------- dates


def _add_months(day: dt.date, months: int, new_day: int | None = None) -> dt.date | None:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    target = day.day if new_day is None else new_day
    if target < 1 or target > calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, target)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _day_of_month(today: dt.date, day: int) -> dt.date | None:
    """The next date with this day of the month: this month if not past, else next month."""
    if not 1 <= day <= 31:
        return None
    if day >= today.day and day <= calendar.monthrange(today.year, today.month)[1]:
        return today.replace(day=day)
    for months in (1, 2):  # the 31st skips months without one
        found = _add_months(today, months, day)
        if found:
            return found
    return None


def _weekday(today: dt.date, weekday: int, which: str) -> dt.date:
    monday = today - dt.timedelta(days=today.weekday())
    if which == "next_week":  # 下周五 / next Friday: the Friday of next calendar week
        return monday + dt.timedelta(days=7 + weekday)
    if which == "this_week":  # 这周五: the Friday of this week, even if already past
        return monday + dt.timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7  # 周五 / Friday: the next one, today included
    return today + dt.timedelta(days=ahead)


_ZH_NUM = rf"[0-9{_CN_NUM_CHARS}]+"
_ZH_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"), "ymd"),
    (re.compile(rf"({_ZH_NUM})\s*月\s*({_ZH_NUM})\s*[日号號]"), "md"),
    (re.compile(rf"下\s*个?\s*月\s*的?\s*({_ZH_NUM})\s*[日号號]"), "next_month_day"),
    (re.compile(r"下\s*个?\s*月\s*[初头]"), "next_month_start"),
    (re.compile(r"下\s*个?\s*月\s*底"), "next_month_end"),
    (re.compile(r"月\s*[底末]"), "month_end"),
    (re.compile(r"大后天"), "+3"),
    (re.compile(r"后天"), "+2"),
    (re.compile(r"明[天儿日]|明早|明晚"), "+1"),
    (re.compile(r"今[天儿日]|今晚"), "+0"),
    # A time of day with no day named is today: 下午还, 晚上九点前转过去, 下班就还.
    (re.compile(r"(?:上午|中午|下午|晚上|傍晚)|下班(?:后|以后|之后|了|就|还|转)|"
                rf"(?<![\d.])({_ZH_NUM})\s*点(?:前|之前|以前|钟|半)"), "+0"),
    (re.compile(rf"(?:这|這|本)\s*个?\s*月\s*的?\s*({_ZH_NUM})\s*[日号號]"), "dom"),
    (re.compile(r"下\s*(?:个)?\s*(?:周|星期|礼拜|禮拜)\s*([一二三四五六日天])"), "next_week"),
    (re.compile(r"(?:这|這|本)\s*(?:个)?\s*(?:周|星期|礼拜)\s*([一二三四五六日天])"), "this_week"),
    (re.compile(r"(?:周|星期|礼拜|禮拜)\s*([一二三四五六日天末])"), "weekday"),
    (re.compile(rf"({_ZH_NUM})\s*(?:个)?\s*(?:天|日)\s*(?:后|以后|之后|内|以内)"), "days"),
    (re.compile(rf"({_ZH_NUM})\s*(?:个)?\s*(?:周|星期|礼拜)\s*(?:后|以后|之后|内)"), "weeks"),
    (re.compile(rf"(?<![月\d])({_ZH_NUM})\s*[号號]"), "dom"),
    (re.compile(r"(?<![月\d])(\d{1,2})\s*日"), "dom"),
]

_EN_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_EN_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(rf"\b{_EN_DAY}\s+(?:of\s+)?next\s+month\b"), "next_month_day"),
    (re.compile(rf"\bnext\s+month\s+on\s+the\s+{_EN_DAY}\b"), "next_month_day"),
    (re.compile(r"\b(?:start|beginning)\s+of\s+next\s+month\b"), "next_month_start"),
    (re.compile(r"\bend\s+of\s+next\s+month\b"), "next_month_end"),
    (re.compile(r"\b(?:end\s+of\s+(?:the\s+|this\s+)?month|month[\s-]?end|eom)\b"), "month_end"),
    (re.compile(rf"\b([a-z]{{3}})[a-z]*\.?\s+{_EN_DAY}\b"), "mon_d"),
    (re.compile(rf"\b{_EN_DAY}\s+(?:of\s+)?([a-z]{{3}})[a-z]*\b"), "d_mon"),
    (re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b"), "+2"),
    (re.compile(r"\b(?:tomorrow|tmrw|tmr|tomorow|tommorow|2morrow)\b"), "+1"),
    (re.compile(r"\b(?:today|tonight|later\s+today)\b"), "+0"),
    (re.compile(r"\bthis\s+(?:morning|afternoon|evening)\b|\b(?:by|before)\s+\d{1,2}\s*(?:am|pm)\b|"
                r"\bafter\s+work\b"), "+0"),
    (re.compile(rf"\bnext\s+{_EN_WEEKDAY}"), "next_week"),
    (re.compile(rf"\bthis\s+{_EN_WEEKDAY}"), "weekday"),
    (re.compile(rf"\b{_EN_WEEKDAY}"), "weekday"),
    (re.compile(r"\bin\s+(\d+|[a-z]+)\s+days?\b"), "days"),
    (re.compile(r"\b(\d+|[a-z]+)\s+days?\s+from\s+now\b"), "days"),
    (re.compile(r"\bin\s+(\d+|[a-z]+)\s+weeks?\b"), "weeks"),
    (re.compile(r"\bnext\s+week\b"), "next_week_start"),
    (re.compile(rf"\bthe\s+{_EN_DAY}\b"), "dom"),
    (re.compile(r"\b(?:on|by|before)\s+the\s+(" + "|".join(_EN_ORDINAL) + r")\b(?!\s+of\s+next)"),
     "dom"),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b"), "dom"),
]


def _apply(kind: str, groups: tuple[str, ...], today: dt.date) -> dt.date | None:
    if kind.startswith("+"):
        return today + dt.timedelta(days=int(kind[1:]))
    if kind == "ymd":
        try:
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
        except ValueError:
            return None
    if kind == "md":
        month, day = _small_int(groups[0]), _small_int(groups[1])
        if not month or not day:
            return None
        try:
            found = dt.date(today.year, month, day)
        except ValueError:
            return None
        # "3月5号" said in December means next March: promises are about the future.
        return found if found >= today else found.replace(year=today.year + 1)
    if kind in ("mon_d", "d_mon"):
        mon, day_text = (groups[0], groups[1]) if kind == "mon_d" else (groups[1], groups[0])
        month = _MONTHS_EN.get(mon.lower())
        if month is None:
            return None
        try:
            found = dt.date(today.year, month, int(day_text))
        except ValueError:
            return None
        return found if found >= today else found.replace(year=today.year + 1)
    if kind == "next_month_day":
        day = _small_int(groups[0])
        return _add_months(today.replace(day=1), 1, day) if day else None
    if kind == "next_month_start":
        return _add_months(today.replace(day=1), 1, 1)
    if kind == "next_month_end":
        start = _add_months(today.replace(day=1), 1, 1)
        return _month_end(start) if start else None
    if kind == "month_end":
        return _month_end(today)
    if kind in ("next_week", "this_week", "weekday"):
        token = groups[0]
        weekday = _WEEKDAYS_ZH.get(token, _WEEKDAYS_EN.get(token[:3].lower(), -1))
        if weekday < 0:
            return None
        return _weekday(today, weekday, kind)
    if kind == "next_week_start":
        return _weekday(today, 0, "next_week")
    if kind in ("days", "weeks"):
        count = _small_int(groups[0])
        if count is None or count > 366:
            return None
        return today + dt.timedelta(days=count * (7 if kind == "weeks" else 1))
    if kind == "dom":
        day = _small_int(groups[0])
        return _day_of_month(today, day) if day else None
    raise ValueError(kind)


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """The first date the text names, resolved against ``today``; None if there is none."""
    low = text.lower()
    rules = _ZH_RULES + _EN_RULES
    best: tuple[int, int, dt.date] | None = None
    for order, (pattern, kind) in enumerate(rules):
        for match in pattern.finditer(low):
            found = _apply(kind, match.groups(), today)
            if found is None:
                continue
            # Earliest mention wins; at the same position the more specific rule (listed first).
            key = (match.start(), order)
            if best is None or key < best[:2]:
                best = (match.start(), order, found)
            break
    return best[2] if best else None


# -------------------------------------------------------------------------------------- amounts

_CN_MULT = {"万": 10_000, "w": 10_000, "千": 1000, "k": 1000, "百": 100, "grand": 1000}
_MONEY_WORDS = r"(?:元|块钱|块|圆|rmb|yuan|bucks?|dollars?|quid|pounds?|usd|cny)"
# A number directly followed by one of these is a date, a time or a count, never money.
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:号|號|日|月|年|天|周|星期|礼拜|点|點|个月|期|次|分钟|小时|岁|"
    r"st\b|nd\b|rd\b|th\b|days?\b|weeks?\b|months?\b|years?\b|am\b|pm\b|o'?clock|:|"
    r"instal|install|payments?\b|times?\b)"
)

_AMOUNT_PATTERNS: list[re.Pattern[str]] = [
    # ¥800, $300, £50, RMB 800
    re.compile(r"(?:[¥￥$£€]|rmb\s?|cny\s?|usd\s?)\s*(\d[\d,]*(?:\.\d+)?)\s*(万|w|千|k|grand)?"),
    # 1.5万, 3千5, 3k, 2,500元, 3 grand, 300 bucks
    re.compile(
        r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(万|w\b|千|k\b|grand\b|百)?([0-9一二两三四五六七八九])?"
        rf"\s*({_MONEY_WORDS})?"
    ),
    # 三千, 两万五, 五百块, 一千二百元
    re.compile(rf"([{_CN_NUM_CHARS}]{{2,}}|[{_CN_NUM_CHARS}](?=\s*{_MONEY_WORDS}))"),
]


# An amount in English words: "two hundred", "a grand", "fifty bucks".
_EN_WORD_AMOUNT = re.compile(
    r"\b(" + "|".join([*_EN_SMALL, *_EN_TENS]) + r")\s*-?\s*(hundred|thousand|grand)\b|"
    r"\b(ten|twenty|thirty|" + "|".join(_EN_TENS) + r"|hundred)\s+(?:bucks?|dollars?|quid|pounds?)\b")


def _word_amounts(low: str) -> list[tuple[int, Decimal]]:
    found = []
    for match in _EN_WORD_AMOUNT.finditer(low):
        rest, before = low[match.end():], low[: match.start()]
        if _NOT_MONEY_AFTER.match(rest) or re.match(r"\s*(?:percent|per cent|%)", rest):
            continue
        # "twenty five hundred" is 2,500 said as hundreds: too rare to read, so no amount.
        if re.search(r"(?:\d|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]*$", before):
            continue
        number, unit, tens = match.groups()
        if tens:
            value = 100 if tens == "hundred" else _EN_TENS.get(tens) or _EN_SMALL[tens]
        else:
            small = _EN_TENS.get(number) or _EN_SMALL[number]
            value = small * (100 if unit == "hundred" else 1000)
        found.append((match.start(), Decimal(value)))
    return found


def _scaled(value: Decimal, unit: str | None, tail: str | None) -> Decimal:
    if not unit:
        return value
    mult = _CN_MULT[unit]
    result = value * mult
    if tail:  # 3千5 = 3500, 1万2 = 12000
        tail_value = _CN_DIGITS.get(tail)
        result += Decimal(int(tail) if tail.isdigit() else (tail_value or 0)) * (mult // 10)
    return result


def parse_amount(text: str) -> Decimal | None:
    """The amount of money the text names, as a Decimal; None if it names none.

    A number marked as money (currency sign or word, 万/千/k) beats a bare number; numbers that
    are dates, times or counts (15号, 3 days, 2 instalments) are skipped.
    """
    low = text.lower()
    marked: list[tuple[int, Decimal]] = []
    bare: list[tuple[int, Decimal]] = []
    taken: list[range] = []
    for index, pattern in enumerate(_AMOUNT_PATTERNS):
        for match in pattern.finditer(low):
            span = range(match.start(), match.end())
            if any(match.start() in r for r in taken):
                continue
            rest = low[match.end():]
            if index == 0:
                value = _number(match.group(1))
                if value is None:
                    continue
                marked.append((match.start(), _scaled(value, match.group(2), None)))
            elif index == 1:
                number, unit, tail, word = match.groups()
                if not unit and not word and _NOT_MONEY_AFTER.match(rest):
                    continue
                if unit and not tail and not word and _NOT_MONEY_AFTER.match(rest) and unit == "百":
                    continue
                prefix = low[: match.start()]
                if re.search(r"(?:the|on)\s*$", prefix) or re.search(r"[月/-]\s*$", prefix):
                    continue
                value = _number(number)
                if value is None:
                    continue
                amount = _scaled(value, unit, tail)
                (marked if unit or word else bare).append((match.start(), amount))
            else:
                token = match.group(1)
                if _NOT_MONEY_AFTER.match(rest):
                    continue
                parsed = cn_to_int(token)
                if parsed is None or parsed == 0:
                    continue
                is_marked = bool(re.match(rf"\s*{_MONEY_WORDS}", rest)) or any(
                    u in token for u in "十百千万萬亿拾佰仟"
                )
                (marked if is_marked else bare).append((match.start(), Decimal(parsed)))
            taken.append(span)
    marked += _word_amounts(low)
    candidates = marked or bare
    if not candidates:
        return None
    amount = min(candidates)[1]
    return amount.quantize(Decimal("0.01")) if amount > 0 else None
