"""Words the gate's reasons share, in English and Chinese: weekdays, channels, roles, counts.

compliance.md §6.5 asks for a plain-language reason in the operator's language, so a reason
never shows an internal code ("weekday 7", "im", "co_obligor") where a word exists.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# What a person opts out of, as an English plural ("asked not to receive phone calls").
CHANNELS_EN = {
    "call": "phone calls", "sms": "text messages", "email": "emails", "letter": "letters",
    "visit": "visits", "im": "instant messages", "voicemail": "voicemails",
}
CHANNELS_ZH = {
    "call": "电话", "sms": "短信", "email": "电子邮件", "letter": "信函", "visit": "上门",
    "im": "即时通讯", "voicemail": "语音留言",
}

# Who a third party is, relative to the debtor.
ROLES_EN = {
    "spouse": "the debtor's spouse", "parent": "the debtor's parent",
    "child": "the debtor's child", "sibling": "the debtor's sibling",
    "relative": "a relative of the debtor", "employer": "the debtor's employer",
    "colleague": "a colleague of the debtor", "reference": "a reference the debtor gave",
    "other": "someone other than the debtor",
}
ROLES_ZH = {
    "spouse": "债务人的配偶", "parent": "债务人的父母", "child": "债务人的子女",
    "sibling": "债务人的兄弟姐妹", "relative": "债务人的亲属", "employer": "债务人的工作单位",
    "colleague": "债务人的同事", "reference": "债务人留下的联系人", "other": "债务人以外的人",
}


def weekday(iso_day: int, zh: bool) -> str:
    return (WEEKDAYS_ZH if zh else WEEKDAYS_EN)[iso_day - 1]


@lru_cache(maxsize=256)
def day_set(days: tuple[int, ...], zh: bool) -> str:
    """ISO weekdays as words: "every day", "Mon–Sat", "Mon, Wed, Fri" (每天、周一至周六…)."""
    ordered = sorted(set(days))
    if len(ordered) == 7:
        return "每天" if zh else "every day"
    if not ordered:
        return "无" if zh else "none"
    runs: list[list[int]] = []
    for d in ordered:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        first, last = weekday(run[0], zh), weekday(run[-1], zh)
        if len(run) >= 3:
            parts.append(f"{first}至{last}" if zh else f"{first}–{last}")
        else:
            parts.extend(weekday(d, zh) for d in run)
    return ("、" if zh else ", ").join(parts)


def local_moment(local: datetime, zone: str, zh: bool) -> str:
    """A local time with its zone and weekday: 2025-03-05 22:00 (Asia/Shanghai, Wed)."""
    day = weekday(local.isoweekday(), zh)
    shown = local.isoformat(" ", "minutes")[:16]  # 2025-03-05 22:00, without the offset
    return f"{shown}（{zone}，{day}）" if zh else f"{shown} ({zone}, {day})"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """English count with the right noun form: "1 call", "2 calls"."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def channel(name: str, zh: bool) -> str:
    return (CHANNELS_ZH if zh else CHANNELS_EN).get(name, name)


def role(name: str, zh: bool) -> str:
    return (ROLES_ZH if zh else ROLES_EN).get(name, name)
