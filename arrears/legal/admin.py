from __future__ import annotations

from typing import Any

from django.contrib import admin

from arrears.legal.models import Exhibit, ExhibitRequirement, LegalMatter, LegalReferral


@admin.register(ExhibitRequirement)
class ExhibitRequirementAdmin(admin.ModelAdmin):
    list_display = ["profile", "product", "position", "code", "label_zh", "label_en", "source"]
    list_filter = ["profile", "product", "source"]


class ReadOnly(admin.ModelAdmin):
    """Changed only through arrears.legal.actions, which write the case's events."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(LegalReferral)
class LegalReferralAdmin(ReadOnly):
    list_display = ["case", "status", "requested_by", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status"]


@admin.register(LegalMatter)
class LegalMatterAdmin(ReadOnly):
    list_display = [
        "case",
        "status",
        "court",
        "case_number",
        "filed_on",
        "judgment_on",
        "enforcement_outcome",
    ]
    list_filter = ["status", "enforcement_outcome"]


@admin.register(Exhibit)
class ExhibitAdmin(ReadOnly):
    list_display = ["case", "code", "name", "size", "sha256", "attached_at"]
