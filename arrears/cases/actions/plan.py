"""The day plan's actions for a team lead: moving cases from the most to the least loaded
collector, and the absences the planner reads."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity.actions import NewEvent, append_many
from arrears.activity.models import Kind
from arrears.cases.actions.common import NotAllowed, User, _can_change, _who
from arrears.cases.models import Assignment, Case, NextAction, Task
from arrears.core.models import Absence, Role

# Work tied to its collector and day: moved only away from someone who is not working.
PINNED = (NextAction.CHECK_PROMISE, NextAction.CALLBACK, NextAction.BROKEN_PROMISE, NextAction.VISIT)
MAX_MOVE = 1000


def _lead_team(user: User) -> int | None:
    """The team whose plan the user may change (None: any, for an administrator)."""
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in (Role.TEAM_LEAD, Role.ADMIN):
        raise NotAllowed(_("Only a team lead changes the team's plan."))
    return None if profile.role == Role.ADMIN else (profile.team_id or -1)


def _member(user: User, member: Any) -> Any:
    team = _lead_team(user)
    profile = getattr(member, "profile", None)
    if profile is None or profile.role not in (Role.COLLECTOR, Role.FIELD_COLLECTOR):
        raise ValidationError(_("Choose a collector of your team."))
    if team is not None and profile.team_id != team:
        raise ValidationError(_("Choose a collector of your team."))
    return profile


def rebalance(user: User, source: Any, target: Any, n: int, *, on: date | None = None) -> list[Case]:
    """Move up to `n` of `source`'s due cases to `target` (same team), the most valuable
    first; each move is an Assignment row and an `assigned` event, and the moved cases
    are planned into `target`'s days. While `source` works today, their day stays as
    planned and only work waiting beyond it moves (pinned work stays); when they do not
    (absent, not started), today's work moves too, pinned work first."""
    from arrears.strategy.case_plan import replan_cases
    from arrears.strategy.today import capacity_on

    on = on or timezone.localdate(timezone=timezone.get_default_timezone())
    source_profile, target_profile = _member(user, source), _member(user, target)
    if source.pk == target.pk or source_profile.team_id != target_profile.team_id:
        raise ValidationError(_("Choose two collectors of the same team."))
    if not 1 <= n <= MAX_MOVE:
        raise ValidationError(_("Move between 1 and %(max)d cases.") % {"max": MAX_MOVE})
    if capacity_on(target_profile, on) <= 0:
        raise ValidationError(_("%(name)s does not work today.") % {"name": target.get_username()})
    away = capacity_on(source_profile, on) <= 0
    now = timezone.now()
    with transaction.atomic():
        due = Case.objects.filter(status=Case.Status.OPEN, owner=source, next_action_on__lte=on).exclude(
            next_action=NextAction.REMIND
        )
        if away:
            order = ["planned_for", "-priority", "pk"]
        else:
            due = due.exclude(planned_for=on, backlog=False).exclude(next_action__in=PINNED)
            order = ["-priority", "pk"]
        ids = list(due.order_by(*order).values_list("pk", flat=True)[:n])
        # Locked in id order, so two leads moving at once cannot deadlock.
        cases = list(Case.objects.select_for_update().filter(pk__in=ids, owner=source).order_by("pk"))
        if not cases:
            return []
        moved = [c.pk for c in cases]
        reason = _("Rebalanced: %(source)s to %(target)s") % {
            "source": source.get_username(),
            "target": target.get_username(),
        }
        Assignment.objects.bulk_create(
            Assignment(
                case_id=pk,
                owner=target,
                previous_owner=source,
                rule=Assignment.Rule.REBALANCE,
                assigned_by=_who(user),
                reason=reason,
                at=now,
            )
            for pk in moved
        )
        Case.objects.filter(pk__in=moved).update(owner=target)
        Task.objects.filter(case_id__in=moved, status=Task.Status.OPEN).update(assigned_to=target)
        append_many(
            [
                NewEvent(
                    pk,
                    Kind.ASSIGNED,
                    at=now,
                    values={
                        "note": reason,
                        "data": {
                            "owner": target.pk,
                            "previous_owner": source.pk,
                            "rule": Assignment.Rule.REBALANCE,
                        },
                    },
                )
                for pk in moved
            ],
            actor=_who(user),
        )
        for case in cases:
            case.owner = target
        replan_cases(cases, on)
    return cases


def add_absence(user: User, member: Any, *, starts_on: date, ends_on: date, reason: str = "") -> Absence:
    """Record days `member` does not work; the nightly plan gives them nothing on those days."""
    _member(user, member)
    if ends_on < starts_on:
        raise ValidationError(_("The last day is before the first day."))
    if (ends_on - starts_on).days > 366:
        raise ValidationError(_("An absence is at most a year; record a longer one as inactive."))
    return Absence.objects.create(
        user=member, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()[:200], created_by=_who(user)
    )


def remove_absence(user: User, absence: Absence) -> None:
    _member(user, absence.user)
    absence.delete()
