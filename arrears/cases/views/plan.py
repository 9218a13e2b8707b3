"""The team lead's day-plan actions: rebalancing, absences, and the reminder list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.access import require_lead, visible_cases
from arrears.cases.forms import AbsenceForm
from arrears.cases.views.common import _today
from arrears.core.models import Absence
from arrears.strategy import today as today_plan


def _teammate(request: HttpRequest, field: str) -> Any:
    """The collector named by POST `field`, among those the lead plans for (else None)."""
    value = request.POST.get(field, "")
    if not value.isdigit():
        return None
    return next(
        (u for u in today_plan.collectors_of(today_plan.team_scope(request.user)) if u.pk == int(value)), None
    )


@login_required
@require_POST
def rebalance(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    source, target = _teammate(request, "source"), _teammate(request, "target")
    n = request.POST.get("n", "")
    if source is None or target is None or not n.isdigit():
        messages.error(request, _("Choose two collectors of your team and a number of cases."))
        return redirect("cases:team")
    try:
        moved = actions.rebalance(request.user, source, target, int(n), on=_today())
    except (ValidationError, actions.NotAllowed) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("cases:team")
    messages.success(
        request,
        ngettext(
            "%(n)d case moved from %(source)s to %(target)s.",
            "%(n)d cases moved from %(source)s to %(target)s.",
            len(moved),
        )
        % {"n": len(moved), "source": source.get_username(), "target": target.get_username()},
    )
    return redirect("cases:team")


@login_required
@require_POST
def add_absence(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    member = _teammate(request, "user")
    form = AbsenceForm(request.POST)
    try:
        if member is None or not form.is_valid():
            raise ValidationError(_("Choose a collector of your team, a first and a last day."))
        starts_on, ends_on = form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
        actions.add_absence(
            request.user, member, starts_on=starts_on, ends_on=ends_on, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, actions.NotAllowed) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("cases:team")
    messages.success(
        request,
        _("%(name)s is away from %(first)s to %(last)s: tonight's plan gives them no cases on those days.")
        % {"name": member.get_username(), "first": starts_on, "last": ends_on},
    )
    return redirect("cases:team")


@login_required
@require_POST
def remove_absence(request: HttpRequest, pk: int) -> HttpResponse:
    require_lead(request.user)
    collectors = today_plan.collectors_of(today_plan.team_scope(request.user))
    absence = get_object_or_404(Absence, pk=pk, user__in=collectors)
    try:
        actions.remove_absence(request.user, absence)
    except (ValidationError, actions.NotAllowed) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("cases:team")
    messages.success(request, _("Absence removed."))
    return redirect("cases:team")


@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    """The automated reminders due: cases the strategy sends reminders to instead of a
    collector's call (small balances early in delinquency that usually cure)."""
    require_lead(request.user)
    today = _today()
    cases = today_plan.reminders(visible_cases(request.user), today).select_related("debtor", "owner")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(request, "cases/reminders.html", {"page": page, "today": today})
