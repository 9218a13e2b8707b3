"""Every CSV and XLSX file we write goes through here, so that no cell runs as a formula.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, one that starts with a tab or a carriage return) as a formula. A debtor's name, an
address or a value from an import is typed by someone else, and ``=HYPERLINK(...)`` or a DDE
call in it would run on the computer of whoever opens our file (OWASP, "CSV Injection").
So each text cell that would start a formula gets a leading apostrophe, which spreadsheets
show as text and never evaluate:

- ``=1+1`` is written ``'=1+1``; so are ``@SUM(A1)``, ``-2+3``, a leading tab or carriage
  return, and the same after leading spaces or with full-width signs (``＝``), which some
  input methods type.
- Text that is a plain number is left as it is: ``-12.50`` and ``+8613800138000`` (a phone
  number in E.164) can only ever be a number, and a dialler or a bank's system reads them.
- Numbers stay numbers: in XLSX an int, Decimal or float is a numeric cell (a negative
  amount is a negative number, not text); in CSV it is written as its digits.
- Control characters other than tab, newline and carriage return, which XLSX cannot hold
  and which hide what a cell says, are written as ``\\x00``-style escapes.

Use `csv_writer`/`DictWriter` for a CSV stream, `write_xlsx` for a workbook, and
`write_table` to pick by the file's suffix (``.xlsx`` or CSV). CSV files written to a path
start with a UTF-8 byte order mark, so Excel in a Chinese locale opens them as UTF-8 rather
than as GBK. Reports, placement files and decision-log exports are to use the same writers.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Protocol

# What a spreadsheet reads as the start of a formula (OWASP's list, plus a newline).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A plain decimal number with an optional sign: safe to leave unescaped.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (see the module's docstring)."""
    if not text or _PLAIN_NUMBER.fullmatch(text):
        return False
    if text.startswith(FORMULA_STARTS):
        return True
    # Leading spaces and full-width signs: NFKC turns "　＝" into " =".
    head = unicodedata.normalize("NFKC", text[:16]).lstrip()
    return head.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(head)


def safe_text(value: object) -> str:
    """`value` as the text of a cell that no spreadsheet evaluates."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", "" if value is None else str(value))
    return "'" + text if starts_a_formula(text) else text


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def csv_cell(value: object) -> object:
    """A CSV cell: numbers and dates as they are, everything else as `safe_text`."""
    if value is None:
        return ""
    if _is_number(value) or isinstance(value, date | time):
        return value
    return safe_text(value)


class CsvWriter:
    """`csv.writer` whose cells are made safe by `csv_cell`."""

    def __init__(self, handle: Writable, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: Writable, **options: Any) -> CsvWriter:
    return CsvWriter(handle, **options)


class DictWriter(csv.DictWriter):
    """`csv.DictWriter` whose cells (the header's too) are made safe by `csv_cell`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: csv_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)


def _xlsx_cell(value: object) -> object:
    if value is None:
        return None
    if _is_number(value):
        return value
    if isinstance(value, datetime):
        # Excel has no time zones: an aware instant is written as text with its offset.
        return value.isoformat() if value.tzinfo is not None else value
    if isinstance(value, date | time):
        return value
    return safe_text(value)


# What a sheet's title may not hold (Excel refuses the workbook otherwise).
_SHEET_TITLE = re.compile(r"[\\/*?:\[\]]")


def write_xlsx(
    path: Path | BinaryIO,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "",
    number_formats: Sequence[str | None] | None = None,
) -> None:
    """One sheet: the header row, then `rows`; numbers as numeric cells, text made safe.
    `path` may be an open binary file (a response). `number_formats`, by column, formats
    that column's numeric and date cells (``"0.0%"``, ``"#,##0.00"``; None leaves it)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_SHEET_TITLE.sub(" ", title or "Sheet1")[:31] or "Sheet1")
    sheet.append([safe_text(h) for h in header])
    formats = list(number_formats or [])
    for row in rows:
        cells: list[object] = []
        for i, value in enumerate(row):
            value = _xlsx_cell(value)
            fmt = formats[i] if i < len(formats) else None
            if fmt and (_is_number(value) or isinstance(value, date)):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = fmt
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    book.save(path)


def _sheet_title(title: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    base, n = name, 2
    while name in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def write_xlsx_sheets(
    target: Path | Any, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]]
) -> None:
    """A workbook of several sheets, each (title, header, rows), to a path or a binary
    stream; cells as in `write_xlsx`."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    taken: set[str] = set()
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=_sheet_title(title, taken))
        sheet.append([safe_text(h) for h in header])
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
    if not taken:
        book.create_sheet(title="Sheet1")
    book.save(target)


def write_table(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = ""
) -> None:
    """`rows` under `header` to `path`: XLSX for a ``.xlsx`` name, else CSV (UTF-8 with BOM)."""
    if path.suffix.lower() == ".xlsx":
        write_xlsx(path, header, rows, title=title)
        return
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv_writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
