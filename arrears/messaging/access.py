"""Who sees which messages and screens. Views and the API fetch messages only here.

Messages are seen with their case (arrears.cases.access): a case outside the user's scope
is a 404. The messages page is for team leads (their team), compliance and administrators;
campaigns for team leads and administrators; the day's print file, which holds every team's
letters, for administrators and compliance.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from arrears.cases.access import get_case_for_user, is_lead, visible_cases
from arrears.cases.models import Case
from arrears.core.models import Role
from arrears.messaging.models import Message


def _role(user: Any) -> str | None:
    profile = getattr(user, "profile", None) if user is not None and user.is_authenticated else None
    return profile.role if profile is not None else None


def visible_messages(user: Any) -> QuerySet[Message]:
    return Message.objects.filter(case__in=visible_cases(user))


def get_message_for_user(user: Any, case: Case, public_id: Any) -> Message:
    try:
        return Message.objects.select_related("case").get(case=case, public_id=public_id)
    except (Message.DoesNotExist, ValueError):
        raise Http404 from None


def require_overview(user: Any) -> None:
    if _role(user) not in (Role.TEAM_LEAD, Role.COMPLIANCE, Role.ADMIN):
        raise PermissionDenied("team leads, compliance and administrators only")


def require_campaigns(user: Any) -> None:
    if not is_lead(user):
        raise PermissionDenied("team leads only")


def can_download_print_files(user: Any) -> bool:
    return _role(user) in (Role.COMPLIANCE, Role.ADMIN)


__all__ = ["get_case_for_user", "get_message_for_user", "visible_messages"]
