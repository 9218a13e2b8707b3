"""Evidence in the admin: readable, never editable (a correction is a new event)."""

from __future__ import annotations

from django.contrib import admin

from arrears.activity.models import Event, Unmasking
from arrears.core.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["case", "seq", "kind", "at", "actor", "channel", "outcome", "reaction"]
    list_filter = ["kind", "channel", "outcome"]
    search_fields = ["note"]
    raw_id_fields = ["case", "person", "contact_point", "decision", "corrects"]


@admin.register(Unmasking)
class UnmaskingAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "field", "case", "reason"]
