"""Promises to pay and payment plans."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.actions.common import (
    NOTE_LENGTH,
    User,
    _can_change,
    _local_date,
    _money,
    _now,
    _replan,
    _text,
    _who,
)
from arrears.cases.actions.rules import plan_problems, promise_problems, raise_if
from arrears.cases.models import Case, PaymentPlan, Promise
from arrears.core.money import MAX_AMOUNT


@transaction.atomic
def make_promise(
    case: Case,
    user: User,
    *,
    amount: Decimal,
    due_on: date,
    channel: str = "",
    at: datetime | None = None,
    note: str = "",
    over_balance_reason: str = "",
) -> Promise:
    _can_change(user)
    at = _now(at)
    today = _local_date(at)
    amount = _money(case, amount)
    channel = _text(channel, max_length=40, label=_("The payment channel"))
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"))
    reason = _text(over_balance_reason, max_length=300, label=_("Why above the balance"))
    raise_if(promise_problems(case, amount=amount, due_on=due_on, today=today, over_balance_reason=reason))
    if reason:
        note = f"{note}\n{reason}".strip()
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    promise = Promise.objects.create(
        case=case,
        amount=amount,
        due_on=due_on,
        counts_from=today,
        channel=channel,
        created_by=_who(user),
    )
    evidence.append(
        case,
        Kind.PROMISE_MADE,
        actor=user,
        at=at,
        note=note,
        data={
            "promise": str(promise.public_id),
            "amount": str(amount),
            "due_on": due_on.isoformat(),
            "channel": channel,
        },
    )
    _replan(case, today)
    return promise


@transaction.atomic
def make_plan(
    case: Case,
    user: User,
    instalments: Sequence[tuple[date, Decimal]],
    *,
    at: datetime | None = None,
    note: str = "",
) -> PaymentPlan:
    """A payment plan: instalments in date order, each a promise whose payments count from
    the day after the previous instalment (so one payment never counts twice)."""
    _can_change(user)
    at = _now(at)
    today = _local_date(at)
    if len(instalments) < 2:
        raise ValidationError(_("A payment plan has at least two instalments."))
    dates = [d for d, _a in instalments]
    if dates != sorted(dates) or len(set(dates)) != len(dates) or dates[0] < today:
        raise ValidationError(_("Instalment dates must be in the future, distinct and in order."))
    raise_if(plan_problems(case, dates, today))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"))
    amounts = [_money(case, a) for _d, a in instalments]
    if sum(amounts, Decimal(0)) > MAX_AMOUNT:
        raise ValidationError(
            _("The plan's total is larger than any this system accepts (%(max)s).")
            % {"max": f"{MAX_AMOUNT:,}"}
        )
    plan = PaymentPlan.objects.create(
        case=case,
        total=sum(amounts, Decimal(0)),
        created_on=today,
        created_by=_who(user),
    )
    start = today
    promises = []
    for number, (due_on, amount) in enumerate(zip(dates, amounts, strict=True), start=1):
        promise = Promise.objects.create(
            case=case,
            plan=plan,
            instalment=number,
            amount=amount,
            due_on=due_on,
            counts_from=start,
            created_by=plan.created_by,
        )
        promises.append(str(promise.public_id))
        start = due_on + timedelta(days=1)
    evidence.append(
        case,
        Kind.PLAN_MADE,
        actor=user,
        at=at,
        note=note,
        data={
            "plan": str(plan.public_id),
            "total": str(plan.total),
            "instalments": [[d.isoformat(), str(a)] for d, a in zip(dates, amounts, strict=True)],
            "promises": promises,
        },
    )
    _replan(case, today)
    return plan
