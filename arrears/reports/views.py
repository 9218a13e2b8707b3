"""The dashboards (docs/reports.md): each metric's table as a card, its chart drawn in the
browser by ECharts from the same rows, and each table's rows as XLSX or CSV.

Who reads which dashboard:

- manager: collections managers and administrators;
- team: team leads (their own teams only), managers and administrators;
- compliance: compliance officers, managers and administrators.

Collectors and field collectors read none (403). `/reports/` opens the reader's own one.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from arrears.core.models import Role
from arrears.core.spreadsheets import csv_writer, write_xlsx
from arrears.reports import present
from arrears.reports.forms import ReportFilters

TITLES = {
    "manager": _("Management dashboard"),
    "team": _("Team dashboard"),
    "compliance": _("Compliance dashboard"),
}
READERS = {
    "manager": frozenset({Role.MANAGER, Role.ADMIN}),
    "team": frozenset({Role.TEAM_LEAD, Role.MANAGER, Role.ADMIN}),
    "compliance": frozenset({Role.COMPLIANCE, Role.MANAGER, Role.ADMIN}),
}
# The dashboard `/reports/` opens for each role.
HOME: dict[str, str] = {
    Role.MANAGER: "manager",
    Role.ADMIN: "manager",
    Role.TEAM_LEAD: "team",
    Role.COMPLIANCE: "compliance",
}
REPORT_ROLES = frozenset(HOME)
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _role(user: Any) -> str | None:
    profile = getattr(user, "profile", None)
    return str(profile.role) if profile is not None else None


def can_read_reports(user: Any) -> bool:
    return _role(user) in REPORT_ROLES


def dashboards_for(user: Any) -> list[tuple[str, Any]]:
    role = _role(user)
    return [(name, TITLES[name]) for name in TITLES if role in READERS[name]]


def _require(user: Any, name: str) -> None:
    if name not in TITLES:
        raise Http404
    if _role(user) not in READERS[name]:
        raise PermissionDenied("reports: not this dashboard")


def _scope(user: Any) -> list[int] | None:
    """The teams a reader may filter by: a team lead's own teams; None (every team) for the
    roles that read the whole book."""
    if _role(user) == Role.TEAM_LEAD:
        ids: list[int] = user.profile.team_ids() or []
        return ids
    return None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    role = _role(request.user)
    if role not in HOME:
        raise PermissionDenied("reports: not for this role")
    return redirect("reports:dashboard", name=HOME[role])


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

    form = ReportFilters(request.GET, team_ids=_scope(request.user))
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

    form = ReportFilters(request.GET, team_ids=_scope(request.user))
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
