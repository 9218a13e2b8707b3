"""Files as they come from banks: encodings, full-width digits, damaged workbooks, formulas;
and the error report, which must not run what a bad cell held."""

from __future__ import annotations

import csv
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from arrears.contacts.models import ContactPoint
from arrears.portfolio.importing import ImportFileError, import_payments, import_portfolio
from arrears.portfolio.importing.portfolio import COLUMNS as PORTFOLIO_COLUMNS
from arrears.portfolio.models import Creditor, Debtor, DueItem, Payment
from arrears.portfolio.tests.test_import_portfolio import HEADER, good_row, write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The reasons are asserted in English (the project's default language is zh-hans)."""
    with translation.override("en"):
        yield


@pytest.fixture
def bank(db):
    return Creditor.objects.create(code="bank", name="Bank", default_currency="CNY")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_error_report_does_not_run_a_bad_cell_as_a_formula(bank, tmp_path, suffix):
    bad = good_row(0)
    bad["amount_due"] = "=1+1"
    bad["due_date"] = "@SUM(A1)"
    result = import_portfolio(write(tmp_path / "p.csv", [bad, good_row(1)]))
    assert {(e.column, e.value) for e in result.errors} == {("amount_due", "=1+1"), ("due_date", "@SUM(A1)")}

    report = tmp_path / f"errors.{suffix}"
    result.write_errors(report)
    if suffix == "csv":
        with report.open(encoding="utf-8-sig") as handle:
            values = {r["column"]: r["value"] for r in csv.DictReader(handle)}
    else:
        sheet = load_workbook(report).active
        assert sheet is not None
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        values = {r[1]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values == {"amount_due": "'=1+1", "due_date": "'@SUM(A1)"}


# --- encodings ----------------------------------------------------------------------------


def csv_bytes(rows: list[dict], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def chinese_rows() -> list[dict]:
    rows = [good_row(0), good_row(1), good_row(2)]
    rows[0]["debtor_name"] = rows[1]["debtor_name"] = "张伟（测试）"
    rows[2]["debtor_name"] = "李娜"
    return rows


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_a_gbk_file_from_a_chinese_bank_is_read_as_chinese(bank, tmp_path, codec):
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(chinese_rows()).encode(codec))
    result = import_portfolio(path)
    assert result.errors == [] and result.kept_rows == 3
    assert sorted(Debtor.objects.values_list("name", flat=True)) == ["张伟（测试）", "李娜"]


def test_a_utf8_file_with_a_byte_order_mark_is_read_as_utf8(bank, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(chinese_rows()).encode("utf-8-sig"))
    assert import_portfolio(path).kept_rows == 3
    assert Debtor.objects.filter(name="李娜").exists()


def test_a_file_in_another_code_page_is_refused_with_the_option_to_name_it(bank, tmp_path, capsys):
    rows = [good_row(0), good_row(1)]
    rows[0]["debtor_name"] = rows[1]["debtor_name"] = "Müller Séverine"
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(rows).encode("cp1252"))
    with pytest.raises(ImportFileError, match="--encoding"):
        import_portfolio(path)
    assert Debtor.objects.count() == 0  # nothing stored as mojibake

    with pytest.raises(CommandError, match="--encoding"):
        call_command("import_portfolio", str(path), "--lang", "en", "--no-age", verbosity=0)
    call_command(
        "import_portfolio", str(path), "--encoding", "cp1252", "--lang", "en", "--no-age", verbosity=0
    )
    assert Debtor.objects.get().name == "Müller Séverine"


def test_a_wrong_encoding_option_is_a_clear_error(bank, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(chinese_rows()).encode("gbk"))
    with pytest.raises(ImportFileError, match="utf-8"):
        import_portfolio(path, encoding="utf-8")
    with pytest.raises(ImportFileError, match="no-such-codec"):
        import_portfolio(path, encoding="no-such-codec")


# --- full-width digits and single bad values ----------------------------------------------


def test_full_width_digits_read_as_digits_and_keep_the_good_rows(bank, tmp_path):
    wide = good_row(2)
    wide.update(
        account_id="Ａ１",
        amount_due="１，２３４．５０",
        due_date="２０２６－０３－１５",
        jurisdiction="ＣＮ",
        phone="１３８００１３８０００",
    )
    result = import_portfolio(write(tmp_path / "p.csv", [good_row(0), wide, good_row(4)]))
    assert result.errors == []
    item = DueItem.objects.get(account__external_id="A1")
    assert (item.amount_due, item.due_date.isoformat()) == (Decimal("1234.50"), "2026-03-15")
    assert DueItem.objects.count() == 3


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("amount_due", "0.001", "decimal places"),
        ("amount_due", "1000000000000", "larger than any"),
        ("amount_due", "12,34.5", "not an amount"),
        ("amount_due", "1e5", "not an amount"),
        ("minimum_due", "-1", "negative"),
        ("debtor_name", "张\x00三", "control character"),
        ("account_id", "A\x1b1", "control character"),
        ("national_id", "3101\x00", "control character"),
    ],
)
def test_a_bad_value_is_a_row_error_and_the_other_rows_are_kept(bank, tmp_path, column, value, reason):
    bad = good_row(2)
    bad[column] = value
    result = import_portfolio(
        write(tmp_path / "p.csv", [good_row(0), bad, good_row(4)], [*HEADER, "national_id"])
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert reason in result.errors[0].reason
    assert DueItem.objects.count() == 2


def test_an_amount_finer_than_its_currency_is_refused(bank, tmp_path):
    header = [*HEADER, "currency"]
    yen, fen = good_row(0), good_row(2)
    yen.update(currency="JPY", amount_due="5000.50")
    fen.update(currency="CNY", amount_due="5000.50")
    result = import_portfolio(write(tmp_path / "p.csv", [yen, fen], header))
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "amount_due", "5000.50")]
    assert "JPY" in result.errors[0].reason
    assert DueItem.objects.get().amount_due == Decimal("5000.50")


@pytest.mark.parametrize(
    "attributes", ['{"a": NaN}', '{"a": 1e999}', '{"a": "\\u0000"}', "[" * 5000 + "]" * 5000]
)
def test_attributes_the_database_cannot_store_are_a_row_error(bank, tmp_path, attributes):
    bad = good_row(2)
    bad["attributes"] = attributes
    result = import_portfolio(write(tmp_path / "p.csv", [good_row(0), bad], [*HEADER, "attributes"]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "attributes")]
    assert DueItem.objects.count() == 1


TRICKY = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "１２３",
            "-0",
            "99999999999999999999",
            "1" * 80,
            "2026-02-30",
            "0000-01-01",
            "NaN",
            "=1+1",
            "\x00",
            "{}",
        ]
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.sampled_from([c.name for c in PORTFOLIO_COLUMNS]), value=TRICKY)
def test_no_single_value_loses_the_good_rows(bank, column, value):
    header = [c.name for c in PORTFOLIO_COLUMNS]
    good = {**dict.fromkeys(header, ""), **good_row(0), "address": "上海市", "address_kind": "home"}
    bad = {**good, "account_id": "A-bad", "debtor_id": "D-bad", "due_id": "I-bad", column: value}
    with tempfile.TemporaryDirectory() as folder:
        result = import_portfolio(write(Path(folder) / "p.csv", [good, bad], header))
    assert result.kept_rows >= 1
    assert DueItem.objects.filter(account__external_id="A0", external_id="I0").exists()
    assert all(e.reason for e in result.errors)


def test_a_debtor_without_a_national_id_can_be_renamed_by_a_later_file(bank, tmp_path):
    row = good_row(0)
    import_portfolio(write(tmp_path / "a.csv", [row]))
    row["debtor_name"] = "新名字"
    result = import_portfolio(write(tmp_path / "b.csv", [row]))
    assert (result.errors, result.updated["debtors"]) == ([], 1)
    assert Debtor.objects.get().name == "新名字"


# --- workbooks ----------------------------------------------------------------------------


def workbook(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def cells(row: dict) -> list:
    return [row[h] for h in HEADER]


def test_a_truncated_workbook_is_refused_with_a_clear_message(bank, tmp_path):
    whole = workbook(tmp_path / "whole.xlsx", [cells(good_row(n)) for n in range(50)])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    with pytest.raises(ImportFileError, match="not a readable XLSX workbook"):
        import_portfolio(cut)
    with pytest.raises(CommandError, match="save it again"):
        call_command("import_portfolio", str(cut), "--lang", "en", verbosity=0)
    assert DueItem.objects.count() == 0


def test_a_formula_without_a_saved_value_is_reported_as_such(bank, tmp_path):
    formula = cells(good_row(2))
    formula[HEADER.index("amount_due")] = "=SUM(100,200)"  # openpyxl saves no value for it
    path = workbook(tmp_path / "p.xlsx", [cells(good_row(0)), formula, cells(good_row(4))])
    result = import_portfolio(path)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "amount_due", "=SUM(100,200)")]
    assert "formula without a saved value" in result.errors[0].reason
    assert DueItem.objects.count() == 2


def test_workbook_rows_keep_their_numbers_across_blank_rows(bank, tmp_path):
    bad = cells(good_row(2))
    bad[HEADER.index("due_date")] = "someday"
    path = workbook(tmp_path / "p.xlsx", [cells(good_row(0)), [None] * len(HEADER), bad])
    result = import_portfolio(path)
    assert [(e.row, e.column) for e in result.errors] == [(4, "due_date")]


def test_an_id_typed_as_a_long_number_in_a_spreadsheet_is_refused(bank, tmp_path):
    row = cells(good_row(2))
    row[HEADER.index("account_id")] = 1.2345678901234568e17  # an 18-digit id Excel kept as a float
    path = workbook(tmp_path / "p.xlsx", [cells(good_row(0)), row])
    result = import_portfolio(path)
    assert [(e.row, e.column) for e in result.errors] == [(3, "account_id")]
    assert "15 digits" in result.errors[0].reason


# --- payments -----------------------------------------------------------------------------


def test_payment_times_that_do_not_exist_are_row_errors_and_the_rest_are_kept(bank, tmp_path):
    Creditor.objects.filter(pk=bank.pk).update(default_time_zone="America/New_York")
    import_portfolio(write(tmp_path / "p.csv", [good_row(0)]))
    header = ["creditor", "account_id", "payment_id", "amount", "paid_at"]
    rows = [
        {
            "creditor": "bank",
            "account_id": "A0",
            "payment_id": "P1",
            "amount": "10",
            "paid_at": "2026-03-08 02:30",
        },
        {"creditor": "bank", "account_id": "A0", "payment_id": "P2", "amount": "10", "paid_at": "0001-01-01"},
        {
            "creditor": "bank",
            "account_id": "A0",
            "payment_id": "P3",
            "amount": "１０．５",
            "paid_at": "２０２６－０１－２０",
        },
    ]
    result = import_payments(write(tmp_path / "pay.csv", rows, header))
    assert sorted((e.row, e.column) for e in result.errors) == [(2, "paid_at"), (3, "paid_at")]
    assert "clocks went forward" in next(e.reason for e in result.errors if e.row == 2)
    assert Payment.objects.get().amount == Decimal("10.50")


# --- phones and emails --------------------------------------------------------------------


def test_bad_phones_are_row_errors_and_one_number_in_two_forms_is_one_point(bank, tmp_path):
    rows = [good_row(n) for n in range(6)]
    rows[1]["phone"] = "199-0000-0000"  # the same number as the row before's 19900000000
    rows[2]["phone"] = "=1+1"
    rows[4]["phone"] = "abc"
    path = write(tmp_path / "p.csv", rows)
    result = import_portfolio(path)
    errors = sorted((e.row, e.column, e.value) for e in result.errors)
    assert errors == [(4, "phone", "=1+1"), (6, "phone", "abc")]
    assert all("not a phone number" in e.reason for e in result.errors)
    assert DueItem.objects.count() == 4
    points = sorted(ContactPoint.objects.values_list("value", flat=True))
    assert points == ["+8619900000000", "+8619900000001", "+8619900000002"]
    again = import_portfolio(path)
    assert sum(again.created.values()) == 0 and again.unchanged == 4


def test_a_phone_is_read_in_the_stored_debtors_country_when_the_file_has_none(bank, tmp_path):
    header = [*HEADER[:9], "jurisdiction", "phone"]
    row = {**{h: good_row(0).get(h, "") for h in header}, "jurisdiction": "US", "phone": "(415) 555-2671"}
    import_portfolio(write(tmp_path / "a.csv", [row], header))
    later = {k: v for k, v in row.items() if k != "jurisdiction"}
    later["phone"] = "415.555.2672"
    result = import_portfolio(write(tmp_path / "b.csv", [later], [h for h in header if h != "jurisdiction"]))
    assert result.errors == []
    assert sorted(ContactPoint.objects.values_list("value", flat=True)) == ["+14155552671", "+14155552672"]


def test_an_email_with_markup_is_a_row_error(bank, tmp_path):
    rows = [good_row(0), good_row(2)]
    rows[0]["email"] = "a@b<img src=x onerror=alert(1)>"
    rows[1]["email"] = "finance@example.com"
    result = import_portfolio(write(tmp_path / "p.csv", rows, [*HEADER, "email"]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "email")]
    assert "not an email address" in result.errors[0].reason  # in the reader's language
    assert ContactPoint.objects.filter(kind="email").get().value == "finance@example.com"


def test_the_refusal_speaks_the_operators_language(bank, tmp_path):
    rows = [good_row(0)]
    rows[0]["debtor_name"] = "Müller"
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(rows).encode("cp1252"))
    # The command activates its --lang; the override restores the test run's language after.
    with translation.override("en"), pytest.raises(CommandError, match="或用 --encoding 指定其编码"):
        call_command("import_portfolio", str(path), "--lang", "zh-hans", "--no-age", verbosity=0)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_column_named_twice_is_refused_clearly(bank, tmp_path, suffix):
    header = [*HEADER, "Phone"]
    rows = [{**good_row(0), "Phone": "13800138000"}]
    path = write(tmp_path / "p.csv", rows, header)
    if suffix == "xlsx":
        path = workbook(tmp_path / "p.xlsx", [cells(good_row(0))])
        from openpyxl import load_workbook as load

        book = load(path)
        assert book.active is not None
        book.active.cell(row=1, column=len(HEADER) + 1, value="phone")
        book.save(path)
    with pytest.raises(ImportFileError, match="more than once: phone"):
        import_portfolio(path)
