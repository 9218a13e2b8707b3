"""The admin shows personal data masked; a reveal is for the roles that need it, and logged."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from arrears.activity.models import Unmasking
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Role
from arrears.portfolio.models import Creditor, Debtor

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
NATIONAL_ID = "110101199003071234"


@pytest.fixture
def debtor(db) -> Debtor:
    debtor = Debtor.objects.create(
        creditor=Creditor.objects.create(code="bank", name="Bank"),
        external_id="D1",
        name="张三",
        national_id=NATIONAL_ID,
    )
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name="张三")
    ContactPoint.objects.create(person=person, kind="phone", value=PHONE, source="bank_system")
    return debtor


def staff(username: str, role: str, *, superuser: bool = False) -> Client:
    user = make_user(username, role, None)
    user.is_staff, user.is_superuser = True, superuser
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_person", "view_contactpoint", "view_debtor"])
    )
    client = Client()
    client.force_login(user)
    return client


def pages(debtor: Debtor) -> list[str]:
    person = debtor.people.get()
    return [f"/admin/contacts/person/{person.pk}/change/", f"/admin/portfolio/debtor/{debtor.pk}/change/"]


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.ADMIN, Role.COMPLIANCE])
def test_every_role_sees_phones_and_national_ids_masked_in_the_admin(debtor, role):
    client = staff("someone", role)
    for url in pages(debtor):
        page = client.get(url).content.decode()
        assert PHONE not in page and NATIONAL_ID not in page, url
    person_page = client.get(pages(debtor)[0]).content.decode()
    assert "139****5678" in person_page
    debtor_page = client.get(pages(debtor)[1]).content.decode()
    assert "1101**********1234" in debtor_page


def test_a_team_lead_gets_no_reveal_button_and_the_reveal_is_refused(debtor):
    client = staff("lead", Role.TEAM_LEAD)
    person = debtor.people.get()
    point = ContactPoint.objects.get()
    assert 'data-testid="reveal"' not in client.get(pages(debtor)[0]).content.decode()
    response = client.post(f"/admin/contacts/person/{person.pk}/reveal/{point.public_id}/")
    assert response.status_code == 403 and PHONE not in response.content.decode()
    response = client.post(f"/admin/portfolio/debtor/{debtor.pk}/reveal/")
    assert response.status_code == 403
    assert not Unmasking.objects.exists()


def test_an_administrator_reveals_a_phone_and_the_reveal_is_logged(debtor):
    client = staff("admin", Role.ADMIN, superuser=True)
    person = debtor.people.get()
    point = ContactPoint.objects.get()
    assert 'data-testid="reveal"' in client.get(pages(debtor)[0]).content.decode()
    url = f"/admin/contacts/person/{person.pk}/reveal/{point.public_id}/"
    assert client.get(url).status_code == 405  # a reveal writes a log row: POST only
    response = client.post(url)
    assert response.status_code == 200 and PHONE in response.content.decode()
    logged = Unmasking.objects.get()
    assert (logged.user.username, logged.contact_point, logged.field) == ("admin", point, "phone")


def test_a_compliance_officer_reveals_a_national_id_and_the_reveal_is_logged(debtor):
    client = staff("officer", Role.COMPLIANCE)
    response = client.post(f"/admin/portfolio/debtor/{debtor.pk}/reveal/")
    assert response.status_code == 200 and NATIONAL_ID in response.content.decode()
    logged = Unmasking.objects.get()
    assert (logged.user.username, logged.field) == ("officer", "national_id")
    assert str(debtor.public_id) in logged.reason


def test_a_superuser_without_a_role_sees_masked_data_and_cannot_reveal(debtor):
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password="pw")
    client = Client()
    client.force_login(root)
    page = client.get(pages(debtor)[0]).content.decode()
    assert PHONE not in page and 'data-testid="reveal"' not in page
    assert client.post(f"/admin/portfolio/debtor/{debtor.pk}/reveal/").status_code == 403


def test_a_contact_point_prints_masked_wherever_it_is_shown_as_text(debtor):
    assert str(ContactPoint.objects.get()).endswith(": 139****5678")
