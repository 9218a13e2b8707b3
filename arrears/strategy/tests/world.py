"""A small database world for the shell tests: a creditor worked by a team of collectors,
debtors with a loan each (instalments, payments), their own phones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from arrears.activity.actions import NewEvent, append_many
from arrears.activity.models import Kind
from arrears.cases.models import Case
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Profile, Role, Team
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem, Payment

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday; every date and time below is given, so nothing depends on the day tests run.
ON = date(2026, 3, 2)


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


@dataclass
class World:
    team: Team
    creditor: Creditor
    collectors: list[User]


def build_world(collectors: int = 2, *, capacity: int = 60, code: str = "bank") -> World:
    team = Team.objects.create(name=f"Phone team {code}")
    creditor = Creditor.objects.create(
        code=code, name=f"Bank {code}", team=team, default_time_zone="Asia/Shanghai"
    )
    users = [
        make_user(f"{code}-collector-{n}", Role.COLLECTOR, team, language="zh-hans")
        for n in range(collectors)
    ]
    Profile.objects.filter(user__in=users).update(daily_capacity=capacity)
    return World(team, creditor, users)


def add_debtor(
    world: World,
    n: int,
    *,
    dpd: int = 3,
    amount: Decimal = Decimal("1000.00"),
    months: int = 1,
    paid_months: int = 0,
    on: date = ON,
    phones: int = 1,
) -> Debtor:
    """A CN debtor with one loan: `months` monthly instalments of `amount`, the last due
    `dpd` days before `on`; the first `paid_months` paid on their due date."""
    debtor = Debtor.objects.create(
        creditor=world.creditor,
        external_id=f"D{n}",
        name=f"债务人{n}",
        jurisdiction="CN",
        time_zone="Asia/Shanghai",
    )
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=f"债务人{n}")
    for k in range(phones):
        ContactPoint.objects.create(
            person=person, kind=ContactPoint.Kind.PHONE, value=f"138{n:04d}{k:04d}", source="bank_system"
        )
    account = Account.objects.create(
        creditor=world.creditor,
        debtor=debtor,
        external_id=f"A{n}",
        product=Account.Product.CONSUMER_LOAN,
        credit_limit=amount * months,
        opened_on=date(2025, 1, 1),
    )
    last_due = on - timedelta(days=dpd)
    for k in range(months):
        due = last_due - timedelta(days=30 * (months - 1 - k))
        DueItem.objects.create(
            account=account,
            external_id=f"I{k + 1}",
            kind=DueItem.Kind.INSTALMENT,
            due_date=due,
            amount_due=amount,
        )
        if k < paid_months:
            Payment.objects.create(
                account=account, external_id=f"P{k + 1}", amount=amount, paid_at=local(due, 11)
            )
    return debtor


def pay(debtor: Debtor, amount: Decimal, at: datetime, payment_id: str) -> Payment:
    return Payment.objects.create(
        account=debtor.accounts.get(), external_id=payment_id, amount=amount, paid_at=at
    )


def open_case(debtor: Debtor) -> Case:
    return Case.objects.get(debtor=debtor, status=Case.Status.OPEN)


def self_person(debtor: Debtor) -> Person:
    return Person.objects.get(debtor=debtor, relationship=Relationship.SELF)


def add_calls(case: Case, calls: list[tuple[datetime, bool]]) -> int:
    """Contact events (channel call) at the given instants, connected or not."""
    person = self_person(case.debtor)
    point = ContactPoint.objects.filter(person=person).first()
    return append_many(
        [
            NewEvent(
                case.pk,
                Kind.CONTACT,
                at=at,
                values={
                    "channel": "call",
                    "outcome": "right_party_contact" if connected else "no_answer",
                    "connected": connected,
                    "person_id": person.pk,
                    "contact_point_id": point.pk if point else None,
                },
            )
            for at, connected in calls
        ]
    )
