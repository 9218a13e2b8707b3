from decimal import Decimal

from django import template

from arrears.core.masking import mask_email, mask_id, mask_phone

register = template.Library()
register.filter("mask_id", mask_id)
register.filter("mask_phone", mask_phone)
register.filter("mask_email", mask_email)


@register.filter
def money(value: Decimal | None) -> str:
    """1234567.5 -> "1,234,567.50": exact Decimal formatting, grouped in threes as bank
    statements in both Chinese and English print amounts."""
    if value is None or value == "":
        return "—"
    return format(Decimal(value), ",.2f")
