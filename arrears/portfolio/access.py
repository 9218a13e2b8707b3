"""Permission-checked getters: the only way views and endpoints fetch accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from arrears.portfolio.models import Account


def get_account_for_user(user: AbstractBaseUser | AnonymousUser, public_id: str) -> Account:
    """The account, if the user may see it; 404 otherwise (never 403: ids must not leak).

    Until case ownership exists every signed-in staff role sees the whole portfolio;
    the cases app narrows a collector to the accounts of their own cases.
    """
    if not user.is_authenticated:
        raise Http404
    try:
        return Account.objects.select_related("creditor", "debtor").get(public_id=public_id)
    except (Account.DoesNotExist, ValueError):
        raise Http404 from None
