"""Phones stored before imports read them in E.164 are rewritten in it, so that a re-import of
the same file (which now stores +8613800138000) matches them instead of adding duplicates.
A number that does not parse, or whose E.164 form the person already has, is left as it is.
Self-contained on purpose: a migration must not change when the app's code does."""

import unicodedata

import phonenumbers
from django.db import migrations

REGIONS = {"CN": "CN", "US": "US", "UK": "GB"}


def to_e164(apps, schema_editor):
    ContactPoint = apps.get_model("contacts", "ContactPoint")
    phones = ContactPoint.objects.filter(kind="phone").exclude(value__startswith="+")
    rows = phones.values_list("id", "person_id", "value", "person__debtor__jurisdiction")
    taken = set(
        ContactPoint.objects.filter(kind="phone", value__startswith="+").values_list("person_id", "value")
    )
    changed = []
    for pk, person, value, jurisdiction in rows.iterator(chunk_size=5000):
        region = REGIONS.get(jurisdiction or "")
        text = unicodedata.normalize("NFKC", value).strip()
        if region is None:
            continue
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if (person, e164) in taken:
            continue
        taken.add((person, e164))
        changed.append(ContactPoint(pk=pk, value=e164))
        if len(changed) >= 5000:
            ContactPoint.objects.bulk_update(changed, ["value"])
            changed = []
    ContactPoint.objects.bulk_update(changed, ["value"])


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_drop_redundant_fk_indexes")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]
