"""The one parser of amounts typed by people or read from files."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from arrears.core.money import MAX_AMOUNT, check_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100", Decimal("100.00")),
        ("1,234.50", Decimal("1234.50")),
        ("１２３", Decimal("123.00")),  # full-width digits, as Chinese input methods type them
        ("¥ 88.8", Decimal("88.80")),
        (" 2 000 ", Decimal("2000.00")),
    ],
)
def test_it_reads_amounts_as_people_type_them(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("abc", "invalid"),
        ("1e30", "invalid"),
        ("1e309", "invalid"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("0.001", "precision"),
        ("100.555", "precision"),
        ("0", "min_value"),
        ("-5", "min_value"),
        ("123456789012345678", "max_value"),
        ("99999999999999", "max_value"),
        ("1\x002", "invalid"),
    ],
)
def test_it_refuses_what_is_not_an_amount_with_a_reason(text, code):
    with pytest.raises(ValidationError) as caught:
        parse_amount(text)
    assert caught.value.code == code


def test_it_refuses_floats_and_checks_decimals_directly():
    with pytest.raises(ValidationError):
        parse_amount(1.5)
    with pytest.raises(ValidationError):
        check_amount(Decimal("2.6e-129"))
    with pytest.raises(ValidationError):
        check_amount(Decimal("sNaN"))
    assert check_amount(Decimal("0"), allow_zero=True) == Decimal("0.00")


def test_zero_decimal_currencies_take_whole_units_only():
    assert parse_amount("5000", currency="JPY") == Decimal("5000.00")
    with pytest.raises(ValidationError):
        parse_amount("5000.5", currency="JPY")


@given(st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2))
def test_every_valid_amount_round_trips(amount):
    assert parse_amount(str(amount)) == amount
