from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from arrears.scripts.render import (
    MissingValueError,
    TemplateError,
    UnknownPlaceholderError,
    format_money,
    render,
)

CONTEXT = {
    "debtor_name": "{debtor_name}",
    "amount_due": Decimal("3000"),
    "due_date": dt.date(2026, 11, 23),
    "payment_channels": ["App", "柜台"],
}


def test_it_formats_money_and_dates_in_chinese() -> None:
    text = render("应还{amount_due}，应还日期{due_date}", CONTEXT, "zh-hans")
    assert text == "应还¥3,000.00，应还日期2026年11月23日"


def test_it_formats_money_and_dates_in_english() -> None:
    text = render("{amount_due} was due on {due_date}", CONTEXT, "en")
    assert text == "CNY 3,000.00 was due on 23 Nov 2026"


def test_it_joins_payment_channels_per_language() -> None:
    assert render("{payment_channels}", CONTEXT, "zh-hans") == "App、柜台"
    assert render("{payment_channels}", CONTEXT, "en") == "App, 柜台"


def test_it_refuses_an_unknown_placeholder_by_name() -> None:
    with pytest.raises(UnknownPlaceholderError) as info:
        render("您好{debtor_nmae}", CONTEXT, "zh-hans")
    assert info.value.names == ["debtor_nmae"]
    assert "{debtor_nmae}" in str(info.value)


def test_it_refuses_format_specs_and_attribute_access() -> None:
    with pytest.raises(TemplateError):
        render("{amount_due:.0f}", CONTEXT, "en")
    with pytest.raises(TemplateError):
        render("{debtor_name.__class__}", CONTEXT, "en")


def test_strict_rendering_refuses_a_missing_value() -> None:
    with pytest.raises(MissingValueError) as info:
        render("{creditor}", CONTEXT, "en")
    assert info.value.names == ["creditor"]


def test_lenient_rendering_leaves_a_missing_value_visible() -> None:
    assert render("Hi {creditor}", {}, "en", strict=False) == "Hi {creditor}"


def test_money_must_be_decimal() -> None:
    with pytest.raises(TypeError):
        format_money(3000.0, "en")  # type: ignore[arg-type]


def test_money_rounds_half_up_to_cents() -> None:
    assert format_money(Decimal("1234.565"), "zh-hans") == "¥1,234.57"
    assert format_money(Decimal("99"), "en", "GBP") == "GBP 99.00"
