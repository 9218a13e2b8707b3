"""The dashboards (docs/reports.md): each metric's table as a card, its chart drawn in the
browser by ECharts from the same rows, and each table's rows as XLSX or CSV.

Who reads which dashboard, over which teams, is arrears.reports.access: collectors and
field collectors read none (403); `/reports/` opens the reader's own one.
"""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from arrears.core.form_fields import IdChoiceField
from arrears.core.spreadsheets import csv_writer, write_xlsx
from arrears.portfolio.models import Creditor
from arrears.reports import access, present
from arrears.reports.forms import ReportFilters
from arrears.reports.models import Subscription

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
            "subscribe": SubscribeForm(initial={"creditor": form.data.get("creditor") or None}),
            "subscriptions": Subscription.objects.filter(
                user_id=request.user.pk or 0, dashboard=name, active=True
            ).select_related("creditor"),
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


class SubscribeForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Send me this dashboard"), choices=Subscription.Frequency.choices)
    creditor = IdChoiceField(
        label=_("Creditor"), queryset=Creditor.objects.all(), required=False, empty_label=_("All creditors")
    )


@login_required
@require_POST
def subscribe(request: HttpRequest, name: str) -> HttpResponse:
    """Email this dashboard to the signed-in user, daily or weekly (manage.py send_reports)."""
    user: Any = request.user
    _require(user, name)
    form = SubscribeForm(request.POST)
    if not user.email:
        messages.error(request, _("Your account has no email address: ask an administrator to add one."))
    elif not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        Subscription.objects.update_or_create(
            user=user,
            dashboard=name,
            frequency=form.cleaned_data["frequency"],
            creditor=form.cleaned_data["creditor"],
            defaults={"active": True},
        )
        sent_to = {"email": user.email}
        messages.success(request, _("Subscribed: the report goes to %(email)s.") % sent_to)
    return redirect("reports:dashboard", name=name)


@login_required
@require_POST
def unsubscribe(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    subscription = Subscription.objects.filter(pk=pk, user=user).first()
    if subscription is None:
        raise Http404
    Subscription.objects.filter(pk=pk).update(active=False)
    messages.success(request, _("That report email is stopped."))
    return redirect("reports:dashboard", name=subscription.dashboard)


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
