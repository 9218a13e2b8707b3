"""Holes a security and reliability review found in the case pages, each closed at its root
(issue 11): markup in contact data, bad rows, bad input."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from arrears.activity.models import Unmasking
from arrears.cases.models import Case
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Role, Team
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem
from arrears.strategy.shell import run_nightly

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ON = date(2026, 3, 3)  # a Tuesday
MORNING = datetime.combine(ON, time(10, 0), tzinfo=SHANGHAI)


@pytest.fixture
def world(db):
    team = Team.objects.create(name="A")
    other = Team.objects.create(name="B")
    bank = Creditor.objects.create(code="a", name="Bank A", team=team)
    users = {
        "alice": make_user("alice", Role.COLLECTOR, team),
        "compliance": make_user("compliance", Role.COMPLIANCE, None),
        "admin": make_user("admin", Role.ADMIN, None),
        "field": make_user("field", Role.FIELD_COLLECTOR, team),
        "field2": make_user("field2", Role.FIELD_COLLECTOR, team),
        "bob": make_user("bob", Role.COLLECTOR, other),
        "lead": make_user("lead", Role.TEAM_LEAD, team),
    }
    debtor = Debtor.objects.create(creditor=bank, external_id="D1", name="债务人", jurisdiction="CN")
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name="债务人")
    ContactPoint.objects.create(person=person, kind="phone", value="13900000001", source="bank_system")
    account = Account.objects.create(creditor=bank, debtor=debtor, external_id="A1", product="consumer_loan")
    DueItem.objects.create(
        account=account,
        external_id="1",
        kind="instalment",
        due_date=ON - timedelta(days=3),
        amount_due=Decimal("3000.00"),
    )
    run_nightly(ON)
    return users, Case.objects.get(debtor=debtor)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_revealed_contact_point_is_escaped_markup_not_html(world):
    users, case = world
    person = case.debtor.people.get(relationship="self")
    point = ContactPoint.objects.create(
        person=person, kind="email", value='a@b<img src=x onerror="alert(1)">', source="debtor_provided"
    )
    url = f"/cases/{case.public_id}/contact-points/{point.public_id}/unmask/"
    html = client_for(users["compliance"]).post(url).content.decode()
    assert "<img" not in html
    assert "a@b&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert Unmasking.objects.filter(contact_point=point).count() == 1
