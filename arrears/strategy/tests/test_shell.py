"""The nightly run end to end on a small database world; the score model's life."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from arrears.cases import actions
from arrears.cases.models import Case, Promise
from arrears.core.dpd import days_since
from arrears.strategy import history
from arrears.strategy.extract import extract
from arrears.strategy.models import NightlyRun, ScoreModelVersion
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, add_debtor, build_world, local, open_case, pay

pytestmark = pytest.mark.django_db


def test_nightly_opens_checks_promises_and_plans_the_queue() -> None:
    world = build_world(collectors=2)
    late = [add_debtor(world, n, dpd=3) for n in range(4)]
    current = add_debtor(world, 10, dpd=-5)  # not yet due: no case
    run = run_nightly(ON)
    assert run.status == NightlyRun.Status.DONE
    assert run.counts["cases_opened"] == 4
    assert not Case.objects.filter(debtor=current).exists()
    cases = [open_case(d) for d in late]
    # Fewest open cases: the four are shared out two and two.
    owners = sorted(c.owner_id or 0 for c in cases)
    assert owners == sorted([world.collectors[0].pk] * 2 + [world.collectors[1].pk] * 2)
    for case in cases:
        assert case.next_action == "call"
        assert case.next_action_on == ON
        assert case.priority > 0
        assert days_since(case.delinquent_since, ON) == 3

    # Two promises, one kept by a payment, one broken; the next run checks them.
    kept_case, broken_case = cases[0], cases[1]
    user = world.collectors[0]
    kept = actions.make_promise(
        kept_case, user, amount=Decimal("1000.00"), due_on=ON + timedelta(days=2), at=local(ON)
    )
    broken = actions.make_promise(
        broken_case, user, amount=Decimal("1000.00"), due_on=ON + timedelta(days=2), at=local(ON)
    )
    pay(late[0], Decimal("1000.00"), local(ON + timedelta(days=1)), "K1")
    run = run_nightly(ON + timedelta(days=3))
    kept.refresh_from_db()
    broken.refresh_from_db()
    assert kept.status == Promise.Status.KEPT
    assert broken.status == Promise.Status.BROKEN
    assert run.counts["promises_kept"] == 1 and run.counts["promises_broken"] == 1
    # Paid in full: cured and closed. Broken promise: followed up at once.
    kept_case.refresh_from_db()
    assert kept_case.status == Case.Status.CLOSED and kept_case.close_reason == "cured"
    broken_case.refresh_from_db()
    assert broken_case.next_action == "broken_promise"
    assert broken_case.next_action_on == ON + timedelta(days=3)
    assert run.strategy["challenger_share"] == 0
    assert run.strategy["scored_accounts"] == 0


def test_train_scores_saves_a_version_and_fills_p_pay(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    world = build_world(collectors=1)
    # Twelve months of history: payers pay every instalment, the others stop after a few.
    # A hundred accounts: the held-out fifth is chosen by a hash of the account ids, which
    # differ with the database's sequences; with forty, a split with no default in it
    # (and so no AUC) came up on PostgreSQL after other tests.
    for n in range(100):
        stops = n % 2 == 1
        add_debtor(world, n, dpd=10, months=12, paid_months=4 + n % 5 if stops else 12)
    with pytest.raises(Exception, match="train"):
        # The history of only today's instalments has no next statement to learn from.
        history.train(extract(ON - timedelta(days=400)), ON - timedelta(days=400))
    call_command("train_scores", "--date", ON.isoformat(), verbosity=0)
    version = ScoreModelVersion.objects.get()
    assert version.active and version.auc is not None and 0.5 <= version.auc <= 1
    assert version.holdout_rows > 0 and version.rows > version.holdout_rows
    assert "status_1" in version.features and "sex" not in version.features
    assert (tmp_path / "models").exists() and version.path.startswith(str(tmp_path))
    run = run_nightly(ON)
    assert run.strategy["scored_accounts"] == 100
    frames = extract(ON)
    p = frames.accounts["p_pay"]
    assert p.null_count() == 0 and p.is_between(0, 1).all()
    # Payers score above non-payers on average.
    by = dict(zip(frames.accounts["debtor_id"].to_list(), p.to_list(), strict=True))
    cases = set(Case.objects.values_list("debtor_id", flat=True))
    payers = [v for d, v in by.items() if d not in cases]
    others = [v for d, v in by.items() if d in cases]
    assert payers and others and sum(payers) / len(payers) > sum(others) / len(others)
    assert extract(ON, scores=False).accounts["p_pay"].null_count() == 100


def _stop_plan_writes(on: bool) -> None:
    """A database trigger that refuses every write of a case's planned day (as a full disk
    or a killed connection would stop the night at its plan step), or its removal."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if on:
                cursor.execute(
                    "CREATE FUNCTION arrears_stop_plan() RETURNS trigger AS $$ BEGIN"
                    " RAISE EXCEPTION 'plan writes stopped'; END $$ LANGUAGE plpgsql"
                )
                cursor.execute(
                    "CREATE TRIGGER arrears_stop_plan BEFORE UPDATE OF planned_for ON cases_case"
                    " FOR EACH ROW EXECUTE FUNCTION arrears_stop_plan()"
                )
            else:
                cursor.execute("DROP TRIGGER arrears_stop_plan ON cases_case")
                cursor.execute("DROP FUNCTION arrears_stop_plan()")
        elif on:
            cursor.execute(
                "CREATE TRIGGER arrears_stop_plan BEFORE UPDATE OF planned_for ON cases_case"
                " BEGIN SELECT RAISE(ABORT, 'plan writes stopped'); END"
            )
        else:
            cursor.execute("DROP TRIGGER arrears_stop_plan")


def test_a_night_stopped_at_its_plan_keeps_its_finished_steps_and_the_next_run_finishes_it() -> None:
    # The write-back commits step by step (a row is locked for a step, not the night). A
    # night that fails half-way leaves the steps it finished, each with its events; run
    # again, it compares with what they wrote and does the rest, writing nothing twice.
    from django.db import DatabaseError

    from arrears.activity.actions import verify_all
    from arrears.activity.models import Event, Kind

    world = build_world(collectors=2)
    late = [add_debtor(world, n, dpd=3) for n in range(4)]
    run_nightly(ON)
    case = open_case(late[0])
    promise = actions.make_promise(
        case, world.collectors[0], amount=Decimal("1000.00"), due_on=ON + timedelta(days=2), at=local(ON)
    )
    pay(late[0], Decimal("1000.00"), local(ON + timedelta(days=1)), "K1")
    newcomer = add_debtor(world, 20, dpd=4)
    thursday = ON + timedelta(days=3)

    _stop_plan_writes(True)
    with pytest.raises(DatabaseError):
        run_nightly(thursday)
    _stop_plan_writes(False)
    failed = NightlyRun.objects.get(on=thursday)
    assert failed.status == NightlyRun.Status.FAILED and "plan writes stopped" in failed.error
    # Finished before the plan, and kept: the promise's verdict, the new case, their events.
    promise.refresh_from_db()
    assert promise.status == Promise.Status.KEPT
    new_case = open_case(newcomer)
    assert new_case.planned_on is None  # its plan is the step that failed
    assert Event.objects.filter(case=new_case, kind=Kind.CASE_OPENED).count() == 1
    checked = Event.objects.filter(kind=Kind.PROMISE_CHECKED).count()
    assert checked == 1
    assert not list(verify_all())

    rerun = run_nightly(thursday)
    assert rerun.status == NightlyRun.Status.DONE
    assert rerun.counts["cases_opened"] == 0 and rerun.counts.get("promises_kept", 0) == 0
    new_case.refresh_from_db()
    assert new_case.planned_on == thursday and new_case.next_action
    assert Case.objects.filter(debtor=newcomer).count() == 1
    assert Event.objects.filter(case=new_case, kind=Kind.CASE_OPENED).count() == 1
    assert Event.objects.filter(kind=Kind.PROMISE_CHECKED).count() == checked
    assert not list(verify_all())


def test_the_night_names_the_rows_it_wrote_by_table() -> None:
    from arrears.strategy.shell import written_rows

    written = written_rows(
        {
            "accounts": 1_000_000,  # read, not written
            "accounts_aged": 17_921,
            "cases_opened": 8_785,
            "cases_replanned": 61_604,
            "stage_to_phone": 89,
            "stage_to_field": 11,
            "promises_broken": 2_195,
            "promises_partly_kept": 766,
            "info_repair_tasks": 0,
            "stage_recommendations": 1_578,
        }
    )
    assert written == {
        "portfolio_account": 17_921,
        "cases_case": 8_785 + 61_604 + 89 + 11,
        "cases_promise": 2_195 + 766,
        "cases_task": 0,
        "cases_stagerecommendation": 1_578,
    }


def test_a_quiet_night_analyzes_only_the_tables_it_rewrote_a_tenth_of() -> None:
    from arrears.strategy.shell import stale_tables

    # The quiet night of bench/nightly_db_bench.py at 1M accounts.
    rows = {
        "portfolio_account": 1_000_000.0,
        "cases_case": 207_853.0,
        "cases_promise": 55_649.0,
        "cases_task": 37_243.0,
        "cases_stagerecommendation": 33_162.0,
    }
    quiet = {
        "portfolio_account": 17_921,
        "cases_case": 70_489,
        "cases_promise": 2_961,
        "cases_task": 0,
        "cases_stagerecommendation": 1_578,
    }
    assert stale_tables(quiet, rows) == ["cases_case"]
    # A first night: every account aged, every case new; a table never analyzed (-1) is.
    first = quiet | {"portfolio_account": 970_055, "cases_stagerecommendation": 29_271}
    assert stale_tables(first, rows | {"cases_stagerecommendation": -1.0}) == [
        "portfolio_account",
        "cases_case",
        "cases_stagerecommendation",
    ]
    # A table with a handful of rows is not analyzed for each of them.
    assert stale_tables({"cases_task": 3}, {"cases_task": 10.0}) == []
    assert stale_tables({"cases_task": 80}, {"cases_task": 10.0}) == ["cases_task"]


def test_the_night_analyzes_what_it_changed_on_postgresql() -> None:
    from django.db import connection

    from arrears.strategy.shell import analyze_written

    if connection.vendor != "postgresql":
        pytest.skip("statistics are PostgreSQL's")
    world = build_world(collectors=2)
    for n in range(30):
        add_debtor(world, n, dpd=3)

    def estimate(table: str) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            return float(cursor.fetchone()[0])

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portfolio_account, cases_case")
    assert estimate("cases_case") == 0
    run = run_nightly(ON)
    assert run.counts["cases_opened"] == 30
    # The night wrote 60 case rows (30 opened, then planned) against none: analyzed.
    assert estimate("cases_case") == 30
    assert run.counts["tables_analyzed"] >= 1 and run.timings["analyze"] > 0
    # 30 accounts aged of 30 is under the 50-row floor: left to autovacuum.
    assert analyze_written({"accounts_aged": 1}) == []
    assert analyze_written({"accounts_aged": 100}) == ["portfolio_account"]


def test_a_case_opens_with_the_overdue_amount_of_its_first_event() -> None:
    """The vintages sum `Case.opened_overdue`: it is the amount the case-opened event
    records, to the cent, for every case a night opens."""
    from arrears.activity.models import Event, Kind

    world = build_world(1)
    for n in range(5):
        add_debtor(world, n, dpd=10 + n, amount=Decimal("1234.56") + n)
    run_nightly(ON)
    cases = Case.objects.all()
    assert cases.count() == 5
    for case in cases:
        event = Event.objects.get(case=case, kind=Kind.CASE_OPENED)
        assert case.opened_overdue == Decimal(event.data["overdue"]) == case.overdue_amount
        assert case.opened_overdue > 0
