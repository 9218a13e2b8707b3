"""Cases in the admin, for administrators: browse and search. State changes belong to the
workbench's actions (they keep the evidence trail), so the case itself is read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from arrears.cases.models import Assignment, Case, Promise, StageRecommendation, Task


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "debtor",
        "team",
        "owner",
        "stage",
        "status",
        "days_past_due",
        "priority",
        "next_action",
        "next_action_on",
    ]
    list_filter = ["status", "stage", "team", "next_action"]
    search_fields = ["debtor__name", "debtor__external_id"]
    raw_id_fields = ["debtor", "owner"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CasePartAdmin(admin.ModelAdmin):
    raw_id_fields = ["case"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for model in (Assignment, Promise, StageRecommendation, Task):
    admin.site.register(model, CasePartAdmin)
