"""What a promise, a plan, a callback, a contact's channel and a visit must be, whoever
asks: the web forms check it at the edge (each error next to its field, nothing written),
and the actions check it again for the API and batch paths that reach them without a form.

Each check returns {field: message} (empty when all is well) keyed by the action's argument
names; a form maps them to its own field names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity.models import Channel
from arrears.cases.models import Case
from arrears.contacts.models import ContactPoint

# Channels a contact point of each kind can carry (a visit is planned, not logged).
CHANNELS_BY_KIND: dict[str, set[str]] = {
    ContactPoint.Kind.PHONE: {Channel.CALL, Channel.SMS, Channel.VOICEMAIL, Channel.IM},
    ContactPoint.Kind.EMAIL: {Channel.EMAIL},
    ContactPoint.Kind.ADDRESS: {Channel.LETTER, Channel.VISIT},
}
# Slack for clocks: an outcome "now" typed on a phone whose clock runs a little ahead.
CLOCK_SLACK = timedelta(minutes=5)


def raise_if(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})


def promise_problems(
    case: Case, *, amount: Decimal | None, due_on: date | None, today: date, over_balance_reason: str = ""
) -> dict[str, str]:
    """A promise falls due from today to the creditor's promise horizon, and is not above
    what the debtor owes unless the collector says why (a promise that also covers fees the
    creditor will add, a debtor paying for a relative's account)."""
    problems: dict[str, str] = {}
    creditor = case.debtor.creditor
    if due_on is not None:
        if due_on < today:
            problems["due_on"] = _("A promise cannot fall due in the past.")
        elif due_on > today + timedelta(days=creditor.promise_horizon_days):
            problems["due_on"] = _(
                "A promise falls due within %(days)d days (the creditor's horizon): by %(last)s."
            ) % {
                "days": creditor.promise_horizon_days,
                "last": today + timedelta(days=creditor.promise_horizon_days),
            }
    if amount is not None and case.balance and amount > case.balance and not over_balance_reason.strip():
        problems["amount"] = _(
            "This is more than the debtor owes (%(balance)s). Lower it, or say why in "
            '"Why above the balance".'
        ) % {"balance": f"{case.balance:,.2f}"}
    return problems


def plan_problems(case: Case, dates: Sequence[date], today: date) -> dict[str, str]:
    """A plan's last instalment falls within the creditor's plan horizon."""
    horizon = case.debtor.creditor.plan_horizon_days
    if dates and max(dates) > today + timedelta(days=horizon):
        return {
            "instalments": _(
                "A payment plan ends within %(days)d days (the creditor's horizon): by %(last)s."
            )
            % {"days": horizon, "last": today + timedelta(days=horizon)}
        }
    return {}


def contact_problems(
    *, channel: str, point: ContactPoint | None, callback_at: datetime | None, at: datetime
) -> dict[str, str]:
    """The channel fits the contact point (no call to an email address), and a callback is
    for a time to come."""
    problems: dict[str, str] = {}
    if point is not None and channel not in CHANNELS_BY_KIND.get(point.kind, set()):
        problems["channel"] = _("A %(kind)s cannot take a %(channel)s: choose a channel that fits it.") % {
            "kind": point.get_kind_display(),
            "channel": Channel(channel).label if channel in Channel.values else channel,
        }
    if callback_at is not None and callback_at <= at:
        problems["callback_at"] = _(
            "A callback is for a time to come: give the day and time the debtor asked for."
        )
    return problems


def visit_plan_problems(planned_at: datetime | None, at: datetime) -> dict[str, str]:
    if planned_at is not None and planned_at <= at:
        return {"planned_at": _("A visit is planned for a time to come.")}
    return {}


def visit_outcome_problems(occurred_at: datetime | None, at: datetime) -> dict[str, str]:
    if occurred_at is not None and occurred_at > at + CLOCK_SLACK:
        return {"occurred_at": _("A visit's outcome is recorded after the visit, not before it.")}
    return {}


def now() -> datetime:
    return timezone.now()
