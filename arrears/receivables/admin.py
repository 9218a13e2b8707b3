from __future__ import annotations

from typing import Any

from django.contrib import admin

from arrears.receivables.models import (
    Allocation,
    CreditNote,
    CustomerProfile,
    ExpectedPayment,
    InvoiceDispute,
    UnappliedCash,
)


@admin.register(CustomerProfile)
class CustomerProfileAdmin(admin.ModelAdmin):
    list_display = [
        "debtor",
        "relationship",
        "annual_sales",
        "credit_limit",
        "payment_terms_days",
        "salesperson",
        "salesperson_name",
    ]
    list_filter = ["relationship", "debtor__creditor"]
    search_fields = ["debtor__name", "debtor__external_id", "salesperson_name"]
    raw_id_fields = ["debtor", "salesperson"]


@admin.register(CreditNote)
class CreditNoteAdmin(admin.ModelAdmin):
    list_display = ["number", "account", "issued_on", "amount", "reference", "applies_to"]
    search_fields = ["number", "reference", "account__external_id"]
    raw_id_fields = ["account", "applies_to", "payment"]


class Derived(admin.ModelAdmin):
    """Rewritten by arrears.receivables.allocation; shown, never edited by hand."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Allocation)
class AllocationAdmin(Derived):
    list_display = ["account", "due_item", "payment", "credit_note", "amount", "method", "applied_on"]
    list_filter = ["method"]


@admin.register(UnappliedCash)
class UnappliedCashAdmin(Derived):
    list_display = ["account", "payment", "amount"]


@admin.register(InvoiceDispute)
class InvoiceDisputeAdmin(admin.ModelAdmin):
    list_display = ["due_item", "reason", "amount", "opened_on", "closed_on"]
    list_filter = ["reason"]
    raw_id_fields = ["due_item", "case_dispute"]


@admin.register(ExpectedPayment)
class ExpectedPaymentAdmin(admin.ModelAdmin):
    list_display = ["debtor", "method", "reference_number", "bank", "amount", "expected_on", "status"]
    list_filter = ["method", "status"]
    raw_id_fields = ["debtor", "due_items", "promise"]
