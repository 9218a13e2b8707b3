"""Who may use the compliance officer's pages, and which decisions each reader sees."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from arrears.compliance.models import ContactDecision
from arrears.core.models import Role

# Who may use the what-if check, read the policies and read every collector's decisions.
REVIEWER_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN, Role.TEAM_LEAD, Role.MANAGER})


def require_reviewer(request: HttpRequest) -> None:
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.role not in REVIEWER_ROLES:
        raise PermissionDenied


def visible_decisions(user: Any) -> QuerySet[ContactDecision]:
    """Decisions a reviewer may read: a team lead their own team's (made by its members),
    compliance officers and administrators every one."""
    profile = getattr(user, "profile", None)
    rows = ContactDecision.objects.all()
    if profile is None or profile.role not in REVIEWER_ROLES:
        return rows.none()
    if profile.role == Role.TEAM_LEAD:
        if profile.team_id is None:
            return rows.none()
        return rows.filter(user__profile__team_id=profile.team_id)
    return rows
