"""The finance screen (/receivables/): the measures of arrears.receivables.measures for the
company creditors the reader answers for, with filters, charts and XLSX/CSV downloads.

Who: team leads over their teams' creditors, managers over the teams they manage, the
administrator over all (arrears.core.models.LEAD_ROLES); others get 403.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrears.core.form_fields import IdChoiceField
from arrears.core.models import LEAD_ROLES
from arrears.core.spreadsheets import csv_writer, write_xlsx
from arrears.portfolio.models import Creditor
from arrears.receivables import measures
from arrears.receivables.models import CustomerProfile
from arrears.reports import present

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def creditors_for(user: Any) -> QuerySet[Creditor]:
    """The company creditors `user` may read here; PermissionDenied for other roles."""
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in LEAD_ROLES:
        raise PermissionDenied("receivables: not for this role")
    creditors = Creditor.objects.filter(kind=Creditor.Kind.COMPANY).order_by("name")
    teams = profile.team_ids()
    return creditors if teams is None else creditors.filter(team_id__in=teams)


class Filters(forms.Form):
    creditor = IdChoiceField(label=_("Creditor"), queryset=Creditor.objects.none(), required=False,
                             empty_label=_("All creditors"))  # fmt: skip
    salesperson = forms.ChoiceField(label=_("Salesperson"), required=False)
    relationship = forms.ChoiceField(
        label=_("Relationship"),
        required=False,
        choices=[("", _("All")), *CustomerProfile.Relationship.choices],
    )
    on = forms.DateField(label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, creditors: QuerySet[Creditor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creditors = creditors
        creditor_field = self.fields["creditor"]
        assert isinstance(creditor_field, IdChoiceField)
        creditor_field.queryset = creditors
        profiles = CustomerProfile.objects.filter(debtor__creditor__in=creditors)
        users = sorted(
            {(str(p.salesperson_id), p.salesperson_label) for p in profiles.select_related("salesperson")
             if p.salesperson_id},
            key=lambda c: c[1],
        )  # fmt: skip
        names = sorted(
            set(profiles.filter(salesperson__isnull=True).exclude(salesperson_name="")
                .values_list("salesperson_name", flat=True))
        )  # fmt: skip
        salesperson_field = self.fields["salesperson"]
        assert isinstance(salesperson_field, forms.ChoiceField)
        salesperson_field.choices = [("", _("All")), *users, *((f"name:{n}", n) for n in names)]

    def clean_on(self) -> date:
        on = self.cleaned_data.get("on") or timezone.localdate()
        if on > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day before."))
        return on

    def scope(self) -> measures.Scope:
        creditor = self.cleaned_data.get("creditor")
        ids = (creditor.id,) if creditor else tuple(self.creditors.values_list("id", flat=True))
        return measures.Scope(
            ids,
            salesperson=self.cleaned_data.get("salesperson") or "",
            relationship=self.cleaned_data.get("relationship") or "",
        )


def _form(request: HttpRequest) -> Filters:
    return Filters(request.GET, creditors=creditors_for(request.user))


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    cards = []
    status = 200
    if form.is_valid():
        ledger = measures.read(form.scope(), form.cleaned_data["on"])
        cards = [present.card(t) for t in measures.tables(ledger)]
    else:
        status = 400
    return render(
        request,
        "receivables/overview.html",
        {"form": form, "cards": cards, "query": request.GET.urlencode(), "words": present.chart_words()},
        status=status,
    )


@login_required
def export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    form = _form(request)
    if fmt not in FORMATS or key not in measures.TABLES:
        raise Http404
    if not form.is_valid():
        return render(request, "receivables/overview.html", {"form": form, "cards": []}, status=400)
    on = form.cleaned_data["on"]
    table = measures.TABLES[key](measures.read(form.scope(), on))
    header = present.header(table)
    rows = [
        [present.export_value(c, v) for c, v in zip(table.columns, values, strict=True)]
        for values in table.values()
    ]
    response = HttpResponse(content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="receivables-{key}-{on.isoformat()}.{fmt}"'
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(
            buffer, header, rows, title=str(table.title)[:31], number_formats=present.xlsx_formats(table)
        )
        response.write(buffer.getvalue())
    else:
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow(header)
        writer.writerows(rows)
    return response
