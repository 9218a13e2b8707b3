"""The named personas of the tests and the blocks their worlds are built from.

Every date and time is given, so nothing depends on the day the tests run. The blocks:
`make_team`, `make_creditor`, `make_user` (a role, a team, a language, optionally the name
used with debtors and a daily capacity), `build_world` (a team, its creditor and its
collectors), `add_debtor` (a CN debtor with their own phones, one loan of monthly instalments
at a given days-past-due and amount, optionally an address and paid months), `open_case`,
`self_person`, `pay`, `add_calls`, `client_for`.

The persona sets:

- `build_desk` (the controls: approvals, care holds, write-offs), on MONDAY. One team, one
  creditor ("bank"):
  - collector: owns both cases of the team; asks for what needs approval.
  - lead: the collector's team lead; approves within a lead's limits.
  - manager: a collections manager over the team with no team of her own; approves what
    is above a lead.
  - other_lead, outsider: the lead and the collector of another team ("other"), who must
    see nothing of the first team's cases.
  - compliance: the compliance officer; reads everything, changes nothing.
  - small (CNY 1,200.00 at 5 DPD, within a lead's write-off limit), large (CNY 12,000.00
    at 5 DPD, above it), theirs (the other team's case).
- `build_two_teams` (who sees what over HTTP, what the pages cost), on TUESDAY. Teams A and
  B, creditors "a" and "b", users in English with the team's default capacity:
  - alice: the collector of team A; owns its three cases (CNY 3,000.00 at 3 DPD each).
  - bob: the collector of team B; owns its one case and must get 404 on team A's.
  - lead, lead_b: the leads of teams A and B.
  - compliance: reads every case, may change none (403).
  - admin: may unmask a contact point, with a reason.
- `build_case_world` (the cases through the nightly run: promises, plans, stages, tasks;
  the activity's state), on MONDAY. One collector ("bank-collector-0", or more) of
  "Phone team 1" at the team's default capacity; its debtors owe one instalment of
  CNY 5,000.00 (CASE_DEBT) at 3 DPD, so a promise of 1,000 can be kept without curing
  the case.
- `build_world` itself (the strategy's shell, heat map, champion/challenger, export; the
  day plan), on MONDAY: two collectors ("bank-collector-0" and -1) of a capacity of 60
  each, in "Phone team bank"; debtors owing CNY 1,000.00 a month (MONTHLY_DEBT).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.test import Client

from arrears.activity.actions import NewEvent, append_many
from arrears.activity.models import Kind
from arrears.cases.models import Case
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Profile, Role, Team
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem, Payment
from arrears.strategy.shell import run_nightly

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 3, 2)
TUESDAY = date(2026, 3, 3)
ON = MONDAY  # the day the worlds' debts are counted from unless a test says otherwise
MONTHLY_DEBT = Decimal("1000.00")  # the strategy world's instalment
CASE_DEBT = Decimal("5000.00")  # the case world's: a promise of 1,000 keeps, 5,000 cures
TWO_TEAMS_DEBT = Decimal("3000.00")


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """`hour:minute` on `day` in Shanghai."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


# --- The blocks ------------------------------------------------------------------------


def make_team(name: str) -> Team:
    return Team.objects.create(name=name)


def make_creditor(code: str, team: Team, *, name: str | None = None) -> Creditor:
    return Creditor.objects.create(
        code=code, name=name or f"Bank {code}", team=team, default_time_zone="Asia/Shanghai"
    )


def make_user(
    username: str,
    role: str,
    team: Team | None,
    language: str = "en",
    *,
    display_name: str = "",
    capacity: int | None = None,
) -> User:
    """A user with a profile: `display_name` is the name given to debtors (empty: none),
    `capacity` the cases a day (None: the team's default)."""
    user = User.objects.create_user(username, password="pw")  # noqa: S106
    Profile.objects.create(
        user=user,
        role=role,
        team=team,
        language=language,
        display_name=display_name,
        daily_capacity=capacity,
    )
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class World:
    team: Team
    creditor: Creditor
    collectors: list[User]
    debt: Decimal = MONTHLY_DEBT  # what its debtors owe a month unless a test says otherwise


def build_world(
    collectors: int = 2,
    *,
    capacity: int | None = 60,
    code: str = "bank",
    team_name: str | None = None,
    language: str = "zh-hans",
    debt: Decimal = MONTHLY_DEBT,
) -> World:
    """A team (named `team_name`, else "Phone team <code>"), its creditor `code` and
    `collectors` collectors named "<code>-collector-<n>" of a daily `capacity` (None: the
    team's default); its debtors owe `debt` a month."""
    team = make_team(team_name or f"Phone team {code}")
    creditor = make_creditor(code, team)
    users = [
        make_user(f"{code}-collector-{n}", Role.COLLECTOR, team, language=language) for n in range(collectors)
    ]
    if capacity is not None:
        Profile.objects.filter(user__in=users).update(daily_capacity=capacity)
    return World(team, creditor, users, debt)


def add_debtor(
    world: World | Creditor,
    n: int,
    *,
    dpd: int = 3,
    amount: Decimal | None = None,
    months: int = 1,
    paid_months: int = 0,
    on: date = ON,
    phones: int = 1,
    address: bool = False,
) -> Debtor:
    """A CN debtor "债务人<n>" (D<n>) with `phones` phones of their own, 138<n:04><k:04>, a
    home address if `address`, and one loan (A<n>): `months` monthly instalments of
    `amount` (None: the world's debt, MONTHLY_DEBT for a bare creditor), the last due `dpd`
    days before `on`; the first `paid_months` paid on their due date."""
    creditor = world.creditor if isinstance(world, World) else world
    if amount is None:
        amount = world.debt if isinstance(world, World) else MONTHLY_DEBT
    debtor = Debtor.objects.create(
        creditor=creditor,
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
    if address:
        ContactPoint.objects.create(
            person=person,
            kind=ContactPoint.Kind.ADDRESS,
            value=f"上海市某区某路{n}号",
            address_kind=ContactPoint.AddressKind.HOME,
            source="application",
        )
    account = Account.objects.create(
        creditor=creditor,
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


def pay(debtor: Debtor, amount: Decimal, at: datetime, payment_id: str = "P1") -> Payment:
    """A payment on the debtor's one account."""
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


# --- The persona sets --------------------------------------------------------------------


@dataclass
class Desk:
    world: World
    collector: User
    lead: User
    manager: User
    other_lead: User
    outsider: User
    compliance: User
    small: Case  # CNY 1,200.00 at 5 DPD
    large: Case  # CNY 12,000.00 at 5 DPD
    theirs: Case  # the other team's

    def refresh(self) -> None:
        for case in (self.small, self.large, self.theirs):
            case.refresh_from_db()


def build_desk() -> Desk:
    """The controls' personas (see the module's docstring), after the nightly run of MONDAY."""
    world = build_world(collectors=1)
    other = build_world(collectors=1, code="other")
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    manager = make_user("manager", Role.MANAGER, None)
    Profile.objects.get(user=manager).managed_teams.set([world.team])
    other_lead = make_user("other-lead", Role.TEAM_LEAD, other.team)
    compliance = make_user("compliance", Role.COMPLIANCE, None)
    small = add_debtor(world, 1, dpd=5, amount=Decimal("1200.00"))
    large = add_debtor(world, 2, dpd=5, amount=Decimal("12000.00"))
    theirs = add_debtor(other, 3, dpd=5)
    run_nightly(MONDAY)
    return Desk(
        world=world,
        collector=world.collectors[0],
        lead=lead,
        manager=manager,
        other_lead=other_lead,
        outsider=other.collectors[0],
        compliance=compliance,
        small=open_case(small),
        large=open_case(large),
        theirs=open_case(theirs),
    )


@dataclass
class TwoTeams:
    a: World  # team A, creditor "a", collector alice
    b: World  # team B, creditor "b", collector bob
    users: dict[str, User]  # alice, bob, lead, lead_b, compliance, admin
    case_a: Case  # team A's first case
    case_b: Case  # team B's one case


def build_two_teams(on: date = TUESDAY) -> TwoTeams:
    """Teams A and B and their personas (see the module's docstring): three debtors of
    creditor "a" (D0 to D2), one of creditor "b" (D10), after the nightly run of `on`."""
    a = build_world(0, capacity=None, code="a", team_name="A", debt=TWO_TEAMS_DEBT)
    b = build_world(0, capacity=None, code="b", team_name="B", debt=TWO_TEAMS_DEBT)
    users = {
        "alice": make_user("alice", Role.COLLECTOR, a.team),
        "bob": make_user("bob", Role.COLLECTOR, b.team),
        "lead": make_user("lead", Role.TEAM_LEAD, a.team),
        "lead_b": make_user("lead_b", Role.TEAM_LEAD, b.team),
        "compliance": make_user("compliance", Role.COMPLIANCE, None),
        "admin": make_user("admin", Role.ADMIN, None),
    }
    a.collectors.append(users["alice"])
    b.collectors.append(users["bob"])
    for n in range(3):
        add_debtor(a, n, on=on)
    add_debtor(b, 10, on=on)
    run_nightly(on)
    case_a = Case.objects.filter(team=a.team).order_by("pk").first()
    assert case_a is not None
    return TwoTeams(a, b, users, case_a, Case.objects.get(team=b.team))


def build_case_world(collectors: int = 1, *, team_name: str = "Phone team 1", code: str = "bank") -> World:
    """The cases' world (see the module's docstring), no debtors yet."""
    return build_world(collectors, capacity=None, code=code, team_name=team_name, debt=CASE_DEBT)
