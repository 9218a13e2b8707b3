"""Who sees which cases, and who may change them. Views and the API fetch cases only here.

- collector: the cases they own;
- field collector: the cases they own, their team's cases in the field stage, and cases
  with a visit they are staffed on;
- team lead: their team's cases;
- collections manager: the cases of every team they manage (Profile.managed_teams) and of
  their own team; they do what a lead does over that scope, and approve above a lead's
  limits (arrears.cases.authority);
- compliance officer and administrator: every case (compliance reads only);
- agency collector: the cases placed with their agency now (arrears.recovery), nothing
  else: a recalled case is a 404 again.

A case outside the user's scope is a 404, never a 403, so case ids do not leak; a read-only
role trying to change something gets a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from arrears.cases.models import Case, Stage
from arrears.core.models import APPROVER_ROLES, LEAD_ROLES, READ_ONLY_ROLES, Role
from arrears.recovery.models import Placement


def _profile(user: Any) -> Any:
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "profile", None)


def visible_cases(user: Any) -> QuerySet[Case]:
    profile = _profile(user)
    cases = Case.objects.all()
    if profile is None:
        return cases.none()
    if profile.role in (Role.COMPLIANCE, Role.ADMIN):
        return cases
    if profile.role == Role.AGENCY_COLLECTOR:
        if profile.agency_id is None:
            return cases.none()
        placed = Placement.objects.filter(agency_id=profile.agency_id, recalled_on__isnull=True)
        return cases.filter(pk__in=placed.values("case_id"))
    if profile.role in (Role.TEAM_LEAD, Role.MANAGER):
        teams = profile.team_ids()
        return cases.filter(team_id__in=teams) if teams else cases.none()
    if profile.role == Role.FIELD_COLLECTOR:
        scope = Q(owner=user) | Q(visits__staff=user)
        if profile.team_id:
            scope |= Q(team_id=profile.team_id, stage=Stage.FIELD)
        return cases.filter(pk__in=Case.objects.filter(scope).values("pk"))
    return cases.filter(owner=user)


def is_agency(user: Any) -> bool:
    profile = _profile(user)
    return profile is not None and profile.role == Role.AGENCY_COLLECTOR


def require_in_house(user: Any) -> None:
    """What only our own staff do on a case (ask for a write-off, a settlement or a
    reopening; plan or record a field visit): an agency collector gets a 403."""
    if is_agency(user):
        raise PermissionDenied("not for an agency collector")


def get_case_for_user(user: Any, public_id: Any) -> Case:
    try:
        return (
            visible_cases(user)
            .select_related("debtor", "debtor__creditor", "owner", "team")
            .get(public_id=public_id)
        )
    except (Case.DoesNotExist, ValueError):
        raise Http404 from None


def can_change(user: Any) -> bool:
    profile = _profile(user)
    return profile is not None and profile.role not in READ_ONLY_ROLES


def require_change(user: Any) -> None:
    if not can_change(user):
        raise PermissionDenied("read-only role")


def is_lead(user: Any) -> bool:
    """A team lead, a manager or an administrator: the team screen and its actions."""
    profile = _profile(user)
    return profile is not None and profile.role in LEAD_ROLES


def require_lead(user: Any) -> None:
    if not is_lead(user):
        raise PermissionDenied("team leads only")


def is_approver(user: Any) -> bool:
    """May decide approval requests and review care holds (within scope and limits)."""
    profile = _profile(user)
    return profile is not None and profile.role in APPROVER_ROLES


def require_approver(user: Any) -> None:
    if not is_approver(user):
        raise PermissionDenied("team leads and managers only")


def team_ids(user: Any) -> list[int] | None:
    """The teams a lead or manager runs (None: every team, for an administrator; [] for
    anyone else)."""
    profile = _profile(user)
    if profile is None or profile.role not in LEAD_ROLES:
        return []
    result: list[int] | None = profile.team_ids()
    return result


def sees_everything(user: Any) -> bool:
    profile = _profile(user)
    return profile is not None and profile.role in (Role.COMPLIANCE, Role.ADMIN)
