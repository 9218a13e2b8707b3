"""The write-back's batches (arrears.strategy.writes): each in a transaction of its own,
at once on PostgreSQL outside a transaction, every row written once."""

from __future__ import annotations

import polars as pl
import pytest
from django.db import connection

from arrears.core.bulk import update_frame
from arrears.portfolio.models import Account
from arrears.strategy.tests.world import add_debtor, build_world
from arrears.strategy.writes import Applied, write_batches


@pytest.mark.django_db(transaction=True)
def test_batches_write_every_row_once_and_keep_the_longest_transaction() -> None:
    world = build_world(collectors=1)
    for n in range(7):
        add_debtor(world, n, dpd=3)
    ids = sorted(Account.objects.values_list("pk", flat=True))
    frame = pl.DataFrame({"id": ids, "bucket": [f"B{n}" for n in range(len(ids))]})
    done = Applied()
    seen: list[int] = []
    backends: set[int] = set()

    def backend() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT 0")
            return int(cursor.fetchone()[0])

    def write(batch: pl.DataFrame) -> int:
        # Each batch in a transaction of its own (on PostgreSQL, on a connection of its own).
        assert connection.in_atomic_block
        seen.extend(batch["id"].to_list())
        backends.add(backend())
        return update_frame(Account._meta.db_table, "id", batch)

    assert write_batches(done, frame, write, batch=2) == len(ids)
    assert sorted(seen) == ids
    assert dict(Account.objects.values_list("pk", "bucket")) == dict(zip(ids, frame["bucket"], strict=True))
    assert done.longest > 0
    if connection.vendor == "postgresql":
        assert backend() not in backends


@pytest.mark.django_db
def test_inside_a_transaction_the_batches_are_savepoints_of_it() -> None:
    from django.db import transaction

    world = build_world(collectors=1)
    add_debtor(world, 1, dpd=3)
    ids = list(Account.objects.values_list("pk", flat=True))
    frame = pl.DataFrame({"id": ids, "bucket": ["Z"] * len(ids)})
    with transaction.atomic():
        write_batches(Applied(), frame, lambda b: update_frame(Account._meta.db_table, "id", b), batch=1)
        transaction.set_rollback(True)
    assert not Account.objects.filter(bucket="Z").exists()  # rolled back with the caller's
