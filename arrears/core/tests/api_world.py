"""A small world for the API tests: two teams, their people, one case each with a phone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from arrears.cases import actions
from arrears.cases.models import Case
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Role, Team
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem
from arrears.strategy.shell import run_nightly


@dataclass
class World:
    lead: User
    collector: User
    outsider_lead: User
    compliance: User
    case: Case
    other_case: Case
    point: ContactPoint
    points: list[ContactPoint]


def _debtor(creditor: Creditor, n: int, today: date) -> Debtor:
    debtor = Debtor.objects.create(
        creditor=creditor, external_id=f"D{n}", name=f"债务人{n}", jurisdiction="CN"
    )
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=f"债务人{n}")
    for k in range(4):
        ContactPoint.objects.create(
            person=person, kind="phone", value=f"1390000{n:02d}{k:02d}", source="bank_system"
        )
    ContactPoint.objects.create(person=person, kind="email", value=f"d{n}@example.com", source="application")
    account = Account.objects.create(
        creditor=creditor, debtor=debtor, external_id=f"A{n}", product="consumer_loan"
    )
    DueItem.objects.create(
        account=account,
        external_id="1",
        kind="instalment",
        due_date=today - timedelta(days=5),
        amount_due=Decimal("3000.00"),
    )
    return debtor


def build_world(today: date | None = None) -> World:
    today = today or timezone.localdate()
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    bank_a = Creditor.objects.create(code="a", name="Bank A", team=team_a)
    bank_b = Creditor.objects.create(code="b", name="Bank B", team=team_b)
    collector = make_user("alice", Role.COLLECTOR, team_a)
    make_user("bob", Role.COLLECTOR, team_b)
    lead = make_user("lead", Role.TEAM_LEAD, team_a)
    outsider = make_user("lead_b", Role.TEAM_LEAD, team_b)
    compliance = make_user("officer", Role.COMPLIANCE, None)
    debtor = _debtor(bank_a, 1, today)
    _debtor(bank_b, 2, today)
    run_nightly(today)
    case = Case.objects.get(debtor=debtor)
    other_case = Case.objects.get(team=team_b)
    actions.make_promise(case, lead, amount=Decimal("500.00"), due_on=today + timedelta(days=7))
    points = list(ContactPoint.objects.filter(person__debtor=debtor).order_by("pk"))
    return World(lead, collector, outsider, compliance, case, other_case, points[0], points)
