from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from arrears.core.models import Profile, Team


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


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "work_number", "role", "team", "language"]
    list_filter = ["role", "team", "language"]
    search_fields = ["user__username", "display_name", "work_number"]
    filter_horizontal = ["managed_teams"]
