"""Reading a CSV or XLSX file into a frame of text, whatever the file's encoding or state.

- **Encodings.** A CSV is read as UTF-8 (with or without a byte order mark; UTF-16 with
  one). A file that is not UTF-8 is read as GB18030, the superset of GBK and GB2312 that
  Chinese banks' systems and Excel on a Chinese Windows write, if its text then looks like
  Chinese: nine in ten of its distinct non-ASCII characters are in GB2312 (common hanzi,
  full-width forms, CJK punctuation). Text in another code page decoded as GB18030 gives
  rare characters outside it (cp1252's "é" followed by a letter is a GBK extension
  ideograph), so such a file is refused, with a message that names `--encoding`; nothing
  is ever stored as mojibake. `--encoding NAME` reads the file strictly in that encoding.
- **Workbooks.** A damaged or truncated XLSX is refused as a whole with a clear message. A
  cell that holds a formula but no saved value (a file written by a program, never opened
  and saved in Excel) is a row error that says so, rather than "required"; so is a
  number too long for a spreadsheet to keep exactly (an 18-digit id typed as a number).
"""

from __future__ import annotations

import codecs
import io
import math
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import polars as pl
from django.utils.translation import gettext as _

from arrears.portfolio.importing.common import (
    ROW,
    Column,
    ImportFileError,
    ImportResult,
    Progress,
    RowError,
    errors_from,
    validate,
)

# A GB18030 reading is taken when at least this share of the file's distinct non-ASCII
# characters are in GB2312.
GB2312_SHARE = 0.9
# Spreadsheets keep 15 significant digits of a number; past that the digits are made up.
EXACT_DIGITS = 15
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass
class Table:
    """The file's cells as text, and the cells found bad while reading it."""

    frame: pl.DataFrame
    cell_errors: list[RowError] = field(default_factory=list)


def formula_reason() -> str:
    return _("formula without a saved value: open and save the file in Excel/WPS, or export as CSV")


def read_and_validate(
    path: Path,
    columns: list[Column],
    result: ImportResult,
    *,
    creditor: str | None,
    mapping: Mapping[str, str] | None,
    progress: Progress,
    encoding: str | None = None,
) -> pl.DataFrame:
    """Read the file, default the creditor column from `--creditor`, check every column.
    Returns the good rows; the bad ones are in `result.errors`."""
    table = read_table(path, mapping, encoding)
    frame = table.frame
    result.rows = frame.height
    progress("read", frame.height)
    if creditor is not None:
        frame = frame.with_columns(
            pl.col("creditor").fill_null(creditor)
            if "creditor" in frame.columns
            else pl.lit(creditor).alias("creditor")
        )
    good, errors = validate(frame, columns)
    # A cell found bad while reading (a formula without a value) is reported for what it
    # is, not as the empty cell it reads as.
    known = {c.name for c in columns}
    cell_errors = [e for e in table.cell_errors if e.column in known]
    marked = {(e.row, e.column) for e in cell_errors}
    result.errors += [e for e in errors if (e.row, e.column) not in marked] + cell_errors
    good = good.filter(~pl.col(ROW).is_in([e.row for e in cell_errors]))
    result.errors += errors_from(
        good.filter(pl.col("creditor").is_null()), "creditor", _("required (or give --creditor)")
    )
    return good.filter(pl.col("creditor").is_not_null())


def read_table(path: Path, mapping: Mapping[str, str] | None = None, encoding: str | None = None) -> Table:
    """The file's cells as text (no type guessing), columns renamed by `mapping`, trimmed,
    empty cells as null, and a `_row` column with the spreadsheet row number."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        table = _read_xlsx(path)
    elif suffix in {".csv", ".txt", ""}:
        table = Table(_read_csv(path, encoding))
    else:
        raise ImportFileError(_("Unsupported file type %(suffix)s: use .csv or .xlsx") % {"suffix": suffix})
    frame = table.frame
    names = {c: c.strip().lstrip("\ufeff").strip().lower() for c in frame.columns if c != ROW}
    _refuse_repeated(list(names.values()))
    frame = frame.rename(names)
    renamed = dict(names)
    if mapping:
        unknown = [source for source in mapping if source.lower() not in frame.columns]
        if unknown:
            raise ImportFileError(
                _("Mapped column(s) not in the file: %(columns)s") % {"columns": ", ".join(unknown)}
            )
        lowered = {k.lower(): v for k, v in mapping.items()}
        _refuse_repeated([lowered.get(c, c) for c in frame.columns if c != ROW])
        frame = frame.rename(lowered)
        renamed = {k: lowered.get(v, v) for k, v in names.items()}
    frame = frame.with_columns(
        pl.col(c).str.strip_chars().replace("", None) for c in frame.columns if c != ROW
    )
    errors = [RowError(e.row, renamed.get(e.column, e.column), e.value, e.reason) for e in table.cell_errors]
    return Table(frame, errors)


def _refuse_repeated(columns: list[str]) -> None:
    names = [c.strip().lstrip("\ufeff").strip().lower() for c in columns]
    repeated = sorted({c for c in names if names.count(c) > 1})
    if repeated:
        raise ImportFileError(
            _("Column(s) named more than once: %(columns)s") % {"columns": ", ".join(repeated)}
        )


# --- CSV ----------------------------------------------------------------------------------


def _read_csv(path: Path, encoding: str | None) -> pl.DataFrame:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    data = as_utf8(raw, path.name, encoding)
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    except pl.exceptions.NoDataError as exc:
        raise ImportFileError(_("%(name)s is empty.") % {"name": path.name}) from exc
    except pl.exceptions.PolarsError as exc:
        raise ImportFileError(
            _("%(name)s is not a CSV file that can be read: %(error)s") % {"name": path.name, "error": exc}
        ) from exc
    # Polars names a repeated header "x_duplicated_0": refuse it as the file's own repeat.
    repeated = [c for c in frame.columns if re.search(r"_duplicated_\d+$", c)]
    _refuse_repeated(frame.columns + [re.sub(r"_duplicated_\d+$", "", c) for c in repeated])
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def as_utf8(raw: bytes, name: str, encoding: str | None = None) -> bytes:
    """`raw` as UTF-8 bytes without a byte order mark (see the module's docstring)."""
    if encoding:
        try:
            codec = codecs.lookup(encoding)
        except LookupError:
            raise ImportFileError(
                _("Unknown encoding %(encoding)s (e.g. utf-8, gb18030, big5, cp1252).")
                % {"encoding": encoding}
            ) from None
        try:
            text = raw.decode(codec.name)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("%(name)s is not %(encoding)s text: line %(line)d holds bytes that are not.")
                % {"name": name, "encoding": encoding, "line": _line_of(raw, exc.start)}
            ) from None
        return text.lstrip("\ufeff").encode("utf-8")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16").lstrip("\ufeff").encode("utf-8")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the checks below refuse it clearly
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = _line_of(raw, exc.start)
    else:
        return raw
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_chinese(text):
        return text.encode("utf-8")
    raise ImportFileError(
        _(
            "%(name)s is not UTF-8 (line %(line)d), and it does not read as Chinese GB18030/GBK either."
            ' Save it as "CSV UTF-8", or name its encoding with --encoding (e.g. --encoding gb18030,'
            " --encoding big5, --encoding cp1252)."
        )
        % {"name": name, "line": bad_line}
    )


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _looks_chinese(text: str) -> bool:
    distinct = {c for c in set(text) if ord(c) > 0x7F}
    if not distinct:
        return True
    in_gb2312 = sum(1 for c in distinct if _in_gb2312(c))
    return in_gb2312 >= GB2312_SHARE * len(distinct)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# --- XLSX ---------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise ImportFileError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    except Exception as exc:  # any failure to open the workbook means it cannot be read
        raise _damaged(path) from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [_header(h, i) for i, h in enumerate(next(rows, ()))]
        _refuse_repeated(header)
        body: list[list[str | None]] = []
        numbers: list[int] = []
        errors: list[RowError] = []
        for number, row in enumerate(rows, start=2):
            cells = [_cell(v) for v in row[: len(header)]]
            if not any(text is not None for text, _why in cells):
                continue
            cells += [(None, None)] * (len(header) - len(cells))
            body.append([text for text, _why in cells])
            numbers.append(number)
            errors += [RowError(number, header[i], text, why) for i, (text, why) in enumerate(cells) if why]
        errors += _uncached_formulas(book, sheet, header)
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged part of the archive shows only when it is read
        raise _damaged(path) from exc
    finally:
        book.close()
    frame = pl.DataFrame(body, schema=dict.fromkeys(header, pl.String), orient="row")
    frame = frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64))
    return Table(frame, errors)


def _damaged(path: Path) -> ImportFileError:
    return ImportFileError(
        _(
            "%(name)s is not a readable XLSX workbook (damaged, or cut short in the copy?). Open it in"
            " Excel or WPS and save it again, or export it as CSV."
        )
        % {"name": path.name}
    )


def _header(value: object, index: int) -> str:
    text, _why = _cell(value)
    return text if text is not None else f"column_{index}"


def _cell(value: object) -> tuple[str | None, str | None]:
    """A cell's text, and why it is bad if it is."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return (
            value.isoformat(sep=" ") if value.time() != datetime.min.time() else value.date().isoformat()
        ), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value), None
        if value == int(value) and abs(value) >= 10**EXACT_DIGITS:
            return str(int(value)), _(
                "a number of more than 15 digits, which a spreadsheet cannot keep exactly:"
                " format the column as text and enter it again"
            )
        # Spreadsheets store money as binary floats; repr gives the shortest exact text
        # ("1234.5", not "1234.4999999"), and Decimal keeps it exact from here on.
        return (format(Decimal(repr(value)), "f") if value != int(value) else str(int(value))), None
    text = str(value)
    if _SURROGATE.search(text):
        return _SURROGATE.sub("\ufffd", text), _("holds a broken character")
    return text, None


def _uncached_formulas(book: Any, sheet: Any, header: list[str]) -> list[RowError]:
    """Cells with a formula and no saved value: openpyxl's data-only reading gives None for
    them, which would read as an empty cell. The sheet's XML is scanned for them, only if
    it has a formula at all."""
    from openpyxl.utils.cell import coordinate_to_tuple

    # The read-only sheet's part in the archive (openpyxl 3.1, pinned).
    part = sheet._worksheet_path
    archive: zipfile.ZipFile = book._archive
    if not _has_formula(archive, part):
        return []
    errors = []
    with archive.open(part) as xml:
        for cell in _cells(xml):
            formula = next((c for c in cell if _local(c.tag) == "f"), None)
            cached = next((c for c in cell if _local(c.tag) == "v"), None)
            # No value, or an empty one that is not an empty text result (t="str").
            saved = cached is not None and (bool(cached.text) or cell.attrib.get("t") == "str")
            if formula is None or saved or "r" not in cell.attrib:
                continue
            row, column = coordinate_to_tuple(cell.attrib["r"])
            if row >= 2 and column <= len(header):
                errors.append(RowError(row, header[column - 1], "=" + (formula.text or ""), formula_reason()))
    return errors


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    pattern = re.compile(rb"<(?:\w+:)?f[\s>/]")
    tail = b""
    with archive.open(part) as xml:
        while chunk := xml.read(1 << 20):
            if pattern.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _cells(xml: Any) -> Iterator[Element]:
    # openpyxl's iterparse: defusedxml's where it is installed, as openpyxl itself reads.
    from openpyxl.xml.functions import iterparse

    for _event, element in iterparse(xml, events=("end",)):
        if _local(element.tag) == "c":
            yield element
            element.clear()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
