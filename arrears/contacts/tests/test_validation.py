"""Phones parsed in the debtor's country and stored in E.164; emails checked."""

from __future__ import annotations

import polars as pl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.contacts.validation import (
    _fast_e164,
    _parsed_e164,
    clean_contact_value,
    fast_e164,
    normalise_phone,
    normalise_phones,
    phone_region,
    validate_email,
)


@pytest.fixture(autouse=True)
def english():
    """The reasons are asserted in English (the project's default language is zh-hans)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("value", "jurisdiction", "e164"),
    [
        ("13800138000", "CN", "+8613800138000"),
        ("138 0013 8000", "CN", "+8613800138000"),
        ("138-0013-8000", "CN", "+8613800138000"),
        ("１３８００１３８０００", "CN", "+8613800138000"),  # full-width digits
        ("021 6234 5678", "CN", "+862162345678"),  # a Shanghai landline
        ("(415) 555-2671", "US", "+14155552671"),
        ("020 7946 0018", "UK", "+442079460018"),
        ("+86 138 0013 8000", "GLOBAL-STRICT", "+8613800138000"),
        ("+1 415 555 2671", "CN", "+14155552671"),  # a foreign phone of a CN debtor
    ],
)
def test_a_phone_is_read_in_the_debtors_country_and_stored_in_e164(value, jurisdiction, e164):
    assert normalise_phone(value, jurisdiction) == e164


@pytest.mark.parametrize(
    ("value", "jurisdiction", "reason"),
    [
        ("=1+1", "CN", "not a phone number"),
        ("abc", "CN", "not a phone number"),
        ("1-800-FLOWERS", "US", "not a phone number"),
        ("010-12345678 转 123", "CN", "not a phone number"),
        ("12345", "CN", "not a valid phone number in CN"),
        ("13800138000", "GLOBAL-STRICT", "country code"),
        ("13800138000", None, "country code"),
        ("+999 1234", "US", "not a valid phone number"),
        ("1" * 41, "CN", "not a phone number"),
    ],
)
def test_what_is_not_a_phone_number_is_refused_with_a_reason(value, jurisdiction, reason):
    with pytest.raises(ValidationError) as caught:
        normalise_phone(value, jurisdiction)
    assert reason in caught.value.messages[0]


def test_many_phones_are_checked_in_one_go_with_a_reason_each():
    e164, reasons = normalise_phones(["138 0013 8000", "=1+1", "13800138000"], ["CN", "CN", "CN"])
    assert e164 == ["+8613800138000", None, "+8613800138000"]
    assert reasons[0] is None and reasons[2] is None and "not a phone number" in (reasons[1] or "")


@pytest.mark.parametrize(
    "value",
    ["a@b<img src=x onerror=alert(1)>", "zhang@example.com\x00", "a\n@example.com", "not-an-email", "a@b"],
)
def test_an_email_with_markup_or_control_characters_is_refused(value):
    with pytest.raises(ValidationError):
        validate_email(value)


def test_a_good_email_is_kept_as_typed():
    assert validate_email("  Zhang.Wei@Example.com ") == "Zhang.Wei@Example.com"


def test_a_contact_point_of_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as caught:
        clean_contact_value("fax", "12345", jurisdiction="CN")
    assert caught.value.code == "invalid_kind"
    assert clean_contact_value("phone", "138 0013 8000", jurisdiction="CN") == "+8613800138000"
    with pytest.raises(ValidationError):
        clean_contact_value("address", "上海市\x00", jurisdiction="CN")


# National and international beginnings, common and odd (prefixes parsing strips, IDD).
STARTS = [
    "13",
    "138",
    "199",
    "179",
    "11",
    "12",
    "140",
    "010",
    "021",
    "0",
    "00",
    "1",
    "2",
    "415",
    "7",
    "20",
    "86",
    "+86",
    "+8613",
    "+1",
    "+1415",
    "+44",
    "+447",
    "+4420",
    "+852",
]


@settings(max_examples=3000, deadline=None)
@given(
    start=st.sampled_from(STARTS),
    rest=st.text(alphabet="0123456789", max_size=12),
    separator=st.sampled_from(["", " ", "-"]),
    jurisdiction=st.sampled_from(["CN", "US", "UK", "GLOBAL-STRICT"]),
)
def test_the_fast_reading_agrees_with_libphonenumber(start, rest, separator, jurisdiction):
    text = start + separator + rest
    fast = _fast_e164(text, phone_region(jurisdiction))
    try:
        parsed: str | None = _parsed_e164(text, phone_region(jurisdiction))
    except ValidationError:
        parsed = None
    if fast is not None:
        assert fast == parsed


def test_the_fast_reading_takes_the_common_numbers():
    assert _fast_e164("19912345678", "CN") == "+8619912345678"
    assert _fast_e164("+86 199 1234 5678", None) == "+8619912345678"
    assert _fast_e164("(415) 555-2671", "US") == "+14155552671"
    assert _fast_e164("021 6234 5678", "CN") is None  # a national prefix: libphonenumber decides


@settings(max_examples=1500, deadline=None)
@given(
    number=st.one_of(
        st.from_regex(r"\A(\+86 ?)?1[0-9]{10}\Z"),  # CN mobiles, valid and not
        st.from_regex(r"\A(\+1 ?)?[0-9]{10}\Z"),  # NANP
        st.from_regex(r"\A(\+44 ?)?[0-9]{10}\Z"),  # UK without its trunk 0
    ),
    jurisdiction=st.sampled_from(["CN", "US", "UK", "GLOBAL-STRICT"]),
)
def test_the_fast_reading_agrees_with_libphonenumber_on_numbers_of_the_right_length(number, jurisdiction):
    fast = _fast_e164(number, phone_region(jurisdiction))
    try:
        parsed: str | None = _parsed_e164(number, phone_region(jurisdiction))
    except ValidationError:
        parsed = None
    if fast is not None:
        assert fast == parsed


NUMBERS = st.one_of(
    st.from_regex(r"\A(\+86 ?)?1[0-9]{10}\Z"),
    st.from_regex(r"\A(\+1 ?)?[0-9]{10}\Z"),
    st.from_regex(r"\A(\+44 ?)?[0-9]{10}\Z"),
    st.builds(lambda a, b: a + b, st.sampled_from(STARTS), st.text(alphabet="0123456789 -", max_size=12)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NUMBERS, st.sampled_from(["CN", "US", "UK", "GLOBAL-STRICT"])), max_size=40))
def test_the_vectorised_reading_agrees_with_libphonenumber(pairs):
    values, jurisdictions = [v for v, _j in pairs], [j for _v, j in pairs]
    fast = fast_e164(pl.Series(values, dtype=pl.String), pl.Series(jurisdictions, dtype=pl.String)).to_list()
    for decided, value, jurisdiction in zip(fast, values, jurisdictions, strict=True):
        assert decided == _fast_e164(value, phone_region(jurisdiction))
        if decided is not None:
            assert decided == _parsed_e164(value, phone_region(jurisdiction))
