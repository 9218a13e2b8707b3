"""A metric's Table as the page shows it (cells formatted by their column's kind), as the
browser draws it (plain JSON values for reports.js) and as the exports write it.

One formatting rule per kind, for the table under a chart and the chart's own labels:
rates as percentages, money with two decimals and the currency, months as YYYY-MM, dates
as YYYY-MM-DD."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from arrears.core.templatetags.arrears import money
from arrears.reports.tables import Column, Table


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def month_text(value: Any) -> str:
    day = _as_date(value)
    return day.strftime("%Y-%m") if day else str(value)


def date_text(value: Any) -> str:
    day = _as_date(value)
    return day.isoformat() if day else str(value)


def percent(value: Any) -> str:
    return f"{float(value) * 100:.1f}%"


def cell_text(column: Column, value: Any, currency: str = "") -> str:
    """`value` as the table on the page shows it."""
    if value is None or value == "":
        return "—"
    kind = column.kind
    try:
        if kind == "rate":
            return percent(value)
        if kind == "money":
            amount = money(Decimal(str(value)))
            return f"{currency} {amount}" if currency else amount
        if kind == "int":
            return f"{int(value):,}"
    except (ArithmeticError, TypeError, ValueError):
        return str(value)
    if kind == "month":
        return month_text(value)
    if kind == "date":
        return date_text(value)
    return str(value)


def json_value(column: Column, value: Any) -> Any:
    """`value` as the chart reads it: numbers as numbers, months and dates as their text."""
    if value is None:
        return None
    kind = column.kind
    if kind in ("int", "money", "rate"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        return int(number) if kind == "int" and number.is_integer() else number
    if kind == "month":
        return month_text(value)
    if kind == "date":
        return date_text(value)
    return str(value)


def export_value(column: Column, value: Any) -> Any:
    """`value` as a spreadsheet cell: numbers stay numbers (rates as fractions, which the
    XLSX formats as percentages), months as YYYY-MM."""
    if value is None:
        return None
    if column.kind == "month":
        return month_text(value)
    if column.kind in ("int", "money", "rate"):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return value
        try:
            return Decimal(str(value))
        except ArithmeticError:
            return str(value)
    return value


def header(table: Table) -> list[str]:
    """The exports' header: the columns' labels, money columns with their currency."""
    return [
        f"{c.label} ({table.currency})" if c.kind == "money" and table.currency else str(c.label)
        for c in table.columns
    ]


NUMERIC = frozenset({"int", "money", "rate"})

# XLSX number formats by kind.
XLSX_FORMATS = {"rate": "0.0%", "money": "#,##0.00", "int": "#,##0", "date": "yyyy-mm-dd"}


def xlsx_formats(table: Table) -> list[str | None]:
    return [XLSX_FORMATS.get(c.kind) for c in table.columns]


@dataclass
class Card:
    table: Table
    chart: dict[str, Any] | None
    header: list[tuple[str, str]]  # (label, kind)
    rows: list[list[tuple[str, str]]]  # (text, kind) in column order

    @property
    def chart_id(self) -> str:
        return f"chart-data-{self.table.key}"

    @property
    def body(self) -> SafeString:
        """The table's rows as HTML, every cell escaped: built here in one pass, as the
        template language takes a tenth of a second over a dashboard's thousands of cells."""
        cells = {True: '<td class="num">{}</td>', False: "<td>{}</td>"}
        return format_html_join(
            "",
            "<tr>{}</tr>",
            (
                (SafeString("".join(format_html(cells[kind in NUMERIC], text) for text, kind in row)),)
                for row in self.rows
            ),
        )


def _currency(table: Table, row: dict[str, Any]) -> str:
    return table.currency or str(row.get("currency") or "")


def chart_data(table: Table) -> dict[str, Any] | None:
    """What reports.js needs to draw the table's chart, as plain JSON values (embedded in
    the page with json_script, so no text of a row is ever read as markup or script)."""
    chart = table.chart
    if chart is None:
        return None
    wanted = [
        chart.x,
        *chart.series,
        *([chart.y] if chart.y else []),
        *([chart.split_by] if chart.split_by else []),
    ]
    columns = {c.key: c for c in table.columns}
    for key in wanted:
        columns.setdefault(key, Column(key, key))
    return {
        "kind": chart.kind,
        "x": chart.x,
        "y": chart.y,
        "series": list(chart.series),
        "split_by": chart.split_by,
        "value_kind": chart.value_kind,
        "columns": {key: {"label": str(c.label), "kind": c.kind} for key, c in columns.items()},
        "rows": [
            {key: json_value(columns[key], row.get(key)) for key in dict.fromkeys(wanted)}
            for row in table.rows
        ],
        "currency": table.currency,
        "title": str(table.title),
    }


def card(table: Table) -> Card:
    return Card(
        table=table,
        chart=chart_data(table) if table.rows else None,
        header=[(str(c.label), c.kind) for c in table.columns],
        rows=[
            [(cell_text(c, row.get(c.key), _currency(table, row)), c.kind) for c in table.columns]
            for row in table.rows
        ],
    )


def chart_words() -> dict[str, str]:
    """The words the charts add of their own, in the reader's language."""
    return {"none": _("No data for this period.")}
