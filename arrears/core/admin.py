from django.contrib import admin

from arrears.core.models import Profile, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "team", "language"]
    list_filter = ["role", "team", "language"]
