import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from arrears.contacts.models import ContactPoint, Person
from arrears.portfolio.importing import ImportFileError, import_payments, import_portfolio
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem, Payment

pytestmark = pytest.mark.django_db

HEADER = [
    "creditor",
    "account_id",
    "debtor_id",
    "debtor_name",
    "product",
    "due_id",
    "due_kind",
    "due_date",
    "amount_due",
    "minimum_due",
    "phone",
    "jurisdiction",
]
# Ten kinds of bad row, each with the column it must be reported on.
BAD = [
    ({"amount_due": "12,34.5"}, "amount_due"),
    ({"due_date": "2026-02-30"}, "due_date"),
    ({"product": "mortgage"}, "product"),
    ({"debtor_name": ""}, "debtor_name"),
    ({"due_kind": "bill"}, "due_kind"),
    ({"minimum_due": "-1"}, "minimum_due"),
    ({"jurisdiction": "FR"}, "jurisdiction"),
    ({"creditor": "nobody"}, "creditor"),
    ({"amount_due": "1e5"}, "amount_due"),
    ({"account_id": ""}, "account_id"),
]


@pytest.fixture
def bank(db):
    return Creditor.objects.create(code="bank", name="Bank", default_currency="CNY")


def write(path: Path, rows: list[dict], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def good_row(n: int) -> dict:
    return {
        "creditor": "bank",
        "account_id": f"A{n // 2}",
        "debtor_id": f"D{n // 2}",
        "debtor_name": f"Debtor {n // 2}",
        "product": "consumer_loan",
        "due_id": f"I{n % 2}",
        "due_kind": "instalment",
        "due_date": f"2026-0{1 + n % 2}-15",
        "amount_due": "1,000.50",
        "minimum_due": "",
        "phone": f"1990000{n // 2:04d}",
        "jurisdiction": "CN",
    }


def thousand_rows_with_ten_bad(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    rows, bad_rows = [], {}
    for n in range(1000):
        row = good_row(n)
        if n % 100 == 7:  # rows 9, 109, ... in spreadsheet numbering
            change, column = BAD[n // 100]
            row.update(change)
            bad_rows[n + 2] = column
        rows.append(row)
    return write(tmp_path / "portfolio.csv", rows), bad_rows


def test_it_keeps_990_good_rows_and_reports_the_10_bad_ones(bank, tmp_path):
    path, bad_rows = thousand_rows_with_ten_bad(tmp_path)
    result = import_portfolio(path)
    assert (result.rows, result.kept_rows, result.bad_rows) == (1000, 990, 10)
    assert {e.row: e.column for e in result.errors} == bad_rows
    assert all(e.reason for e in result.errors)
    assert DueItem.objects.count() == 990
    # Ten accounts lost one of their two rows; none lost both.
    assert Account.objects.count() == 500
    assert DueItem.objects.filter(amount_due=Decimal("1000.50")).count() == 990


def test_importing_the_same_file_again_creates_nothing(bank, tmp_path):
    path, _ = thousand_rows_with_ten_bad(tmp_path)
    import_portfolio(path)
    counts = [m.objects.count() for m in (Debtor, Account, DueItem, Person, ContactPoint)]
    again = import_portfolio(path)
    assert [m.objects.count() for m in (Debtor, Account, DueItem, Person, ContactPoint)] == counts
    assert sum(again.created.values()) == 0
    assert sum(again.updated.values()) == 0
    assert again.unchanged == 990


def test_a_changed_amount_is_updated_not_duplicated(bank, tmp_path):
    rows = [good_row(0), good_row(1)]
    import_portfolio(write(tmp_path / "a.csv", rows))
    rows[1]["amount_due"] = "999"
    result = import_portfolio(write(tmp_path / "b.csv", rows))
    assert result.updated["due_items"] == 1
    assert DueItem.objects.get(external_id="I1").amount_due == Decimal("999.00")
    assert DueItem.objects.count() == 2


def test_rows_that_disagree_about_one_account_are_reported(bank, tmp_path):
    first, second = good_row(0), good_row(1)
    second["debtor_id"] = "SOMEONE-ELSE"
    result = import_portfolio(write(tmp_path / "p.csv", [first, second]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "account_id")]
    assert "debtor_id" in result.errors[0].reason


def test_a_repeated_due_item_is_reported_as_a_duplicate(bank, tmp_path):
    result = import_portfolio(write(tmp_path / "p.csv", [good_row(0), good_row(0)]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "due_id")]
    assert "2" in result.errors[0].reason


def test_a_missing_required_column_fails_the_whole_file_clearly(bank, tmp_path):
    path = write(tmp_path / "p.csv", [{"account_id": "A"}], header=["account_id"])
    with pytest.raises(ImportFileError, match="debtor_id"):
        import_portfolio(path)


def test_other_column_names_are_read_through_a_mapping(bank, tmp_path):
    row = good_row(0)
    row["Loan No"] = row.pop("account_id")
    path = write(tmp_path / "p.csv", [row], header=[h if h != "account_id" else "Loan No" for h in HEADER])
    result = import_portfolio(path, mapping={"Loan No": "account_id"})
    assert result.kept_rows == 1
    assert Account.objects.get().external_id == "A0"


def test_an_xlsx_file_imports_like_a_csv(bank, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    row = good_row(0)
    sheet.append([row[h] if h != "amount_due" else 1000.5 for h in HEADER])
    book.save(tmp_path / "p.xlsx")
    result = import_portfolio(tmp_path / "p.xlsx")
    assert result.kept_rows == 1
    assert DueItem.objects.get().amount_due == Decimal("1000.50")


def test_the_debtors_own_phone_becomes_a_contact_point_of_the_self_person(bank, tmp_path):
    import_portfolio(write(tmp_path / "p.csv", [good_row(0)]))
    point = ContactPoint.objects.get()
    assert (point.person.relationship, point.kind, point.value, point.source) == (
        "self",
        "phone",
        "+8619900000000",  # E.164, read in the debtor's country (CN)
        "bank_system",
    )


def test_a_debtor_without_a_profile_gets_the_strictest_one(bank, tmp_path):
    row = good_row(0)
    row["jurisdiction"] = ""
    row["phone"] = "+86 199 0000 0000"  # GLOBAL-STRICT has no country: the number carries its own
    import_portfolio(write(tmp_path / "p.csv", [row]))
    assert Debtor.objects.get().jurisdiction == "GLOBAL-STRICT"


def test_payments_import_is_idempotent_and_reports_unknown_accounts(bank, tmp_path):
    import_portfolio(write(tmp_path / "p.csv", [good_row(0), good_row(1)]))
    header = ["creditor", "account_id", "payment_id", "amount", "paid_at", "channel"]
    rows = [
        {
            "creditor": "bank",
            "account_id": "A0",
            "payment_id": "P1",
            "amount": "1000.50",
            "paid_at": "2026-01-14",
            "channel": "alipay",
        },
        {
            "creditor": "bank",
            "account_id": "A0",
            "payment_id": "P2",
            "amount": "5",
            "paid_at": "2026-01-20T09:30:00+08:00",
            "channel": "",
        },
        {
            "creditor": "bank",
            "account_id": "NOPE",
            "payment_id": "P3",
            "amount": "5",
            "paid_at": "2026-01-20",
            "channel": "",
        },
        {
            "creditor": "bank",
            "account_id": "A0",
            "payment_id": "P4",
            "amount": "0",
            "paid_at": "2026-01-20",
            "channel": "",
        },
        {
            "creditor": "bank",
            "account_id": "A0",
            "payment_id": "P5",
            "amount": "5",
            "paid_at": "yesterday",
            "channel": "",
        },
    ]
    path = write(tmp_path / "pay.csv", rows, header)
    first = import_payments(path)
    assert first.created["payments"] == 2
    assert sorted((e.row, e.column) for e in first.errors) == [
        (4, "account_id"),
        (5, "amount"),
        (6, "paid_at"),
    ]
    second = import_payments(path)
    assert second.created["payments"] == 0 and second.unchanged == 2
    assert Payment.objects.count() == 2
    p2 = Payment.objects.get(external_id="P2")
    assert p2.paid_at.isoformat() == "2026-01-20T01:30:00+00:00"
    # A date alone is noon in the creditor's zone (Asia/Shanghai): 04:00 UTC.
    assert Payment.objects.get(external_id="P1").paid_at.isoformat() == "2026-01-14T04:00:00+00:00"


def test_the_command_writes_an_error_report_and_ages_the_accounts(bank, tmp_path, capsys):
    path, _ = thousand_rows_with_ten_bad(tmp_path)
    call_command("import_portfolio", str(path), "--lang", "en", verbosity=0)
    out = capsys.readouterr().out
    assert "kept 990, rejected 10" in out
    with (tmp_path / "portfolio.csv.errors.csv").open(encoding="utf-8-sig") as handle:
        report = list(csv.DictReader(handle))
    assert len(report) == 10 and {"row", "column", "value", "reason"} <= set(report[0])
    assert Account.objects.exclude(aged_on=None).count() == 500
