from django.contrib import admin

from arrears.scripts.models import ReactionExample, Script, ScriptVersion


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


@admin.register(ReactionExample)
class ReactionExampleAdmin(admin.ModelAdmin):
    list_display = ["text", "label", "language", "source", "created_by", "created_at"]
    list_filter = ["label", "language", "source"]
