"""Masking of personal data for display.

Phone numbers, national ids and registration numbers are shown masked to every role that
does not need them; the middle is hidden and the ends kept, so a collector can still tell
two numbers of the same debtor apart ("138****5678").
"""

from __future__ import annotations


def mask_middle(value: str | None, keep_start: int, keep_end: int, fill: str = "*") -> str:
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return fill * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + fill * hidden + value[len(value) - keep_end :]


def mask_phone(value: str | None) -> str:
    """Phones are stored in E.164 (+8613812345678): the country code is shown and the
    national number masked as before ("+86 138****5678")."""
    digits = (value or "").strip()
    if digits.startswith("+"):
        import phonenumbers

        try:
            number = phonenumbers.parse(digits, None)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None:
            national = phonenumbers.national_significant_number(number)
            return f"+{number.country_code} {_mask_national(national)}"
    return _mask_national(digits)


def _mask_national(digits: str) -> str:
    if len(digits) >= 11:
        return mask_middle(digits, 3, 4)
    return mask_middle(digits, 2, 2)


def mask_id(value: str | None) -> str:
    return mask_middle((value or "").strip(), 4, 4)


def mask_email(value: str | None) -> str:
    if not value or "@" not in value:
        return mask_middle(value, 1, 0)
    local, domain = value.split("@", 1)
    return mask_middle(local, 1, 0) + "@" + domain


def mask_contact(kind: str, value: str | None) -> str:
    """A contact point's value as shown to roles that do not need it in full."""
    if kind == "phone":
        return mask_phone(value)
    if kind == "email":
        return mask_email(value)
    return mask_middle(value, 3, 2)
