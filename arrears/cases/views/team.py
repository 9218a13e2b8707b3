"""The team lead's screen: the team's load, broken promises, stage moves to confirm."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.access import require_lead, visible_cases
from arrears.cases.models import Case, NextAction, Promise
from arrears.cases.views.common import _today
from arrears.cases.views.recommendations import recommendations_context
from arrears.core.models import Role


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The team lead's screen: the team's queue by collector, broken promises today, cases
    with no next action, stage moves to confirm."""
    require_lead(request.user)
    today = _today()
    cases = visible_cases(request.user).filter(status=Case.Status.OPEN)
    per_owner = list(
        cases.values("owner__username", "owner_id")
        .annotate(
            open=Count("pk"),
            due=Count("pk", filter=Q(next_action_on__lte=today)),
            promise_checks=Count(
                "pk", filter=Q(next_action=NextAction.CHECK_PROMISE, next_action_on__lte=today)
            ),
            broken=Count("pk", filter=Q(next_action=NextAction.BROKEN_PROMISE)),
        )
        .order_by("owner__username")
    )
    broken = list(
        Promise.objects.filter(
            case__in=cases,
            status__in=[Promise.Status.BROKEN, Promise.Status.PARTLY_KEPT],
            checked_on__gte=today - timedelta(days=1),
        )
        .select_related("case", "case__debtor", "case__owner")
        .order_by("-amount")[:50]
    )
    no_action = list(
        cases.filter(Q(next_action="") | Q(next_action_on__isnull=True))
        .select_related("debtor", "owner")
        .order_by("-priority")[:50]
    )
    no_action_count = cases.filter(Q(next_action="") | Q(next_action_on__isnull=True)).count()
    lead_team = getattr(getattr(request.user, "profile", None), "team_id", None) or -1
    collectors = list(
        get_user_model()
        .objects.filter(
            profile__team_id=lead_team,
            profile__role__in=[Role.COLLECTOR, Role.FIELD_COLLECTOR],
        )
        .order_by("username")
    )
    return render(
        request,
        "cases/team.html",
        {
            "per_owner": per_owner,
            "broken": broken,
            "no_action": no_action,
            "no_action_count": no_action_count,
            **recommendations_context(request.user),
            "collectors": collectors,
            "today": today,
        },
    )


@login_required
@require_POST
def reassign(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    from django.contrib import messages

    pk = Case.pk_from_reference(request.POST.get("case", ""))
    case = visible_cases(request.user).filter(pk=pk if pk is not None else -1).first()
    owner = get_user_model().objects.filter(pk=request.POST.get("owner") or -1).first()
    if case is None or owner is None:
        messages.error(request, _("No such case in your team, or no such collector."))
        return redirect("cases:team")
    try:
        actions.reassign(case, owner, request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, actions.NotAllowed) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("cases:team")
    messages.success(
        request,
        _("%(case)s is now with %(owner)s.") % {"case": case.reference, "owner": owner.get_username()},
    )
    return redirect("cases:team")
