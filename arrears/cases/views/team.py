"""The team lead's screen: the team's day plan per collector, broken promises, stage moves
to confirm, reassignment."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.access import require_lead, visible_cases
from arrears.cases.forms import TextField
from arrears.cases.models import Assignment, Case, Promise
from arrears.cases.views.common import _today
from arrears.cases.views.recommendations import recommendations_context
from arrears.core.form_fields import IdChoiceField
from arrears.core.models import Absence, Role
from arrears.strategy import today as today_plan


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The team lead's screen: each collector's day (capacity, planned, backlog, overdue),
    a rebalancing suggestion, the reminder list, absences, broken promises, cases with no
    next action, stage moves to confirm."""
    require_lead(request.user)
    today = _today()
    cases = visible_cases(request.user).filter(status=Case.Status.OPEN)
    teams = today_plan.team_scope(request.user)
    collectors = today_plan.collectors_of(teams)
    # The counts as the night planned the day (CollectorDay), not a pass over the team's
    # cases; a move made since then counts from tomorrow's plan on (the page says so).
    plan = today_plan.team_day(teams, cases, today, collectors)
    broken = list(
        Promise.objects.filter(
            case__in=cases,
            status__in=[Promise.Status.BROKEN, Promise.Status.PARTLY_KEPT],
            checked_on__gte=today - timedelta(days=1),
        )
        .select_related("case", "case__debtor", "case__owner")
        .order_by("-amount")[:50]
    )
    no_action = cases.filter(today_plan.NO_NEXT_ACTION)
    absences = Absence.objects.filter(user__in=collectors, ends_on__gte=today).select_related("user")
    moved = plan.finished_at is not None and (
        Assignment.objects.filter(assigned_by_id=request.user.pk, at__gte=plan.finished_at).exists()
    )
    return render(
        request,
        "cases/team.html",
        {
            "plan": plan,
            "loads": plan.loads,
            "unowned": plan.unowned,
            # Suggested from the night's loads: once this lead has moved cases since the
            # night, the same suggestion would move them twice.
            "suggestion": None if moved else today_plan.suggest_rebalance(plan.loads),
            "moved_since_night": moved,
            "reminders_due": plan.reminders,
            "absences": list(absences.order_by("starts_on", "user__username")[:50]),
            "broken": broken,
            "no_action": list(no_action.select_related("debtor", "owner").order_by("-priority")[:50]),
            "no_action_count": plan.no_next_action,
            **recommendations_context(request.user),
            "collectors": collectors,
            # A lead may also hand a case to a field collector of the team.
            "assignees": today_plan.collectors_of(teams, (Role.COLLECTOR, Role.FIELD_COLLECTOR)),
            "today": today,
            "day": plan.day,
        },
    )


class ReassignForm(forms.Form):
    """A case (by reference) to give to another user; the action checks the user's team."""

    case = forms.CharField(max_length=40)
    owner = IdChoiceField(queryset=get_user_model().objects.filter(is_active=True))
    reason = TextField(max_length=300, required=False)


@login_required
@require_POST
def reassign(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    from django.contrib import messages

    form = ReassignForm(request.POST)
    pk = Case.pk_from_reference(form.data.get("case", "")) if form.is_valid() else None
    case = visible_cases(request.user).filter(pk=pk).first() if pk is not None else None
    owner = form.cleaned_data.get("owner") if form.is_valid() else None
    if case is None or owner is None:
        messages.error(request, _("No such case in your team, or no such collector."))
        return redirect("cases:team")
    try:
        actions.reassign(case, owner, request.user, reason=form.cleaned_data["reason"])
    except (ValidationError, actions.NotAllowed) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("cases:team")
    messages.success(
        request,
        _("%(case)s is now with %(owner)s.") % {"case": case.reference, "owner": owner.get_username()},
    )
    return redirect("cases:team")
