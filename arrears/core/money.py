"""Money at the edge: one parser and one check for every amount a person or a file types.

Amounts are stored in `money_field` columns (18 digits, 2 after the point). What reaches
them must be exact at the currency's precision (never silently rounded: `100.555` is an
error, not 100.56), positive where the use says so, and below a ceiling no real collection
amount reaches, so that a typo of a few extra digits is caught and nothing can exceed what
the column stores. Forms, API schemas and imports call these; the actions call
`check_amount` again, so the batch and admin paths are held to the same rule.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The stored form (arrears.portfolio.models.money_field).
MAX_DIGITS = 18
DECIMAL_PLACES = 2
# The largest single amount accepted anywhere: a trillion in the currency's units. A bank's
# largest exposures are far below it; it keeps 4 digits of headroom under the column.
MAX_AMOUNT = Decimal("999999999999.99")

# Minor-unit exponents (ISO 4217) of the currencies we meet; the rest have 2.
_EXPONENTS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3}

# Thousands separators people type: commas, thin and normal spaces, apostrophes (CH).
_GROUPING = re.compile(r"[,\s\u00a0\u2009\u202f']")
# A plain decimal: no exponent, no sign but a leading minus, at most one point.
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")


def exponent(currency: str | None) -> int:
    """Decimal places of `currency` (at most the column's 2: 3-place currencies are kept
    at 2, the column's precision, and their third place refused)."""
    return min(_EXPONENTS.get((currency or "").upper(), DECIMAL_PLACES), DECIMAL_PLACES)


def parse_amount(
    value: object, *, currency: str | None = None, allow_zero: bool = False, allow_negative: bool = False
) -> Decimal:
    """The amount in `value` (text as typed, full-width digits and grouping allowed, or a
    Decimal/int), checked by `check_amount`. Floats are refused: they are not exact."""
    if isinstance(value, bool | float):
        raise ValidationError(_("Enter the amount as a number such as 1234.50."), code="invalid")
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    else:
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        text = _GROUPING.sub("", text).lstrip("¥$£€").strip()
        if not text:
            raise ValidationError(_("Enter an amount."), code="required")
        if not _PLAIN.match(text):
            raise ValidationError(
                _("%(value)s is not an amount: use digits and one decimal point, such as 1234.50.")
                % {"value": str(value)[:40]},
                code="invalid",
            )
        try:
            amount = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            raise ValidationError(
                _("%(value)s is not an amount.") % {"value": text[:40]}, code="invalid"
            ) from None
    return check_amount(amount, currency=currency, allow_zero=allow_zero, allow_negative=allow_negative)


def check_amount(
    amount: Decimal, *, currency: str | None = None, allow_zero: bool = False, allow_negative: bool = False
) -> Decimal:
    """`amount` if it is finite, at the currency's precision, above zero (unless allowed)
    and at most MAX_AMOUNT in size; raises ValidationError in the reader's language."""
    if not isinstance(amount, Decimal):
        raise TypeError("money must be a Decimal")
    if not amount.is_finite():
        raise ValidationError(_("The amount must be a finite number."), code="invalid")
    places = exponent(currency)
    exp = amount.normalize().as_tuple().exponent
    if isinstance(exp, int) and -exp > places:
        if currency:
            message = _("%(currency)s amounts have at most %(places)d decimal places.")
        else:
            message = _("Amounts have at most %(places)d decimal places.")
        raise ValidationError(
            message % {"currency": (currency or "").upper(), "places": places}, code="precision"
        )
    if amount < 0 and not allow_negative:
        raise ValidationError(_("The amount must be more than zero."), code="min_value")
    if amount == 0 and not allow_zero:
        raise ValidationError(_("The amount must be more than zero."), code="min_value")
    if abs(amount) > MAX_AMOUNT:
        raise ValidationError(
            _("The amount is larger than any this system accepts (%(max)s).") % {"max": f"{MAX_AMOUNT:,}"},
            code="max_value",
        )
    return amount.quantize(Decimal(1).scaleb(-DECIMAL_PLACES))
