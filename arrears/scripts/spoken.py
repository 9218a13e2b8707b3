"""Chinese typed in Latin letters, folded into characters before the model and the rules read it.

Collectors type what they hear, and debtors answering by text type what is fastest: pinyin
("mei qian", "hui huan de") and the initials of a phrase ("wsm" for 为什么, "bfb" for 不方便,
"yj还了" for 已经还了). The corpus is written in characters, so these turns share no n-gram
with it. Three tables, from the safest to the least safe:

- pinyin phrases of two or more syllables, which are no English words, folded everywhere;
- initials that are no English word or abbreviation, folded everywhere;
- initials that are also English ("ts", "sm", "mt", "yj") and single syllables that are also
  names (huan, qian), folded only in a turn that holds characters after the first two tables.

Each entry is matched as a whole token: letters on neither side.
"""

from __future__ import annotations

import re

# Part of the classifier's version: a change here retrains the model.
SPOKEN_VERSION = "spoken-1"

_PINYIN: dict[str, str] = {
    "mei you qian": "没有钱", "meiyouqian": "没有钱", "mei qian": "没钱", "meiqian": "没钱",
    "huan qian": "还钱", "huanqian": "还钱", "hui huan": "会还", "huihuan": "会还",
    "bu huan": "不还", "buhuan": "不还", "yi jing huan le": "已经还了", "yijing huanle": "已经还了",
    "yi jing": "已经", "yijing": "已经", "huan le": "还了", "huanle": "还了",
    "ming tian": "明天", "mingtian": "明天", "hou tian": "后天", "houtian": "后天",
    "fen qi": "分期", "fenqi": "分期", "bie da le": "别打了", "bie da": "别打", "bu yao da": "不要打",
    "da cuo le": "打错了", "da cuo": "打错", "tou su": "投诉", "tousu": "投诉",
    "mei ban fa": "没办法", "meibanfa": "没办法", "shi ye": "失业", "zhu yuan": "住院",
    "qu shi": "去世", "lv shi": "律师", "lü shi": "律师", "po chan": "破产", "bu shi wo": "不是我",
    "guan wo shen me shi": "关我什么事", "guan wo pi shi": "关我屁事", "bu fang bian": "不方便",
    "zai kai hui": "在开会", "kai hui": "开会", "kai che": "开车", "sheng bing": "生病",
    "wei shen me": "为什么", "shen me": "什么", "pian zi": "骗子", "sao rao": "骚扰",
}
_INITIALS: dict[str, str] = {
    "wsm": "为什么", "bfb": "不方便", "gwps": "关我屁事", "gwsms": "关我什么事", "gnps": "关你屁事",
    "tmd": "他妈的", "cnm": "操你妈", "nmsl": "你妈死了", "zfb": "支付宝", "bzd": "不知道",
    "dbq": "对不起", "yjhl": "已经还了", "mdj": "没动静",
}
_INITIALS_IN_CHINESE: dict[str, str] = {
    "yj": "已经", "fq": "分期", "ts": "投诉", "sm": "什么", "mt": "明天", "ht": "后天",
    "hk": "还款", "wx": "微信", "yq": "逾期", "mq": "没钱", "bh": "不还", "lg": "老公", "lp": "老婆",
    "ls": "律师", "xs": "先生",
    # Single syllables: no English word, but a given name or a surname (Huan, Qian) too.
    "huan": "还", "qian": "钱",
}


def _table_re(table: dict[str, str]) -> re.Pattern[str]:
    keys = sorted(table, key=len, reverse=True)  # the longest phrase first
    return re.compile(r"(?<![a-zü])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![a-zü])", re.I)


_PINYIN_RE = _table_re(_PINYIN)
_INITIALS_RE = _table_re(_INITIALS)
_IN_CHINESE_RE = _table_re(_INITIALS_IN_CHINESE)
_HANZI = re.compile(r"[\u4e00-\u9fff]")


def expand_spoken(text: str) -> str:
    """Pinyin and initials in a turn as the characters they stand for."""
    if not re.search(r"[a-z]", text, re.I):
        return text
    text = _PINYIN_RE.sub(lambda m: _PINYIN[m.group(0).lower()], text)
    text = _INITIALS_RE.sub(lambda m: _INITIALS[m.group(0).lower()], text)
    if _HANZI.search(text):
        text = _IN_CHINESE_RE.sub(lambda m: _INITIALS_IN_CHINESE[m.group(0).lower()], text)
    return text
