"""Fill a script or reply with a case's data, formatted for the reader's locale.

Only the placeholders in ``PLACEHOLDERS`` exist. A template naming any other one is refused
with the offending names: a typo such as ``{debtor_nmae}`` must fail in review, not reach a
debtor as literal braces.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from arrears.scripts.labels import Language
from arrears.scripts.placeholders import REGISTRY, SETTINGS_SOURCES

MONEY_PLACEHOLDERS = frozenset({"amount_due", "promise_amount", "instalment_amount", "balance"})
DATE_PLACEHOLDERS = frozenset({"due_date", "promise_date", "visit_date", "as_of"})
INT_PLACEHOLDERS = frozenset({"days_past_due", "instalments"})
# The registry (arrears.scripts.placeholders) is the one list; the rest are text.
PLACEHOLDERS = frozenset(REGISTRY)
TEXT_PLACEHOLDERS = PLACEHOLDERS - MONEY_PLACEHOLDERS - DATE_PLACEHOLDERS - INT_PLACEHOLDERS


class Localized(dict[str, Any]):
    """A value whose words depend on the language: {"zh-hans": ..., "en": ...}. A language
    without a value (or with an empty one) is a gap in that language."""


# Chinese readers expect the symbol; English text names the ISO code so that "$" is never
# mistaken for US dollars on a CNY account.
_ZH_SYMBOLS = {"CNY": "¥", "USD": "US$", "GBP": "£", "EUR": "€", "HKD": "HK$"}
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class TemplateError(ValueError):
    """A template cannot be rendered; ``names`` lists the placeholders at fault."""

    def __init__(self, message: str, names: list[str]) -> None:
        super().__init__(message)
        self.names = names


class UnknownPlaceholderError(TemplateError):
    pass


class MissingValueError(TemplateError):
    pass


def placeholders_in(template: str) -> list[str]:
    """Names of the ``{placeholders}`` in a template, in order, without repeats."""
    names: list[str] = []
    for _literal, field, spec, conversion in string.Formatter().parse(template):
        if field is None:
            continue
        if field == "" or spec or conversion or not field.isidentifier():
            # Positional fields, attribute access and format specs would let a template
            # reach into objects or reformat money; none is allowed.
            raise TemplateError(f"unsupported placeholder syntax: {{{field}}}", [field])
        if field not in names:
            names.append(field)
    return names


def check_template(template: str) -> None:
    unknown = [n for n in placeholders_in(template) if n not in PLACEHOLDERS]
    if unknown:
        raise UnknownPlaceholderError(
            "unknown placeholder(s): "
            + ", ".join("{" + n + "}" for n in unknown)
            + "; allowed: "
            + ", ".join(sorted(PLACEHOLDERS)),
            unknown,
        )


def format_money(amount: Decimal, language: str, currency: str = "CNY") -> str:
    if not isinstance(amount, Decimal):
        raise TypeError("money must be a Decimal, never a float")
    quantised = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    digits = f"{quantised:,.2f}"
    if language == Language.ZH:
        return f"{_ZH_SYMBOLS.get(currency, currency + ' ')}{digits}"
    return f"{currency} {digits}"


def format_date(value: dt.date, language: str) -> str:
    if language == Language.ZH:
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"


def _pick(value: Any, language: str) -> Any:
    if isinstance(value, Localized):
        return value.get(language)
    if isinstance(value, list | tuple):
        # A list (payment channels) keeps the items that have words in this language.
        items = [_pick(v, language) for v in value]
        return [i for i in items if i not in (None, "")]
    return value


def _is_missing(value: Any) -> bool:
    return value is None or value == "" or value == []


def _format_value(name: str, value: Any, language: str, currency: str) -> str:
    if name in MONEY_PLACEHOLDERS:
        return format_money(value, language, currency)
    if name in DATE_PLACEHOLDERS:
        if not isinstance(value, dt.date):
            raise TypeError(f"{{{name}}} needs a date, got {type(value).__name__}")
        return format_date(value, language)
    if name == "payment_channels" and isinstance(value, list | tuple):
        return ("、" if language == Language.ZH else ", ").join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Part:
    """A run of rendered text; ``gap`` names the placeholder when the text marks a gap."""

    text: str
    gap: str = ""
    # A setting nobody made (creditor or profile): a configuration problem, not a blank the
    # situation will fill (a promise's date before the debtor names one).
    setting: bool = False


@dataclass(frozen=True)
class Rendered:
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)

    @property
    def gaps(self) -> list[str]:
        return [p.gap for p in self.parts if p.gap]

    @property
    def setting_gaps(self) -> list[str]:
        return [p.gap for p in self.parts if p.gap and p.setting]


def gap_marker(name: str, language: str) -> str:
    """What a collector sees where a value is missing: 【未设置：还款渠道】, [not set: ...];
    for a value the situation gives: 【待填：承诺日期】, [fill in: ...]. Never a raw {name}."""
    placeholder = REGISTRY[name]
    label = placeholder.label_in(language)
    setting = placeholder.source in SETTINGS_SOURCES
    if language == Language.ZH:
        return f"【{'未设置' if setting else '待填'}：{label}】"
    return f"[{'not set' if setting else 'fill in'}: {label}]"


def render_parts(
    template: str, context: Mapping[str, Any], language: str, *, currency: str = "CNY"
) -> Rendered:
    """Render ``template`` into text runs; a known placeholder without a value in
    ``language`` becomes a marked gap (see gap_marker). Unknown placeholders raise."""
    check_template(template)
    unknown_keys = [k for k in context if k not in PLACEHOLDERS]
    if unknown_keys:
        raise UnknownPlaceholderError(
            "unknown context key(s): " + ", ".join(sorted(unknown_keys)), sorted(unknown_keys)
        )
    parts: list[Part] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            # "{{" in a template is a literal brace; Formatter.parse has already undone it.
            parts.append(Part(literal))
        if field is None:
            continue
        value = _pick(context.get(field), language)
        if _is_missing(value):
            setting = REGISTRY[field].source in SETTINGS_SOURCES
            parts.append(Part(gap_marker(field, language), gap=field, setting=setting))
        else:
            parts.append(Part(_format_value(field, value, language, currency)))
    return Rendered(tuple(parts))


def render(
    template: str,
    context: Mapping[str, Any],
    language: str,
    *,
    currency: str = "CNY",
    strict: bool = True,
) -> str:
    """Render ``template``; unknown placeholders always raise.

    With ``strict`` (letters, messages: nobody is there to fill a blank) a placeholder
    without a value raises; without it the gap is marked for the collector to fill in
    (gap_marker), which is what live assist needs.
    """
    rendered = render_parts(template, context, language, currency=currency)
    if strict and rendered.gaps:
        missing = list(dict.fromkeys(rendered.gaps))
        raise MissingValueError("no value for: " + ", ".join("{" + n + "}" for n in missing), missing)
    return rendered.text


@dataclass(frozen=True)
class Compiled:
    """A template parsed and checked once, then rendered strictly for many cases (campaigns,
    reminders: arrears.messaging.compose). Same output as ``render(strict=True)``."""

    template: str
    pieces: tuple[tuple[str, str | None], ...]
    names: tuple[str, ...]

    def values(self, context: Mapping[str, Any], language: str, *, currency: str = "CNY") -> dict[str, str]:
        """Each placeholder's formatted value; raises MissingValueError naming every gap."""
        out: dict[str, str] = {}
        missing: list[str] = []
        for name in self.names:
            value = _pick(context.get(name), language)
            if _is_missing(value):
                missing.append(name)
            else:
                out[name] = _format_value(name, value, language, currency)
        if missing:
            raise MissingValueError("no value for: " + ", ".join("{" + n + "}" for n in missing), missing)
        return out

    def render(self, context: Mapping[str, Any], language: str, *, currency: str = "CNY") -> str:
        return self.fill(self.values(context, language, currency=currency))

    def fill(self, values: Mapping[str, str]) -> str:
        return "".join(
            literal + (values[field] if field is not None else "") for literal, field in self.pieces
        )


def compile_template(template: str) -> Compiled:
    check_template(template)
    pieces = tuple((literal, field) for literal, field, _spec, _conv in string.Formatter().parse(template))
    return Compiled(template, pieces, tuple(placeholders_in(template)))
