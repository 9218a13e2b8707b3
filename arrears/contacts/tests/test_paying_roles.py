"""A business customer's people and the contact gate: those with a part in paying speak for
the customer; anyone else there is a third party."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from arrears.compliance.shell import build_request
from arrears.contacts.models import PayingRole, Person, Relationship
from arrears.portfolio.models import Creditor, Debtor

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai on a Monday


@pytest.mark.parametrize(
    ("kind", "paying_role", "role", "company"),
    [
        (Debtor.Kind.COMPANY, PayingRole.AP_CLERK, "debtor", True),
        (Debtor.Kind.COMPANY, PayingRole.DECISION_MAKER, "debtor", True),
        (Debtor.Kind.COMPANY, PayingRole.SALESPERSON, "other", True),  # our own staff
        (Debtor.Kind.COMPANY, "", "other", True),  # the receptionist
        (Debtor.Kind.PERSON, PayingRole.AP_CLERK, "other", False),  # only a company has them
    ],
)
def test_the_request_role_follows_the_paying_role(
    kind: str, paying_role: str, role: str, company: bool
) -> None:
    creditor = Creditor.objects.create(code="w", name="Wholesaler", kind=Creditor.Kind.COMPANY)
    debtor = Debtor.objects.create(creditor=creditor, external_id="B1", name="Customer", kind=kind,
                                   jurisdiction="CN")  # fmt: skip
    person = Person.objects.create(
        debtor=debtor, relationship=Relationship.STAFF, name="王", paying_role=paying_role
    )
    request = build_request(debtor, person, None, "call", AT, "collect")
    assert request["recipient"]["role"] == role
    assert request["account"]["company"] is company
