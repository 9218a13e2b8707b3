"""Two writers of a month's rows at once (the nightly and a rebuild): one after the other.

The month's first night inserts every open account without asking whether each one has a
row (no ON CONFLICT check of each row, arrears.reports.snapshot.write_month); that holds
only if no other writer can add rows between its look and its insert. On PostgreSQL the
writers lock the table against each other (`lock_months`), so the second sees the first's
rows once it commits and writes only what changed.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from arrears.portfolio.models import Account
from arrears.reports.models import AccountMonth
from arrears.reports.snapshot import lock_months, write_month
from arrears.testing.personas import add_debtor, build_world
from arrears.testing.threads import HeldOpen

MARCH = date(2026, 3, 1)


@pytest.mark.django_db(transaction=True)
def test_a_month_written_by_two_at_once_is_written_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    world = build_world(1)
    debtors = [add_debtor(world, n) for n in range(1, 5)]
    failures: list[BaseException] = []

    def rebuild() -> None:
        # A rebuild of the month holds the lock with a row inserted and not yet committed.
        assert lock_months()
        account = Account.objects.filter(debtor=debtors[0]).get()
        AccountMonth.objects.create(
            month=MARCH,
            day=date(2026, 3, 9),
            account_id=account.pk,
            creditor_id=account.creditor_id,
            product=account.product,
            status="open",
            bucket="M9",
            balance=Decimal("1.00"),
            overdue=Decimal("1.00"),
        )

    night: dict[str, int] = {}

    def nightly() -> None:
        try:
            night.update(write_month(date(2026, 3, 10)))
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    with HeldOpen(rebuild) as held:
        second = threading.Thread(target=nightly)
        second.start()
        time.sleep(0.5)
        assert second.is_alive(), "the night's month write must wait for the rebuild's lock"
        held.release()
    second.join(30)
    assert not failures, failures
    # The night found the month started: the rebuild's row updated, the others inserted.
    assert night["account_months_inserted"] == 3
    assert night["account_months_updated"] == 1
    rows = AccountMonth.objects.filter(month=MARCH)
    assert rows.count() == 4
    assert not rows.filter(bucket="M9").exists()
