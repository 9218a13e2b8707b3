"""Legal recovery's forms: the referral and its decision, an exhibit's upload, a demand
letter, and the legal matter (a ModelForm). Every value a person types is checked here and
comes back as an error by its field: impossible dates (9999-99-99), amounts with too many
decimals or too large (arrears.core.money), files of the wrong kind."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.cases.forms import AmountField, CaseForm, DayField, TextField, business_today
from arrears.contacts.models import ContactPoint, Relationship
from arrears.core.money import parse_amount
from arrears.legal.actions import REASON_LENGTH, demand_scripts
from arrears.legal.checklist import case_checklist
from arrears.legal.models import LegalMatter
from arrears.messaging.forms import masked

# A hearing is set at most this far ahead; a date beyond it is a typo.
HEARING_HORIZON_DAYS = 3 * 366
# No court date of ours is older than this.
EARLIEST = date(1990, 1, 1)


class ReferralForm(CaseForm):
    reason = TextField(label=gettext_lazy("Reason"), max_length=REASON_LENGTH, required=True)


class DecisionForm(CaseForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
    )
    note = TextField(label=gettext_lazy("Note"), max_length=REASON_LENGTH)


class ExhibitForm(CaseForm):
    code = forms.ChoiceField(label=gettext_lazy("Exhibit"))
    file = forms.FileField(label=gettext_lazy("File"))

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        case: Any,
        attachable: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """`attachable`: the case's exhibits that are uploads, when the caller has them."""
        super().__init__(data, case=case, files=files, **kwargs)
        if attachable is None:
            attachable = case_checklist(case).attachable()
        self.fields["code"].choices = [(r.code, str(r.label)) for r in attachable]  # type: ignore[attr-defined]


class DemandForm(CaseForm):
    """A demand template and one of the debtor's own addresses."""

    script = forms.ChoiceField(label=gettext_lazy("Template"))
    contact_point = forms.ChoiceField(label=gettext_lazy("Address"))

    def __init__(
        self, data: Any = None, *, case: Any, points: list[Any] | None = None, **kwargs: Any
    ) -> None:
        """`points`: the case's contact points with their people, when the caller has them."""
        super().__init__(data, case=case, **kwargs)
        self.scripts = {str(s.pk): s for s in demand_scripts()}
        if points is None:
            points = list(self.points())
        self.fields["script"].choices = [  # type: ignore[attr-defined]
            (key, f"{s.title} · {s.get_language_display()}") for key, s in self.scripts.items()
        ]
        self.addresses = {
            str(p.public_id): p
            for p in points
            if p.kind == ContactPoint.Kind.ADDRESS and p.person.relationship == Relationship.SELF and p.valid
        }
        self.fields["contact_point"].choices = [  # type: ignore[attr-defined]
            (key, f"{p.get_address_kind_display()} · {masked(p)}") for key, p in self.addresses.items()
        ]

    def clean_script(self) -> Any:
        return self.scripts[self.cleaned_data["script"]]

    def clean_contact_point(self) -> Any:
        return self.addresses[self.cleaned_data["contact_point"]]


class HearingsField(forms.CharField):
    """Hearing dates, one per line or separated by commas, as YYYY-MM-DD; a list of ISO
    strings, sorted, each a real day within the horizon."""

    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=1000, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        days = []
        last = business_today() + timedelta(days=HEARING_HORIZON_DAYS)
        for item in text.replace(",", "\n").replace("，", "\n").split("\n"):
            item = item.strip()
            if not item:
                continue
            try:
                day = date.fromisoformat(item) if len(item) == 10 else None
            except ValueError:
                day = None
            if day is None:
                raise ValidationError(_("%(value)s is not a day such as 2026-05-20.") % {"value": item[:20]})
            if not EARLIEST <= day <= last:
                raise ValidationError(
                    _("%(value)s lies outside %(first)s to %(last)s.")
                    % {"value": item, "first": EARLIEST.isoformat(), "last": last.isoformat()}
                )
            days.append(day)
        if len(set(days)) != len(days):
            raise ValidationError(_("A day is given twice."))
        return [d.isoformat() for d in sorted(days)]


class MatterAmountField(AmountField):
    """An amount that may be zero (costs not yet known are 0)."""

    def clean(self, value: Any) -> Any:
        text = forms.CharField.clean(self, value)
        if text in self.empty_values:
            return None
        return parse_amount(text, currency=self.currency or None, allow_zero=True)


class MatterForm(forms.ModelForm):
    # The dates a court gives are past (filed, judged, applied); the hearings may be ahead.
    PAST_DATES = ("filed_on", "judgment_on", "enforcement_applied_on")

    filed_on = DayField(label=gettext_lazy("filed on"), required=False)
    judgment_on = DayField(label=gettext_lazy("judgment date"), required=False)
    enforcement_applied_on = DayField(label=gettext_lazy("enforcement applied for on"), required=False)
    hearings = HearingsField(
        label=gettext_lazy("hearing dates"), help_text=gettext_lazy("One per line, such as 2026-05-20.")
    )
    judgment_amount = MatterAmountField(label=gettext_lazy("judgment amount"), required=False)
    court_fees = MatterAmountField(label=gettext_lazy("court fees"), required=False)
    lawyer_fees = MatterAmountField(label=gettext_lazy("lawyer fees"), required=False)
    court = TextField(label=gettext_lazy("court"), max_length=200)
    case_number = TextField(label=gettext_lazy("case number (案号)"), max_length=100)
    enforcement_case_number = TextField(label=gettext_lazy("enforcement case number"), max_length=100)
    notes = TextField(label=gettext_lazy("notes"))
    # The matter's version as the editor saw it: an edit of a stale page is refused.
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)

    class Meta:
        model = LegalMatter
        fields = [
            "status",
            "court",
            "case_number",
            "filed_on",
            "hearings",
            "judgment_on",
            "judgment_amount",
            "enforcement_applied_on",
            "enforcement_case_number",
            "enforcement_outcome",
            "court_fees",
            "lawyer_fees",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("judgment_amount", "court_fees", "lawyer_fees"):
            self.fields[name].currency = self.instance.currency  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["seen"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = business_today()
        for name in self.PAST_DATES:
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= today:
                self.add_error(
                    name, _("Give a day between %(first)s and today.") % {"first": EARLIEST.isoformat()}
                )
        for name in ("court_fees", "lawyer_fees"):
            if name in data and data[name] is None:
                data[name] = Decimal(0)
        return data
