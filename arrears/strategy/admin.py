"""Admin: team leads add strategy versions (never edit them); runs and score models are
read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from arrears.core.admin import ReadOnlyAdmin
from arrears.strategy import champion
from arrears.strategy.models import NightlyRun, ScoreModelVersion, StrategyVersion
from arrears.strategy.shell import add_version


class StrategyVersionForm(forms.ModelForm):
    class Meta:
        model = StrategyVersion
        fields = ["name", "parameters", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            champion.validate(data.get("name") or "", data.get("parameters") or {})
        except champion.ParameterError as exc:
            raise ValidationError(str(exc)) from exc
        return data


@admin.register(StrategyVersion)
class StrategyVersionAdmin(admin.ModelAdmin):
    """Adding a row is how a strategy changes; existing versions are never edited."""

    form = StrategyVersionForm
    list_display = ["name", "version", "author", "created_at", "reason"]
    list_filter = ["name"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: StrategyVersion, form: Any, change: bool) -> None:
        saved = add_version(obj.name, obj.parameters, author=request.user, reason=obj.reason)
        obj.pk, obj.version, obj.created_at = saved.pk, saved.version, saved.created_at


@admin.register(ScoreModelVersion)
class ScoreModelVersionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "trained_at", "kind", "as_of", "rows", "holdout_rows", "auc", "active"]


@admin.register(NightlyRun)
class NightlyRunAdmin(ReadOnlyAdmin):
    list_display = ["on", "scope", "status", "started_at", "finished_at"]
    list_filter = ["status", "scope"]
