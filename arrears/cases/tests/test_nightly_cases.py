"""The nightly run on case files, and the contact gate in front of every logged contact."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import User

from arrears.activity.actions import verify_all
from arrears.activity.models import Event, Kind, Outcome
from arrears.cases import actions
from arrears.cases.models import (
    REPAIR_SOURCES,
    Assignment,
    Case,
    NextAction,
    Stage,
    StageRecommendation,
    Task,
    Visit,
)
from arrears.cases.tests.test_promises import reload
from arrears.compliance.models import ContactDecision
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint
from arrears.core.dpd import days_since
from arrears.core.models import Role
from arrears.portfolio.models import Debtor
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import (
    ON,
    World,
    add_debtor,
    build_case_world,
    local,
    open_case,
    pay,
    self_person,
)

pytestmark = pytest.mark.django_db


def events_of(kind: str, case: Case | None = None) -> int:
    events = Event.objects.filter(kind=kind)
    return (events.filter(case=case) if case is not None else events).count()


@pytest.fixture
def world() -> World:
    return build_case_world(collectors=2)


# -- opening, assigning, closing ---------------------------------------------------------------


def test_one_case_per_delinquent_debtor_assigned_to_the_collector_with_fewest(world: World) -> None:
    c0, c1 = world.collectors
    # Team leads and other teams' collectors get no cases of this creditor.
    make_user("lead", Role.TEAM_LEAD, world.team)
    other = build_case_world(collectors=1, team_name="Phone team 2", code="other")
    # c0 already works two open cases.
    for n in (1, 2):
        Case.objects.create(
            debtor=add_debtor(world, n), team=world.team, owner=c0, stage=Stage.PHONE, opened_on=ON
        )
    new = [add_debtor(world, n) for n in range(3, 7)]
    current = add_debtor(world, 7, dpd=-5)  # due in five days: not delinquent
    elsewhere = add_debtor(other, 8)

    run = run_nightly(ON)

    assert run.counts["cases_opened"] == 5
    assert not Case.objects.filter(debtor=current).exists()
    # Fewest open cases first, ties to the lower id: c1, c1, then c0 (2 vs 2), then c1.
    owners = [open_case(d).owner for d in new]
    assert owners == [c1, c1, c0, c1]
    assert open_case(elsewhere).owner == other.collectors[0]
    assert open_case(elsewhere).team == other.team
    for debtor, owner in zip(new, owners, strict=True):
        case = open_case(debtor)
        assert (case.team, case.stage, case.opened_on, case.planned_on) == (world.team, Stage.PHONE, ON, ON)
        assert (days_since(case.delinquent_since, ON), case.overdue_amount) == (3, Decimal("5000.00"))
        assert case.next_action == NextAction.CALL and case.next_action_on == ON
        assert owner is not None
        assignment = Assignment.objects.get(case=case)
        assert (assignment.owner, assignment.previous_owner, assignment.rule) == (
            owner,
            None,
            Assignment.Rule.FEWEST_OPEN,
        )
        opened, assigned = Event.objects.filter(case=case).order_by("seq")[:2]
        assert (opened.seq, opened.kind) == (1, Kind.CASE_OPENED)
        # The facts the case rests on, and the amounts it opened at (activity/facts.py).
        assert opened.data == {
            "on": ON.isoformat(),
            "owner": owner.pk,
            "stage": "phone",
            "team": world.team.pk,
            "dpd": 3,
            "overdue": "5000.00",
            "balance": "5000.00",
        }
        assert (assigned.seq, assigned.kind) == (2, Kind.ASSIGNED)
        assert assigned.data == {"owner": owner.pk, "previous_owner": None, "rule": "fewest_open"}
    assert Case.objects.filter(owner=c0, status="open").count() == 3
    assert Case.objects.filter(owner=c1, status="open").count() == 3
    assert list(verify_all()) == []


def test_the_nightly_run_is_idempotent(world: World) -> None:
    debtors = [add_debtor(world, n) for n in range(1, 5)]
    run_nightly(ON)
    cases = Case.objects.count()
    opened, assigned = events_of(Kind.CASE_OPENED), events_of(Kind.ASSIGNED)
    assignments = Assignment.objects.count()
    before = {d.pk: (c.owner_id, c.priority, c.next_action) for d in debtors for c in [open_case(d)]}

    again = run_nightly(ON)

    assert again.counts["cases_opened"] == 0 and again.counts.get("cases_reassigned", 0) == 0
    assert Case.objects.count() == cases == 4
    assert (events_of(Kind.CASE_OPENED), events_of(Kind.ASSIGNED)) == (opened, assigned) == (4, 4)
    assert Assignment.objects.count() == assignments
    after = {d.pk: (c.owner_id, c.priority, c.next_action) for d in debtors for c in [open_case(d)]}
    assert after == before


def test_a_cured_debtors_case_is_closed(world: World) -> None:
    debtor = add_debtor(world, 1)
    run_nightly(ON)
    case = open_case(debtor)
    actions.open_task(case, world.collectors[0], Task.Kind.CALLBACK, due_at=local(ON + timedelta(days=1), 15))
    pay(debtor, Decimal("5000.00"), local(ON + timedelta(days=1), 9))

    run = run_nightly(ON + timedelta(days=1))

    assert run.counts["cases_closed"] == 1
    case = reload(case)
    assert (case.status, case.stage, case.close_reason, case.closed_on) == (
        Case.Status.CLOSED,
        Stage.CLOSED,
        Case.CloseReason.CURED,
        ON + timedelta(days=1),
    )
    assert (case.next_action, case.priority) == ("", 0)
    assert not Task.objects.filter(case=case, status=Task.Status.OPEN).exists()
    closed = Event.objects.get(case=case, kind=Kind.CASE_CLOSED)
    assert closed.data == {"reason": "cured", "on": (ON + timedelta(days=1)).isoformat()}
    # Cured stays closed; a new delinquency later opens a new case.
    run_nightly(ON + timedelta(days=2))
    assert Case.objects.filter(debtor=debtor).count() == 1
    assert list(verify_all()) == []


# -- stage moves ---------------------------------------------------------------------------------


def test_a_field_move_waits_for_a_team_lead(world: World) -> None:
    debtor = add_debtor(world, 1, address=True)  # 3 DPD on ON: phone stage
    run_nightly(ON)
    case = open_case(debtor)
    assert case.stage == Stage.PHONE

    run_nightly(ON + timedelta(days=2))  # 5 DPD: field visit territory

    case = reload(case)
    assert case.stage == Stage.PHONE  # held
    rec = StageRecommendation.objects.get(case=case)
    assert (rec.status, rec.from_stage, rec.to_stage, rec.rule, rec.created_on) == (
        StageRecommendation.Status.PENDING,
        Stage.PHONE,
        Stage.FIELD,
        "dpd_field",
        ON + timedelta(days=2),
    )
    assert "5 days past due" in rec.reason
    assert case.next_action == NextAction.CALL  # the held stage's action, not a visit
    assert events_of(Kind.STAGE_RECOMMENDED, case) == 1
    assert events_of(Kind.STAGE_CHANGED, case) == 0
    # Not recommended again while pending.
    run_nightly(ON + timedelta(days=3))
    assert StageRecommendation.objects.filter(case=case).count() == 1
    assert events_of(Kind.STAGE_RECOMMENDED, case) == 1


def test_a_rejected_move_stays_quiet_for_a_week_and_a_later_stage_supersedes_a_pending_one(
    world: World,
) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    quiet, waiting = add_debtor(world, 1, dpd=6, address=True), add_debtor(world, 2, dpd=86, address=True)
    run_nightly(ON)
    rejected = StageRecommendation.objects.get(case=open_case(quiet), to_stage=Stage.FIELD)
    with time_machine.travel(local(ON, 18), tick=False):  # rejected on the evening of ON
        actions.decide_recommendation(rejected, lead, confirm=False)
    pending = StageRecommendation.objects.get(case=open_case(waiting), to_stage=Stage.FIELD)

    for day in range(1, 7):  # within the quiet days: not recommended again
        run_nightly(ON + timedelta(days=day))
    assert not StageRecommendation.objects.filter(case=open_case(quiet), status="pending").exists()
    # 90 DPD on ON + 4: the agency move replaces the field move still waiting.
    pending.refresh_from_db()
    assert pending.status == StageRecommendation.Status.SUPERSEDED
    agency = StageRecommendation.objects.get(case=open_case(waiting), status="pending")
    assert (agency.from_stage, agency.to_stage) == (Stage.PHONE, Stage.AGENCY)

    run_nightly(ON + timedelta(days=8))  # the week is over: recommended again
    again = StageRecommendation.objects.get(case=open_case(quiet), status="pending")
    assert again.to_stage == Stage.FIELD and again.created_on == ON + timedelta(days=8)


def test_a_new_case_past_the_field_threshold_opens_in_phone_with_a_recommendation(world: World) -> None:
    debtor = add_debtor(world, 1, dpd=12, address=True)
    run_nightly(ON)
    case = open_case(debtor)
    assert case.stage == Stage.PHONE
    rec = StageRecommendation.objects.get(case=case)
    assert (rec.status, rec.from_stage, rec.to_stage) == ("pending", Stage.PHONE, Stage.FIELD)
    assert "12 days past due" in rec.reason
    assert events_of(Kind.STAGE_RECOMMENDED, case) == 1


def test_no_field_visit_is_recommended_to_a_debtor_without_an_address(world: World) -> None:
    """Information repair first: the case stays in phone with "find an address" as its
    next action; a recommendation made while there was an address is withdrawn once the
    address is found wrong at a visit."""
    homeless, housed = add_debtor(world, 1, dpd=12), add_debtor(world, 2, dpd=12, address=True)
    run_nightly(ON)
    case = open_case(homeless)
    assert (case.stage, case.next_action, case.treatment) == (Stage.PHONE, NextAction.FIND_ADDRESS, "phone")
    assert not StageRecommendation.objects.filter(case=case).exists()
    housed_case = open_case(housed)
    rec = StageRecommendation.objects.get(case=housed_case, status="pending")
    assert rec.to_stage == Stage.FIELD

    address = ContactPoint.objects.get(person__debtor=housed, kind="address")
    actions.mark_contact_point(
        housed_case,
        housed_case.owner,
        address,
        verification=ContactPoint.Verification.FAILED,
        reason="查无此人",
    )
    run = run_nightly(ON + timedelta(days=1))
    rec.refresh_from_db()
    assert rec.status == StageRecommendation.Status.SUPERSEDED
    assert run.counts["stage_recommendations_withdrawn"] == 1
    assert reload(housed_case).next_action == NextAction.FIND_ADDRESS
    # Nothing pending for a debtor without a visitable address.
    assert not StageRecommendation.objects.filter(status="pending", to_stage=Stage.FIELD).exists()


def test_a_phone_move_is_applied_automatically(world: World) -> None:
    debtor = add_debtor(world, 1)
    case = Case.objects.create(
        debtor=debtor, team=world.team, owner=world.collectors[0], stage=Stage.REMINDER, opened_on=ON
    )
    run = run_nightly(ON)
    case = reload(case)
    assert case.stage == Stage.PHONE
    assert run.counts["stage_to_phone"] == 1
    assert not StageRecommendation.objects.filter(case=case).exists()
    changed = Event.objects.get(case=case, kind=Kind.STAGE_CHANGED)
    assert changed.data == {
        "from": "reminder",
        "to": "phone",
        "rule": "dpd_phone",
        "dpd": 3,
        "automatic": True,
    }
    assert case.next_action == NextAction.CALL


# -- information repair --------------------------------------------------------------------------


def no_answer(case: Case, user: User | None, day: date, hour: int = 10) -> Event:
    debtor = case.debtor
    person = self_person(debtor)
    return actions.log_contact(
        case,
        user,
        person=person,
        channel="call",
        outcome=Outcome.NO_ANSWER,
        contact_point=ContactPoint.objects.get(person=person, kind="phone"),
        at=local(day, hour),
    )


def test_five_failed_calls_open_an_information_repair_task(world: World) -> None:
    debtor = add_debtor(world, 1)
    run_nightly(ON)
    case = open_case(debtor)
    user = case.owner
    for k in range(4):
        event = no_answer(case, user, ON + timedelta(days=k))
        assert (event.kind, event.connected, event.decision_id is not None) == (Kind.CONTACT, False, True)
    case = reload(case)
    assert (case.failed_attempts, case.info_repair) == (4, False)
    assert not Task.objects.filter(case=case, kind=Task.Kind.INFO_REPAIR).exists()

    fifth = ON + timedelta(days=4)
    no_answer(case, user, fifth)

    case = reload(case)
    assert (case.failed_attempts, case.info_repair) == (5, True)
    task = Task.objects.get(case=case, kind=Task.Kind.INFO_REPAIR)
    assert (task.status, task.due_on, task.assigned_to) == (Task.Status.OPEN, fifth, user)
    assert [item["source"] for item in task.checklist] == list(REPAIR_SOURCES)
    assert (case.next_action, case.next_action_on) == (NextAction.INFO_REPAIR, fifth)
    # Once: the next night keeps the one task.
    run_nightly(fifth + timedelta(days=1))
    assert Task.objects.filter(case=case, kind=Task.Kind.INFO_REPAIR).count() == 1
    assert list(verify_all()) == []


def test_a_connected_call_resets_the_failed_attempts(world: World) -> None:
    debtor = add_debtor(world, 1)
    run_nightly(ON)
    case = open_case(debtor)
    for k in range(4):
        no_answer(case, case.owner, ON + timedelta(days=k))
    person = self_person(debtor)
    actions.log_contact(
        case,
        case.owner,
        person=person,
        channel="call",
        outcome=Outcome.RIGHT_PARTY_CONTACT,
        contact_point=ContactPoint.objects.get(person=person, kind="phone"),
        at=local(ON + timedelta(days=3), 15),
    )
    no_answer(case, case.owner, ON + timedelta(days=4))
    assert reload(case).failed_attempts == 1
    assert not Task.objects.filter(case=case, kind=Task.Kind.INFO_REPAIR).exists()


def test_every_phone_invalid_opens_the_repair_task_at_once(world: World) -> None:
    debtor = add_debtor(world, 1, phones=2)
    run_nightly(ON)
    case = open_case(debtor)
    first, second = ContactPoint.objects.filter(person__debtor=debtor, kind="phone").order_by("id")
    actions.mark_contact_point(case, case.owner, first, valid=False, reason="空号")
    assert not Task.objects.filter(case=case, kind=Task.Kind.INFO_REPAIR).exists()
    actions.mark_contact_point(case, case.owner, second, valid=False, reason="停机")
    task = Task.objects.get(case=case, kind=Task.Kind.INFO_REPAIR, status=Task.Status.OPEN)
    assert [item["source"] for item in task.checklist] == list(REPAIR_SOURCES)
    assert events_of(Kind.CONTACT_POINT_MARKED, case) == 2
    assert reload(first).invalid_reason == "空号"
    # Marking again changes nothing and opens no second task.
    actions.mark_contact_point(case, case.owner, second, valid=False, reason="停机")
    assert Task.objects.filter(case=case, kind=Task.Kind.INFO_REPAIR).count() == 1
    assert events_of(Kind.CONTACT_POINT_MARKED, case) == 2


# -- the contact gate ----------------------------------------------------------------------------


def test_a_call_outside_the_window_is_blocked_and_kept_as_evidence(world: World) -> None:
    debtor = add_debtor(world, 1)
    run_nightly(ON)
    case = open_case(debtor)
    person = self_person(debtor)
    phone = ContactPoint.objects.get(person=person, kind="phone")
    late = local(ON, 23)
    with pytest.raises(actions.ContactBlocked) as blocked:
        actions.log_contact(
            case,
            case.owner,
            person=person,
            channel="call",
            outcome=Outcome.NO_ANSWER,
            contact_point=phone,
            at=late,
        )
    decision = blocked.value.decision
    assert not decision.allowed
    assert "CN-TIME-01" in decision.rule_ids
    assert decision.next_allowed_at == local(ON + timedelta(days=1), 8)
    kept = blocked.value.kept
    assert kept is not None and not kept.allowed and "CN-TIME-01" in kept.rule_list
    assert ContactDecision.objects.get(pk=kept.pk).case_reference == case.reference
    event = Event.objects.get(case=case, kind=Kind.BLOCKED)
    assert (event.at, event.decision_id, event.channel) == (late, kept.pk, "call")
    assert event.contact_point_id == phone.pk
    assert "CN-TIME-01" in event.data["rule_ids"]
    assert events_of(Kind.CONTACT, case) == 0
    # The same call inside the window goes through.
    allowed = actions.log_contact(
        case,
        case.owner,
        person=person,
        channel="call",
        outcome=Outcome.NO_ANSWER,
        contact_point=phone,
        at=decision.next_allowed_at,
    )
    assert allowed.kind == Kind.CONTACT
    assert list(verify_all()) == []


@time_machine.travel(local(ON, 9), tick=False)  # the visit is planned for tomorrow
def test_a_visit_needs_two_staff(world: World) -> None:
    debtor = add_debtor(world, 1, address=True)
    run_nightly(ON)
    case = open_case(debtor)
    home = ContactPoint.objects.get(person__debtor=debtor, kind="address")
    field1 = make_user("field-1", Role.FIELD_COLLECTOR, world.team)
    field2 = make_user("field-2", Role.FIELD_COLLECTOR, world.team)
    when = local(ON + timedelta(days=1), 10)

    with pytest.raises(actions.ContactBlocked) as blocked:
        actions.plan_visit(case, case.owner, address=home, planned_at=when, staff=[field1])
    assert "CN-VISIT-01" in blocked.value.decision.rule_ids
    assert not Visit.objects.exists()
    refused = Event.objects.get(case=case, kind=Kind.BLOCKED)
    assert (refused.channel, refused.data["visitors"]) == ("visit", 1)
    # The same person twice is still one.
    with pytest.raises(actions.ContactBlocked):
        actions.plan_visit(case, case.owner, address=home, planned_at=when, staff=[field1, field1])

    visit = actions.plan_visit(case, case.owner, address=home, planned_at=when, staff=[field1, field2])

    assert set(visit.staff.all()) == {field1, field2}
    assert (visit.status, visit.address_kind, visit.planned_at) == (Visit.Status.PLANNED, "home", when)
    planned = Event.objects.get(case=case, kind=Kind.VISIT_PLANNED)
    assert planned.data["staff"] == [field1.pk, field2.pk] and planned.decision_id is not None
    assert Task.objects.filter(case=case, kind=Task.Kind.VISIT, status=Task.Status.OPEN).exists()
    assert list(verify_all()) == []


def test_a_read_only_role_cannot_log_contacts(world: World, compliance_officer: User) -> None:
    debtor: Debtor = add_debtor(world, 1)
    run_nightly(ON)
    case = open_case(debtor)
    with pytest.raises(actions.NotAllowed):
        actions.log_contact(
            case,
            compliance_officer,
            person=self_person(debtor),
            channel="call",
            outcome=Outcome.NO_ANSWER,
            at=local(ON),
        )
    assert Event.objects.filter(case=case).exclude(kind__in=[Kind.CASE_OPENED, Kind.ASSIGNED]).count() == 0
