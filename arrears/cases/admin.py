"""Cases in the admin, for administrators: browse and search. State changes belong to the
workbench's actions (they keep the evidence trail), so the case itself is read-only here."""

from __future__ import annotations

from django.contrib import admin

from arrears.cases.models import Assignment, Case, Promise, StageRecommendation, Task
from arrears.core.admin import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
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


class CasePartAdmin(ReadOnlyAdmin):
    raw_id_fields = ["case"]


for model in (Assignment, Promise, StageRecommendation, Task):
    admin.site.register(model, CasePartAdmin)
