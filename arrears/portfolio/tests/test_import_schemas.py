"""Rows read back from the database have fixed types: a creditor whose first accounts have no
credit limit stays importable (nothing is guessed from the first 100 rows)."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from arrears.core.bulk import read_frame, read_frame_in
from arrears.portfolio.importing import import_payments, import_portfolio
from arrears.portfolio.models import Account, Creditor, DueItem, Payment

pytestmark = pytest.mark.django_db

HEADER = [
    "creditor",
    "account_id",
    "debtor_id",
    "debtor_name",
    "product",
    "credit_limit",
    "opened_on",
    "due_id",
    "due_kind",
    "statement_date",
    "due_date",
    "amount_due",
    "minimum_due",
]


@pytest.fixture
def bank(db):
    return Creditor.objects.create(code="bank", name="Bank", default_currency="CNY")


def row(n: int, *, with_values: bool) -> dict[str, str]:
    """Account n; `with_values` gives it a credit limit, an opening date and a card
    statement with a minimum due, which the first accounts lack."""
    return {
        "creditor": "bank",
        "account_id": f"A{n:04d}",
        "debtor_id": f"D{n:04d}",
        "debtor_name": f"Debtor {n}",
        "product": "credit_card" if with_values else "consumer_loan",
        "credit_limit": "5000" if with_values else "",
        "opened_on": "2024-03-01" if with_values else "",
        "due_id": "S1",
        "due_kind": "statement" if with_values else "instalment",
        "statement_date": "2026-01-05" if with_values else "",
        "due_date": "2026-01-25",
        "amount_due": "1200.00",
        "minimum_due": "120.00" if with_values else "",
    }


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_creditor_whose_first_accounts_have_no_limit_stays_importable(bank, tmp_path):
    # 150 accounts without a limit, opening date or minimum due, stored first (lower ids).
    empty = [row(n, with_values=False) for n in range(150)]
    assert import_portfolio(write(tmp_path / "first.csv", empty)).kept_rows == 150
    # Then accounts that have them: in the database they come after the 150 empty ones.
    full = empty + [row(n, with_values=True) for n in range(150, 200)]
    second = import_portfolio(write(tmp_path / "second.csv", full))
    assert (second.created["accounts"], second.errors) == (50, [])

    # Importing the same file again changes nothing (it raised ComputeError before).
    again = import_portfolio(tmp_path / "second.csv")
    assert again.errors == []
    assert sum(again.created.values()) + sum(again.updated.values()) == 0
    assert again.unchanged == 200

    # A third file: a changed limit and minimum are updated, an empty cell erases nothing.
    changed = [*empty, *(row(n, with_values=True) for n in range(150, 200))]
    changed[160]["credit_limit"] = "8000.50"
    changed[170]["minimum_due"] = "99.99"
    changed[180]["opened_on"] = ""
    third = import_portfolio(write(tmp_path / "third.csv", changed))
    assert third.errors == []
    assert (third.updated["accounts"], third.updated["due_items"]) == (1, 1)
    assert Account.objects.get(external_id="A0160").credit_limit == Decimal("8000.50")
    assert DueItem.objects.get(account__external_id="A0170").minimum_due == Decimal("99.99")
    assert Account.objects.get(external_id="A0180").opened_on == date(2024, 3, 1)
    assert Account.objects.filter(credit_limit=None).count() == 150


def test_payments_are_compared_with_what_is_stored_whatever_came_first(bank, tmp_path):
    import_portfolio(write(tmp_path / "p.csv", [row(0, with_values=True)]))
    header = ["creditor", "account_id", "payment_id", "amount", "paid_at", "channel", "reference"]
    payments = [
        {
            "creditor": "bank",
            "account_id": "A0000",
            "payment_id": f"P{n:03d}",
            "amount": "10",
            "paid_at": "2026-01-20T09:30:00+08:00",
            "channel": "" if n < 120 else "alipay",
            "reference": "" if n < 120 else f"R{n}",
        }
        for n in range(150)
    ]
    path = tmp_path / "pay.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(payments)
    assert import_payments(path).created["payments"] == 150
    again = import_payments(path)
    assert (again.created["payments"], again.updated["payments"], again.unchanged) == (0, 0, 150)
    assert Payment.objects.exclude(reference="").count() == 30


def test_a_read_names_the_type_of_every_column(bank):
    with pytest.raises(TypeError, match="credit_limit"):
        read_frame(
            "SELECT id, credit_limit FROM portfolio_account",
            schema={"id": pl.Int64, "credit_limit": None},  # type: ignore[dict-item]
        )


def test_a_column_null_in_its_first_hundred_rows_is_read_with_its_type(bank):
    debtor = bank.debtors.create(external_id="D", name="D")
    Account.objects.bulk_create(
        Account(
            creditor=bank,
            debtor=debtor,
            external_id=f"A{n:04d}",
            product="other",
            currency="CNY",
            credit_limit=None if n < 150 else Decimal("12.34"),
        )
        for n in range(200)
    )
    ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
    frame = read_frame_in(
        "SELECT id, CAST(ROUND(credit_limit * 100) AS BIGINT) FROM portfolio_account WHERE {in} ORDER BY id",
        "id",
        ids,
        schema={"id": pl.Int64, "limit": pl.Int64},
    )
    assert frame.schema == pl.Schema({"id": pl.Int64, "limit": pl.Int64})
    assert frame["limit"].null_count() == 150 and frame["limit"].drop_nulls().unique().to_list() == [1234]
