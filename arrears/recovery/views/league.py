"""The league table (liquidation by months since placement, per agency and per batch) and
each agency's monthly commission statement, over the batches the lead may see."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.cases.access import require_lead
from arrears.cases.models import Case
from arrears.cases.views.common import _today
from arrears.recovery.commission import ZERO, LeagueRow, by_agency, league, statement
from arrears.recovery.models import Agency
from arrears.recovery.views.agencies import FORMATS, LEAGUE_MONTHS, _batches, _download, _scope, _table_file


def _league(user: Any) -> tuple[list[LeagueRow], list[LeagueRow]]:
    references = {b.reference for b in _batches(user).only("pk")}
    rows = [r for r in league(_today(), LEAGUE_MONTHS) if r.batch in references]
    return rows, by_agency(rows)


def _chart(rows: list[LeagueRow], key: str, name: str) -> dict[str, Any]:
    """The cumulative liquidation curves as reports.js draws a line chart: one series per
    agency or batch, months since placement on the x axis."""
    points = []
    for row in rows:
        label = row.agency if key == "agency" else f"{row.agency} · {row.batch}"
        for month, rate in enumerate(row.curve):
            points.append({"month": month, "rate": rate, "series": label})
    return {
        "kind": "line",
        "x": "month",
        "y": None,
        "series": ["rate"],
        "split_by": "series",
        "value_kind": "rate",
        "columns": {
            "month": {"label": _("Months since placement"), "kind": "int"},
            "rate": {"label": _("Collected / placed balance"), "kind": "rate"},
            "series": {"label": name, "kind": "text"},
        },
        "rows": points,
        "currency": "",
        "title": name,
    }


def _league_table(rows: list[LeagueRow], per: str) -> tuple[list[str], list[list[Any]]]:
    months = [_("Month %(n)s") % {"n": k} for k in range(LEAGUE_MONTHS)]
    if per == "agency":
        header = [_("Collection agency"), _("Cases"), _("Placed balance"), *months]
        return header, [[r.agency, r.cases, r.placed, *r.curve] for r in rows]
    header = [
        _("Collection agency"),
        _("Batch"),
        _("Segment"),
        _("Placed in"),
        _("Cases"),
        _("Placed balance"),
        *months,
    ]
    return header, [[r.agency, r.batch, r.segment, r.placed_month, r.cases, r.placed, *r.curve] for r in rows]


@login_required
def league_page(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    rows, agencies = _league(request.user)
    return render(
        request,
        "recovery/league.html",
        {
            "rows": rows,
            "agencies": agencies,
            "months": range(LEAGUE_MONTHS),
            "agency_chart": _chart(agencies, "agency", _("Collection agency")) if agencies else None,
            "batch_chart": _chart(rows, "batch", _("Batch")) if rows else None,
        },
    )


@login_required
def league_file(request: HttpRequest, per: str, fmt: str) -> HttpResponse:
    require_lead(request.user)
    if fmt not in FORMATS or per not in ("batch", "agency"):
        raise Http404
    rows, agencies = _league(request.user)
    header, table = _league_table(agencies if per == "agency" else rows, per)
    fixed = 3 if per == "agency" else 6
    formats = [None] * (fixed - 2) + ["#,##0", "#,##0.00"] + ["0.0%"] * LEAGUE_MONTHS
    content = _table_file(header, table, fmt, _("League table"), number_formats=formats)
    return _download(content, fmt, f"league-{per}-{_today().isoformat()}.{fmt}")


# --- An agency's commission statement -----------------------------------------------------

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthForm(forms.Form):
    month = forms.CharField(label=gettext_lazy("Month"), max_length=7, required=False)

    def clean_month(self) -> date:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return _today().replace(day=1)
        match = MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
            raise forms.ValidationError(_("Give a month as YYYY-MM, such as 2026-03."))
        return date(int(match.group(1)), int(match.group(2)), 1)


def _statement(request: HttpRequest, code: str) -> tuple[Agency, MonthForm, list[Any], dict[str, Decimal]]:
    require_lead(request.user)
    agency = get_object_or_404(Agency, code=code)
    form = MonthForm(request.GET)
    if not form.is_valid():
        return agency, form, [], {}
    lines, _totals = statement(agency, form.cleaned_data["month"])
    # Only the lines of the cases the user may see, and the totals of those.
    pks = {Case.pk_from_reference(line.case) for line in lines}
    mine = {
        Case(pk=pk).reference
        for pk in _scope(request.user).filter(pk__in=[p for p in pks if p]).values_list("pk", flat=True)
    }
    lines = [line for line in lines if line.case in mine]
    totals: dict[str, Decimal] = {"principal": ZERO, "interest": ZERO, "fees": ZERO, "total": ZERO}
    for line in lines:
        totals[line.base] += line.commission
        totals["total"] += line.commission
    return agency, form, lines, totals


def base_labels() -> dict[str, str]:
    return {"principal": _("Principal"), "interest": _("Interest"), "fees": _("Fees"), "total": _("Total")}


@login_required
def statement_page(request: HttpRequest, code: str) -> HttpResponse:
    agency, form, lines, totals = _statement(request, code)
    labels = base_labels()
    return render(
        request,
        "recovery/statement.html",
        {
            "agency": agency,
            "form": form,
            "lines": [(line, labels.get(line.base, line.base)) for line in lines],
            "totals": [(labels[k], totals[k]) for k in ("principal", "interest", "fees", "total")]
            if totals
            else [],
            "month": form.cleaned_data["month"] if form.is_valid() else None,
            "query": request.GET.urlencode(),
        },
        status=200 if form.is_valid() else 400,
    )


@login_required
def statement_file(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    agency, form, lines, totals = _statement(request, code)
    if not form.is_valid():
        return statement_page(request, code)
    labels = base_labels()
    header = [
        _("Our reference"),
        _("Batch"),
        _("Paid on"),
        _("Base"),
        _("Collected"),
        _("Rate"),
        _("Commission"),
    ]
    rows: list[list[Any]] = [
        [
            line.case,
            line.batch,
            line.paid_on,
            labels.get(line.base, line.base),
            line.collected,
            line.rate,
            line.commission,
        ]
        for line in lines
    ]
    rows += [
        ["", "", "", labels[k], None, None, totals[k]] for k in ("principal", "interest", "fees", "total")
    ]
    month = form.cleaned_data["month"].strftime("%Y-%m")
    formats = [None, None, "yyyy-mm-dd", None, "#,##0.00", "0.0%", "#,##0.00"]
    content = _table_file(header, rows, fmt, f"{agency.code} {month}", number_formats=formats)
    return _download(content, fmt, f"commission-{agency.code}-{month}.{fmt}")


# --- The case page's notice ---------------------------------------------------------------
