from django import template

from arrears.core.masking import mask_email, mask_id, mask_phone

register = template.Library()
register.filter("mask_id", mask_id)
register.filter("mask_phone", mask_phone)
register.filter("mask_email", mask_email)
