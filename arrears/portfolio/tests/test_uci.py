"""The UCI mapping on the real data: every September status lands in its bucket."""

import csv
from datetime import date
from pathlib import Path

import pytest

from arrears.core.dpd import days_since
from arrears.portfolio.actions import age_accounts
from arrears.portfolio.importing import import_payments, import_portfolio
from arrears.portfolio.models import Account, Creditor
from arrears.portfolio.uci import expected_bucket, read_clients, write_files

UCI = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "UCI_Credit_Card.csv"
REFERENCE = date(2026, 11, 22)
pytestmark = pytest.mark.skipif(not UCI.exists(), reason="the shared UCI data is not beside the checkout")


def sample(tmp_path: Path, per_status: int = 25) -> Path:
    """Up to `per_status` real clients of every September status (-2 .. 8)."""
    taken: dict[str, int] = {}
    path = tmp_path / "uci_sample.csv"
    with (
        UCI.open(newline="", encoding="utf-8") as source,
        path.open("w", newline="", encoding="utf-8") as out,
    ):
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, reader.fieldnames or [])
        writer.writeheader()
        for row in reader:
            if taken.get(row["X6"], 0) < per_status:
                taken[row["X6"]] = taken.get(row["X6"], 0) + 1
                writer.writerow(row)
    return path


def test_the_file_is_the_one_described_in_sources():
    clients = list(read_clients(UCI))
    assert len(clients) == 30_000
    assert clients[0].limit == 20_000 and clients[0].statuses[-1] == 2


@pytest.mark.django_db
def test_aging_reproduces_the_september_repayment_status(tmp_path):
    Creditor.objects.create(
        code="uci-tw", name="UCI", default_currency="TWD", default_time_zone="Asia/Taipei"
    )
    source = sample(tmp_path)
    clients = {f"UCI-{c.id}": c for c in read_clients(source)}
    assert {c.statuses[-1] for c in clients.values()} == set(range(-2, 9))
    portfolio, payments = tmp_path / "p.csv", tmp_path / "y.csv"
    write_files(source, portfolio, payments, REFERENCE, "uci-tw")
    assert import_portfolio(portfolio).bad_rows == 0
    assert import_payments(payments).bad_rows == 0
    age_accounts(REFERENCE)
    got = dict(Account.objects.values_list("external_id", "bucket"))
    assert got == {k: expected_bucket(c.statuses[-1]) for k, c in clients.items()}
    # Late k months: DPD 20 + 30 (k - 1).
    late = Account.objects.get(external_id=next(k for k, c in clients.items() if c.statuses[-1] == 3))
    assert days_since(late.delinquent_since, REFERENCE) == 80
