"""Holes a security and reliability review found in the case pages, each closed at its root
(issue 11): markup in contact data, bad rows, bad input."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
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


# --- Severe 4: rows the code does not know, amounts no column can hold ---------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "fax"), ("source", "rumour"), ("verification", "maybe"), ("address_kind", "boat")],
)
def test_the_database_refuses_a_contact_point_of_a_kind_source_or_state_the_code_does_not_know(
    world, field, value
):
    from django.db import IntegrityError, transaction

    _, case = world
    person = case.debtor.people.get(relationship="self")
    values = {"kind": "phone", "value": "13900000099", "source": "other", "verification": "unverified"}
    values[field] = value
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPoint.objects.create(person=person, **values)


def test_the_database_refuses_an_unknown_relationship_or_preference(world):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from arrears.contacts.models import Preference

    _, case = world
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(debtor=case.debtor, relationship="landlord", name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Preference.objects.create(debtor=case.debtor, kind="whenever", recorded_at=timezone.now())


def _insert_bypassing_checks(sql: str, params: list) -> None:
    """Write a row the constraints would refuse, as an old import or a restored backup
    might have left it (SQLite: checks off for the statement; PostgreSQL: the constraint is
    dropped inside the test's transaction, which is rolled back)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                cursor.execute(sql, params)
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before the ALTER
            cursor.execute("ALTER TABLE contacts_contactpoint DROP CONSTRAINT contactpoint_kind_known")
            cursor.execute(sql, params)


@time_machine.travel(MORNING, tick=False)
def test_a_stored_contact_point_of_an_unknown_kind_shows_as_a_problem_not_a_500(world):
    import uuid

    users, case = world
    person = case.debtor.people.get(relationship="self")
    _insert_bypassing_checks(
        "INSERT INTO contacts_contactpoint (public_id, person_id, kind, value, address_kind, is_workplace,"
        " source, verification, valid, invalid_reason, opted_out, synthetic, created_at)"
        " VALUES (%s, %s, 'fax', '021-5555', '', %s, 'other', 'unverified', %s, '', %s, %s, %s)",
        [uuid.uuid4().hex, person.pk, False, True, False, False, MORNING],
    )
    response = client_for(users["alice"]).get(f"/cases/{case.public_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "unknown kind: the gate cannot judge it" in html
    assert "13900000001" not in html  # the phone is still there, masked, with its verdict
    assert html.count('data-testid="verdict"') == 2


@time_machine.travel(MORNING, tick=False)
@pytest.mark.parametrize("amount", ["123456789012345678", "1e30", "0.001", "-5", "0", "1000000000000"])
def test_the_api_refuses_a_promise_no_column_can_hold_and_writes_nothing(world, amount):
    from arrears.activity.models import Event
    from arrears.cases.models import Promise

    users, case = world
    events = Event.objects.count()
    response = client_for(users["alice"]).post(
        f"/api/v1/cases/{case.public_id}/promises",
        {"amount": amount, "due_on": (ON + timedelta(days=3)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code in (400, 422), response.content
    assert Promise.objects.count() == 0 and Event.objects.count() == events
    assert client_for(users["alice"]).get(f"/cases/{case.public_id}/").status_code == 200


@time_machine.travel(MORNING, tick=False)
def test_a_damaged_promise_row_costs_its_panel_not_the_page(world):
    from django.db import connection

    from arrears.cases import actions

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's numeric(18, 2) cannot hold the damaged amount at all")
    users, case = world
    promise = actions.make_promise(case, users["alice"], amount=Decimal("10"), due_on=ON + timedelta(days=2))
    with connection.cursor() as cursor:  # what SQLite kept before amounts were checked
        cursor.execute("UPDATE cases_promise SET amount = '123456789012345678' WHERE id = %s", [promise.pk])
    response = client_for(users["alice"]).get(f"/cases/{case.public_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="panel-error"' in html
    assert "a stored entry is damaged" in html
    assert 'data-testid="timeline"' in html  # the rest of the page is there


# --- Visits with anyone ---------------------------------------------------------------------


def _address(case: Case) -> ContactPoint:
    person = case.debtor.people.get(relationship="self")
    return ContactPoint.objects.create(
        person=person, kind="address", address_kind="home", value="上海市某路 1 号", source="application"
    )


@time_machine.travel(MORNING, tick=False)
@pytest.mark.parametrize(
    "who",
    [("compliance", "bob"), ("admin", "field"), ("field", "bob"), ("field", "inactive")],
    ids=["compliance-and-other-team", "admin", "other-team", "inactive"],
)
def test_a_visit_is_refused_unless_every_staff_member_is_an_active_field_capable_teammate(world, who):
    from django.core.exceptions import ValidationError

    from arrears.activity.models import Event
    from arrears.cases import actions
    from arrears.cases.models import Visit

    users, case = world
    users["inactive"] = make_user("gone", Role.FIELD_COLLECTOR, case.team)
    users["inactive"].is_active = False
    users["inactive"].save()
    address = _address(case)
    events = Event.objects.count()
    planned = MORNING + timedelta(days=1)
    with pytest.raises(ValidationError):
        actions.plan_visit(
            case, users["alice"], address=address, planned_at=planned, staff=[users[w] for w in who]
        )
    assert Visit.objects.count() == 0 and Event.objects.count() == events


@time_machine.travel(MORNING, tick=False)
def test_two_field_capable_teammates_may_visit_and_one_alone_is_blocked_by_the_gate(world):
    from arrears.cases import actions

    users, case = world
    address = _address(case)
    planned = MORNING + timedelta(days=1)
    with pytest.raises(actions.ContactBlocked) as blocked:
        actions.plan_visit(case, users["alice"], address=address, planned_at=planned, staff=[users["field"]])
    assert "CN-VISIT-01" in blocked.value.decision.rule_ids
    visit = actions.plan_visit(
        case, users["alice"], address=address, planned_at=planned, staff=[users["field"], users["lead"]]
    )
    assert set(visit.staff.all()) == {users["field"], users["lead"]}


@time_machine.travel(MORNING, tick=False)
def test_the_visit_form_offers_only_field_capable_teammates(world):
    users, case = world
    _address(case)
    html = client_for(users["alice"]).get(f"/cases/{case.public_id}/").content.decode()
    form = html[html.index('name="staff"') :]
    form = form[: form.index("</select>")]
    for name in ("field", "field2", "lead", "alice"):
        assert f">{name} ·" in form, name
    for name in ("compliance", "admin", "bob"):
        assert f">{name} ·" not in form, name


# --- The same class as the gate's race: a state checked on a copy loaded earlier ----------


@time_machine.travel(MORNING, tick=False)
def test_a_task_completed_through_a_stale_copy_is_refused_not_done_twice(world):
    from django.core.exceptions import ValidationError

    from arrears.activity.models import Event, Kind
    from arrears.cases import actions
    from arrears.cases.models import Task

    users, case = world
    task = actions.open_task(case, users["alice"], Task.Kind.CALLBACK, due_on=ON)
    stale = Task.objects.get(pk=task.pk)  # a second request loaded it too
    actions.complete_task(task, users["alice"])
    with pytest.raises(ValidationError):
        actions.complete_task(stale, users["lead"])
    assert Event.objects.filter(case=case, kind=Kind.TASK_DONE).count() == 1


@time_machine.travel(MORNING, tick=False)
def test_a_visit_recorded_through_a_stale_copy_is_refused_not_recorded_twice(world):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from arrears.activity.models import Event, Kind
    from arrears.cases import actions
    from arrears.cases.models import Visit

    users, case = world
    visit = actions.plan_visit(
        case,
        users["alice"],
        address=_address(case),
        planned_at=MORNING + timedelta(days=1),
        staff=[users["field"], users["field2"]],
    )
    stale = Visit.objects.get(pk=visit.pk)
    actions.record_visit(visit, users["field"], status="done", occurred_at=timezone.now())
    with pytest.raises(ValidationError):
        actions.record_visit(stale, users["field2"], status="not_home", occurred_at=timezone.now())
    assert Event.objects.filter(case=case, kind=Kind.VISIT_RECORDED).count() == 1


@time_machine.travel(MORNING, tick=False)
def test_a_case_closed_through_a_stale_copy_is_refused_and_keeps_its_new_owner(world):
    from django.core.exceptions import ValidationError

    from arrears.activity.models import Event, Kind
    from arrears.cases import actions

    users, case = world
    stale = Case.objects.get(pk=case.pk)
    actions.close_case(case, "recalled", users["lead"])
    with pytest.raises(ValidationError):
        actions.close_case(stale, "recalled", users["lead"])
    with pytest.raises(ValidationError):
        actions.move_stage(stale, "field", users["lead"], reason="late")
    person = case.debtor.people.get(relationship="self")
    with pytest.raises(ValidationError):
        actions.log_contact(stale, users["alice"], person=person, channel="call", outcome="no_answer")
    assert Event.objects.filter(case=case, kind=Kind.CASE_CLOSED).count() == 1
    case.refresh_from_db()
    assert case.close_reason == "recalled"
