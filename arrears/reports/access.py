"""Who sees which dashboard, over which teams.

A collections manager (and the administrator) sees the manager's dashboard; a team lead the
team dashboard over their own team; a compliance officer the compliance dashboard over
every team. Collectors and field collectors see none: their own figures are on their queue.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from arrears.core.models import Role

DASHBOARD_OF_ROLE = {
    Role.MANAGER: "manager",
    Role.ADMIN: "manager",
    Role.TEAM_LEAD: "team",
    Role.COMPLIANCE: "compliance",
}
# Who may open each dashboard (a manager may also look at a team's, as its leads see it).
ROLES_OF_DASHBOARD = {
    "manager": frozenset({Role.MANAGER, Role.ADMIN}),
    "team": frozenset({Role.TEAM_LEAD, Role.MANAGER, Role.ADMIN}),
    "compliance": frozenset({Role.COMPLIANCE, Role.ADMIN, Role.MANAGER}),
}


def _role(user: Any) -> str | None:
    profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
    return profile.role if profile is not None else None


def home_dashboard(user: Any) -> str | None:
    """The dashboard `/reports/` opens for `user`, or None (no dashboard)."""
    role = _role(user)
    return DASHBOARD_OF_ROLE.get(role) if role else None  # type: ignore[call-overload]


def may_see(user: Any, name: str) -> bool:
    return _role(user) in ROLES_OF_DASHBOARD.get(name, frozenset())


def require_dashboard(user: Any, name: str) -> None:
    if not may_see(user, name):
        raise PermissionDenied("no such dashboard for this role")


def team_scope(user: Any, name: str) -> list[int] | None:
    """The teams whose rows `user` sees on dashboard `name`: every team (None) for a
    manager, a compliance officer and the administrator, who answer for the department's
    whole book (its current accounts have no team: a team filter would hide them); a
    lead's own team (Profile.team_ids)."""
    role = _role(user)
    if role in (Role.ADMIN, Role.COMPLIANCE, Role.MANAGER):
        return None
    profile = user.profile
    return profile.team_ids()
