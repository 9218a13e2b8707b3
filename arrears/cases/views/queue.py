"""My queue: the signed-in collector's plan for today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from arrears.cases.access import sees_everything, visible_cases
from arrears.cases.forms import QueueFilterForm
from arrears.cases.models import Case, NextAction, Stage
from arrears.cases.views.common import _form_error, _htmx_target, _today
from arrears.core.dpd import at_least
from arrears.core.models import Role
from arrears.strategy.today import capacity_on, done_on, plan_day, planned_for

QUEUE_FILTERS = ("action", "stage", "min_dpd", "q")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Today's plan of the signed-in user (at most their capacity, plus pinned work that
    could not move): timed callbacks first, then by priority; and how much is done. On a
    day off, the next working day's plan."""
    today = _today()
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.role in (Role.TEAM_LEAD, Role.MANAGER) and "mine" not in request.GET:
        return redirect("cases:team")
    if sees_everything(request.user):
        # Compliance officers and administrators own no cases: their start page is the portfolio.
        return redirect("portfolio:overview")
    day = plan_day(today)
    if profile is not None and profile.role == Role.AGENCY_COLLECTOR:
        # An agency works every case placed with it, by priority; our day plan is not theirs.
        plan = visible_cases(request.user).filter(status=Case.Status.OPEN).order_by("-priority", "pk")
    else:
        plan = planned_for(visible_cases(request.user), day)
    cases = plan
    filters = QueueFilterForm(request.GET)
    filters.is_valid()  # an invalid field is left out of cleaned_data, and so of the filters
    action, stage = filters.cleaned_data.get("action"), filters.cleaned_data.get("stage")
    query, min_dpd = filters.cleaned_data.get("q") or "", filters.cleaned_data.get("min_dpd")
    if action:
        cases = cases.filter(next_action=action)
    if stage:
        cases = cases.filter(stage=stage)
    if min_dpd:
        cases = cases.filter(at_least("delinquent_since", min_dpd))
    if query:
        pk = Case.pk_from_reference(query)
        cases = cases.filter(Q(debtor__name__icontains=query) | Q(pk=pk if pk is not None else -1))
    capacity = capacity_on(profile, day)
    page = Paginator(cases.select_related("debtor"), max(capacity, 25)).get_page(request.GET.get("page"))
    # The day's count without the filters (the same query when there are none).
    planned = page.paginator.count if cases is plan else plan.count()
    context = {
        "page": page,
        "today": today,
        "day": day,
        "actions": NextAction.choices,
        "stages": [s for s in Stage.choices if s[0] != Stage.CLOSED],
        "filters": {k: request.GET.get(k, "") for k in QUEUE_FILTERS},
        "filter_error": _form_error(filters),
        "planned": planned,
        "done_today": done_on(request.user, today),
        "capacity": capacity,
    }
    template = "cases/_queue_rows.html" if _htmx_target(request) == "queue-rows" else "cases/queue.html"
    return render(request, template, context)
