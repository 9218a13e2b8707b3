"""What every case action shares: who acts, what they may change, the errors they raise,
and the replan after a change."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.cases.models import Case
from arrears.compliance.gate import Decision
from arrears.compliance.models import ContactDecision
from arrears.core.models import READ_ONLY_ROLES
from arrears.core.money import check_amount

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
    return timezone.localtime(at, timezone.get_default_timezone()).date()


def _replan(case: Case, on: date | None = None) -> None:
    """The case's next action and planned day after an action on it: the nightly rules on
    this case's facts (arrears.strategy.case_plan), a few queries, no nightly run."""
    from arrears.strategy.case_plan import replan_cases

    replan_cases([case], on or timezone.localdate(timezone=timezone.get_default_timezone()))


def _locked_status(model: Any, obj: Any, *fields: str) -> None:
    """Lock `obj`'s row for the rest of the transaction and read `fields` (its state) afresh.

    A state check (is the task open, the visit planned, the case open) made on the copy a
    request loaded earlier lets two requests at once both pass it: two "done" events for
    one task, two outcomes for one visit. The lock makes the second wait and see the first.
    """
    row = model.objects.select_for_update().values(*fields).get(pk=obj.pk)
    for name, value in row.items():
        setattr(obj, name, value)


def case_currency(case: Case) -> str:
    """The currency of the case's amounts (its debtor's accounts share one)."""
    from arrears.portfolio.models import Account

    return Account.objects.filter(debtor_id=case.debtor_id).values_list("currency", flat=True).first() or ""


def _money(case: Case, amount: Decimal) -> Decimal:
    """An amount the case may store: exact at its currency's precision, above zero, at most
    MAX_AMOUNT (arrears.core.money). The API and the batch paths reach the actions without a
    form, so the rule is applied here as well as at the edge."""
    return check_amount(amount, currency=case_currency(case))


# Notes are kept in events (unbounded text), but a person reads them: a generous cap.
NOTE_LENGTH = 4000

# Control characters other than tab and line breaks: invisible, never typed on purpose,
# refused by PostgreSQL (NUL) and by XLSX exports (the rest).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: str | None, *, max_length: int, label: str = "", required: str = "") -> str:
    """Free text as a person typed it, stripped, checked where no form did (the API): no
    control characters, at most `max_length` characters, and present if `required` (the
    message to give when it is empty)."""
    text = (value or "").strip()
    if _CONTROL.search(text):
        raise ValidationError(
            _("%(field)s contains a control character (such as NUL) that cannot be stored.")
            % {"field": label or _("The text")}
        )
    if len(text) > max_length:
        raise ValidationError(
            _("%(field)s is too long: at most %(max)d characters.")
            % {"field": label or _("The text"), "max": max_length}
        )
    if required and not text:
        raise ValidationError(required)
    return text
