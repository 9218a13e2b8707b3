"""What an inbound SMS says: a stop word, or something for the collector to read.

Chinese gateways print "回复TD退订" (or T, N, R for 拒收) under marketing and notice texts;
US and UK carriers treat STOP, UNSUBSCRIBE and a few more as opt-outs. People type them
with full-width letters (ＴＤ), in lower case, with punctuation, or with a word around the
Chinese ones (退订，谢谢). Pure functions, no Django.
"""

from __future__ import annotations

import re
import unicodedata

# Whole-message keywords, after full-width folding, upper-casing and dropping punctuation
# and spaces: "td", "Ｔ Ｄ", "STOP!" all read TD / STOP.
KEYWORDS = frozenset(
    {
        "TD",
        "T",
        "N",
        "R",
        "STOP",
        "STOPALL",
        "UNSUBSCRIBE",
        "CANCEL",
        "END",
        "QUIT",
        "OPTOUT",
        "REVOKE",
        "退",
        "退订",
        "拒收",
        "取消",
    }
)
# Chinese phrases that mean "stop sending me these" wherever they stand in the reply.
PHRASES = ("退订", "拒收", "取消订阅", "不要再发", "别再发", "不要发短信", "停止发送")
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()


def is_opt_out(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text)
    if any(phrase in folded for phrase in PHRASES):
        return True
    return normalise(text) in KEYWORDS


def phone_key(number: str) -> str:
    """A phone number as replies and messages are matched: its digits, without China's
    country code (providers write 13800000000, +8613800000000 or 008613800000000)."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", number) if c.isdigit())
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits[:40]
