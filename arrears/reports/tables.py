"""What a metric returns: a table with its columns, and how to draw it.

Every chart on a dashboard is drawn from the rows of its table, and the same rows are what
the table under the chart shows and what the CSV and XLSX exports write: one source, so
the picture, the figures and the file never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

Kind = Literal["text", "int", "money", "rate", "date", "month"]
ChartKind = Literal["line", "bar", "stacked_bar", "heatmap", "matrix"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Chart:
    """How to draw the table: `x` is the column along the axis; `series` are the columns
    drawn (one line or bar each). A `matrix` or `heatmap` uses `x` for columns, `y` for
    rows and the single series for the cell's value."""

    kind: ChartKind
    x: str
    series: tuple[str, ...]
    y: str | None = None
    # The value axis: rates are drawn as percentages.
    value_kind: Kind = "int"
    # Group a long table by this column into one series per value (e.g. one line per
    # bucket from rows of (month, bucket, rate)).
    split_by: str | None = None


@dataclass
class Table:
    key: str  # a slug: the export's file name and the element's id
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    chart: Chart | None = None
    # The formula in words (docs/reports.md has the long form).
    note: str = ""
    # The currency of the money columns, when the rows are of one creditor.
    currency: str = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def values(self) -> list[list[Any]]:
        """The rows as lists in column order (the export's cells)."""
        return [[row.get(c.key) for c in self.columns] for row in self.rows]


def rate(numerator: float | int | Decimal, denominator: float | int | Decimal) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    if not denominator:
        return None
    return float(numerator) / float(denominator)


def month_label(month: date) -> str:
    return month.strftime("%Y-%m")
