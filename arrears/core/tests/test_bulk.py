"""Bulk writes: a large PostgreSQL load checks its foreign keys in bulk, and never loses them."""

import polars as pl
import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from arrears.core.bulk import _foreign_keys, foreign_keys_checked_in_bulk, insert_frame
from arrears.portfolio.importing import import_portfolio
from arrears.portfolio.models import Account, Creditor, DueItem
from arrears.portfolio.tests.test_import_portfolio import good_row, write

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the bulk path exists on PostgreSQL only"
)
DUE_ITEMS = DueItem._meta.db_table


def foreign_keys(table: str) -> list[tuple[str, str, str]]:
    return _foreign_keys(table)


def orphan_due_item() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "account_id": [987_654_321],
            "external_id": ["I1"],
            "kind": ["instalment"],
            "due_date": ["2026-01-15"],
            "amount_due": ["10.00"],
        }
    )


@pytest.fixture
def bank(db):
    return Creditor.objects.create(code="bank", name="Bank", default_currency="CNY")


@pytest.mark.django_db
def test_a_small_load_is_checked_row_by_row(settings):
    settings.ARREARS_BULK_LOAD_ROWS = 1_000
    with foreign_keys_checked_in_bulk(DUE_ITEMS, 999) as bulk:
        assert bulk is False


@postgres_only
def test_an_import_in_bulk_keeps_every_foreign_key(bank, tmp_path, settings):
    settings.ARREARS_BULK_LOAD_ROWS = 1
    tables = ["portfolio_debtor", "portfolio_account", DUE_ITEMS, "contacts_person", "contacts_contactpoint"]
    before = {t: foreign_keys(t) for t in tables}
    assert all(before.values())
    with foreign_keys_checked_in_bulk(DUE_ITEMS, 10) as bulk:
        assert bulk is True
        assert foreign_keys(DUE_ITEMS) == []  # dropped for the block...
    assert foreign_keys(DUE_ITEMS) == before[DUE_ITEMS]  # ...and back, as they were

    result = import_portfolio(write(tmp_path / "p.csv", [good_row(n) for n in range(40)]))
    assert result.kept_rows == 40
    assert {t: foreign_keys(t) for t in tables} == before
    assert DueItem.objects.count() == 40
    assert Account.objects.count() == 20


@postgres_only
def test_a_row_that_breaks_a_key_fails_the_bulk_load_and_the_key_stays(bank, settings):
    settings.ARREARS_BULK_LOAD_ROWS = 1
    before = foreign_keys(DUE_ITEMS)
    with pytest.raises(IntegrityError, match="portfolio_account"), transaction.atomic():
        insert_frame(DUE_ITEMS, orphan_due_item())
    assert foreign_keys(DUE_ITEMS) == before
    assert not DueItem.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_table_in_use_elsewhere_is_loaded_row_by_row_without_waiting(settings):
    """Another session reading the accounts holds a lock that dropping the key needs:
    the load does not wait for it (nor queue readers behind it) but checks rows one by one."""
    settings.ARREARS_BULK_LOAD_ROWS = 1
    settings.ARREARS_BULK_LOCK_TIMEOUT_MS = 200
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as other:
        other.execute("SELECT count(*) FROM portfolio_account")  # holds ACCESS SHARE until rollback
        with transaction.atomic(), foreign_keys_checked_in_bulk(DUE_ITEMS, 10) as bulk:
            assert bulk is False
            assert foreign_keys(DUE_ITEMS)
        other.rollback()
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_frame(DUE_ITEMS, orphan_due_item())


def test_instants_written_column_wise_read_back_as_written_one_by_one(db):
    """db_datetime_column gives the database the instant db_datetime gives it, whatever the
    zone and the microseconds; both round-trip through a timestamp column."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from arrears.core.bulk import db_datetime, db_datetime_column, read_frame

    shanghai = ZoneInfo("Asia/Shanghai")
    instants = [
        datetime(2026, 3, 19, 9, 30, tzinfo=UTC),
        datetime(2026, 3, 19, 9, 30, 0, 4500, tzinfo=UTC),
        datetime(2026, 3, 20, 7, 5, 9, 999999, tzinfo=shanghai),
        datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC) + timedelta(microseconds=1),
        None,
    ]
    frame = pl.DataFrame({"at": instants}, schema={"at": pl.Datetime("us", "UTC")})
    column = frame.select(db_datetime_column("at"))["at"].to_list()
    one_by_one = [db_datetime(v) for v in instants]
    assert column[-1] is None and one_by_one[-1] is None
    sql = "SELECT CAST(%s AS " + ("TIMESTAMP)" if connection.vendor == "sqlite" else "TIMESTAMPTZ)")
    schema = {"at": pl.String if connection.vendor == "sqlite" else pl.Datetime("us", "UTC")}
    for a, b in zip(column[:-1], one_by_one[:-1], strict=True):
        assert read_frame(sql, [a], schema=schema).item() == read_frame(sql, [b], schema=schema).item()
    if connection.vendor == "sqlite":
        assert column[:-1] == one_by_one[:-1]  # SQLite compares the text itself
