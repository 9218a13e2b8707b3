from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.core.models import UNMASK_ROLES, Absence, ApiScope, ApiToken, Profile, Team, TokenUse
from arrears.core.tokens import create_token, revoke_token


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
    list_display = ["name", "daily_capacity"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "display_name",
        "work_number",
        "role",
        "team",
        "language",
        "daily_capacity",
        "starts_on",
    ]
    list_filter = ["role", "team", "language"]
    search_fields = ["user__username", "display_name", "work_number"]
    filter_horizontal = ["managed_teams"]


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("scopes"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["name", "owner", "scopes"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made here (the secret shown once) and revoked, never edited."""

    form = ApiTokenForm
    list_display = ["name", "prefix", "owner", "scope_list", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "owner__username"]
    raw_id_fields = ["owner"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return [
            "name",
            "owner",
            "scope_list",
            "prefix",
            "created_at",
            "created_by",
            "last_used_at",
            "revoked_at",
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "owner", "scopes"]
        return self.get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its uses are evidence: revoke instead

    @admin.display(description=gettext_lazy("scopes"))
    def scope_list(self, token: ApiToken) -> str:
        return ", ".join(token.scopes)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        token, secret = create_token(
            form.cleaned_data["name"],
            form.cleaned_data["owner"],
            form.cleaned_data["scopes"],
            created_by=request.user,
        )
        obj.pk, obj._secret = token.pk, secret  # type: ignore[attr-defined]
        obj.refresh_from_db()

    def response_add(
        self, request: HttpRequest, obj: ApiToken, post_url_continue: Any = None
    ) -> HttpResponse:
        # The secret is rendered once, in this response, and kept nowhere (not in a message,
        # which would sit in the session or a cookie).
        context = {
            **self.admin_site.each_context(request),
            "title": _("API token created"),
            "token": obj,
            "secret": getattr(obj, "_secret", ""),
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/core/apitoken_created.html", context)

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        revoked = sum(revoke_token(token) for token in queryset)
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": revoked})


@admin.register(TokenUse)
class TokenUseAdmin(ReadOnlyAdmin):
    list_display = ["at", "token", "method", "path", "ip"]
    list_filter = ["method"]
    search_fields = ["token__name", "token__prefix", "path"]
    raw_id_fields = ["token"]


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
