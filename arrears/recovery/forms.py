"""The agency screens' forms (docs/recovery.md): a placement rule with its agency and
contract (and, to split a segment, a second agency), a recall with its confirmation, a
bankruptcy or death notice on the case page. Every value typed is checked here and a bad
one comes back next to its field; ids beyond 64 bits and letters in numbers are field
errors, never a 500."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.cases.choices import Stage
from arrears.cases.forms import CaseForm, DayField, TextField, business_today
from arrears.core.form_fields import IdChoiceField
from arrears.portfolio.models import Account, Creditor
from arrears.recovery.models import Agency, Contract, Notice
from arrears.recovery.placement import Rule

MAX_DPD = 100_000
MAX_BALANCE = Decimal("1000000000000")


def contracts_in_force(on: date) -> QuerySet[Contract]:
    return Contract.objects.filter(agency__active=True, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def contract_problem(agency: Agency, contract: Contract, on: date) -> str | None:
    """Why `contract` cannot place cases with `agency` on `on` (place()'s own words)."""
    if contract.agency_id != agency.pk or not agency.active:
        return _("This contract is not one of this agency's, or the agency is inactive.")
    if contract.starts_on > on or (contract.ends_on is not None and contract.ends_on < on):
        return _("The contract is not in force on %(day)s.") % {"day": on.isoformat()}
    return None


def contract_label(contract: Contract) -> str:
    end = contract.ends_on.isoformat() if contract.ends_on else "…"
    return f"{contract.agency.name} · {contract.reference} ({contract.starts_on.isoformat()} – {end})"


class ContractChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return contract_label(obj)


class PlacementForm(forms.Form):
    """Which cases go to which agency: the rule's fields (arrears.recovery.placement.Rule)
    and, to share the segment, a second agency with its contract and share."""

    agency = IdChoiceField(
        label=gettext_lazy("Collection agency"), queryset=Agency.objects.filter(active=True)
    )
    contract = ContractChoiceField(
        label=gettext_lazy("Contract"), queryset=Contract.objects.select_related("agency")
    )
    creditor = IdChoiceField(
        label=gettext_lazy("Creditor"),
        queryset=Creditor.objects.none(),
        required=False,
        empty_label=gettext_lazy("any creditor"),
    )
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"),
        choices=[("", gettext_lazy("any stage")), *[s for s in Stage.choices if s[0] != Stage.CLOSED]],
        required=False,
        initial=Stage.AGENCY,
    )
    min_dpd = forms.IntegerField(
        label=gettext_lazy("Days past due from"), min_value=0, max_value=MAX_DPD, required=False
    )
    max_dpd = forms.IntegerField(
        label=gettext_lazy("Days past due to"), min_value=0, max_value=MAX_DPD, required=False
    )
    min_balance = forms.DecimalField(
        label=gettext_lazy("Balance from"),
        min_value=Decimal(0),
        max_value=MAX_BALANCE,
        max_digits=15,
        decimal_places=2,
        required=False,
    )
    max_balance = forms.DecimalField(
        label=gettext_lazy("Balance to"),
        min_value=Decimal(0),
        max_value=MAX_BALANCE,
        max_digits=15,
        decimal_places=2,
        required=False,
    )
    products = forms.MultipleChoiceField(
        label=gettext_lazy("Products"),
        choices=Account.Product.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: any product."),
    )
    split_agency = IdChoiceField(
        label=gettext_lazy("Second agency"),
        queryset=Agency.objects.filter(active=True),
        required=False,
        empty_label=gettext_lazy("none: one agency takes the segment"),
    )
    split_contract = ContractChoiceField(
        label=gettext_lazy("Its contract"), queryset=Contract.objects.select_related("agency"), required=False
    )
    split_share = forms.IntegerField(
        label=gettext_lazy("Its share (percent of the cases)"), min_value=1, max_value=99, required=False
    )

    def __init__(self, *args: Any, scope: QuerySet[Any], on: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on = on or business_today()
        self.scope = scope
        # Only the creditors of the cases the user may place.
        self.fields["creditor"].queryset = Creditor.objects.filter(  # type: ignore[attr-defined]
            pk__in=scope.values("debtor__creditor_id")
        ).order_by("name")
        in_force = contracts_in_force(self.on).select_related("agency").order_by("agency__name", "-starts_on")
        # The lists offer the contracts in force; one posted that is not is refused in words.
        offered = [("", "—"), *[(c.pk, contract_label(c)) for c in in_force]]
        for name in ("contract", "split_contract"):
            self.fields[name].widget.choices = offered

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for low, high in (("min_dpd", "max_dpd"), ("min_balance", "max_balance")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, _("The upper bound is below the lower one."))
        agency, contract = data.get("agency"), data.get("contract")
        if agency is not None and contract is not None:
            problem = contract_problem(agency, contract, self.on)
            if problem:
                self.add_error("contract", problem)
        second = data.get("split_agency")
        split_fields = ("split_contract", "split_share")
        if second is None:
            for name in split_fields:
                if data.get(name) is not None:
                    self.add_error(
                        "split_agency", _("Choose the second agency, or leave its contract and share empty.")
                    )
                    break
        else:
            if agency is not None and second.pk == agency.pk:
                self.add_error("split_agency", _("Choose another agency than the first."))
            if data.get("split_contract") is None and "split_contract" not in self.errors:
                self.add_error("split_contract", _("Choose the second agency's contract."))
            elif data.get("split_contract") is not None:
                problem = contract_problem(second, data["split_contract"], self.on)
                if problem:
                    self.add_error("split_contract", problem)
            if data.get("split_share") is None and "split_share" not in self.errors:
                self.add_error("split_share", _("Give the second agency's share, from 1 to 99."))
        return data

    def rule(self) -> Rule:
        data = self.cleaned_data
        creditor = data.get("creditor")
        return Rule(
            creditor_id=creditor.pk if creditor is not None else None,
            stage=data.get("stage") or None,
            min_dpd=data.get("min_dpd") or 0,
            max_dpd=data.get("max_dpd"),
            min_balance=data.get("min_balance"),
            max_balance=data.get("max_balance"),
            products=tuple(data.get("products") or ()),
        )

    def segment(self) -> str:
        creditor = self.cleaned_data.get("creditor")
        words = self.rule().describe()
        if creditor is not None:
            words = f"{creditor.name}; {words}" if words else creditor.name
        return words[:200]

    def is_split(self) -> bool:
        return self.cleaned_data.get("split_agency") is not None


class RecallForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm: the cases come back from the agency today."),
        error_messages={"required": gettext_lazy("Tick the box to confirm the recall.")},
    )


class NoticeForm(CaseForm):
    """A bankruptcy or death notice about the case's debtor (arrears.recovery.actions)."""

    kind = forms.ChoiceField(label=gettext_lazy("Notice"), choices=Notice.Kind.choices)
    received_on = DayField(label=gettext_lazy("Received on"))
    source = TextField(label=gettext_lazy("Source"), max_length=200, required=True)

    def clean_received_on(self) -> date:
        day: date = self.cleaned_data["received_on"]
        if day > business_today():
            raise ValidationError(_("A notice cannot be received in the future."))
        return day
