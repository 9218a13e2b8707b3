"""Files as they come from banks: encodings, full-width digits, damaged workbooks, formulas;
and the error report, which must not run what a bad cell held."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from arrears.portfolio.importing import import_portfolio
from arrears.portfolio.models import Creditor
from arrears.portfolio.tests.test_import_portfolio import good_row, write

pytestmark = pytest.mark.django_db


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
