"""The compliance desk's forms: a policy change, the what-if check, the decision-log filters."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime, time
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.compliance import parameters as words
from arrears.compliance.models import PROFILE_CHOICES
from arrears.compliance.profiles import DEFAULTS, Policy, PolicyError, policy_from_dict
from arrears.compliance.request import CHANNELS, PURPOSES, ROLES
from arrears.compliance.rules import SOURCES

_CHOICES = {
    "third_party_mode": words.THIRD_PARTY_MODES,
    "dispute_mode": words.DISPUTE_MODES,
    "required_disclosure": words.DISCLOSURES,
}


class PolicyForm(forms.Form):
    """Every parameter of one profile as a typed field, starting from `policy`'s values."""

    reason = forms.CharField(
        label=gettext_lazy("Why this change (required)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    # The version the form was filled from: a change made meanwhile must not be undone unseen.
    base_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, policy: Policy, version: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        super().__init__(*args, **kwargs)
        self.policy, self.version = policy, version
        self.initial["base_version"] = version
        reason = self.fields.pop("reason")
        values = policy.to_dict()
        for f in fields(Policy):
            if f.name == "name":
                continue
            field = self._field(f.name, f.type)
            field.label = str(words.LABELS[f.name])
            self.fields[f.name] = field
            self.initial.setdefault(f.name, values[f.name])
        self.fields["reason"] = reason

    @staticmethod
    def _field(name: str, kind: Any) -> forms.Field:
        if name in ("window_start", "window_end"):
            return forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
        if name == "window_weekdays":
            return forms.TypedMultipleChoiceField(
                choices=[(i + 1, WEEKDAYS[i]) for i in range(7)],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        if name in _CHOICES:
            return forms.ChoiceField(
                choices=list(_CHOICES[name].items()), required=name != "required_disclosure"
            )
        if name.startswith("rule_"):
            return forms.ChoiceField(choices=lambda: [(r, words.rule_words(r)) for r in SOURCES])
        if kind == "bool":
            return forms.BooleanField(required=False)
        if kind == "int":
            return forms.IntegerField(min_value=0, max_value=1000)
        return forms.CharField(max_length=64)

    def clean_base_version(self) -> int:
        if self.cleaned_data["base_version"] != self.version:
            raise forms.ValidationError(
                _(
                    "The policy changed while you were editing it: "
                    "the form now shows the active version; make your change again."
                )
            )
        return self.version

    def clean_default_zone(self) -> str:
        zone = self.cleaned_data["default_zone"].strip()
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(_("Not a time zone we know, e.g. Asia/Shanghai.")) from None
        return zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_start"), data.get("window_end")
        if isinstance(start, time) and isinstance(end, time) and not start < end:
            self.add_error("window_end", _("The window must close after it opens."))
        if not self.errors:
            try:
                policy_from_dict(self.parameters())
            except PolicyError as exc:  # pragma: no cover - every field is checked above
                raise forms.ValidationError(str(exc)) from None
            if self.parameters() == self.policy.to_dict():
                raise forms.ValidationError(_("Nothing is changed: change at least one parameter."))
        return data

    def parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {"name": self.policy.name}
        for f in fields(Policy):
            if f.name == "name":
                continue
            value = data[f.name]
            if f.name in ("window_start", "window_end"):
                value = value.strftime("%H:%M")
            elif f.name == "window_weekdays":
                value = sorted(value)
            out[f.name] = value
        return out


class DecideForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))]
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


# -- the what-if check -----------------------------------------------------------------------

CHANNEL_LABELS = {
    "call": gettext_lazy("Phone call"),
    "sms": gettext_lazy("Text message"),
    "email": gettext_lazy("Email"),
    "letter": gettext_lazy("Letter"),
    "visit": gettext_lazy("Field visit"),
    "im": gettext_lazy("Instant message"),
    "voicemail": gettext_lazy("Voicemail"),
}
ROLE_LABELS = {
    "debtor": gettext_lazy("The debtor"),
    "co_obligor": gettext_lazy("A co-borrower"),
    "guarantor": gettext_lazy("A guarantor"),
    "spouse": gettext_lazy("The debtor's spouse"),
    "parent": gettext_lazy("The debtor's parent"),
    "child": gettext_lazy("The debtor's child"),
    "sibling": gettext_lazy("The debtor's sibling"),
    "relative": gettext_lazy("A relative of the debtor"),
    "employer": gettext_lazy("The debtor's employer"),
    "colleague": gettext_lazy("A colleague of the debtor"),
    "reference": gettext_lazy("A reference the debtor gave"),
    "attorney": gettext_lazy("The debtor's lawyer"),
    "other": gettext_lazy("Someone else"),
}
PURPOSE_LABELS = {
    "collect": gettext_lazy("Ask for payment"),
    "location": gettext_lazy("Find the debtor"),
    "message_only": gettext_lazy("Pass on a message only"),
    "cease_confirmation": gettext_lazy("Confirm a cease request"),
    "dispute_verification": gettext_lazy("Verify a dispute"),
}
assert set(CHANNEL_LABELS) == set(CHANNELS) and set(ROLE_LABELS) == set(ROLES)
assert set(PURPOSE_LABELS) == set(PURPOSES)

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _in_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """A datetime-local value (read by Django in the server's zone) as that wall time in `zone`."""
    return timezone.make_naive(value).replace(tzinfo=zone)


def _sane_year(value: datetime | None) -> datetime | None:
    # Far years overflow when the gate adds days to find the next allowed time.
    if value is not None and not 2000 <= value.year <= 2100:
        raise forms.ValidationError(_("Give a date between the years 2000 and 2100."))
    return value


class WhatIfForm(forms.Form):
    profile = forms.ChoiceField(
        label=gettext_lazy("Policy profile"), choices=PROFILE_CHOICES, required=False
    )
    at = forms.DateTimeField(
        label=gettext_lazy("When (the debtor's local time, in the profile's time zone)"),
        widget=_LOCAL,
        required=False,
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), choices=list(CHANNEL_LABELS.items()), required=False
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Who is contacted"), choices=list(ROLE_LABELS.items()), required=False
    )
    purpose = forms.ChoiceField(
        label=gettext_lazy("Purpose"), choices=list(PURPOSE_LABELS.items()), required=False
    )
    consumer = forms.BooleanField(label=gettext_lazy("A consumer debt"), required=False, initial=True)
    unreachable = forms.BooleanField(
        label=gettext_lazy("The debtor's own numbers are invalid (unreachable)"), required=False
    )
    visitors = forms.IntegerField(
        label=gettext_lazy("Staff attending (visits)"), min_value=0, max_value=20, required=False
    )
    text = forms.CharField(
        label=gettext_lazy("What will be said or written (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    request = forms.CharField(
        label=gettext_lazy("Or the whole request as JSON"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_at(self) -> datetime | None:
        return _sane_year(self.cleaned_data.get("at"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("request") or "").strip():
            return data  # the JSON is the whole request; the fields above are not read
        if data.get("at") is None and "at" not in self.errors:
            self.add_error("at", _("Give the time of the contact."))
        for name in ("profile", "channel", "role", "purpose"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
        return data

    def zone(self) -> ZoneInfo:
        return ZoneInfo(DEFAULTS[self.cleaned_data["profile"]].default_zone)

    def contact_request(self, history: list[dict[str, Any]]) -> Any:
        """The contact-check request (docs/contact-check.md) the form describes: the JSON
        input when one is given, else a debtor P1 on number M1 for debt D1, or a third party
        P2 on M2, with the history rows as earlier contacts with the debtor."""
        data = self.cleaned_data
        raw = (data.get("request") or "").strip()
        if raw:
            return json.loads(raw)
        zone = self.zone()
        debtor = data["role"] == "debtor"
        return {
            "profile": data["profile"],
            "at": _in_zone(data["at"], zone).isoformat(),
            "channel": data["channel"],
            "debt_id": "D1",
            "purpose": data["purpose"],
            "visitors": data.get("visitors") or 0,
            "recipient": {
                "person_id": "P1" if debtor else "P2",
                "role": data["role"],
                "contact_point": "M1" if debtor else "M2",
                "time_zones": [zone.key],
            },
            "account": {
                "consumer": data["consumer"],
                "debtor_person_id": "P1",
                "debtor_contact_points_invalid": data["unreachable"],
            },
            "text": data["text"] or None,
            "history": [
                {
                    "at": _in_zone(row["at"], zone).isoformat(),
                    "channel": row["channel"] or "call",
                    "person_id": "P1",
                    "contact_point": "M1",
                    "debt_id": "D1",
                    "connected": row["connected"],
                    "conversation": row["conversation"],
                }
                for row in history
            ],
        }


class HistoryRowForm(forms.Form):
    """An earlier contact with the debtor; a row without a time is ignored."""

    at = forms.DateTimeField(label=gettext_lazy("When"), widget=_LOCAL, required=False)
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), choices=list(CHANNEL_LABELS.items()), required=False
    )
    connected = forms.BooleanField(
        label=gettext_lazy("Connected (rang or reached voicemail)"), required=False
    )
    conversation = forms.BooleanField(label=gettext_lazy("Spoke with the debtor"), required=False)

    def clean_at(self) -> datetime | None:
        return _sane_year(self.cleaned_data.get("at"))


HistoryFormSet = forms.formset_factory(HistoryRowForm, extra=2, max_num=30, validate_max=True)


# -- the decision log ------------------------------------------------------------------------

OUTCOMES = [
    ("", gettext_lazy("All")),
    ("allowed", gettext_lazy("Allowed")),
    ("blocked", gettext_lazy("Blocked")),
]


class DecisionFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    rule = forms.ChoiceField(label=gettext_lazy("Rule"), required=False)
    collector = forms.ChoiceField(label=gettext_lazy("Collector"), required=False)
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=OUTCOMES, required=False)

    def __init__(self, data: Any, *, collectors: list[str]) -> None:
        data = data.copy()
        # Rule ids as people type them ("us-time-01") or as an old link carried them.
        if data.get("rule"):
            data["rule"] = data["rule"].strip().upper()
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["rule"]).choices = [("", _("All"))] + [
            (r, words.rule_words(r)) for r in SOURCES
        ]
        cast(forms.ChoiceField, self.fields["collector"]).choices = [("", _("All"))] + [
            (c, c) for c in collectors
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
