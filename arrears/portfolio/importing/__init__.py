"""Imports of portfolios and payments from CSV and XLSX files.

Every row is validated; bad rows are reported with row number, column, value and reason
and the good rows are kept. Keys are the creditor's own external ids, so importing the same
file twice changes nothing. See docs/import.md for the column layout.
"""

from arrears.portfolio.importing.common import ImportFileError, ImportResult, RowError
from arrears.portfolio.importing.payments import import_payments
from arrears.portfolio.importing.portfolio import import_portfolio

__all__ = ["ImportFileError", "ImportResult", "RowError", "import_payments", "import_portfolio"]
