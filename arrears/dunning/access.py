"""Who sees which customers' dunning and credit holds; views and the API fetch them here.

A customer is visible to a user who sees one of its cases (arrears.cases.access), and to a
lead or manager of the creditor's team; compliance officers and administrators see all.
Outside the scope is a 404, as for cases.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from arrears.cases.access import visible_cases
from arrears.core.models import APPROVER_ROLES, READ_ONLY_ROLES, Role
from arrears.dunning.models import CreditHold
from arrears.portfolio.models import Debtor


def _profile(user: Any) -> Any:
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "profile", None)


def visible_customers(user: Any) -> QuerySet[Debtor]:
    profile = _profile(user)
    debtors = Debtor.objects.filter(kind=Debtor.Kind.COMPANY)
    if profile is None:
        return debtors.none()
    if profile.role in (Role.COMPLIANCE, Role.ADMIN):
        return debtors
    scope = Q(pk__in=visible_cases(user).values("debtor_id"))
    if profile.role in (Role.TEAM_LEAD, Role.MANAGER):
        teams = profile.team_ids()
        if teams:
            scope |= Q(creditor__team_id__in=teams)
    return debtors.filter(scope)


def get_customer_for_user(user: Any, public_id: Any) -> Debtor:
    try:
        return visible_customers(user).select_related("creditor").get(public_id=public_id)
    except (Debtor.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    except Exception as exc:  # a malformed UUID from a URL or query string
        if exc.__class__.__name__ == "ValidationError":
            raise Http404 from exc
        raise


def visible_holds(user: Any) -> QuerySet[CreditHold]:
    return CreditHold.objects.filter(debtor__in=visible_customers(user))


def may_propose(user: Any) -> bool:
    profile = _profile(user)
    return (
        profile is not None and profile.role not in READ_ONLY_ROLES and profile.role != Role.AGENCY_COLLECTOR
    )


def may_decide(user: Any) -> bool:
    """Approve, reject and release: the leads who approve requests (the finance team's
    team lead or collections manager; a sales lead is given the team lead role)."""
    profile = _profile(user)
    return profile is not None and profile.role in APPROVER_ROLES
