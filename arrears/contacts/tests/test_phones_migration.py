"""Phones stored before E.164 are rewritten in it, so a re-import matches them."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from arrears.contacts.models import ContactPoint, Person
from arrears.portfolio.models import Creditor, Debtor

migration = importlib.import_module("arrears.contacts.migrations.0004_phones_in_e164")


@pytest.mark.django_db
def test_stored_phones_are_rewritten_in_e164_where_they_parse():
    creditor = Creditor.objects.create(code="bank", name="Bank")
    cn = Debtor.objects.create(creditor=creditor, external_id="D1", name="甲", jurisdiction="CN")
    strict = Debtor.objects.create(
        creditor=creditor, external_id="D2", name="乙", jurisdiction="GLOBAL-STRICT"
    )
    me = Person.objects.create(debtor=cn, relationship="self", name="甲")
    other = Person.objects.create(debtor=strict, relationship="self", name="乙")
    values = {
        (me, "138 0013 8000"): "+8613800138000",
        (me, "13900139000"): "13900139000",  # its E.164 form is already on file: left as is
        (me, "+8613900139000"): "+8613900139000",
        (me, "12345"): "12345",  # does not parse: left for a person to repair
        (other, "13700137000"): "13700137000",  # GLOBAL-STRICT: no country to read it in
    }
    points = {
        key: ContactPoint.objects.create(person=key[0], kind="phone", value=key[1], source="other")
        for key in values
    }
    migration.to_e164(apps, None)
    for key, expected in values.items():
        points[key].refresh_from_db()
        assert points[key].value == expected
