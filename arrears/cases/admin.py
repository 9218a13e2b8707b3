"""Cases in the admin, for administrators: browse and search. State changes belong to the
workbench's actions (they keep the evidence trail), so the case itself is read-only here."""

from __future__ import annotations

from django.contrib import admin

from arrears.cases.models import (
    ApprovalLimit,
    ApprovalRequest,
    Assignment,
    CareHold,
    Case,
    Promise,
    StageRecommendation,
    Task,
)
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


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    """Read-only: a request is decided on the approvals page, through the action that checks
    the decider's authority and that they are not the maker (the database refuses that too)."""

    list_display = [
        "case",
        "kind",
        "status",
        "amount",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "kind"]
    raw_id_fields = ["case", "requested_by", "decided_by"]


@admin.register(CareHold)
class CareHoldAdmin(ReadOnlyAdmin):
    list_display = ["case", "source", "raised_by", "raised_at", "reviewed_by", "reviewed_at", "outcome"]
    list_filter = ["source", "outcome"]
    raw_id_fields = ["case", "raised_by", "reviewed_by"]


@admin.register(ApprovalLimit)
class ApprovalLimitAdmin(admin.ModelAdmin):
    """What a team lead or a manager may approve (审批权限), per creditor or for all; the
    model's clean() keeps a lead's limits at or below a manager's."""

    list_display = ["creditor", "role", "max_write_off", "max_discount_pct", "may_skip_stages", "may_reopen"]
    list_filter = ["role", "creditor"]
