from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from arrears.scripts.render import (
    Localized,
    MissingValueError,
    TemplateError,
    UnknownPlaceholderError,
    format_money,
    render,
    render_parts,
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


def test_lenient_rendering_marks_a_missing_value_as_a_gap_never_a_raw_placeholder() -> None:
    assert render("Hi {promise_date}", {}, "en", strict=False) == "Hi [fill in: promised date]"
    with translation.override("en"):  # the marker follows the text's language, not the UI's
        assert render("请拨打{callback_number}", {}, "zh-hans", strict=False) == "请拨打【未设置：回电号码】"
    assert render("Call {callback_number}", {}, "en", strict=False) == "Call [not set: callback number]"


def test_parts_name_the_gaps_and_which_are_missing_settings() -> None:
    rendered = render_parts("{collector_name} {promise_date} {debtor_name}", {"debtor_name": "王"}, "en")
    assert rendered.gaps == ["collector_name", "promise_date"]
    assert rendered.setting_gaps == ["collector_name"]
    assert [p.text for p in rendered.parts if not p.gap] == [" ", " ", "王"]


def test_a_localized_value_is_picked_per_language_and_a_missing_language_is_a_gap() -> None:
    ctx = {
        "dispute_channel": Localized({"zh-hans": "致电95123转3", "en": ""}),
        "payment_channels": [
            Localized({"zh-hans": "手机银行", "en": "the app"}),
            Localized({"zh-hans": "柜台"}),
        ],
    }
    assert render("{dispute_channel}；{payment_channels}", ctx, "zh-hans") == "致电95123转3；手机银行、柜台"
    assert render("{dispute_channel}; {payment_channels}", ctx, "en", strict=False) == (
        "[not set: how to dispute]; the app"
    )


def test_a_value_that_looks_like_a_placeholder_is_printed_as_it_is() -> None:
    # Values are never formatted again: a debtor named "{callback_number}" stays literal.
    assert render("{debtor_name}", {"debtor_name": "{callback_number}"}, "en") == "{callback_number}"


def test_money_must_be_decimal() -> None:
    with pytest.raises(TypeError):
        format_money(3000.0, "en")  # type: ignore[arg-type]


def test_money_rounds_half_up_to_cents() -> None:
    assert format_money(Decimal("1234.565"), "zh-hans") == "¥1,234.57"
    assert format_money(Decimal("99"), "en", "GBP") == "GBP 99.00"
