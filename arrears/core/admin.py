from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from arrears.core.models import UNMASK_ROLES, Profile, Team


def can_reveal(request: HttpRequest) -> bool:
    """Whether the signed-in user's role needs personal data in full (and may reveal it)."""
    profile = getattr(request.user, "profile", None)
    return profile is not None and profile.role in UNMASK_ROLES


def masked_with_reveal(masked: str, reveal_url: str | None) -> SafeString:
    """A masked value and, for a role that may see it, a button that reveals it.

    The button submits the surrounding change form (and so its CSRF token) to the reveal
    view, since a form may not be nested in the admin's change form; a reveal is a POST
    because it writes an Unmasking row.
    """
    if reveal_url is None:
        return format_html('<span data-testid="masked">{}</span>', masked or "—")
    return format_html(
        '<span data-testid="masked">{}</span> <button type="submit" class="button" formaction="{}" '
        'formmethod="post" formnovalidate data-testid="reveal">{}</button>',
        masked or "—",
        reveal_url,
        _("show"),
    )


def reveal(
    request: HttpRequest,
    *,
    label: str,
    value: str,
    back_url: str,
    field: str,
    contact_point: Any = None,
    case: Any = None,
    reason: str = "",
) -> HttpResponse:
    """Show one masked value in full to a role that needs it, and log it as the case page
    does (activity.Unmasking): who, what, when."""
    from arrears.activity.models import Unmasking

    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    if not can_reveal(request):
        return HttpResponseForbidden(_("Your role does not need this in full."))
    Unmasking.objects.create(
        user=cast(Any, request.user), contact_point=contact_point, case=case, field=field, reason=reason[:200]
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Personal data shown in full"),
        "label": label,
        "value": value,
        "back_url": back_url,
    }
    return TemplateResponse(request, "admin/core/revealed.html", context)


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
    list_display = ["user", "role", "team", "language"]
    list_filter = ["role", "team", "language"]
