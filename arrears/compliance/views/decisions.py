"""The decision log: every recorded gate decision a reader may see, filtered, and exported."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from arrears.cases.models import Case
from arrears.compliance import parameters
from arrears.compliance.forms import CHANNEL_LABELS, DecisionFilterForm
from arrears.compliance.models import ContactDecision
from arrears.compliance.views.common import require_reviewer, visible_decisions
from arrears.core.spreadsheets import csv_writer, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day_start(day: date) -> datetime:
    """Midnight of `day` in the reader's zone: "from 3 March" means their 3 March."""
    return timezone.make_aware(datetime.combine(day, time(0)))


def _filtered(rows: QuerySet[ContactDecision], data: dict[str, Any]) -> QuerySet[ContactDecision]:
    if data.get("date_from"):
        rows = rows.filter(created_at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        rows = rows.filter(created_at__lt=_day_start(data["date_to"] + timedelta(days=1)))
    if data.get("rule"):
        rows = rows.filter(rule_ids__contains=f" {data['rule']} ")
    if data.get("collector"):
        rows = rows.filter(user__username=data["collector"])
    if data.get("outcome"):
        rows = rows.filter(allowed=data["outcome"] == "allowed")
    return rows


def _reason(d: ContactDecision) -> str:
    """Why, in the reader's language: the gate kept both languages with every decision."""
    key = "reason_zh" if (get_language() or "").startswith("zh") else "reason_en"
    reasons = d.decision.get("reasons") if isinstance(d.decision, dict) else None
    return "；".join(str(r.get(key, "")) for r in reasons or [] if isinstance(r, dict))


def _line(d: ContactDecision) -> dict[str, Any]:
    return {
        "d": d,
        "collector": d.user.get_username() if d.user else "—",
        "channel": str(CHANNEL_LABELS.get(d.channel, d.channel)),
        "outcome": _("Allowed") if d.allowed else _("Blocked"),
        "rules": [parameters.rule_words(r) for r in d.rule_list],
        "reason": _reason(d),
    }


def _case_links(rows: list[ContactDecision]) -> dict[str, Any]:
    """Case reference -> the case's public id, for the rows on the page (one query)."""
    pks = {r.case_reference: Case.pk_from_reference(r.case_reference) for r in rows if r.case_reference}
    found = dict(Case.objects.filter(pk__in=[pk for pk in pks.values() if pk]).values_list("pk", "public_id"))
    return {ref: found[pk] for ref, pk in pks.items() if pk in found}


def _export(rows: QuerySet[ContactDecision], kind: str) -> HttpResponse:
    header = [
        _("When"),
        _("Collector"),
        _("Case"),
        _("Channel"),
        _("Outcome"),
        _("Rules"),
        _("Reason"),
        _("Policy version"),
    ]
    body = (
        [
            timezone.localtime(d.created_at).strftime("%Y-%m-%d %H:%M"),
            line["collector"],
            d.case_reference,
            line["channel"],
            line["outcome"],
            "；".join(line["rules"]),
            line["reason"],
            f"{d.profile} v{d.policy_version.version}",
        ]
        for d in rows.iterator(chunk_size=2000)
        for line in [_line(d)]
    )
    name = f"decisions-{timezone.localdate(timezone=timezone.get_default_timezone()):%Y%m%d}"
    if kind == "xlsx":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "decisions.xlsx"
            write_xlsx(path, header, body, title=_("Contact decisions"))
            response = HttpResponse(path.read_bytes(), content_type=XLSX)
    else:
        # A byte order mark, so that Excel in a Chinese locale reads UTF-8 (not GBK).
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow(header)
        writer.writerows(body)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    scope = visible_decisions(request.user)
    # Only the names of people whose decisions the reader may see.
    collectors = list(
        get_user_model()
        .objects.filter(pk__in=scope.values("user_id"))
        .order_by("username")
        .values_list("username", flat=True)
    )
    form = DecisionFilterForm(request.GET, collectors=collectors)
    rows = scope.none()
    if form.is_valid():
        rows = _filtered(scope, form.cleaned_data).select_related("user", "policy_version")
        kind = request.GET.get("format")
        if kind in ("csv", "xlsx"):
            return _export(rows, kind)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    decisions = list(page.object_list)
    links = _case_links(decisions)
    lines = [{**_line(d), "case_id": links.get(d.case_reference)} for d in decisions]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {"form": form, "page": page, "lines": lines, "query": query.urlencode()}
    return render(request, "compliance/decisions.html", context)
