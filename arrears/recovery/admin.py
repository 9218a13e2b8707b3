"""Admin: the limitation periods per profile and product."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from arrears.recovery.models import LimitationRule


@admin.register(LimitationRule)
class LimitationRuleAdmin(admin.ModelAdmin):
    list_display = [
        "profile",
        "product",
        "years",
        "restart_on_payment",
        "restart_on_acknowledgment",
        "acknowledgment_in_writing",
        "restart_on_demand",
        "changed_by",
        "changed_at",
    ]
    list_filter = ["profile"]
    readonly_fields = ["changed_by", "changed_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)
