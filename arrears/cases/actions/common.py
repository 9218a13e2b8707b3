"""What every case action shares: who acts, what they may change, the errors they raise,
and the replan after a change."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.cases.models import Case
from arrears.compliance.gate import Decision
from arrears.compliance.models import ContactDecision
from arrears.core.models import READ_ONLY_ROLES

User = AuthUser | AnonymousUser | None


def _who(user: User) -> AuthUser | None:
    return user if isinstance(user, AuthUser) else None


class ContactBlocked(Exception):
    """The gate refused a contact. `decision` says which rule, why, and until when."""

    def __init__(self, decision: Decision, kept: ContactDecision | None = None) -> None:
        self.decision = decision
        self.kept = kept
        super().__init__(", ".join(decision.rule_ids))


class NotAllowed(Exception):
    """The user's role may not make this change (read-only roles, a collector's scope)."""


def _can_change(user: User) -> None:
    profile = getattr(user, "profile", None)
    if user is None or not user.is_authenticated or profile is None or profile.role in READ_ONLY_ROLES:
        raise NotAllowed(_("Your role may not change cases."))


def _now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def _local_date(at: datetime) -> date:
    return timezone.localtime(at).date()


def _replan(case: Case, on: date | None = None) -> None:
    """The case's next action and planned day after an action on it: the nightly rules on
    this case's facts (arrears.strategy.case_plan), a few queries, no nightly run."""
    from arrears.strategy.case_plan import replan_cases

    replan_cases([case], on or timezone.localdate())


def _check_money(amount: Decimal) -> Decimal:
    if not isinstance(amount, Decimal):
        raise TypeError("money must be a Decimal")
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    return amount.quantize(Decimal("0.01"))
