"""The day plan as the screens and the API read it: a collector's cases planned for a day,
their capacity that day, and each collector's load (planned, backlog, overdue).

"Due today" means planned for today (`Case.planned_for`, written by the nightly run and by
every action through arrears.strategy.case_plan) and nothing else. Automated reminders are
planned too, but take no collector's time and sit in the reminder list, not in a queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from arrears.activity.models import Event, Kind
from arrears.cases.models import CareHold, Case, NextAction
from arrears.core.models import Absence, Profile, Role
from arrears.strategy.planner import next_working_day

# The roles the nightly run plans days for (field collectors staff visits; the case stays
# with its collector, whose day the visit takes).
PLANNED_ROLES = (Role.COLLECTOR,)
HUMAN = ~Q(next_action=NextAction.REMIND)


def plan_day(today: date) -> date:
    """The day a queue shows: today, or on a day off (a weekend, a public holiday) the next
    working day, whose plan the night has already made."""
    return next_working_day(today)


def planned_for(cases: QuerySet[Case], day: date) -> QuerySet[Case]:
    """The open cases of `cases` planned for `day` for a person (not the backlog parked on
    the horizon's last day, not automated reminders), in the queue's order: timed
    callbacks first, then by priority. A case on a care hold leaves the plan until a lead
    has reviewed it (the gate blocks every contact meanwhile): nobody is prompted to call
    it, in the queue, the API or the dialer's list."""
    return (
        _planned(cases, day)
        .exclude(pk__in=CareHold.objects.holding(timezone.now()).values("case_id"))
        .order_by("next_action_at", "-priority", "pk")
    )


def held_from(cases: QuerySet[Case], day: date) -> QuerySet[Case]:
    """The open cases of `cases` planned for `day` but left out of it by a care hold (the
    dialer's list reports them, so that a missing case is accounted for)."""
    return _planned(cases, day).filter(pk__in=CareHold.objects.holding(timezone.now()).values("case_id"))


def _planned(cases: QuerySet[Case], day: date) -> QuerySet[Case]:
    """Open cases planned for a person on `day`; a case with an agency (arrears.recovery) is
    the agency's to work, not ours, until it is recalled."""
    from arrears.recovery.models import Placement

    placed = Placement.objects.filter(recalled_on__isnull=True).values("case_id")
    return (
        cases.filter(status=Case.Status.OPEN, planned_for=day, backlog=False)
        .filter(HUMAN)
        .exclude(pk__in=placed)
    )


def reminders(cases: QuerySet[Case], day: date) -> QuerySet[Case]:
    """Open cases whose next action is an automated reminder due by `day` (the reminder
    list, until messaging sends them)."""
    return cases.filter(
        status=Case.Status.OPEN, next_action=NextAction.REMIND, planned_for__lte=day
    ).order_by("planned_for", "-priority", "pk")


def capacity_on(profile: Profile | None, day: date, absent: bool | None = None) -> int:
    """Cases `profile`'s user works on `day`: their capacity, 0 before their start date,
    on an absence, or when inactive."""
    if profile is None or not profile.user.is_active:
        return 0
    if profile.starts_on is not None and day < profile.starts_on:
        return 0
    if absent is None:
        absent = Absence.objects.filter(
            user_id=profile.user_id, starts_on__lte=day, ends_on__gte=day
        ).exists()
    return 0 if absent else profile.capacity


def done_on(user: Any, day: date) -> int:
    """Cases the user logged a contact on during `day` (local)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return (
        Event.objects.filter(actor=user, kind=Kind.CONTACT, at__date=day).values("case_id").distinct().count()
    )


@dataclass(frozen=True)
class Load:
    """One collector's day: what the team screen and `GET /api/v1/plan/` show."""

    collector_id: int
    collector: str
    capacity: int
    planned: int  # planned for the day (pinned work may exceed the capacity)
    backlog: int  # due by the day but planned later, or beyond the horizon
    overdue: int  # due before the day and not done
    pinned: int  # promise checks, callbacks, broken promises, visits planned for the day
    open: int
    absent: bool

    @property
    def over(self) -> int:
        return max(self.planned - self.capacity, 0)

    @property
    def days_of_work(self) -> float | None:
        """Due work (planned today and backlog) in days of this collector's capacity."""
        if self.capacity <= 0:
            return None
        return (self.planned + self.backlog) / self.capacity


def team_scope(user: Any) -> list[int] | None:
    """The teams whose plan the user sees: a lead's own, a manager's managed teams and own,
    everyone's for an administrator (Profile.team_ids)."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    return profile.team_ids()


def collectors_of(team_ids: Iterable[int] | None, roles: Iterable[str] = PLANNED_ROLES) -> list[Any]:
    """Users of these roles (by default the ones the plan is for) in these teams (None: all)."""
    users = (
        get_user_model()
        .objects.filter(profile__role__in=list(roles))
        .select_related("profile", "profile__team")
    )
    if team_ids is not None:
        users = users.filter(profile__team_id__in=list(team_ids))
    return list(users.order_by("username"))


def loads(cases: QuerySet[Case], day: date, collectors: list[Any]) -> list[Load]:
    """Per collector of `collectors`, their load on `day` over `cases` (the caller's
    scope). Three queries, whatever the number of collectors."""
    human = cases.filter(status=Case.Status.OPEN).filter(HUMAN)
    due = Q(next_action_on__lte=day)
    later = Q(planned_for__gt=day) | Q(backlog=True) | Q(planned_for__isnull=True)
    counts: dict[int, dict[str, Any]] = {
        row["owner_id"]: dict(row)
        for row in human.filter(owner__in=collectors)
        .values("owner_id")
        .annotate(
            open=Count("pk"),
            planned=Count("pk", filter=Q(planned_for=day, backlog=False)),
            pinned=Count(
                "pk",
                filter=Q(planned_for=day, backlog=False)
                & Q(
                    next_action__in=[
                        NextAction.CHECK_PROMISE,
                        NextAction.CALLBACK,
                        NextAction.BROKEN_PROMISE,
                        NextAction.VISIT,
                    ]
                ),
            ),
            backlog=Count("pk", filter=due & later),
            overdue=Count("pk", filter=Q(next_action_on__lt=day)),
        )
    }
    return _loads(counts, day, collectors)


def _loads(counts: dict[int, dict[str, Any]], day: date, collectors: list[Any]) -> list[Load]:
    """`counts` (owner id -> open, planned, pinned, backlog, overdue) with each collector's
    capacity on `day` (one query for the absences)."""
    absent = set(
        Absence.objects.filter(user__in=collectors, starts_on__lte=day, ends_on__gte=day).values_list(
            "user_id", flat=True
        )
    )
    out = []
    for user in collectors:
        row = counts.get(user.pk, {})
        profile = getattr(user, "profile", None)
        out.append(
            Load(
                collector_id=user.pk,
                collector=user.get_username(),
                capacity=capacity_on(profile, day, absent=user.pk in absent),
                planned=row.get("planned", 0),
                backlog=row.get("backlog", 0),
                overdue=row.get("overdue", 0),
                pinned=row.get("pinned", 0),
                open=row.get("open", 0),
                absent=user.pk in absent,
            )
        )
    return out


@dataclass(frozen=True)
class TeamDay:
    """The team screen's counts for the plan day `day`: each collector's load, the open
    cases with no collector, the reminders due, the cases with no next action. `night` is
    the nightly run whose report rows they were read from (`finished_at` its end), or None
    when they were counted live."""

    day: date
    loads: list[Load]
    unowned: int
    reminders: int
    no_next_action: int
    night: date | None = None
    finished_at: datetime | None = None


def team_day(
    team_ids: list[int] | None, cases: QuerySet[Case], today: date, collectors: list[Any]
) -> TeamDay:
    """The team screen's counts over `team_ids` (None: every team) and `cases` (the same
    scope's open cases), as the night planned `plan_day(today)`.

    Read from the CollectorDay rows of the latest run up to `today` that planned that day
    (a few rows per collector, on the collectorday_on_team index), so the screen does not
    scan the team's cases (issue 16); counted live over `cases` when no such run wrote
    them (a fresh install, or the night's run has not happened)."""
    from arrears.reports.models import CollectorDay
    from arrears.strategy.models import run_finished_at

    day = plan_day(today)
    night = CollectorDay.objects.filter(day__lte=today).aggregate(night=Max("day"))["night"]
    if night is None or plan_day(night) != day:
        return _live_team_day(cases, day, collectors)
    rows = CollectorDay.objects.filter(day=night)
    if team_ids is not None:
        rows = rows.filter(team_id__in=team_ids)
    mine = {user.pk for user in collectors}
    counts: dict[int, dict[str, Any]] = {}
    unowned = reminders_due = no_action = 0
    for row in rows:
        reminders_due += row.reminders
        no_action += row.no_next_action
        if row.owner_id is None:
            unowned += row.cases
        elif row.owner_id in mine:
            # A collector with cases in two teams of the scope has a row for each.
            total = counts.setdefault(row.owner_id, dict.fromkeys(LOAD_COUNTS, 0))
            for name in LOAD_COUNTS:
                total[name] += getattr(row, name)
    return TeamDay(
        day=day,
        loads=_loads(counts, day, collectors),
        unowned=unowned,
        reminders=reminders_due,
        no_next_action=no_action,
        night=night,
        finished_at=run_finished_at(night),
    )


LOAD_COUNTS = ("open", "planned", "pinned", "backlog", "overdue")


def _live_team_day(cases: QuerySet[Case], day: date, collectors: list[Any]) -> TeamDay:
    """The same counts over every open case of the scope: four passes over the team's cases."""
    return TeamDay(
        day=day,
        loads=loads(cases, day, collectors),
        unowned=cases.filter(owner__isnull=True).count(),
        reminders=reminders(cases, day).count(),
        no_next_action=cases.filter(NO_NEXT_ACTION).count(),
    )


# Open cases nobody has a next action for (the team screen's list and count).
NO_NEXT_ACTION = Q(next_action="") | Q(next_action_on__isnull=True)


@dataclass(frozen=True)
class Rebalance:
    """A suggestion: move `n` cases from the most to the least loaded collector."""

    source: Load
    target: Load
    n: int


# Suggest a move only when it is worth a lead's click: at least this many cases, and the
# most loaded collector at least a day's work ahead of the least loaded.
MIN_REBALANCE = 5
MIN_DAYS_APART = 1.0


def suggest_rebalance(team_loads: list[Load]) -> Rebalance | None:
    """The most loaded collector (due work in days of their capacity; anyone with due work
    and no capacity that day comes first) and the least loaded one with capacity; `n`
    evens their days of work. None when the team is even enough."""
    working = [load for load in team_loads if load.capacity > 0]
    if not working:
        return None
    target = min(working, key=lambda load: (load.days_of_work or 0.0, -load.capacity, load.collector))

    def pressure(load: Load) -> float:
        due = load.planned + load.backlog
        return float("inf") if load.capacity <= 0 and due else (load.days_of_work or 0.0)

    source = max(team_loads, key=lambda load: (pressure(load), load.collector))
    if source.collector_id == target.collector_id:
        return None
    if pressure(source) - (target.days_of_work or 0.0) < MIN_DAYS_APART:
        return None
    due_s, due_t = source.planned + source.backlog, target.planned + target.backlog
    if source.capacity <= 0:
        n = due_s
    else:
        # (due_s - n) / cap_s = (due_t + n) / cap_t
        n = (due_s * target.capacity - due_t * source.capacity) // (source.capacity + target.capacity)
    n = min(n, due_s)
    return Rebalance(source, target, n) if n >= MIN_REBALANCE else None
