from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from arrears.dunning.holds import REASON_LENGTH
from arrears.dunning.models import StatementSchedule


class ProposeHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why stop supply"), max_length=REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideHoldForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve: stop supply")), ("reject", _("Reject"))]
    )
    note = forms.CharField(
        label=_("Note"), max_length=REASON_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the hold is rejected."))
        return data


class ReleaseHoldForm(forms.Form):
    note = forms.CharField(
        label=_("Why supply resumes"), max_length=REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatementForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("zh-hans", "简体中文"), ("en", "English")])
    send = forms.ChoiceField(
        label=_("What to do"),
        choices=[("download", _("Download the PDF")), ("email", _("Email it to the customer"))],
    )


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = StatementSchedule
        fields = ["frequency", "day_of_month"]
