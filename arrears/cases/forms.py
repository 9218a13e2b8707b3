"""The case page's forms: every value a person types is parsed and checked here, and a bad
one comes back as an error next to its field, in the reader's language, with what they
typed kept. The actions check again (the API and the batch reach them without a form).

Django's CharField already refuses NUL (ProhibitNullCharactersValidator); `TextField` below
refuses the other control characters too, which PostgreSQL stores but XLSX exports and
screen readers choke on. Amounts go through arrears.core.money.parse_amount at the case's
currency; dates must exist (2027-02-30 is an error, not a 500).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.activity.models import Channel, Outcome
from arrears.cases.actions.common import NOTE_LENGTH, case_currency
from arrears.cases.actions.gate import channel_for
from arrears.cases.actions.rules import (
    contact_problems,
    plan_problems,
    promise_problems,
    visit_outcome_problems,
    visit_plan_problems,
)
from arrears.cases.actions.visits import VISIT_OUTCOME, field_staff_for
from arrears.cases.models import Case, NextAction, Stage
from arrears.contacts.models import ContactPoint, Person, Preference
from arrears.core.form_fields import IdMultipleChoiceField
from arrears.core.money import parse_amount
from arrears.scripts.labels import REACTIONS

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _no_control_characters(value: str) -> None:
    if _CONTROL.search(value):
        raise ValidationError(
            gettext_lazy("Remove the invisible control character (such as NUL): it cannot be stored."),
            code="control_character",
        )


def business_today() -> date:
    """Today in the business's time zone (the day promises and plans count from)."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


class TextField(forms.CharField):
    """Free text: stripped, bounded, no control characters (tab and line breaks are fine)."""

    default_validators = [_no_control_characters]

    def __init__(self, *, max_length: int = NOTE_LENGTH, required: bool = False, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, required=required, **kwargs)


class AmountField(forms.CharField):
    """An amount as typed ("1,500", "１５００", "¥ 1500.50"): a Decimal exact at the currency's
    precision, above zero and at most MAX_AMOUNT, or an error saying which rule it broke."""

    currency = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=40, **kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        return parse_amount(text, currency=self.currency or None)


class DayField(forms.DateField):
    """A date from an <input type=date> (YYYY-MM-DD); an impossible one is an error."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["%Y-%m-%d"], **kwargs)


def _choices(pairs: Any, *, blank: bool = False) -> list[tuple[str, Any]]:
    return [("", "—"), *pairs] if blank else list(pairs)


class CaseForm(forms.Form):
    """A form of one case: choices come from the case (its people, points, team)."""

    def __init__(self, data: Any = None, *, case: Case, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.case = case
        amounts = [f for f in self.fields.values() if isinstance(f, AmountField)]
        if amounts and self.is_bound:
            currency = case_currency(case)
            for field in amounts:
                field.currency = currency

    def points(self) -> Any:
        return ContactPoint.objects.filter(person__debtor_id=self.case.debtor_id).select_related("person")

    def add_problems(self, problems: dict[str, str], names: dict[str, str] | None = None) -> None:
        """The actions' rules (arrears.cases.actions.rules), each next to its field here: a
        field that has an error already keeps only that one."""
        for name, message in problems.items():
            field = (names or {}).get(name, name)
            if field not in self.fields:
                self.add_error(None, message)
            elif field not in self.errors:
                self.add_error(field, message)


class ContactForm(CaseForm):
    contact_point = forms.ModelChoiceField(
        label=gettext_lazy("Contact point"),
        queryset=ContactPoint.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=_choices([c for c in Channel.choices if c[0] != Channel.VISIT], blank=True),
        required=False,
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=[o for o in Outcome.choices if not o[0].startswith("visit_")]
    )
    reaction = forms.ChoiceField(
        label=gettext_lazy("Debtor's reaction"),
        choices=_choices([(r, r) for r in REACTIONS], blank=True),
        required=False,
    )
    promise_amount = AmountField(label=gettext_lazy("Promise: amount"), required=False)
    promise_date = DayField(label=gettext_lazy("Promise: date"), required=False)
    promise_channel = TextField(label=gettext_lazy("Payment channel"), max_length=40)
    over_balance_reason = TextField(label=gettext_lazy("Why above the balance"), max_length=300)
    callback_at = forms.DateTimeField(label=gettext_lazy("Callback at"), required=False)
    note = TextField(label=gettext_lazy("Note"))
    text = TextField(label=gettext_lazy("What did the debtor say?"))
    # The promise's rules speak of the action's arguments; here they are these fields.
    ACTION_FIELDS = {"amount": "promise_amount", "due_on": "promise_date"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = self.points()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Outcome.PROMISE_TO_PAY:
            for name in ("promise_amount", "promise_date"):
                if name not in self.errors and not data.get(name):
                    self.add_error(name, _("A promise to pay needs an amount and a date."))
        callback = data.get("outcome") == Outcome.CALLBACK_REQUESTED and not data.get("callback_at")
        if callback and "callback_at" not in self.errors:
            self.add_error("callback_at", _("A callback needs the time the debtor asked for."))
        point = data.get("contact_point")
        now = timezone.now()
        channel = data.get("channel") or (channel_for(point) if point is not None else Channel.CALL)
        self.add_problems(
            contact_problems(channel=channel, point=point, callback_at=data.get("callback_at"), at=now)
        )
        if data.get("outcome") == Outcome.PROMISE_TO_PAY:
            problems = promise_problems(
                self.case,
                amount=data.get("promise_amount"),
                due_on=data.get("promise_date"),
                today=business_today(),
                over_balance_reason=data.get("over_balance_reason") or "",
            )
            self.add_problems(problems, {"amount": "promise_amount", "due_on": "promise_date"})
        return data

    def person_and_point(self) -> tuple[Person, ContactPoint | None]:
        point = self.cleaned_data.get("contact_point")
        if point is not None:
            return point.person, point
        person = self.case.debtor.people.filter(relationship="self").first()
        if person is None:
            raise ValidationError(_("The debtor has no contact record."))
        return person, None


class PromiseForm(CaseForm):
    amount = AmountField(label=gettext_lazy("Amount"))
    due_on = DayField(label=gettext_lazy("Date"))
    channel = TextField(label=gettext_lazy("Payment channel"), max_length=40)
    over_balance_reason = TextField(label=gettext_lazy("Why above the balance"), max_length=300)
    note = TextField(label=gettext_lazy("Note"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.add_problems(
            promise_problems(
                self.case,
                amount=data.get("amount"),
                due_on=data.get("due_on"),
                today=business_today(),
                over_balance_reason=data.get("over_balance_reason") or "",
            )
        )
        return data


class PlanForm(CaseForm):
    """Instalments as rows of `due_on` and `amount` (the form repeats both names)."""

    note = TextField(label=gettext_lazy("Note"))
    ROWS = 12

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        posted: Any = self.data  # a QueryDict: the rows repeat their names
        dates, amounts = posted.getlist("due_on"), posted.getlist("amount")
        if len(dates) > self.ROWS or len(amounts) > self.ROWS:
            raise ValidationError(_("A payment plan has at most %(n)d instalments.") % {"n": self.ROWS})
        day, money = DayField(), AmountField()
        money.currency = case_currency(self.case)
        rows: list[tuple[date, Any]] = []
        for number, (due, amount) in enumerate(zip(dates, amounts, strict=False), start=1):
            if not due.strip() and not amount.strip():
                continue
            try:
                row = (day.clean(due), money.clean(amount))
            except ValidationError as exc:
                raise ValidationError(
                    _("Instalment %(n)d: %(error)s") % {"n": number, "error": " ".join(exc.messages)}
                ) from None
            if row[0] is None or row[1] is None:
                raise ValidationError(_("Every instalment needs a date and an amount."))
            rows.append(row)
        data["instalments"] = rows
        for message in plan_problems(self.case, [d for d, _a in rows], business_today()).values():
            raise ValidationError(message)
        return data


class ContactPointForm(CaseForm):
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person"), queryset=Person.objects.none(), to_field_name="public_id"
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ContactPoint.Kind.choices)
    value = TextField(label=gettext_lazy("Value"), max_length=300, required=True)
    address_kind = forms.ChoiceField(
        label=gettext_lazy("Address kind"),
        choices=_choices(ContactPoint.AddressKind.choices, blank=True),
        required=False,
    )
    source = forms.ChoiceField(label=gettext_lazy("Source"), choices=ContactPoint.Source.choices)
    verification = forms.ChoiceField(
        label=gettext_lazy("Verified?"), choices=ContactPoint.Verification.choices, required=False
    )
    is_workplace = forms.BooleanField(label=gettext_lazy("at the workplace"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = self.case.debtor.people.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ContactPoint.Kind.ADDRESS and not data.get("address_kind"):
            self.add_error("address_kind", _("Say which kind of address it is."))
        data["verification"] = data.get("verification") or ContactPoint.Verification.UNVERIFIED
        return data


class MarkPointForm(CaseForm):
    state = forms.ChoiceField(
        label=gettext_lazy("Mark a contact point"), choices=[("invalid", "invalid"), ("verified", "verified")]
    )
    reason = TextField(label=gettext_lazy("Reason"), max_length=200)


class DisputeForm(CaseForm):
    summary = TextField(label=gettext_lazy("What does the debtor dispute?"), max_length=500, required=True)
    written = forms.BooleanField(label=gettext_lazy("in writing"), required=False)


class PreferenceForm(CaseForm):
    kind = forms.ChoiceField(label=gettext_lazy("Preference"), choices=Preference.Kind.choices)
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), choices=_choices(Channel.choices, blank=True), required=False
    )
    note = TextField(label=gettext_lazy("Note"), max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Preference.Kind.OPT_OUT_CHANNEL and not data.get("channel"):
            self.add_error("channel", _("Say which channel."))
        return data


class LimitationFactForm(CaseForm):
    """A fact that may restart the limitation period (arrears/recovery/limitation.py)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("What happened"),
        choices=[
            ("debt_acknowledged", gettext_lazy("The debtor acknowledged the debt")),
            ("demand_received", gettext_lazy("The debtor received a demand for payment")),
        ],
    )
    on = DayField(label=gettext_lazy("On"))
    written = forms.BooleanField(label=gettext_lazy("in writing"), required=False)
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), choices=_choices(Channel.choices, blank=True), required=False
    )
    note = TextField(label=gettext_lazy("Note"), max_length=300)

    def clean_on(self) -> date:
        day: date = self.cleaned_data["on"]
        if day > business_today():
            raise ValidationError(_("The day cannot be in the future."))
        return day


class NoteForm(CaseForm):
    note = TextField(label=gettext_lazy("Note"), required=True)


class TaskDoneForm(CaseForm):
    note = TextField(label=gettext_lazy("Note"))


class CloseForm(CaseForm):
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=Case.CloseReason.choices)
    note = TextField(label=gettext_lazy("Note"))


class StageForm(CaseForm):
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"), choices=[s for s in Stage.choices if s[0] != Stage.CLOSED]
    )
    reason = TextField(label=gettext_lazy("Reason"), max_length=300, required=True)


class VisitPlanForm(CaseForm):
    address = forms.ModelChoiceField(
        label=gettext_lazy("Address"), queryset=ContactPoint.objects.none(), to_field_name="public_id"
    )
    planned_at = forms.DateTimeField(label=gettext_lazy("When"))
    staff = IdMultipleChoiceField(label=gettext_lazy("Staff (two or more)"), queryset=Person.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = self.points().filter(  # type: ignore[attr-defined]
            kind=ContactPoint.Kind.ADDRESS
        )
        # Only the people who may go are choices (the action checks again).
        self.fields["staff"].queryset = field_staff_for(self.case)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.add_problems(visit_plan_problems(data.get("planned_at"), timezone.now()))
        return data


class VisitRecordForm(CaseForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=[(s.value, s.label) for s in VISIT_OUTCOME]
    )
    occurred_at = forms.DateTimeField(label=gettext_lazy("When"), required=False)
    note = TextField(label=gettext_lazy("Note"))
    latitude = forms.DecimalField(
        label=gettext_lazy("Latitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
    )
    longitude = forms.DecimalField(
        label=gettext_lazy("Longitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.add_problems(visit_outcome_problems(data.get("occurred_at"), timezone.now()))
        return data


class AssistForm(CaseForm):
    text = TextField(label=gettext_lazy("What did the debtor say?"), max_length=2000)


class AssistLogForm(CaseForm):
    label = forms.ChoiceField(label=gettext_lazy("Reaction"), choices=[(r, r) for r in REACTIONS])
    text = TextField(label=gettext_lazy("What did the debtor say?"), max_length=2000)
    corrected = forms.BooleanField(label=gettext_lazy("Corrected"), required=False)


class AbsenceForm(forms.Form):
    """A collector's days off, entered by their lead on the team screen."""

    starts_on = DayField(label=gettext_lazy("First day"))
    ends_on = DayField(label=gettext_lazy("Last day"))
    reason = TextField(label=gettext_lazy("Reason"), max_length=200, required=False)


class QueueFilterForm(forms.Form):
    """The queue's filters (a GET form): a bad value is named next to the list and that
    filter left out, never a 500 (a day count too large for a date used to be one)."""

    q = forms.CharField(required=False, max_length=100, strip=True)
    action = forms.ChoiceField(required=False, choices=[("", ""), *NextAction.choices])
    stage = forms.ChoiceField(required=False, choices=[("", ""), *Stage.choices])
    min_dpd = forms.IntegerField(
        label=gettext_lazy("Min. days past due"), required=False, min_value=0, max_value=10_000
    )
