from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from arrears.core.admin import ReadOnlyAdmin
from arrears.core.models import Role
from arrears.scripts.actions import PlaceholdersRefused, PublishRefused, publish_version
from arrears.scripts.models import PlaceholderGap, ReactionExample, Script, ScriptVersion
from arrears.scripts.placeholders import REGISTRY


class ScriptVersionInline(admin.TabularInline):
    model = ScriptVersion
    extra = 0
    # Versions are evidence: edits go through add_version/publish_version, never the admin.
    readonly_fields = ["number", "body", "author", "created_at", "published", "published_at"]
    can_delete = False


@admin.register(Script)
class ScriptAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "kind", "stage", "channel", "third_party"]
    list_filter = ["language", "kind", "stage"]
    inlines = [ScriptVersionInline]
    actions = ["publish_latest"]

    @admin.action(description=_("Publish the latest version"))
    def publish_latest(self, request: HttpRequest, queryset: QuerySet[Script]) -> None:
        """Through publish_version: refused for forbidden content, and for placeholders no
        setting provides (with the names and where to set them)."""
        published = 0
        for script in queryset:
            version = script.latest_version()
            if version is None or version.published:
                continue
            try:
                publish_version(version, request.user)  # type: ignore[arg-type]
                published += 1
            except (PublishRefused, PlaceholdersRefused) as refused:
                self.message_user(request, str(refused), messages.ERROR)
        if published:
            self.message_user(
                request,
                ngettext("%(n)d version published.", "%(n)d versions published.", published)
                % {"n": published},
                messages.SUCCESS,
            )


@admin.register(ReactionExample)
class ReactionExampleAdmin(admin.ModelAdmin):
    list_display = ["text", "label", "language", "source", "created_by", "created_at"]
    list_filter = ["label", "language", "source"]


@admin.register(PlaceholderGap)
class PlaceholderGapAdmin(ReadOnlyAdmin):
    """Settings collectors found missing: which creditor, which placeholder, how often."""

    list_display = ["creditor", "what", "placeholder", "language", "user", "count", "last_seen", "where"]
    list_filter = ["creditor", "placeholder", "language"]
    ordering = ["-last_seen"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PlaceholderGap]:
        rows = super().get_queryset(request).select_related("creditor", "user")
        profile = getattr(request.user, "profile", None)
        if request.user.is_superuser or profile is None or profile.role == Role.ADMIN:
            return rows
        return rows.filter(creditor__team_id=profile.team_id or -1)

    @admin.display(description=_("missing"))
    def what(self, obj: PlaceholderGap) -> Any:
        placeholder = REGISTRY.get(obj.placeholder)
        return placeholder.label if placeholder else obj.placeholder

    @admin.display(description=_("where to set it"))
    def where(self, obj: PlaceholderGap) -> Any:
        placeholder = REGISTRY.get(obj.placeholder)
        return placeholder.where if placeholder else ""
