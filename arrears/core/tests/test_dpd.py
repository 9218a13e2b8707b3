"""Days past due derived from the day a debt fell behind (arrears.core.dpd)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from arrears.core.dpd import at_least, at_most, days_since, since_for, worst_first
from arrears.portfolio.models import Account, Creditor, Debtor

ON = date(2026, 3, 16)


def test_days_since_and_since_for_are_inverse() -> None:
    assert days_since(None, ON) == 0
    assert days_since(ON - timedelta(days=31), ON) == 31
    assert days_since(ON + timedelta(days=2), ON) == 0  # not yet behind
    assert since_for(0, ON) is None and since_for(None, ON) is None
    assert days_since(since_for(45, ON), ON) == 45


@pytest.mark.django_db
def test_filters_and_order_read_the_days_on_the_day() -> None:
    bank = Creditor.objects.create(code="bank", name="Bank")
    debtor = Debtor.objects.create(creditor=bank, external_id="D1", name="D", jurisdiction="CN")
    accounts = {
        dpd: Account.objects.create(
            creditor=bank,
            debtor=debtor,
            external_id=f"A{dpd}",
            product="consumer_loan",
            delinquent_since=since_for(dpd, ON),
            balance=Decimal("1.00"),
        )
        for dpd in (0, 1, 30, 31, 90)
    }

    def dpds(q: object) -> set[int]:
        ids = set(Account.objects.filter(q).values_list("pk", flat=True))
        return {dpd for dpd, a in accounts.items() if a.pk in ids}

    assert dpds(at_least("delinquent_since", 31, ON)) == {31, 90}
    assert dpds(at_least("delinquent_since", 0, ON)) == {0, 1, 30, 31, 90}
    assert dpds(at_most("delinquent_since", 30, ON)) == {0, 1, 30}
    assert dpds(at_least("delinquent_since", 1, ON) & at_most("delinquent_since", 31, ON)) == {1, 30, 31}
    # A rule or filter of more days than a date can go back: nothing that far behind, not an error.
    assert dpds(at_least("delinquent_since", 2**31 - 1, ON)) == set()
    assert dpds(at_most("delinquent_since", 2**31 - 1, ON)) == {0, 1, 30, 31, 90}
    ordered = list(Account.objects.order_by(worst_first(), "pk").values_list("external_id", flat=True))
    assert ordered == ["A90", "A31", "A30", "A1", "A0"]
    # Nothing is rewritten as the days go by: the same row reads one more day a day later.
    with time_machine.travel(ON, tick=False):
        assert Account.objects.get(external_id="A30").days_past_due == 30
    with time_machine.travel(ON + timedelta(days=1), tick=False):
        assert Account.objects.get(external_id="A30").days_past_due == 31
        assert Account(delinquent_since=None).days_past_due == 0
        account = Account()
        account.days_past_due = 5  # "5 days past due today"
        assert account.delinquent_since == ON + timedelta(days=1) - timedelta(days=5)
