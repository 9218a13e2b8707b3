"""/api/v1/plan/: each collector's day plan, for team leads (their team) and administrators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from arrears.cases.access import is_lead, visible_cases
from arrears.cases.models import Case
from arrears.core.api_errors import error_responses
from arrears.core.api_fields import Day
from arrears.core.models import ApiScope
from arrears.core.tokens import scoped
from arrears.strategy import today as today_plan

router = Router(tags=["plan"])


class CollectorPlanOut(Schema):
    collector: str
    team: str | None
    capacity: int
    planned: int
    backlog: int
    overdue: int
    pinned: int
    over_capacity: int
    absent: bool


@router.get(
    "/",
    response={200: list[CollectorPlanOut], **error_responses(401, 403, 422)},
    auth=scoped(ApiScope.PLAN_READ),
)
def plan(request: HttpRequest, date: Day | None = None) -> list[dict[str, Any]]:
    """One object per collector in the caller's scope, for `date` (default: today in the
    business's zone, or the next working day on a day off): `capacity` that day (0 when
    away or not started), cases `planned` that day (pinned promise checks and callbacks
    may exceed the capacity: `over_capacity`), `backlog` (due by that day but planned
    later or beyond the plan's horizon), `overdue` (due before that day, not done).
    Scope `plan:read`."""
    if not is_lead(request.user):
        raise HttpError(403, _("Only team leads, managers and administrators read the day plans."))
    day = date or today_plan.plan_day(timezone.localdate(timezone=timezone.get_default_timezone()))
    collectors = today_plan.collectors_of(today_plan.team_scope(request.user))
    cases = visible_cases(request.user).filter(status=Case.Status.OPEN)
    return [
        {
            "collector": load.collector,
            "team": user.profile.team.name if user.profile.team else None,
            "capacity": load.capacity,
            "planned": load.planned,
            "backlog": load.backlog,
            "overdue": load.overdue,
            "pinned": load.pinned,
            "over_capacity": load.over,
            "absent": load.absent,
        }
        for user, load in zip(collectors, today_plan.loads(cases, day, collectors), strict=True)
    ]
