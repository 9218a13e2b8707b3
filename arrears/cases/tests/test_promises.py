"""Promises and payment plans through the nightly run: kept, partly kept, broken."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.utils import translation

from arrears.activity.actions import verify_all
from arrears.activity.models import Event, Kind
from arrears.cases import actions
from arrears.cases.models import Case, NextAction, PaymentPlan, Promise, Task
from arrears.portfolio.models import Account, Debtor, Payment
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import ON, World, add_debtor, build_case_world, local, open_case, pay

pytestmark = pytest.mark.django_db


def import_payments(tmp_path: Path, rows: list[dict[str, str]]) -> str:
    path = tmp_path / "payments.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, ["creditor", "account_id", "payment_id", "amount", "paid_at", "channel"]
        )
        writer.writeheader()
        writer.writerows(rows)
    out = io.StringIO()
    # --lang activates English for the thread: put the test's language back afterwards.
    with translation.override(translation.get_language()):
        call_command("import_payments", str(path), "--no-age", "--lang", "en", stdout=out, verbosity=0)
    return out.getvalue()


@pytest.fixture
def world() -> World:
    return build_case_world()


@pytest.fixture
def debtor(world: World) -> Debtor:
    debtor = add_debtor(world, 1)
    run_nightly(ON)
    return debtor


@pytest.fixture
def case(debtor: Debtor) -> Case:
    return open_case(debtor)


def promise_of(
    case: Case, world: World, amount: str = "1000.00", due_in: int = 2, over_balance_reason: str = ""
) -> Promise:
    return actions.make_promise(
        case,
        world.collectors[0],
        amount=Decimal(amount),
        due_on=ON + timedelta(days=due_in),
        at=local(ON, 11),
        note="答应周三还一千",
        over_balance_reason=over_balance_reason,
    )


M = TypeVar("M", bound=Model)


def reload(obj: M) -> M:
    obj.refresh_from_db()
    return obj


# -- acceptance ---------------------------------------------------------------------------------


def test_a_promise_paid_on_its_day_is_kept(world: World, case: Case, tmp_path: Path) -> None:
    """Acceptance: a payment imported on the promised day keeps the promise."""
    promise = promise_of(case, world)
    due = promise.due_on
    assert (promise.status, promise.counts_from) == (Promise.Status.OPEN, ON)
    assert reload(case).next_action == NextAction.CHECK_PROMISE
    assert case.next_action_on == due
    report = import_payments(
        tmp_path,
        [
            {
                "creditor": "bank",
                "account_id": "A1",
                "payment_id": "PAY-1",
                "amount": "1,000.00",
                # Late in the evening, local time: still the promised day in Shanghai.
                "paid_at": f"{due.isoformat()} 23:30",
                "channel": "alipay",
            }
        ],
    )
    assert "Created: payments 1." in report
    assert Payment.objects.get().paid_at == local(due, 23, 30)
    run_nightly(due)
    promise = reload(promise)
    assert (promise.status, promise.paid, promise.checked_on) == (
        Promise.Status.KEPT,
        Decimal("1000.00"),
        due,
    )
    assert not Task.objects.filter(case=case, kind=Task.Kind.BROKEN_PROMISE).exists()
    checked = Event.objects.filter(case=case, kind=Kind.PROMISE_CHECKED).get()
    assert checked.data["status"] == "kept" and checked.data["promise"] == str(promise.public_id)
    # A later run leaves a kept promise alone.
    run_nightly(due + timedelta(days=1))
    assert reload(promise).status == Promise.Status.KEPT
    assert Event.objects.filter(case=case, kind=Kind.PROMISE_CHECKED).count() == 1
    assert list(verify_all()) == []


def test_a_promise_without_payment_is_broken_the_day_after(world: World, tmp_path: Path) -> None:
    """Acceptance: no payment by the promised day breaks the promise the next night: a
    follow-up task, the broken-promise action, and a higher priority than an identical
    case without a broken promise."""
    promised, twin = add_debtor(world, 1), add_debtor(world, 2)
    run_nightly(ON)
    case, twin_case = open_case(promised), open_case(twin)
    promise = promise_of(case, world)
    due = promise.due_on

    run_nightly(due)  # the promised day itself: still open, the debtor may pay that day
    assert reload(promise).status == Promise.Status.OPEN
    assert reload(case).next_action == NextAction.CHECK_PROMISE

    after = due + timedelta(days=1)
    run_nightly(after)
    promise = reload(promise)
    assert (promise.status, promise.paid, promise.checked_on) == (Promise.Status.BROKEN, Decimal(0), after)
    task = Task.objects.get(case=case, kind=Task.Kind.BROKEN_PROMISE)
    assert (task.status, task.due_on, task.promise, task.assigned_to) == (
        Task.Status.OPEN,
        after,
        promise,
        case.owner,
    )
    case, twin_case = reload(case), reload(twin_case)
    assert case.next_action == NextAction.BROKEN_PROMISE
    assert case.next_action_on == after
    assert (case.days_past_due, case.overdue_amount) == (twin_case.days_past_due, twin_case.overdue_amount)
    assert twin_case.next_action != NextAction.BROKEN_PROMISE
    assert case.priority > twin_case.priority > 0
    kinds = list(Event.objects.filter(case=case).values_list("kind", flat=True))
    assert Kind.PROMISE_CHECKED in kinds and Kind.TASK_OPENED in kinds
    # The events name what they announce, as the case page and the evidence pack read them.
    opened = [e.data.get("task") for e in Event.objects.filter(case=case, kind=Kind.TASK_OPENED)]
    assert str(task.public_id) in opened
    checked = Event.objects.filter(case=case, kind=Kind.PROMISE_CHECKED).latest("seq")
    assert checked.data == {
        "promise": str(promise.public_id),
        "status": "broken",
        "paid": "0.00",
        "on": after.isoformat(),
        "amount": str(promise.amount),
        "due_on": due.isoformat(),
    }
    assert task.note == f"{promise.amount} due {due}: broken, paid 0.00"
    # The follow-up is opened once, however many nights pass.
    run_nightly(after + timedelta(days=1))
    assert Task.objects.filter(case=case, kind=Task.Kind.BROKEN_PROMISE).count() == 1
    assert list(verify_all()) == []


# -- the rest of the rule ------------------------------------------------------------------------


def test_a_promise_paid_in_part_is_partly_kept(world: World, case: Case) -> None:
    promise = promise_of(case, world)
    due = promise.due_on
    pay(case.debtor, Decimal("400.00"), local(due, 9))
    run_nightly(due)
    assert reload(promise).status == Promise.Status.OPEN  # not yet: the day is not over
    run_nightly(due + timedelta(days=1))
    promise = reload(promise)
    assert (promise.status, promise.paid) == (Promise.Status.PARTLY_KEPT, Decimal("400.00"))
    assert Task.objects.filter(case=case, kind=Task.Kind.BROKEN_PROMISE, promise=promise).exists()
    assert reload(case).next_action == NextAction.BROKEN_PROMISE


def test_a_promise_is_kept_as_soon_as_the_amount_is_in(world: World, case: Case) -> None:
    promise = promise_of(case, world)
    pay(case.debtor, Decimal("600.00"), local(ON, 15), "P1")
    pay(case.debtor, Decimal("400.00"), local(ON + timedelta(days=1), 15), "P2")
    run_nightly(ON + timedelta(days=1))
    promise = reload(promise)
    assert (promise.status, promise.paid) == (Promise.Status.KEPT, Decimal("1000.00"))


def test_payments_before_the_promise_do_not_count(world: World, case: Case) -> None:
    promise = promise_of(case, world)
    assert promise.counts_from == ON
    # 23:30 the evening before the promise in Shanghai (15:30 UTC): before counts_from.
    pay(case.debtor, Decimal("1000.00"), local(ON - timedelta(days=1), 23, 30), "EARLY")
    run_nightly(promise.due_on + timedelta(days=1))
    promise = reload(promise)
    assert (promise.status, promise.paid) == (Promise.Status.BROKEN, Decimal(0))


def test_a_payment_on_the_promise_day_counts_whatever_the_hour(world: World, case: Case) -> None:
    promise = promise_of(case, world)
    # 00:30 in Shanghai on the day the promise was made is still the previous day in UTC.
    pay(case.debtor, Decimal("1000.00"), local(ON, 0, 30), "EARLY-MORNING")
    run_nightly(promise.due_on + timedelta(days=1))
    assert reload(promise).status == Promise.Status.KEPT


def test_payments_after_the_due_date_do_not_count(world: World, case: Case) -> None:
    promise = promise_of(case, world)
    late = promise.due_on + timedelta(days=1)
    pay(case.debtor, Decimal("1000.00"), local(late, 9), "LATE")
    run_nightly(late)
    promise = reload(promise)
    assert (promise.status, promise.paid) == (Promise.Status.BROKEN, Decimal(0))


def test_a_plan_with_an_unpaid_second_instalment_is_broken(world: World, case: Case) -> None:
    first_due, second_due = ON + timedelta(days=3), ON + timedelta(days=10)
    plan = actions.make_plan(
        case,
        world.collectors[0],
        [(first_due, Decimal("500.00")), (second_due, Decimal("500.00"))],
        at=local(ON, 11),
    )
    first, second = plan.instalments.order_by("instalment")
    assert (first.counts_from, first.due_on) == (ON, first_due)
    assert (second.counts_from, second.due_on) == (first_due + timedelta(days=1), second_due)
    assert Event.objects.filter(case=case, kind=Kind.PLAN_MADE).count() == 1

    pay(case.debtor, Decimal("500.00"), local(first_due, 14))
    run_nightly(first_due)
    assert reload(first).status == Promise.Status.KEPT
    assert reload(second).status == Promise.Status.OPEN
    assert reload(plan).status == PaymentPlan.Status.ACTIVE
    assert reload(case).next_action == NextAction.CHECK_PROMISE
    assert case.next_action_on == second_due

    run_nightly(second_due + timedelta(days=1))
    second = reload(second)
    assert (second.status, second.paid) == (Promise.Status.BROKEN, Decimal(0))
    assert reload(first).status == Promise.Status.KEPT
    assert reload(plan).status == PaymentPlan.Status.BROKEN
    assert Task.objects.filter(case=case, kind=Task.Kind.BROKEN_PROMISE, promise=second).exists()
    assert reload(case).next_action == NextAction.BROKEN_PROMISE


def test_a_plan_paid_in_full_is_completed(world: World, case: Case) -> None:
    first_due, second_due = ON + timedelta(days=3), ON + timedelta(days=10)
    plan = actions.make_plan(
        case,
        world.collectors[0],
        [(first_due, Decimal("500.00")), (second_due, Decimal("500.00"))],
        at=local(ON, 11),
    )
    pay(case.debtor, Decimal("500.00"), local(first_due, 14), "P1")
    pay(case.debtor, Decimal("500.00"), local(second_due, 14), "P2")
    run_nightly(second_due)
    assert set(plan.instalments.values_list("status", flat=True)) == {Promise.Status.KEPT}
    assert reload(plan).status == PaymentPlan.Status.COMPLETED


def test_a_payment_counts_towards_one_instalment_only(world: World, case: Case) -> None:
    first_due, second_due = ON + timedelta(days=3), ON + timedelta(days=10)
    plan = actions.make_plan(
        case,
        world.collectors[0],
        [(first_due, Decimal("500.00")), (second_due, Decimal("500.00"))],
        at=local(ON, 11),
    )
    # Enough for both instalments, but paid in the first one's window only.
    pay(case.debtor, Decimal("1000.00"), local(first_due, 14))
    run_nightly(second_due + timedelta(days=1))
    first, second = plan.instalments.order_by("instalment")
    assert (first.status, first.paid) == (Promise.Status.KEPT, Decimal("1000.00"))
    assert (second.status, second.paid) == (Promise.Status.BROKEN, Decimal(0))
    assert reload(plan).status == PaymentPlan.Status.BROKEN


def test_promises_are_checked_against_every_account_of_the_debtor(world: World, case: Case) -> None:
    other = Account.objects.create(
        creditor=world.creditor,
        debtor=case.debtor,
        external_id="A1-card",
        product=Account.Product.CREDIT_CARD,
    )
    promise = promise_of(case, world)
    Payment.objects.create(account=other, external_id="P1", amount=Decimal("1000.00"), paid_at=local(ON, 16))
    run_nightly(ON + timedelta(days=1))
    assert reload(promise).status == Promise.Status.KEPT


def test_a_promise_cannot_fall_due_in_the_past(world: World, case: Case) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.make_promise(
            case, world.collectors[0], amount=Decimal("10.00"), due_on=ON - timedelta(days=1), at=local(ON)
        )
    with pytest.raises(ValidationError):
        actions.make_promise(case, world.collectors[0], amount=Decimal("0.00"), due_on=ON, at=local(ON))


def test_a_debtor_cured_after_breaking_a_promise_gets_no_follow_up(world: World, case: Case) -> None:
    promise = promise_of(case, world)
    late = promise.due_on + timedelta(days=1)
    pay(case.debtor, Decimal("5000.00"), local(late, 9), "LATE")  # everything, but late
    run_nightly(late)
    assert reload(case).status == Case.Status.CLOSED
    promise = reload(promise)
    assert (promise.status, promise.paid) == (Promise.Status.BROKEN, Decimal(0))
    assert Event.objects.filter(case=case, kind=Kind.PROMISE_CHECKED).count() == 1
    assert not Task.objects.filter(case=case, status=Task.Status.OPEN).exists()
    assert not Event.objects.filter(case=case, kind=Kind.TASK_OPENED).exists()


def test_a_case_cured_before_the_promise_falls_due_cancels_it(world: World, case: Case) -> None:
    # More than the CNY 5,000.00 owed: the collector says why.
    promise = promise_of(case, world, amount="6000.00", due_in=5, over_balance_reason="与下月账单一并还清")
    cured = ON + timedelta(days=1)
    pay(case.debtor, Decimal("5000.00"), local(cured, 9))  # the arrears, not the promised sum
    run_nightly(cured)
    assert reload(case).status == Case.Status.CLOSED
    assert reload(promise).status == Promise.Status.CANCELLED
    run_nightly(promise.due_on + timedelta(days=1))
    assert reload(promise).status == Promise.Status.CANCELLED
    assert not Task.objects.filter(case=case, status=Task.Status.OPEN).exists()


def test_a_promise_kept_by_the_payment_that_cures_the_case_stays_kept(world: World, case: Case) -> None:
    promise = promise_of(case, world)
    pay(case.debtor, Decimal("5000.00"), local(promise.due_on, 9))
    run_nightly(promise.due_on)
    assert reload(case).status == Case.Status.CLOSED
    promise = reload(promise)
    assert (promise.status, promise.paid) == (Promise.Status.KEPT, Decimal("5000.00"))
