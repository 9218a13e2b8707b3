"""Field types of the API's schemas: every constraint the handlers enforce, stated in the
OpenAPI document, so that a request the schema calls valid is accepted (or refused only by
the state of the case: 409), and one it calls invalid is refused with 422.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from arrears.core.money import MAX_AMOUNT

# Money is a string, never a JSON number: a number goes through a binary float on the way
# (0.1 is not 0.1), and amounts must be exact. More than 0, at most MAX_AMOUNT, at most two
# decimal places, no sign, no grouping, no leading zeros: "1234.50".
MONEY_PATTERN = r"^(?:[1-9][0-9]{0,11}(?:\.[0-9]{1,2})?|0\.(?:0[1-9]|[1-9][0-9]?))$"
assert Decimal("9" * 12 + ".99") == MAX_AMOUNT  # the pattern's 12 digits are the ceiling

Money = Annotated[
    str,
    Field(
        pattern=MONEY_PATTERN,
        max_length=15,
        description=f"An amount as a decimal string: more than 0, at most {MAX_AMOUNT}, "
        'at most 2 decimal places (e.g. "1234.50").',
        examples=["1234.50"],
    ),
]

# What Python's str.strip() removes (str.isspace()), spelled out: the handlers strip, and
# regex engines disagree on what \s means, so the schema names the characters itself.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# No control character but tab and line breaks (NUL cannot be stored by PostgreSQL, the
# others not by XLSX; the same set as arrears.core.middleware.CONTROL_CHARACTERS, which
# refuses them in every request) and at least one character that is not white space.
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f"
TEXT_PATTERN = rf"^[^{_CONTROL}]*[^{_CONTROL}{_SPACE}][^{_CONTROL}]*$"
# May be empty, but no control character.
OPTIONAL_TEXT_PATTERN = rf"^[^{_CONTROL}]*$"


def text(max_length: int, description: str) -> object:
    """A required free text: not blank, no NUL, at most `max_length` characters."""
    return Field(min_length=1, max_length=max_length, pattern=TEXT_PATTERN, description=description)


def optional_text(max_length: int, description: str, default: str = "") -> object:
    return Field(default, max_length=max_length, pattern=OPTIONAL_TEXT_PATTERN, description=description)


# Dates and instants between 1970 and 2099, spelled out as patterns: the formats alone admit
# years 1 to 9999 (where converting to UTC or adding a week overflows) and the parser
# admits more spellings than RFC 3339; a pattern that names every valid date (leap days
# included) keeps the schema, the validator and the generators of test data in step.
_YEAR = r"(?:19[7-9][0-9]|20[0-9]{2})"
_LEAP_YEAR = r"(?:19(?:7[26]|8[048]|9[26])|20(?:[02468][048]|[13579][26]))"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_DATE = rf"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
_OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
DATE_PATTERN = rf"^{_DATE}$"
INSTANT_PATTERN = rf"^{_DATE}T{_TIME}{_OFFSET}$"
_DATE_RE = re.compile(DATE_PATTERN)
_INSTANT_RE = re.compile(INSTANT_PATTERN)


def _matching(regex: re.Pattern[str], what: str) -> Callable[[object], object]:
    def check(value: object) -> object:
        # JSON carries dates as strings; pydantic alone would also take a number as a
        # timestamp and several spellings the schema does not name.
        if not isinstance(value, str) or not regex.match(value):
            raise ValueError(f"must be {what}")
        return value

    return check


Day = Annotated[
    _dt.date,
    BeforeValidator(_matching(_DATE_RE, "a date YYYY-MM-DD between 1970 and 2099")),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "examples": ["2026-03-31"]}),
]
Instant = Annotated[
    _dt.datetime,
    BeforeValidator(
        _matching(_INSTANT_RE, "a date and time with a UTC offset (RFC 3339) between 1970 and 2099")
    ),
    WithJsonSchema({"type": "string", "pattern": INSTANT_PATTERN, "examples": ["2026-03-31T10:00:00+08:00"]}),
]


def _string_only(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


PublicId = Annotated[UUID, BeforeValidator(_string_only)]


def _whole_number(value: object) -> object:
    # JSON Schema's "integer" is a number with no fraction, so 3.0 is one; a string or a
    # boolean is not (pydantic would take "3" and true).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def whole_number(minimum: int, maximum: int) -> object:
    """An integer from `minimum` to `maximum` (the bounds stated in the schema)."""
    return Annotated[int, Field(ge=minimum, le=maximum), BeforeValidator(_whole_number)]


class Strict(Schema):
    """An input schema: unknown fields are errors (422), stated in the schema
    (additionalProperties: false), so a misspelt field never passes unnoticed."""

    model_config = ConfigDict(extra="forbid")
