"""Admin: compliance officers view and change policies; decisions are read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from arrears.compliance.actions import change_policy
from arrears.compliance.models import ContactDecision, PolicyVersion
from arrears.compliance.profiles import PolicyError, policy_from_dict


class PolicyVersionForm(forms.ModelForm):
    class Meta:
        model = PolicyVersion
        fields = ["profile", "parameters", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            policy = policy_from_dict(data.get("parameters") or {})
        except (PolicyError, TypeError) as exc:
            raise ValidationError(str(exc)) from exc
        if policy.name != data.get("profile"):
            raise ValidationError(_("The parameters name another profile."))
        return data


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    """Adding a row is how a policy changes; existing versions are never edited or deleted."""

    form = PolicyVersionForm
    list_display = ["profile", "version", "author", "created_at", "reason"]
    list_filter = ["profile"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PolicyVersion, form: Any, change: bool) -> None:
        saved = change_policy(obj.profile, obj.parameters, author=request.user, reason=obj.reason)
        obj.pk, obj.version = saved.pk, saved.version


class RuleFilter(admin.SimpleListFilter):
    title = _("rule")
    parameter_name = "rule"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        ids: set[str] = set()
        for value in ContactDecision.objects.values_list("rule_ids", flat=True).distinct()[:500]:
            ids.update(value.split())
        return [(i, i) for i in sorted(ids)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(rule_ids__contains=f" {self.value()} ")
        return queryset


@admin.register(ContactDecision)
class ContactDecisionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "profile", "policy_version", "channel", "allowed",
                    "rule_ids", "case_reference"]
    list_filter = [RuleFilter, "allowed", "profile", "user"]
    search_fields = ["rule_ids", "case_reference"]
    readonly_fields = [f.name for f in ContactDecision._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
