"""A case's rows against what its events say, through the real actions and nightly run.

First: everything the actions and the nightly run write agrees with its events (no false
alarm). Then each row is changed behind the actions' back, with raw SQL as someone with
database access would, and `verify_evidence` names the disagreement and the event.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from arrears.activity.actions import append
from arrears.activity.digest import digests_in, open_digest
from arrears.activity.models import Event, Kind
from arrears.cases import actions
from arrears.cases.models import Case, PaymentPlan, Promise, Stage
from arrears.conftest import make_user
from arrears.core.models import Role
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import ON, World, add_debtor, build_case_world, local, open_case, pay

pytestmark = pytest.mark.django_db

FIRST_DUE, SECOND_DUE = ON + timedelta(days=3), ON + timedelta(days=10)


@dataclass
class History:
    world: World
    lead: User
    worked: Case  # reassigned, moved to field, a promise and a plan, checked
    settled: Case  # closed by hand
    cured: Case  # paid in full, closed by the nightly run
    promise: Promise
    plan: PaymentPlan


@pytest.fixture
def history() -> History:
    world = build_case_world(collectors=2)
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    debtors = [add_debtor(world, n) for n in (1, 2, 3)]
    run_nightly(ON)
    worked, settled, cured = (open_case(d) for d in debtors)
    other = next(c for c in world.collectors if c.pk != worked.owner_id)
    actions.reassign(worked, other, lead, reason="workload")
    actions.move_stage(worked, Stage.FIELD, lead, reason="needs a visit")
    promise = actions.make_promise(
        worked, other, amount=Decimal("1000.00"), due_on=ON + timedelta(days=2), at=local(ON, 11)
    )
    plan = actions.make_plan(
        worked, other, [(FIRST_DUE, Decimal("300.00")), (SECOND_DUE, Decimal("700.00"))], at=local(ON, 12)
    )
    # Closing as settled is a request of the case's collector that the lead approves.
    asked = actions.request_approval(settled, settled.owner, "close_settled", reason="paid at the branch")
    actions.decide_approval(asked, lead, approve=True)
    pay(debtors[0], Decimal("400.00"), local(ON + timedelta(days=1), 9), "W1")
    pay(debtors[2], Decimal("5000.00"), local(ON + timedelta(days=1), 9), "C1")
    run_nightly(FIRST_DUE)  # the promise partly kept, the first instalment checked, a case cured
    worked.refresh_from_db()
    settled.refresh_from_db()
    cured.refresh_from_db()
    promise.refresh_from_db()
    plan.refresh_from_db()
    return History(world, lead, worked, settled, cured, promise, plan)


def verify(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("verify_evidence", *args, "--lang", "en", stdout=out, verbosity=0)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def last_event(case: Case, kind: str) -> Event:
    return Event.objects.filter(case=case, kind=kind).latest("seq")


def test_what_the_actions_and_the_nightly_run_write_agrees_with_the_events(history: History) -> None:
    # The history is what it should be...
    assert (
        history.worked.stage == Stage.FIELD
        and history.worked.owner_id != last_event(history.worked, Kind.CASE_OPENED).data["owner"]
    )
    assert (history.promise.status, history.promise.paid) == (Promise.Status.PARTLY_KEPT, Decimal("400.00"))
    assert set(history.plan.instalments.values_list("status", flat=True)) == {"kept", "open"}
    assert (history.settled.status, history.settled.close_reason) == ("closed", "settled")
    assert (history.cured.status, history.cured.close_reason) == ("closed", "cured")
    # ... and nothing in it disagrees with its events.
    out, error = verify()
    assert error is None, out
    # (the settled debtor's account is settled: the night gave them no new case)
    assert "3 cases, 17 events checked; 0 problems" in out
    assert not Case.objects.filter(debtor=history.settled.debtor, status="open").exists()


def test_an_owner_changed_in_the_database_is_named_with_its_event(history: History) -> None:
    case = history.worked
    intruder = next(c for c in history.world.collectors if c.pk != case.owner_id)
    assigned = last_event(case, Kind.ASSIGNED)
    sql("UPDATE cases_case SET owner_id = %s WHERE id = %s", [intruder.pk, case.pk])
    out, error = verify()
    assert error is not None and error.returncode == 1
    assert (
        f"{case.reference} ({case.public_id}): responsible collector is user {intruder.pk} in the database,"
        f" user {case.owner_id} by its events (event #{assigned.seq})"
    ) in out
    assert "1 problem" in out


def test_a_stage_changed_in_the_database_is_named_with_its_event(history: History) -> None:
    case = history.worked
    moved = last_event(case, Kind.STAGE_CHANGED)
    sql("UPDATE cases_case SET stage = %s WHERE id = %s", ["legal", case.pk])
    out, error = verify()
    assert error is not None
    assert (
        f"{case.reference} ({case.public_id}): stage is Legal (诉讼) in the database,"
        f" Field visit (外访) by its events (event #{moved.seq})"
    ) in out


def test_a_closed_case_reopened_in_the_database_is_named(history: History) -> None:
    case = history.cured
    closed = last_event(case, Kind.CASE_CLOSED)
    sql(
        "UPDATE cases_case SET status = 'open', stage = 'phone', close_reason = '', closed_on = NULL"
        " WHERE id = %s",
        [case.pk],
    )
    out, error = verify()
    assert error is not None
    lines = [line for line in out.splitlines() if line.startswith(case.reference)]
    assert [line.split(": ", 1)[1] for line in lines] == [
        f"stage is Phone (电话催收) in the database, Closed by its events (event #{closed.seq})",
        f"status is Open in the database, Closed by its events (event #{closed.seq})",
        f"close reason is none in the database, Cured (no longer past due) by its events"
        f" (event #{closed.seq})",
        f"closed on is none in the database, {FIRST_DUE} by its events (event #{closed.seq})",
    ]


def test_promise_and_plan_amounts_changed_in_the_database_are_named(history: History) -> None:
    made = last_event(history.worked, Kind.PROMISE_MADE)
    promise_id = str(history.promise.public_id)
    checked = Event.objects.get(case=history.worked, kind=Kind.PROMISE_CHECKED, data__promise=promise_id)
    plan_made = last_event(history.worked, Kind.PLAN_MADE)
    sql(
        "UPDATE cases_promise SET amount = %s, paid = %s WHERE id = %s",
        ["400.00", "1000.00", history.promise.pk],
    )
    sql("UPDATE cases_paymentplan SET total = %s WHERE id = %s", ["10.00", history.plan.pk])
    second = history.plan.instalments.get(instalment=2)
    sql(
        "UPDATE cases_promise SET due_on = %s WHERE id = %s",
        [(SECOND_DUE + timedelta(days=60)).isoformat(), second.pk],
    )
    out, error = verify()
    assert error is not None
    promise, plan = history.promise.public_id, history.plan.public_id
    for line in (
        f"promise {promise}: amount is 400.00 in the database, 1000.00 by its events (event #{made.seq})",
        f"promise {promise}: paid towards it is 1000.00 in the database, 400.00 by its events"
        f" (event #{checked.seq})",
        f"payment plan {plan}: total is 10.00 in the database, 1000.00 by its events"
        f" (event #{plan_made.seq})",
        f"promise {second.public_id}: due on is {SECOND_DUE + timedelta(days=60)} in the database,"
        f" {SECOND_DUE} by its events (event #{plan_made.seq})",
    ):
        assert f"{history.worked.reference} ({history.worked.public_id}): {line}" in out, line
    assert "4 problems" in out


def test_a_promise_added_or_removed_behind_the_actions_is_named(history: History) -> None:
    made = last_event(history.worked, Kind.PROMISE_MADE)
    forged = Promise.objects.create(
        case=history.worked, amount=Decimal("50.00"), due_on=ON + timedelta(days=30), counts_from=ON
    )
    sql("DELETE FROM cases_task WHERE promise_id = %s", [history.promise.pk])
    sql("DELETE FROM cases_promise WHERE id = %s", [history.promise.pk])
    out, error = verify()
    assert error is not None
    assert f"promise {forged.public_id} (50.00) is in the database, but no event made it" in out
    assert f"promise {history.promise.public_id}, made by event #{made.seq}, is not in the database" in out


def test_events_of_the_earlier_version_are_not_taken_for_tampering(history: History) -> None:
    # A case whose events were written before they carried owner and stage: the row's
    # owner and stage are unknown to its events, not contradicted by them.
    debtor = add_debtor(history.world, 9)
    case = Case.objects.create(
        debtor=debtor,
        team=history.world.team,
        owner=history.world.collectors[0],
        stage="agency",
        opened_on=ON,
    )
    append(case, Kind.CASE_OPENED, data={"on": ON.isoformat()})
    append(case, Kind.NOTE, note="before the upgrade")
    out, error = verify("--case", case.reference)
    assert error is None, out
    # Once an event states the owner, it counts.
    append(case, Kind.ASSIGNED, data={"owner": history.world.collectors[1].pk, "previous_owner": None})
    out, error = verify("--case", case.reference)
    assert error is not None and "responsible collector is user" in out


def test_the_nightly_run_ends_with_a_signed_digest(history: History, settings: Any) -> None:
    folder = settings.ARREARS_EVIDENCE_DIR
    before = digests_in(folder)
    run_nightly(SECOND_DUE)
    after = digests_in(folder)
    assert len(after) == len(before) + 1 and after[:-1] == before
    digest = open_digest(after[-1])
    heads = {entry.case: (entry.seq, entry.hash) for entry in digest.entries()}
    for case in Case.objects.all():
        last = Event.objects.filter(case=case).latest("seq")
        assert heads[str(case.public_id)] == (last.seq, last.hash)
    assert digest.header["previous"] == (
        {"file": before[-1].name, "sha256": hashlib.sha256(before[-1].read_bytes()).hexdigest()}
        if before
        else None
    )
    out, error = verify("--against", str(after[-1]))
    assert error is None, out
