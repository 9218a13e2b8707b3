from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from arrears.core.models import Absence, Profile, Team


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only actions write (evidence, runs, decisions): look, never touch."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "daily_capacity"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "team", "language", "daily_capacity", "starts_on"]
    list_filter = ["role", "team", "language"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    """Days off the day planner reads (team leads also add them on the team screen)."""

    list_display = ["user", "starts_on", "ends_on", "reason", "created_by"]
    list_filter = ["starts_on"]
    search_fields = ["user__username", "reason"]
    date_hierarchy = "starts_on"
    exclude = ["created_by"]

    def save_model(self, request: HttpRequest, obj: Absence, form: Any, change: bool) -> None:
        if obj.created_by_id is None:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
