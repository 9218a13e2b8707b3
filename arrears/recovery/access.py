"""Who may print a case's evidence dossier.

The roles that decide a case's way out of the team (agency placement, legal referral: a
lead's or a manager's stage move) and the roles that audit it (compliance officer,
administrator), for the cases they see (arrears.cases.access). Not a collector, even on
their own case: the dossier carries the whole file (every contact point, every message,
the chain) in one portable document, more than working the case needs (PIPL art 6, the
least data necessary); a collector asks their lead for it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from arrears.cases.access import get_case_for_user
from arrears.cases.models import Case
from arrears.core.models import Role

DOSSIER_ROLES = frozenset({Role.TEAM_LEAD, Role.MANAGER, Role.COMPLIANCE, Role.ADMIN})


def may_print_dossier(user: Any) -> bool:
    profile = getattr(user, "profile", None) if user is not None and user.is_authenticated else None
    return profile is not None and profile.role in DOSSIER_ROLES


def get_case_for_dossier(user: Any, public_id: Any) -> Case:
    """404 outside the user's scope (as every case URL), then 403 for a role that may see
    the case but not print its dossier."""
    case = get_case_for_user(user, public_id)
    if not may_print_dossier(user):
        raise PermissionDenied("dossiers are for leads, managers, compliance and administrators")
    return case
