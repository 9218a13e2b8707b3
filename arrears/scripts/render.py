"""Fill a script or reply with a case's data, formatted for the reader's locale.

Only the placeholders in ``PLACEHOLDERS`` exist. A template naming any other one is refused
with the offending names: a typo such as ``{debtor_nmae}`` must fail in review, not reach a
debtor as literal braces.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from arrears.scripts.labels import Language

MONEY_PLACEHOLDERS = frozenset({"amount_due", "promise_amount", "instalment_amount", "balance"})
DATE_PLACEHOLDERS = frozenset({"due_date", "promise_date", "visit_date"})
TEXT_PLACEHOLDERS = frozenset(
    {
        "debtor_name",
        "creditor",
        "collector_name",
        "second_collector_name",
        "agency",
        "payment_channels",
        "callback_number",
        "office_hours",
        "dispute_channel",
        "account_ref",
    }
)
INT_PLACEHOLDERS = frozenset({"days_past_due", "instalments"})
PLACEHOLDERS = MONEY_PLACEHOLDERS | DATE_PLACEHOLDERS | TEXT_PLACEHOLDERS | INT_PLACEHOLDERS

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


def render(
    template: str,
    context: Mapping[str, Any],
    language: str,
    *,
    currency: str = "CNY",
    strict: bool = True,
) -> str:
    """Render ``template``; unknown placeholders always raise.

    With ``strict`` a known placeholder without a value raises too; without it the
    placeholder stays visible (``{debtor_name}``) for the collector to fill in, which is what
    live assist needs before a case is open.
    """
    check_template(template)
    unknown_keys = [k for k in context if k not in PLACEHOLDERS]
    if unknown_keys:
        raise UnknownPlaceholderError(
            "unknown context key(s): " + ", ".join(sorted(unknown_keys)), sorted(unknown_keys)
        )
    names = placeholders_in(template)
    missing = [n for n in names if context.get(n) in (None, "")]
    if missing and strict:
        raise MissingValueError(
            "no value for: " + ", ".join("{" + n + "}" for n in missing), missing
        )
    values = {
        n: ("{" + n + "}" if n in missing else _format_value(n, context[n], language, currency))
        for n in names
    }
    return template.format_map(values)
