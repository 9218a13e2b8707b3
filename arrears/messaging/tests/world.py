"""A small world for the messaging tests: one CN bank with its settings, a debtor with a
phone, an email and a home address, a relative, an open case and the seeded templates.
Also used by the subprocess senders of test_concurrency (no pytest there)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from arrears.cases.models import Case
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.dpd import since_for
from arrears.core.models import Profile, Role, Team
from arrears.portfolio.models import Account, Creditor, CreditorSettings, Debtor, DueItem, PaymentChannel
from arrears.scripts.models import Script


@dataclass
class World:
    team: Team
    collector: User
    lead: User
    creditor: Creditor
    debtor: Debtor
    person: Person
    phone: ContactPoint
    email: ContactPoint
    address: ContactPoint
    relative: Person
    relative_phone: ContactPoint
    case: Case

    def script(self, key: str, language: str = "zh-hans") -> Script:
        return Script.objects.get(key=key, language=language)


def user(name: str, role: str, team: Team | None, language: str = "zh-hans", **profile: Any) -> User:
    u = User.objects.create_user(name, password="pw")
    Profile.objects.create(user=u, role=role, team=team, language=language, **profile)
    return u


def make_bank(code: str = "msg-bank", team: Team | None = None) -> Creditor:
    creditor = Creditor.objects.create(code=code, name="示例银行股份有限公司", team=team)
    cs = CreditorSettings.objects.create(
        creditor=creditor,
        short_name_zh="示例银行",
        short_name_en="Example Bank",
        agency_zh="示例银行催收中心",
        agency_en="Example Bank Collections",
        callback_number="95555",
        dispute_channel_zh="致电95555或写信至上海市浦东新区示例路1号",
        dispute_channel_en="call 95555 or write to 1 Example Road",
        office_days="mon_fri",
        office_opens=time(9),
        office_closes=time(18),
    )
    PaymentChannel.objects.create(
        creditor_settings=cs, position=1, kind="app", name_zh="手机银行App", name_en="the mobile banking app"
    )
    return creditor


def make_debtor(
    creditor: Creditor, team: Team, owner: User, n: int, *, on: date, jurisdiction: str = "CN"
) -> tuple[Debtor, Person, Case]:
    debtor = Debtor.objects.create(
        creditor=creditor,
        external_id=f"D{n}",
        name=f"张{n}",
        jurisdiction=jurisdiction,
        preferred_language="zh-hans",
    )
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=debtor.name)
    account = Account.objects.create(
        creditor=creditor,
        debtor=debtor,
        external_id=f"6222{n:08d}",
        product="credit_card",
        aged_on=on,
        delinquent_since=since_for(12),  # 12 days past due today
        overdue_amount=Decimal("1234.56"),
        balance=Decimal("5000.00"),
    )
    DueItem.objects.create(
        account=account,
        external_id="1",
        kind="instalment",
        due_date=on - timedelta(days=12),
        amount_due=Decimal("1234.56"),
    )
    case = Case.objects.create(
        debtor=debtor,
        team=team,
        owner=owner,
        opened_on=on - timedelta(days=11),
        delinquent_since=since_for(12),  # 12 days past due today
        overdue_amount=Decimal("1234.56"),
        balance=Decimal("5000.00"),
    )
    return debtor, person, case


def make_world(on: date | None = None) -> World:
    from arrears.scripts.seed import seed_scripts

    on = on or datetime.now().date()
    team = Team.objects.create(name="电话催收一组")
    collector = user("collector-m", Role.COLLECTOR, team, display_name="张敏", work_number="A1024")
    lead = user("lead-m", Role.TEAM_LEAD, team, language="en")
    creditor = make_bank(team=team)
    debtor, person, case = make_debtor(creditor, team, collector, 1, on=on)
    phone = ContactPoint.objects.create(
        person=person, kind="phone", value="13800000001", source="application"
    )
    email = ContactPoint.objects.create(
        person=person, kind="email", value="zhang1@example.com", source="application"
    )
    address = ContactPoint.objects.create(
        person=person,
        kind="address",
        value="上海市黄浦区南京东路100号",
        address_kind="home",
        source="application",
    )
    relative = Person.objects.create(debtor=debtor, relationship=Relationship.PARENT, name="张父")
    relative_phone = ContactPoint.objects.create(
        person=relative, kind="phone", value="13900000002", source="application"
    )
    seed_scripts()
    return World(
        team, collector, lead, creditor, debtor, person, phone, email, address, relative, relative_phone, case
    )
