"""A small wholesaler and its customers for the dunning tests: every date given.

`build_b2b()` makes team "Finance", the company creditor "ws" (with the settings its
templates need), the personas (collector, lead, manager, other_lead, outsider, compliance)
and no customers; `add_customer(world, n, invoices)` adds customer C<n> with an email and an
office address of its own and one invoice account whose invoices are
(number, days overdue on ON, amount). `open_cases(ON)` runs the nightly, which opens a case
for every customer with an overdue invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Profile, Role, Team
from arrears.portfolio.models import Account, Creditor, CreditorSettings, Debtor, DueItem, PaymentChannel
from arrears.testing.personas import MONDAY, build_world, make_user

ON = MONDAY


@dataclass
class B2B:
    team: Team
    creditor: Creditor
    collector: User
    lead: User
    manager: User
    other_lead: User
    outsider: User
    compliance: User


def configure(creditor: Creditor) -> None:
    row = CreditorSettings.objects.create(
        creditor=creditor,
        short_name_zh="示例贸易",
        short_name_en="Demo Trading",
        callback_number="021-55550000",
        dispute_channel_zh="发送邮件至ar@example.com",
        dispute_channel_en="email ar@example.com",
        agency_zh="示例贸易财务部",
        agency_en="Demo Trading finance",
        office_days="mon_fri",
        office_opens=time(9),
        office_closes=time(18),
    )
    PaymentChannel.objects.create(
        creditor_settings=row,
        kind="bank_transfer",
        name_zh="对公转账",
        name_en="bank transfer",
        account_number="6222",
    )


def build_b2b() -> B2B:
    world = build_world(collectors=1, code="ws", team_name="Finance")
    Creditor.objects.filter(pk=world.creditor.pk).update(kind=Creditor.Kind.COMPANY, name="示例贸易有限公司")
    world.creditor.refresh_from_db()
    configure(world.creditor)
    other = build_world(collectors=1, code="other", team_name="Other")
    manager = make_user("manager", Role.MANAGER, None)
    Profile.objects.get(user=manager).managed_teams.set([world.team])
    return B2B(
        team=world.team,
        creditor=world.creditor,
        collector=world.collectors[0],
        lead=make_user("lead", Role.TEAM_LEAD, world.team),
        manager=manager,
        other_lead=make_user("other-lead", Role.TEAM_LEAD, other.team),
        outsider=other.collectors[0],
        compliance=make_user("compliance", Role.COMPLIANCE, None),
    )


def add_customer(
    b2b: B2B | Creditor,
    n: int,
    invoices: list[tuple[str, int, Decimal]],
    *,
    email: bool = True,
    address: bool = True,
    language: str = "zh-hans",
) -> Debtor:
    creditor = b2b.creditor if isinstance(b2b, B2B) else b2b
    debtor = Debtor.objects.create(
        creditor=creditor,
        external_id=f"C{n}",
        kind=Debtor.Kind.COMPANY,
        name=f"客户{n}有限公司",
        national_id=f"9131000000000{n:04d}X",
        jurisdiction="CN",
        time_zone="Asia/Shanghai",
        preferred_language=language,
    )
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=debtor.name)
    if email:
        ContactPoint.objects.create(
            person=person, kind=ContactPoint.Kind.EMAIL, value=f"ap{n}@example.com", source="bank_system"
        )
    if address:
        ContactPoint.objects.create(
            person=person,
            kind=ContactPoint.Kind.ADDRESS,
            value=f"上海市某区产业园{n}号",
            address_kind=ContactPoint.AddressKind.WORK,
            source="bank_system",
        )
    account = Account.objects.create(
        creditor=creditor,
        debtor=debtor,
        external_id=f"AR{n}",
        product=Account.Product.INVOICE,
        opened_on=ON - timedelta(days=400),
    )
    for number, overdue, amount in invoices:
        due = ON - timedelta(days=overdue)
        DueItem.objects.create(
            account=account,
            external_id=number,
            kind=DueItem.Kind.INVOICE,
            statement_date=due - timedelta(days=30),
            due_date=due,
            amount_due=amount,
        )
    return debtor
