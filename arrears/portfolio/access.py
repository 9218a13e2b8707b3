"""Permission-checked getters: the only way views and endpoints fetch accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from arrears.portfolio.models import Account


def get_account_for_user(user: AbstractBaseUser | AnonymousUser, public_id: str) -> Account:
    """The account, if the user may see it; 404 otherwise (never 403: ids must not leak).

    Compliance officers and administrators see every account; everyone else sees the
    accounts of debtors with a case in their scope (arrears.cases.access).
    """
    from arrears.cases.access import sees_everything, visible_cases

    if not user.is_authenticated:
        raise Http404
    accounts = Account.objects.select_related("creditor", "debtor")
    if not sees_everything(user):
        accounts = accounts.filter(debtor__in=visible_cases(user).values("debtor_id"))
    try:
        return accounts.get(public_id=public_id)
    except (Account.DoesNotExist, ValueError):
        raise Http404 from None
