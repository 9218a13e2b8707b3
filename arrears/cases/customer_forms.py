"""The customer panel's forms (a business customer's case, issue 19): "cheque or transfer
sent" and "invoice disputed". The invoices to choose are the customer's open ones today."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from arrears.cases.forms import CaseForm, DayField, TextField, business_today
from arrears.receivables.ledger import open_invoices
from arrears.receivables.models import ExpectedPayment, InvoiceDispute


class _InvoicesForm(CaseForm):
    invoices = forms.MultipleChoiceField(
        label=gettext_lazy("Invoices"),
        error_messages={"invalid_choice": gettext_lazy("Choose among the customer's open invoices.")},
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        numbers = [i.number for i in open_invoices([self.case.debtor_id], business_today())]
        self.fields["invoices"].choices = [(n, n) for n in numbers]  # type: ignore[attr-defined]


class PaymentSentForm(_InvoicesForm):
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=ExpectedPayment.Method.choices)
    reference_number = TextField(
        label=gettext_lazy("Cheque or transfer number"), max_length=64, required=True
    )
    bank = TextField(label=gettext_lazy("Bank"), max_length=100)
    expected_on = DayField(label=gettext_lazy("Expected on"))
    note = TextField(label=gettext_lazy("Note"), max_length=500)

    def clean_expected_on(self) -> date:
        day: date = self.cleaned_data["expected_on"]
        if day < business_today():
            raise forms.ValidationError(gettext_lazy("The date is in the past."))
        return day


class InvoiceDisputeForm(_InvoicesForm):
    lines = TextField(label=gettext_lazy("Which lines"), max_length=500, required=True)
    reason = forms.ChoiceField(label=gettext_lazy("Why"), choices=InvoiceDispute.Reason.choices)
    explanation = TextField(label=gettext_lazy("What the customer said"), max_length=2000)
