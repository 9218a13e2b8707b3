"""Forms of the controls: approval requests from the case page, the approver's decision,
care holds raised by hand and their review. Each value is parsed and checked here and a bad
one comes back next to its field, in the reader's language, with what was typed kept; the
actions check again (arrears.cases.actions.approvals, .care).

Amounts go through arrears.core.money.parse_amount at the case's currency (never rounded:
`100.555` is an error); dates must exist and fall inside the horizon the action allows.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.cases.actions.approvals import REASON_LENGTH, SETTLEMENT_HORIZON_DAYS
from arrears.cases.models import CareHold, Case, Stage
from arrears.core.money import parse_amount
from arrears.portfolio.models import Account

# Control characters other than tab and line breaks: never typed on purpose, and refused
# by PostgreSQL (NUL) and by spreadsheet exports (the rest).
_CONTROL = frozenset(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32)))


def _no_control_characters(value: str) -> None:
    if any(ch in _CONTROL for ch in value):
        raise ValidationError(
            gettext_lazy("Remove the invisible control character (such as NUL): it cannot be stored."),
            code="control_character",
        )


def _text(label: Any, *, required: bool = True, max_length: int = REASON_LENGTH) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_no_control_characters],
    )


def _confirm(label: Any) -> forms.BooleanField:
    return forms.BooleanField(
        label=label,
        required=True,
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


class ControlForm(forms.Form):
    """A form about one case (its currency for amounts, its state for choices)."""

    def __init__(self, data: Any = None, *, case: Case, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.case = case

    @property
    def currency(self) -> str:
        return (
            Account.objects.filter(debtor_id=self.case.debtor_id).values_list("currency", flat=True).first()
            or ""
        )


class WriteOffForm(ControlForm):
    reason = _text(gettext_lazy("Why write it off?"))
    confirm = _confirm(gettext_lazy("I confirm the whole balance is to be written off (核销)."))


class SettlementForm(ControlForm):
    amount = forms.CharField(label=gettext_lazy("Agreed amount"), max_length=40)
    due_on = forms.DateField(label=gettext_lazy("To be paid by"), input_formats=["%Y-%m-%d"])
    reason = _text(gettext_lazy("Why settle for less?"))
    confirm = _confirm(gettext_lazy("I confirm the debtor agreed to pay this amount by this date."))

    def clean_amount(self) -> Any:
        amount = parse_amount(self.cleaned_data["amount"], currency=self.currency or None)
        if amount >= self.case.balance:
            raise ValidationError(
                _("The agreed amount covers the whole balance: record a promise to pay instead.")
            )
        return amount

    def clean_due_on(self) -> date:
        due_on: date = self.cleaned_data["due_on"]
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        last = today + timedelta(days=SETTLEMENT_HORIZON_DAYS)
        if due_on < today:
            raise ValidationError(_("The date has passed."))
        if due_on > last:
            raise ValidationError(
                _("At most %(days)d days ahead (%(last)s).") % {"days": SETTLEMENT_HORIZON_DAYS, "last": last}
            )
        return due_on


class CloseSettledForm(ControlForm):
    reason = _text(gettext_lazy("How was it settled?"))
    confirm = _confirm(
        gettext_lazy("I confirm the case is settled and what is left of the balance is forgiven.")
    )


class ReopenForm(ControlForm):
    stage = forms.ChoiceField(
        label=gettext_lazy("Reopen in stage"),
        choices=[("", "—"), *[s for s in Stage.choices if s[0] != Stage.CLOSED]],
        required=False,
    )
    reason = _text(gettext_lazy("Why reopen it?"))
    confirm = _confirm(gettext_lazy("I confirm the case is to be worked again."))


class CareHoldForm(ControlForm):
    reason = _text(gettext_lazy("What did the debtor say or do?"))
    confirm = _confirm(gettext_lazy("I confirm: pause all contact until a team lead has reviewed the case."))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
    )
    note = _text(gettext_lazy("Note (required to reject)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not data.get("note") and "note" not in self.errors:
            self.add_error("note", _("Say why you reject it: the requester reads it."))
        return data


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=CareHold.Outcome.choices)
    resume_on = forms.DateField(
        label=gettext_lazy("Contact may resume on"), input_formats=["%Y-%m-%d"], required=False
    )
    note = _text(gettext_lazy("What the review found and decided"))

    # A waiting period longer than this is a decision to stop collecting, not a pause.
    LONGEST_WAIT_DAYS = 365

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        resume_on = data.get("resume_on")
        if data.get("outcome") == CareHold.Outcome.WAIT and "resume_on" not in self.errors:
            today = timezone.localdate(timezone=timezone.get_default_timezone())
            if resume_on is None:
                self.add_error("resume_on", _("Give the day contact may resume."))
            elif resume_on <= today:
                self.add_error("resume_on", _("The day contact may resume is after today."))
            elif resume_on > today + timedelta(days=self.LONGEST_WAIT_DAYS):
                self.add_error("resume_on", _("At most a year ahead."))
        return data

    def resume_after(self) -> datetime | None:
        """The start of the resume day in the business's zone."""
        day = self.cleaned_data.get("resume_on")
        if self.cleaned_data.get("outcome") != CareHold.Outcome.WAIT or day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time(0)))
