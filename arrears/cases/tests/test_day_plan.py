"""The day plan on the screens and the API: the queue holds today's plan within capacity,
a logged contact replans the case at once (no nightly run), the team screen shows each
collector's day, a lead rebalances, records absences and sees the reminder list."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from arrears.activity.actions import verify_all
from arrears.activity.models import Event, Kind
from arrears.cases import actions
from arrears.cases.models import Assignment, Case, NextAction, Task
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint
from arrears.core.models import Absence, Profile, Role
from arrears.reports.snapshot import write_states
from arrears.strategy import today as today_plan
from arrears.strategy.models import NightlyRun
from arrears.strategy.shell import replan, run_nightly
from arrears.strategy.tests.world import ON, World, add_debtor, build_world, local, open_case, self_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world(collectors=2, capacity=3)
    for n in range(10):
        add_debtor(world, n, dpd=3 + n % 3, amount=Decimal(1000 + 100 * n))
    run_nightly(ON)
    return world


@pytest.fixture
def clock():
    with time_machine.travel(local(ON, 10), tick=False) as traveller:
        yield traveller


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def call(case: Case, user, outcome: str = "no_answer", **extra):
    person = self_person(case.debtor)
    return actions.log_contact(
        case,
        user,
        person=person,
        channel="call",
        outcome=outcome,
        contact_point=ContactPoint.objects.filter(person=person, kind="phone").first(),
        **extra,
    )


def test_the_queue_holds_todays_plan_within_capacity_with_planned_and_done(world: World, clock) -> None:
    ann = world.collectors[0]
    client = signed_in(ann)
    page = client.get("/work/")
    assert page.status_code == 200
    rows = page.content.decode().count('data-testid="queue-case"')
    mine = Case.objects.filter(owner=ann, status="open")
    assert mine.count() == 5 and rows == 3
    assert mine.filter(planned_for=ON).count() == 3
    assert mine.filter(planned_for=ON + timedelta(days=1)).count() == 2
    assert 'data-testid="planned-count">3<' in page.content.decode()

    worked = mine.filter(planned_for=ON).order_by("-priority").first()
    assert worked is not None
    client.post(
        f"/cases/{worked.public_id}/contact/",
        {
            "contact_point": str(ContactPoint.objects.get(person__debtor=worked.debtor).public_id),
            "outcome": "no_answer",
        },
    )
    after = client.get("/work/").content.decode()
    assert 'data-testid="planned-count">2<' in after and 'data-testid="done-count">1<' in after


def test_a_contact_without_a_promise_moves_the_case_to_its_next_call_without_a_nightly_run(
    world: World, clock
) -> None:
    case = open_case(world.creditor.debtors.get(external_id="D0"))
    runs = NightlyRun.objects.count()
    call(case, case.owner, outcome="right_party_contact")
    case.refresh_from_db()
    assert (case.next_action, case.next_action_on) == (NextAction.CALL, ON + timedelta(days=2))
    assert case.planned_for == ON + timedelta(days=2) and not case.backlog
    assert NightlyRun.objects.count() == runs
    # The nightly engine over the debtor agrees with the click's replan.
    before = (case.next_action, case.next_action_on, case.treatment, case.priority)
    replan([case.debtor_id], ON)
    case.refresh_from_db()
    assert (case.next_action, case.next_action_on, case.treatment, case.priority) == before


def test_a_callback_is_pinned_to_its_time_and_done_by_the_call_that_returns_it(world: World, clock) -> None:
    case = open_case(world.creditor.debtors.get(external_id="D1"))
    at = local(ON, 15)
    call(case, case.owner, outcome="callback_requested", callback_at=at)
    case.refresh_from_db()
    assert (case.next_action, case.next_action_at, case.planned_for) == (NextAction.CALLBACK, at, ON)
    task = Task.objects.get(case=case, kind=Task.Kind.CALLBACK)
    clock.move_to(local(ON, 15, 5))
    call(case, case.owner, outcome="right_party_contact")
    case.refresh_from_db()
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert Event.objects.filter(case=case, kind=Kind.TASK_DONE, data__by_contact=True).count() == 1
    assert (case.next_action, case.next_action_on) == (NextAction.CALL, ON + timedelta(days=2))
    assert list(verify_all()) == []


def test_the_team_screen_shows_each_collectors_day_and_suggests_moving_work(world: World, clock) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    bo = world.collectors[1]
    # Bo is away today: his day's work waits, and the screen offers to move it to Ann.
    Absence.objects.create(user=bo, starts_on=ON, ends_on=ON)
    run_nightly(ON)
    page = signed_in(lead).get("/team/").content.decode()
    assert 'data-collector="bank-collector-1"' in page and "away" in page
    assert 'data-testid="rebalance"' in page
    assert not Case.objects.filter(owner=bo, planned_for=ON).exists()


def test_a_lead_moves_cases_from_the_most_to_the_least_loaded_with_assignments_and_events(
    world: World, clock
) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    ann, bo = world.collectors
    Profile.objects.filter(user=ann).update(daily_capacity=1)
    run_nightly(ON)
    client = signed_in(lead)
    response = client.post("/team/rebalance/", {"source": ann.pk, "target": bo.pk, "n": "2"})
    assert response.status_code == 302
    moved = Assignment.objects.filter(rule=Assignment.Rule.REBALANCE)
    assert moved.count() == 2 and set(moved.values_list("previous_owner", flat=True)) == {ann.pk}
    for assignment in moved:
        case = assignment.case
        assert case.owner == bo and case.planned_for is not None
        assert Event.objects.filter(case=case, kind=Kind.ASSIGNED, data__rule="rebalance").count() == 1
    # Ann's day as planned stays hers.
    assert Case.objects.filter(owner=ann, planned_for=ON).count() == 1
    assert list(verify_all()) == []


def test_rebalancing_and_absences_are_for_leads_of_the_team(world: World, clock, compliance_officer) -> None:
    ann, bo = world.collectors
    other = build_world(collectors=1, code="other")
    outsider_lead = make_user("other-lead", Role.TEAM_LEAD, other.team)
    # A collector: 403; wrong method: 405; a lead of another team cannot reach these collectors.
    assert (
        signed_in(ann).post("/team/rebalance/", {"source": ann.pk, "target": bo.pk, "n": 1}).status_code
        == 403
    )
    assert signed_in(ann).post("/team/absences/", {"user": bo.pk}).status_code == 403
    assert signed_in(compliance_officer).post("/team/rebalance/", {}).status_code == 403
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    assert signed_in(lead).get("/team/rebalance/").status_code == 405
    assert signed_in(lead).get("/team/absences/").status_code == 405
    client = signed_in(outsider_lead)
    client.post("/team/rebalance/", {"source": ann.pk, "target": bo.pk, "n": 2})
    client.post("/team/absences/", {"user": ann.pk, "starts_on": ON, "ends_on": ON})
    assert not Assignment.objects.filter(rule=Assignment.Rule.REBALANCE).exists()
    assert not Absence.objects.exists()
    absence = Absence.objects.create(user=ann, starts_on=ON, ends_on=ON)
    assert client.post(f"/team/absences/{absence.pk}/delete/").status_code == 404
    assert Absence.objects.filter(pk=absence.pk).exists()


def test_a_lead_records_an_absence_and_the_next_plan_leaves_those_days_empty(world: World, clock) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    ann = world.collectors[0]
    client = signed_in(lead)
    tomorrow = ON + timedelta(days=1)
    response = client.post(
        "/team/absences/", {"user": ann.pk, "starts_on": tomorrow, "ends_on": tomorrow, "reason": "年假"}
    )
    assert response.status_code == 302
    absence = Absence.objects.get(user=ann)
    assert (absence.starts_on, absence.ends_on, absence.created_by) == (tomorrow, tomorrow, lead)
    run_nightly(ON)
    assert not Case.objects.filter(owner=ann, planned_for=tomorrow).exists()
    assert Case.objects.filter(owner=ann, planned_for=ON).count() == 3
    # A last day before the first is refused with a message, nothing saved.
    client.post("/team/absences/", {"user": ann.pk, "starts_on": tomorrow, "ends_on": ON})
    assert Absence.objects.count() == 1
    client.post(f"/team/absences/{absence.pk}/delete/")
    assert not Absence.objects.exists()


def test_the_plan_api_gives_each_collectors_capacity_planned_backlog_and_overdue(world: World, clock) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    body = signed_in(lead).get("/api/v1/plan/").json()
    assert [row["collector"] for row in body] == ["bank-collector-0", "bank-collector-1"]
    for row in body:
        assert row["capacity"] == 3 and row["planned"] == 3 and row["planned"] <= row["capacity"]
        assert row["backlog"] == 2 and row["overdue"] == 0
    tomorrow = signed_in(lead).get(f"/api/v1/plan/?date={ON + timedelta(days=1)}").json()
    assert [row["planned"] for row in tomorrow] == [2, 2]
    # Overdue the next day: the cases not worked were due since they opened.
    assert [row["overdue"] for row in tomorrow] == [5, 5]
    assert signed_in(world.collectors[0]).get("/api/v1/plan/").status_code == 403
    assert signed_in(lead).get("/api/v1/plan/?date=2026-02-30").status_code == 422


def test_the_reminder_list_holds_the_automated_cases_for_leads(world: World, clock) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    small = add_debtor(world, 50, dpd=4, amount=Decimal("20.00"))
    run_nightly(ON)
    case = open_case(small)
    assert (case.treatment, case.next_action, case.stage) == ("remind", NextAction.REMIND, "reminder")
    page = signed_in(lead).get("/team/reminders/").content.decode()
    assert case.reference in page
    assert case.reference not in signed_in(case.owner).get("/work/").content.decode()
    assert signed_in(case.owner).get("/team/reminders/").status_code == 403


def load(name: str, capacity: int, planned: int, backlog: int, pk: int = 0) -> today_plan.Load:
    return today_plan.Load(
        pk or hash(name) % 1000, name, capacity, planned, backlog, 0, 0, planned + backlog, False
    )


def test_rebalancing_is_suggested_only_when_a_collector_is_a_day_or_more_ahead() -> None:
    even = [load("a", 60, 60, 410), load("b", 60, 60, 385)]  # 7.8 and 7.4 days of work
    assert today_plan.suggest_rebalance(even) is None
    uneven = [load("a", 60, 60, 300), load("b", 30, 30, 30)]  # 6 days against 2
    move = today_plan.suggest_rebalance(uneven)
    assert move is not None and (move.source.collector, move.target.collector) == ("a", "b")
    # After the move both have (360 - n) / 60 = (60 + n) / 30 days of work: n = 80.
    assert move.n == 80
    away = [load("a", 0, 0, 12), load("b", 60, 60, 100)]
    move = today_plan.suggest_rebalance(away)
    assert move is not None and move.source.collector == "a" and move.n == 12


def live_counts(lead, on=ON) -> tuple[list[today_plan.Load], int, int, int]:
    """The team screen's counts made live over the lead's open cases, as before the
    report rows (arrears/strategy/today.py)."""
    from arrears.cases.access import visible_cases

    cases = visible_cases(lead).filter(status=Case.Status.OPEN)
    day = today_plan.plan_day(on)
    collectors = today_plan.collectors_of(today_plan.team_scope(lead))
    return (
        today_plan.loads(cases, day, collectors),
        cases.filter(owner__isnull=True).count(),
        today_plan.reminders(cases, day).count(),
        cases.filter(today_plan.NO_NEXT_ACTION).count(),
    )


def test_the_team_screen_reads_the_nights_loads_which_equal_the_live_ones(world: World, clock) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    add_debtor(world, 50, dpd=4, amount=Decimal("20.00"))  # an automated reminder
    Absence.objects.create(user=world.collectors[1], starts_on=ON, ends_on=ON)
    run_nightly(ON)
    # One case with no collector and no next action (the run assigns and plans every case,
    # so the states are written again over this one, as the run's report step does).
    Case.objects.filter(pk=Case.objects.filter(owner=world.collectors[0]).earliest("pk").pk).update(
        owner=None, next_action=""
    )
    write_states(ON, today_plan.plan_day(ON))
    live = live_counts(lead)
    assert live[1] >= 1 and live[2] >= 1 and live[3] >= 1 and sum(load.open for load in live[0]) > 0
    response = signed_in(lead).get("/team/")
    assert response.context["plan"].night == ON
    assert (
        response.context["loads"],
        response.context["unowned"],
        response.context["reminders_due"],
        response.context["no_action_count"],
    ) == live
    assert "Counts as of the night's plan (run finished" in response.content.decode()


def test_a_move_after_the_night_shows_in_the_queue_and_counts_from_the_next_plan(world: World, clock) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    ann, bo = world.collectors
    Absence.objects.create(user=bo, starts_on=ON, ends_on=ON)
    run_nightly(ON)
    client = signed_in(lead)
    night = client.get("/team/").context
    assert night["suggestion"] is not None and night["suggestion"].source.collector_id == bo.pk
    case = Case.objects.filter(owner=bo, status="open").earliest("pk")
    client.post("/team/reassign/", {"case": case.reference, "owner": ann.pk})
    assert Case.objects.get(pk=case.pk).owner == ann
    after = client.get("/team/")
    # The night's loads, not the live ones; no second suggestion to move the same work.
    assert after.context["loads"] == night["loads"] != live_counts(lead)[0]
    assert after.context["suggestion"] is None
    assert 'data-testid="moved-since-night"' in after.content.decode()
    clock.move_to(local(ON + timedelta(days=1), 2))
    run_nightly(ON + timedelta(days=1))
    clock.move_to(local(ON + timedelta(days=1), 10))
    tomorrow = signed_in(lead).get("/team/").context
    assert tomorrow["plan"].night == ON + timedelta(days=1) and tomorrow["moved_since_night"] is False
    assert tomorrow["loads"] == live_counts(lead, ON + timedelta(days=1))[0]


def test_before_any_nightly_run_the_team_screen_counts_live_and_says_so(world: World, clock) -> None:
    from arrears.reports.models import CollectorDay

    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    CollectorDay.objects.all().delete()
    response = signed_in(lead).get("/team/")
    assert response.context["plan"].night is None
    assert response.context["loads"] == live_counts(lead)[0]
    assert "No nightly run has planned this day yet" in response.content.decode()
