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


@register.filter
def reason(finding: object) -> str:
    """A gate finding's reason in the language of the page (zh-hans or en)."""
    from django.utils.translation import get_language

    zh = (get_language() or "").startswith("zh")
    return str(getattr(finding, "reason_zh" if zh else "reason_en", ""))


@register.filter
def source(finding: object) -> str:
    from django.utils.translation import get_language

    from arrears.compliance.rules import source as source_for

    zh = (get_language() or "").startswith("zh")
    try:
        return source_for(getattr(finding, "rule_id", ""), "zh" if zh else "en")
    except KeyError:
        return ""


@register.filter
def reaction_label(value: str) -> str:
    """A reaction label (claims_already_paid) as words in the page's language."""
    from arrears.scripts.labels import Reaction

    try:
        return str(Reaction(value).label)
    except ValueError:
        return value
