"""The dashboards (docs/reports.md): each metric's table as a card, its chart drawn in the
browser by ECharts from the same rows, and each table's rows as XLSX or CSV.

Who reads which dashboard, over which teams, is arrears.reports.access: collectors and
field collectors read none (403); `/reports/` opens the reader's own one.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from arrears.core.spreadsheets import csv_writer, write_xlsx
from arrears.reports import access, present
from arrears.reports.forms import ReportFilters

TITLES = {
    "manager": _("Management dashboard"),
    "team": _("Team dashboard"),
    "compliance": _("Compliance dashboard"),
}
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def dashboards_for(user: Any) -> list[tuple[str, Any]]:
    return [(name, TITLES[name]) for name in TITLES if access.may_see(user, name)]


def _require(user: Any, name: str) -> None:
    if name not in TITLES:
        raise Http404
    access.require_dashboard(user, name)


def _form(request: HttpRequest, name: str) -> ReportFilters:
    return ReportFilters(request.GET, team_ids=access.team_scope(request.user, name))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    name = access.home_dashboard(request.user)
    if name is None:
        raise PermissionDenied("reports: not for this role")
    return redirect("reports:dashboard", name=name)


def _page(
    request: HttpRequest, name: str, form: ReportFilters, cards: list[Any], status: int = 200
) -> HttpResponse:
    query = request.GET.urlencode()
    return render(
        request,
        "reports/dashboard.html",
        {
            "name": name,
            "title": TITLES[name],
            "dashboards": dashboards_for(request.user),
            "form": form,
            "cards": cards,
            "query": query,
            "words": present.chart_words(),
        },
        status=status,
    )


@login_required
def dashboard(request: HttpRequest, name: str) -> HttpResponse:
    _require(request.user, name)
    from arrears.reports import metrics

    form = _form(request, name)
    if not form.is_valid():
        # The filters with their errors next to them, and no table.
        return _page(request, name, form, [])
    tables = metrics.dashboard(name, form.filters())
    return _page(request, name, form, [present.card(t) for t in tables])


@login_required
def export(request: HttpRequest, name: str, key: str, fmt: str) -> HttpResponse:
    """One table's rows as XLSX or CSV, with the dashboard's filters."""
    _require(request.user, name)
    if fmt not in FORMATS:
        raise Http404
    from arrears.reports import metrics

    form = _form(request, name)
    if not form.is_valid():
        return _page(request, name, form, [], status=400)
    filters = form.filters()
    try:
        table = metrics.table(name, key, filters)
    except KeyError:
        raise Http404 from None
    header = present.header(table)
    rows = [
        [present.export_value(c, v) for c, v in zip(table.columns, values, strict=True)]
        for values in table.values()
    ]
    filename = f"{name}-{table.key}-{filters.first.isoformat()}-{filters.last.isoformat()}.{fmt}"
    response = HttpResponse(content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, header, rows, title=str(table.title), number_formats=present.xlsx_formats(table))
        response.write(buffer.getvalue())
    else:
        # UTF-8 with a byte order mark: Excel in a Chinese locale then reads it as UTF-8.
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow(header)
        writer.writerows(rows)
    return response
