"""My queue: the signed-in collector's cases for today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from arrears.activity.models import Event, Kind
from arrears.cases.access import sees_everything, visible_cases
from arrears.cases.models import CareHold, Case, NextAction, Stage
from arrears.cases.views.common import _htmx_target, _today
from arrears.core.models import Role

QUEUE_FILTERS = ("action", "stage", "min_dpd", "q")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Today's cases of the signed-in user, timed callbacks first, then by priority."""
    today = _today()
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.role in (Role.TEAM_LEAD, Role.MANAGER) and "mine" not in request.GET:
        return redirect("cases:team")
    if sees_everything(request.user):
        # Compliance officers and administrators own no cases: their start page is the portfolio.
        return redirect("portfolio:overview")
    cases = visible_cases(request.user)
    cases = cases.filter(status=Case.Status.OPEN, next_action_on__lte=today)
    # A case on a care hold leaves the queue until a lead has reviewed it (the gate blocks
    # every contact meanwhile): nobody should be prompted to call it.
    cases = cases.exclude(pk__in=CareHold.objects.holding(timezone.now()).values("case_id"))
    action = request.GET.get("action", "")
    stage = request.GET.get("stage", "")
    query = request.GET.get("q", "").strip()
    if action in NextAction.values:
        cases = cases.filter(next_action=action)
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    try:
        min_dpd = int(request.GET.get("min_dpd", "") or 0)
    except ValueError:
        min_dpd = 0
    if min_dpd:
        cases = cases.filter(days_past_due__gte=min_dpd)
    if query:
        pk = Case.pk_from_reference(query)
        cases = cases.filter(Q(debtor__name__icontains=query) | Q(pk=pk if pk is not None else -1))
    cases = cases.select_related("debtor").order_by("next_action_at", "-priority", "next_action_on", "pk")
    capacity = profile.daily_capacity if profile is not None else 60
    page = Paginator(cases, capacity).get_page(request.GET.get("page"))
    done_today = (
        Event.objects.filter(actor=request.user, kind=Kind.CONTACT, at__date=today).count()
        if request.user.is_authenticated
        else 0
    )
    context = {
        "page": page,
        "today": today,
        "actions": NextAction.choices,
        "stages": [s for s in Stage.choices if s[0] != Stage.CLOSED],
        "filters": {k: request.GET.get(k, "") for k in QUEUE_FILTERS},
        "done_today": done_today,
        "capacity": capacity,
    }
    template = "cases/_queue_rows.html" if _htmx_target(request) == "queue-rows" else "cases/queue.html"
    return render(request, template, context)
