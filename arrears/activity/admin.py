"""Evidence in the admin: readable, never editable (a correction is a new event)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from arrears.activity.models import Event, Unmasking


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ["case", "seq", "kind", "at", "actor", "channel", "outcome", "reaction"]
    list_filter = ["kind", "channel", "outcome"]
    search_fields = ["note"]
    raw_id_fields = ["case", "person", "contact_point", "decision", "corrects"]


@admin.register(Unmasking)
class UnmaskingAdmin(ReadOnly):
    list_display = ["at", "user", "field", "case", "reason"]
