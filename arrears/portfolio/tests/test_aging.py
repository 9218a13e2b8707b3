from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.portfolio.aging import Due, Paid, age, allocate, bucket_for, parse_bounds

D = Decimal
ON = date(2026, 3, 1)


def test_an_unpaid_item_due_yesterday_is_one_day_past_due():
    result = age([Due(date(2026, 2, 28), D(100))], [], ON)
    assert (result.days_past_due, result.bucket, result.overdue_amount) == (1, "M1", D(100))


def test_an_item_due_today_is_not_yet_past_due():
    assert age([Due(ON, D(100))], [], ON).days_past_due == 0


def test_payments_go_to_the_oldest_item_first():
    dues = [Due(date(2026, 1, 1), D(100), key="a"), Due(date(2026, 2, 1), D(100), key="b")]
    result = age(dues, [Paid(date(2026, 2, 20), D(100))], ON)
    # The January item is covered, February's is not: DPD counts from 1 February.
    assert result.days_past_due == 28
    assert result.overdue_amount == D(100)


def test_a_partial_payment_leaves_the_item_past_due():
    result = age([Due(date(2026, 1, 1), D(100))], [Paid(date(2026, 1, 5), D(99.99).quantize(D("0.01")))], ON)
    assert result.days_past_due == 59
    assert result.overdue_amount == D("0.01")


def test_a_card_statement_needs_only_its_minimum():
    statement = Due(
        date(2026, 2, 1), D(5000), minimum=D(500), statement_date=date(2026, 1, 10), is_statement=True
    )
    result = age([statement], [Paid(date(2026, 1, 30), D(500))], ON)
    assert result.days_past_due == 0
    # Balance: the statement's balance less what was paid after the statement date.
    assert result.balance == D(4500)


def test_payments_after_the_aging_date_do_not_count():
    result = age([Due(date(2026, 2, 1), D(100))], [Paid(date(2026, 3, 2), D(100))], ON)
    assert result.days_past_due == 28


def test_instalment_balance_is_what_is_owed_less_what_is_paid():
    dues = [Due(date(2026, 1, 1), D(100)), Due(date(2026, 4, 1), D(100))]
    assert age(dues, [Paid(date(2026, 1, 1), D(30))], ON).balance == D(170)


@pytest.mark.parametrize(
    ("dpd", "bucket"),
    [
        (0, "M0"),
        (1, "M1"),
        (30, "M1"),
        (31, "M2"),
        (60, "M2"),
        (61, "M3"),
        (150, "M5"),
        (151, "M6"),
        (180, "M6"),
        (181, "M7+"),
        (2000, "M7+"),
    ],
)
def test_buckets(dpd, bucket):
    assert bucket_for(dpd) == bucket


def test_bucket_bounds_are_configurable_and_checked():
    assert bucket_for(10, parse_bounds(["0", "7", "30"])) == "M2"
    with pytest.raises(ValueError, match="increase"):
        parse_bounds(["0", "30", "30"])


money = st.decimals(min_value=0, max_value=100_000, places=2)
day = st.integers(min_value=-400, max_value=30).map(lambda n: ON + timedelta(days=n))
dues_st = st.lists(st.builds(Due, due_date=day, amount=money, key=st.text(max_size=3)), max_size=8)
paid_st = st.lists(st.builds(Paid, paid_on=day, amount=money), max_size=8)


@given(dues_st, paid_st)
def test_paying_everything_gives_zero_dpd(dues, payments):
    owed = sum((d.required for d in dues), Decimal(0))
    everything = [*payments, Paid(ON, owed)]
    assert age(dues, everything, ON).days_past_due == 0


@given(dues_st, paid_st, st.builds(Paid, paid_on=day, amount=money))
def test_a_payment_never_raises_dpd(dues, payments, extra):
    assert age(dues, [*payments, extra], ON).days_past_due <= age(dues, payments, ON).days_past_due


@given(dues_st, paid_st, st.randoms())
def test_import_order_does_not_matter(dues, payments, rnd):
    shuffled_dues, shuffled_paid = dues[:], payments[:]
    rnd.shuffle(shuffled_dues)
    rnd.shuffle(shuffled_paid)
    a, b = age(dues, payments, ON), age(shuffled_dues, shuffled_paid, ON)
    assert (a.days_past_due, a.overdue_amount) == (b.days_past_due, b.overdue_amount)


@given(dues_st, paid_st)
def test_the_item_by_item_allocation_adds_up_to_the_aging(dues, payments):
    # The dossier prints `allocate`; it must say what `age` computes.
    rows = allocate(dues, payments, ON)
    aging = age(dues, payments, ON)
    assert sum((r.remaining for r in rows if r.past_due), Decimal(0)) == aging.overdue_amount
    assert max((r.days_past_due for r in rows), default=0) == aging.days_past_due
    spent = sum((amount for r in rows for _i, amount in r.taken), Decimal(0))
    assert spent <= sum((p.amount for p in payments if p.paid_on <= ON), Decimal(0))


def test_the_allocation_names_the_payments_oldest_first():
    dues = [
        Due(ON - timedelta(days=40), Decimal(100), key="a"),
        Due(ON - timedelta(days=10), Decimal(100), key="b"),
    ]
    paid = [Paid(ON - timedelta(days=5), Decimal(30)), Paid(ON - timedelta(days=20), Decimal(120))]
    first, second = allocate(dues, paid, ON)
    assert first.taken == ((1, Decimal(100)),) and first.remaining == 0 and first.days_past_due == 0
    assert second.taken == ((1, Decimal(20)), (0, Decimal(30))) and second.remaining == Decimal(50)
    assert second.days_past_due == 10
