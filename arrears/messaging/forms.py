"""Validation of what people type on the messaging screens (Django forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arrears.cases.models import Case, Stage
from arrears.contacts.models import ContactPoint
from arrears.core.dpd import at_least, at_most
from arrears.core.form_fields import IdChoiceField
from arrears.core.masking import mask_email, mask_middle, mask_phone
from arrears.messaging.compose import TEMPLATE_KINDS
from arrears.messaging.models import POINT_KIND
from arrears.portfolio.models import Creditor
from arrears.scripts.models import Script


def masked(point: ContactPoint) -> str:
    if point.kind == ContactPoint.Kind.PHONE:
        return mask_phone(point.value)
    if point.kind == ContactPoint.Kind.EMAIL:
        return mask_email(point.value)
    return mask_middle(point.value, 3, 2)


def template_scripts() -> QuerySet[Script]:
    return (
        Script.objects.filter(kind__in=TEMPLATE_KINDS, versions__published=True)
        .distinct()
        .order_by("kind", "key", "language")
    )


class ScriptChoice(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} · {obj.get_language_display()}"


class SendForm(forms.Form):
    """A template and one of the case's contact points (by its public id)."""

    script = ScriptChoice(queryset=Script.objects.none(), label=_("Template"))
    contact_point = forms.ChoiceField(label=pgettext_lazy("message recipient", "To"))

    def __init__(
        self, case: Case, *args: Any, points: list[ContactPoint] | None = None, **kwargs: Any
    ) -> None:
        """`points`: the case's contact points with their people, when the caller has them
        (the case page has read them for the gate's verdicts)."""
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["script"].queryset = template_scripts()  # type: ignore[attr-defined]
        if points is None:
            points = list(
                ContactPoint.objects.filter(person__debtor=case.debtor)
                .select_related("person")
                .order_by("person_id", "kind", "id")
            )
        kinds = set(POINT_KIND.values())
        self.points = [p for p in points if p.kind in kinds and p.valid]
        self.fields["contact_point"].choices = [  # type: ignore[attr-defined]
            (
                str(p.public_id),
                f"{p.person.get_relationship_display()} · {p.get_kind_display()} · {masked(p)}",
            )
            for p in self.points
        ]

    def clean_contact_point(self) -> ContactPoint:
        value = self.cleaned_data["contact_point"]
        point = next((p for p in self.points if str(p.public_id) == value), None)
        if point is None:
            raise forms.ValidationError(_("Choose one of the case's contact points."))
        return point


class CampaignForm(forms.Form):
    script = ScriptChoice(queryset=Script.objects.none(), label=_("Template"))
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    creditor = IdChoiceField(
        queryset=Creditor.objects.order_by("name"), label=_("Creditor"), required=False
    )
    min_dpd = forms.IntegerField(label=_("Days past due from"), min_value=0, max_value=10_000, required=False)
    max_dpd = forms.IntegerField(label=_("to"), min_value=0, max_value=10_000, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["script"].queryset = template_scripts()  # type: ignore[attr-defined]
        stages = [("", "—"), *[s for s in Stage.choices if s[0] != Stage.CLOSED]]
        self.fields["stage"].choices = stages  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_dpd"), data.get("max_dpd")
        if low is not None and high is not None and low > high:
            self.add_error("max_dpd", _("The upper bound is below the lower one."))
        return data

    def cases(self, visible: QuerySet[Case]) -> QuerySet[Case]:
        data = self.cleaned_data
        cases = visible.filter(status=Case.Status.OPEN)
        if data.get("stage"):
            cases = cases.filter(stage=data["stage"])
        if data.get("creditor"):
            cases = cases.filter(debtor__creditor=data["creditor"])
        if data.get("min_dpd") is not None:
            cases = cases.filter(at_least("delinquent_since", data["min_dpd"]))
        if data.get("max_dpd") is not None:
            cases = cases.filter(at_most("delinquent_since", data["max_dpd"]))
        return cases

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "stage": data.get("stage") or None,
            "creditor": data["creditor"].code if data.get("creditor") else None,
            "min_dpd": data.get("min_dpd"),
            "max_dpd": data.get("max_dpd"),
        }
