"""Each metric on a small literal portfolio whose answer is worked out by hand below.

The inputs go through the writers the nightly run uses (arrears.reports.snapshot), so a
test covers the row a night writes and the figure a dashboard shows from it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from arrears.activity.actions import NewEvent, append, append_many
from arrears.activity.models import Kind
from arrears.cases.models import Assignment, Case, Promise
from arrears.core.models import Role
from arrears.portfolio.models import Account
from arrears.reports.flows import write_flows
from arrears.reports.metrics import Filters, metrics_for
from arrears.reports.models import AccountMonth, ContactDay, VintageMonth
from arrears.reports.snapshot import write_month, write_states, write_vintages
from arrears.testing.personas import add_debtor, build_world, local, make_user, pay

pytestmark = pytest.mark.django_db

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def _state(debtor, bucket: str, balance: str, status: str = "open") -> None:
    Account.objects.filter(debtor=debtor).update(
        bucket=bucket, balance=Decimal(balance), overdue_amount=Decimal(0), status=status
    )


def _case(debtor, owner, opened_on: date, *, overdue: str = "0.00") -> Case:
    # As the nightly opens one: the amount on the case and in its first event.
    case = Case.objects.create(
        debtor=debtor,
        team=owner.profile.team,
        owner=owner,
        opened_on=opened_on,
        stage="phone",
        opened_overdue=Decimal(overdue),
    )
    Assignment.objects.create(case=case, owner=owner, rule="fewest_open", at=local(opened_on, 2))
    append(case, Kind.CASE_OPENED, at=local(opened_on, 2), data={"overdue": overdue})
    return case


def _cells(table, *keys):
    return {tuple(row[k] for k in keys[:-1]): row[keys[-1]] for row in table.rows}


@pytest.fixture
def book():
    """Six accounts, their buckets and balances at the end of January and of February:

    A M0 100 -> M0      B M0 200 -> M1      C M1 300 -> M0 (cured, nobody spoke to them)
    D M1 400 -> M2      E M2 500 -> written off      F M2 600 -> M3
    """
    world = build_world(1)
    debtors = {name: add_debtor(world, n) for n, name in enumerate("ABCDEF", start=1)}
    january = {
        "A": ("M0", "100"),
        "B": ("M0", "200"),
        "C": ("M1", "300"),
        "D": ("M1", "400"),
        "E": ("M2", "500"),
        "F": ("M2", "600"),
    }
    for name, (bucket, balance) in january.items():
        _state(debtors[name], bucket, balance)
    write_month(date(2026, 1, 31))
    february = {
        "A": ("M0", "90"),
        "B": ("M1", "200"),
        "C": ("M0", "0"),
        "D": ("M2", "400"),
        "F": ("M3", "600"),
    }
    for name, (bucket, balance) in february.items():
        _state(debtors[name], bucket, balance)
    _state(debtors["E"], "M2", "500", status="written_off")
    return world, debtors


def test_a_later_night_of_the_month_adds_new_accounts_and_rewrites_only_changes(book):
    world, debtors = book
    first = write_month(date(2026, 2, 10))  # the month's first night: every open account
    # Every open account, and E, written off since January's rows (open then).
    assert first["account_months_inserted"] == 6
    newcomer = add_debtor(world, 7)
    _state(newcomer, "M0", "70")
    _state(debtors["A"], "M1", "90")
    later = write_month(date(2026, 2, 11))  # the month has rows: the others are left out first
    assert (later["account_months_inserted"], later["account_months_updated"]) == (1, 1)
    rows = {
        (m.account.debtor_id, m.bucket, m.balance)
        for m in AccountMonth.objects.filter(month=FEB).select_related("account")
    }
    assert (newcomer.pk, "M0", Decimal("70.00")) in rows and (debtors["A"].pk, "M1", Decimal("90.00")) in rows
    assert AccountMonth.objects.filter(month=FEB).count() == 7


def test_roll_matrix_by_count_and_balance(book):
    world, _debtors = book
    write_month(date(2026, 2, 28))
    matrix = metrics_for("roll_matrix", Filters(world.creditor.pk, None, None, JAN, date(2026, 2, 28)))
    by_count = _cells(matrix, "from_bucket", "to_code", "rate")
    by_balance = _cells(matrix, "from_bucket", "to_code", "balance_rate")
    # M0 held A (100) and B (200): one stayed, one rolled.
    assert by_count[("M0", "M0")] == pytest.approx(0.5)
    assert by_count[("M0", "M1")] == pytest.approx(0.5)
    assert by_balance[("M0", "M0")] == pytest.approx(100 / 300)
    assert by_balance[("M0", "M1")] == pytest.approx(200 / 300)
    # M1 held C (300) and D (400): C cured, D rolled.
    assert by_balance[("M1", "M0")] == pytest.approx(300 / 700)
    assert by_balance[("M1", "M2")] == pytest.approx(400 / 700)
    # M2 held E (500, written off) and F (600, rolled to M3).
    assert by_count[("M2", "written_off")] == pytest.approx(0.5)
    assert by_balance[("M2", "M3")] == pytest.approx(600 / 1100)
    assert len(matrix.rows) == 6
    # Every from-bucket's row adds up to the whole.
    for source in ("M0", "M1", "M2"):
        assert sum(r["rate"] for r in matrix.rows if r["from_bucket"] == source) == pytest.approx(1)


def test_roll_rates_cures_and_write_off(book):
    world, _debtors = book
    write_month(date(2026, 2, 28))
    filters = Filters(world.creditor.pk, None, None, JAN, date(2026, 2, 28))
    rates = _cells(metrics_for("roll_rates", filters), "month", "bucket", "rate")
    assert rates[(FEB, "M0→")] == pytest.approx(0.5)  # B
    assert rates[(FEB, "M1→")] == pytest.approx(0.5)  # D
    assert rates[(FEB, "M2→")] == pytest.approx(1.0)  # E written off, F rolled
    (cures,) = metrics_for("cures", filters).rows
    assert cures["delinquent"] == 4  # C, D, E, F
    assert cures["cured"] == 1 and cures["cure_rate"] == pytest.approx(0.25)
    assert cures["self_cured"] == 1  # nobody spoke to C's debtor in February
    assert cures["written_off"] == 1
    assert cures["write_off_rate"] == pytest.approx(500 / 1800)  # by balance


def test_a_conversation_makes_a_cure_not_a_self_cure(book):
    world, debtors = book
    case = _case(debtors["C"], world.collectors[0], date(2026, 1, 20))
    append_many(
        [
            NewEvent(
                case.pk,
                Kind.CONTACT,
                at=local(date(2026, 2, 10)),
                values={
                    "channel": "call",
                    "outcome": "right_party_contact",
                    "connected": True,
                    "conversation": True,
                },
            )
        ]
    )
    write_month(date(2026, 2, 28))
    (cures,) = metrics_for("cures", Filters(world.creditor.pk, None, None, JAN, date(2026, 2, 28))).rows
    assert cures["cured"] == 1 and cures["self_cured"] == 0


def test_an_unfinished_month_is_not_in_the_roll_rates(book):
    world, _debtors = book
    write_month(date(2026, 2, 10))
    rates = metrics_for("roll_rates", Filters(world.creditor.pk, None, None, JAN, date(2026, 2, 10)))
    assert {r["month"] for r in rates.rows} <= {JAN}


def test_vintage_curve():
    """Two cases opened on 10 January owing 1,000 and 3,000. The first debtor pays 400 on
    20 January (and had paid 100 on 31 December, before the case: not counted); the
    second pays 600 on 5 February. Recovery: 400 / 4,000 = 10% at the end of January
    (age 0), 1,000 / 4,000 = 25% at the end of February (age 1)."""
    world = build_world(1)
    owner = world.collectors[0]
    first, second = add_debtor(world, 1), add_debtor(world, 2)
    _case(first, owner, date(2026, 1, 10), overdue="1000.00")
    _case(second, owner, date(2026, 1, 10), overdue="3000.00")
    pay(first, Decimal("100"), local(date(2025, 12, 31)), "P0")
    pay(first, Decimal("400"), local(date(2026, 1, 20)), "P1")
    pay(second, Decimal("600"), local(date(2026, 2, 5)), "P2")
    write_vintages(JAN, date(2026, 1, 31))
    write_vintages(FEB, date(2026, 2, 28))
    table = metrics_for("vintages", Filters(world.creditor.pk, None, None, JAN, date(2026, 2, 28)))
    curve = _cells(table, "vintage", "age", "recovery_rate")
    assert curve == {("2026-01", 0): pytest.approx(0.10), ("2026-01", 1): pytest.approx(0.25)}
    assert {r["cases"] for r in table.rows} == {2}
    # A second night in February rewrites its cell, not adds one.
    write_vintages(FEB, date(2026, 2, 28))
    assert (
        len(metrics_for("vintages", Filters(world.creditor.pk, None, None, JAN, date(2026, 2, 28))).rows) == 2
    )



def test_a_vintage_sums_the_opening_amounts_to_the_cent():
    """Grouped in the database as whole cents: three cases opening at 0.10 make 0.30 (a
    float sum makes 0.30000000000000004), and a case whose opening event holds no amount
    counts as a case with none (nor does the case)."""
    world = build_world(1)
    owner = world.collectors[0]
    for n in range(1, 4):
        _case(add_debtor(world, n), owner, date(2026, 1, 10), overdue="0.10")
    bare = Case.objects.create(
        debtor=add_debtor(world, 4), team=owner.profile.team, owner=owner, opened_on=date(2026, 1, 12)
    )
    append(bare, Kind.CASE_OPENED, at=local(date(2026, 1, 12), 2), data={})
    write_vintages(JAN, date(2026, 1, 31))
    row = VintageMonth.objects.get(vintage=JAN, age=0, creditor=world.creditor)
    assert (row.cases, row.opened_amount, row.collected) == (4, Decimal("0.30"), Decimal("0.00"))

def _contact(case, at, *, rpc=False, promise=False):
    outcome = "promise_to_pay" if promise else ("right_party_contact" if rpc else "no_answer")
    return NewEvent(
        case.pk,
        Kind.CONTACT,
        at=at,
        values={
            "channel": "call",
            "outcome": outcome,
            "connected": rpc,
            "conversation": rpc,
        },
    )


def test_contact_funnel_by_collector_and_hour():
    """Xu is given four cases on 1 March, Yan two; the week from 2 March starts with them in
    hand (the night before's plan). In the week:
    Xu calls case 1 three times (no answer at 09:00 and 10:00, then reaches the debtor at
    10:30, who promises) and case 2 once (no answer); Yan calls case 5 twice (no answer,
    then reaches the debtor, no promise). Xu's two promises due that week: one kept, one
    broken.

    Xu: coverage 2/4, penetration 1/4, right-party rate 1/4, promise rate 1/1, kept 1/2.
    Yan: coverage 1/2, penetration 1/2, right-party rate 1/2, promise rate 0/1.
    """
    world = build_world(1)
    xu = make_user("xu", Role.COLLECTOR, world.team)
    yan = make_user("yan", Role.COLLECTOR, world.team)
    cases = [_case(add_debtor(world, n), xu if n <= 4 else yan, date(2026, 3, 1)) for n in range(1, 7)]
    Case.objects.update(next_action="call", next_action_on=date(2026, 3, 2))
    day = date(2026, 3, 3)
    append_many(
        [
            _contact(cases[0], local(day, 9)),
            _contact(cases[0], local(day, 10)),
            _contact(cases[0], local(day, 10, 30), rpc=True, promise=True),
            _contact(cases[1], local(day, 11)),
        ],
        actor=xu,
    )
    append_many([_contact(cases[4], local(day, 14)), _contact(cases[4], local(day, 15), rpc=True)], actor=yan)
    for status in (Promise.Status.KEPT, Promise.Status.BROKEN):
        Promise.objects.create(
            case=cases[0], amount=Decimal("100"), due_on=day, counts_from=day, status=status, created_by=xu
        )
    last = date(2026, 3, 6)
    write_states(date(2026, 3, 1))
    write_flows(date(2026, 3, 1), last)
    filters = Filters(world.creditor.pk, None, None, date(2026, 3, 2), last)
    rows = {r["collector"]: r for r in metrics_for("funnel_collectors", filters).rows}
    expected: dict[str, dict[str, Any]] = {
        "xu": {
            "held": 4,
            "attempted": 2,
            "coverage": 0.5,
            "reached": 1,
            "penetration": 0.25,
            "attempts": 4,
            "right_party": 1,
            "rpc_rate": 0.25,
            "promises": 1,
            "promise_rate": 1.0,
            "kept_rate": 0.5,
        },
        "yan": {
            "held": 2,
            "attempted": 1,
            "coverage": 0.5,
            "reached": 1,
            "penetration": 0.5,
            "attempts": 2,
            "right_party": 1,
            "rpc_rate": 0.5,
            "promises": 0,
            "promise_rate": 0.0,
            "kept_rate": None,
        },
    }
    for name, figures in expected.items():
        assert {k: rows[name][k] for k in figures} == pytest.approx(figures), name
    hours = {r["hour"]: r for r in metrics_for("funnel_hours", filters).rows}
    assert hours["10:00"]["attempts"] == 2 and hours["10:00"]["rpc_rate"] == pytest.approx(0.5)
    assert hours["09:00"]["rpc_rate"] == 0
    team = metrics_for("funnel_teams", filters).rows
    assert len(team) == 1 and team[0]["attempts"] == 6 and team[0]["penetration"] == pytest.approx(2 / 6)
    quality = {r["collector"]: r for r in metrics_for("collectors", filters).rows}
    assert quality["xu"]["broken"] == 1 and quality["xu"]["kept_rate"] == pytest.approx(0.5)


def test_a_rerun_of_the_contact_flows_writes_only_the_rows_that_changed():
    """The week's contact rows are compared with the ones there: a second run writes
    none; a new call on one case's day replaces that row alone (the others keep their ids);
    a case moved to another team moves its rows; a row with no team (a null) is equal to
    itself, not rewritten."""
    world = build_world(1)
    xu = make_user("xu", Role.COLLECTOR, world.team)
    cases = [_case(add_debtor(world, n), xu, date(2026, 3, 1)) for n in range(1, 4)]
    Case.objects.filter(pk=cases[2].pk).update(team=None)
    first, second = date(2026, 3, 2), date(2026, 3, 3)
    append_many(
        [_contact(case, local(on, 10)) for case in cases for on in (first, second)],
        actor=xu,
    )
    week = (date(2026, 3, 1), date(2026, 3, 7))
    counts = write_flows(*week)
    assert (counts["contact_rows"], counts["contact_rows_written"]) == (6, 6)
    ids = dict(ContactDay.objects.values_list("id", "attempts"))
    again = write_flows(*week)
    assert (again["contact_rows"], again["contact_rows_written"], again["hour_rows_written"]) == (6, 0, 0)
    assert dict(ContactDay.objects.values_list("id", "attempts")) == ids
    append_many([_contact(cases[0], local(second, 11), rpc=True)], actor=xu)
    changed = write_flows(*week)
    assert changed["contact_rows_written"] == 2  # the old row out, the new one in
    rows = {(r.case_id, r.day): r for r in ContactDay.objects.all()}
    assert (rows[(cases[0].pk, second)].attempts, rows[(cases[0].pk, second)].connected) == (2, 1)
    assert len(rows) == 6 and len(set(ids) & {r.pk for r in rows.values()}) == 5
    Case.objects.filter(pk=cases[1].pk).update(team=None)
    moved = write_flows(*week)
    assert moved["contact_rows_written"] == 4
    assert set(ContactDay.objects.filter(case=cases[1]).values_list("team_id", flat=True)) == {None}


def test_quality_marks_land_on_the_debtors_business_day_by_creditor_team_and_user():
    """Grouped in the database: promises due (kept, broken, partly kept, a cancelled one not
    counted), a complaint called in at 00:30 Shanghai (16:30 UTC the day before), a
    correction, a care hold (its case owner's) and a refused check (its user's, no team)."""
    from arrears.cases.control_models import CareHold
    from arrears.compliance.actions import check_and_record
    from arrears.compliance.models import ContactDecision
    from arrears.compliance.tests.helpers import req
    from arrears.reports.flows import COMPLAINT
    from arrears.reports.models import QualityDay

    world = build_world(1)
    xu = make_user("xu", Role.COLLECTOR, world.team)
    debtor = add_debtor(world, 1)
    case = _case(debtor, xu, date(2026, 3, 1))
    day = date(2026, 3, 3)
    for status in ("kept", "broken", "partly_kept", "cancelled"):
        Promise.objects.create(
            case=case, amount=Decimal("10"), due_on=day, counts_from=day, status=status, created_by=xu
        )
    append(case, Kind.CONTACT, actor=xu, at=local(day, 0, 30), channel="call", reaction=COMPLAINT)
    append(case, Kind.CORRECTION, actor=xu, at=local(day, 11))
    CareHold.objects.create(
        case=case, raised_by=xu, raised_at=local(day, 12), source="manual", reason="crisis"
    )
    check_and_record(req("US", "2025-03-05T22:00:00-06:00"), user=xu)
    ContactDecision.objects.filter(allowed=False).update(debtor=debtor, created_at=local(day, 0, 10))
    write_flows(date(2026, 3, 1), date(2026, 3, 7))
    rows = {(r.day, r.team_id, r.user_id): r for r in QualityDay.objects.all()}
    assert set(rows) == {(day, world.team.pk, xu.pk), (day, None, xu.pk)}
    row = rows[(day, world.team.pk, xu.pk)]
    assert (row.promises_due, row.promises_kept, row.promises_broken) == (3, 1, 2)
    assert (row.complaints, row.corrections, row.care_holds, row.blocked) == (1, 1, 1, 0)
    assert rows[(day, None, xu.pk)].blocked == 1 and row.creditor_id == world.creditor.pk
