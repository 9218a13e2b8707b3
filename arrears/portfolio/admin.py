from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from arrears.core.admin import can_reveal, masked_with_reveal, reveal
from arrears.core.masking import mask_id
from arrears.core.models import Role
from arrears.portfolio.models import (
    Account,
    Creditor,
    CreditorSettings,
    Debtor,
    DueItem,
    Payment,
    PaymentChannel,
)


@admin.register(Creditor)
class CreditorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "default_currency", "default_time_zone"]


@admin.register(Debtor)
class DebtorAdmin(admin.ModelAdmin):
    list_display = ["external_id", "name", "creditor", "jurisdiction", "time_zone", "synthetic"]
    list_filter = ["creditor", "jurisdiction", "synthetic"]
    search_fields = ["external_id", "name"]
    # The national id is never an editable input here (that would print it in full into
    # the page); it is shown masked, with a logged reveal for the roles that need it.
    exclude = ["national_id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["national_id_with_reveal" if can_reveal(request) else "masked_national_id"]

    @admin.display(description=_("national id / registration no."))
    def masked_national_id(self, debtor: Debtor) -> SafeString:
        return masked_with_reveal(mask_id(debtor.national_id), None)

    @admin.display(description=_("national id / registration no."))
    def national_id_with_reveal(self, debtor: Debtor) -> SafeString:
        if debtor.pk is None or not debtor.national_id:
            return masked_with_reveal("", None)
        url = reverse("admin:portfolio_debtor_reveal", args=[debtor.pk])
        return masked_with_reveal(mask_id(debtor.national_id), url)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.reveal_view)
        return [path("<int:debtor_id>/reveal/", view, name="portfolio_debtor_reveal"), *super().get_urls()]

    def reveal_view(self, request: HttpRequest, debtor_id: int) -> HttpResponse:
        debtor = get_object_or_404(self.get_queryset(request), pk=debtor_id)
        if not self.has_view_permission(request, debtor):
            return HttpResponse(status=403)
        return reveal(
            request,
            label=f"{debtor.name} · {Debtor._meta.get_field('national_id').verbose_name}",
            value=debtor.national_id,
            back_url=reverse("admin:portfolio_debtor_change", args=[debtor.pk]),
            field="national_id",
            case=debtor.cases.order_by("-pk").first(),
            # The debtor itself, since the log has no debtor column and a debtor may
            # have no case yet.
            reason=f"admin: debtor {debtor.public_id}",
        )


class DueItemInline(admin.TabularInline):
    model = DueItem
    extra = 0


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["external_id", "creditor", "product", "bucket", "days_past_due", "overdue_amount"]
    list_filter = ["creditor", "product", "bucket", "status"]
    search_fields = ["external_id", "debtor__name"]
    raw_id_fields = ["debtor"]
    inlines = [DueItemInline, PaymentInline]


def _lead_team(request: HttpRequest) -> int | None:
    """The team whose creditors a team lead may configure; None for the administrator."""
    user = request.user
    profile = getattr(user, "profile", None)
    if user.is_superuser or profile is None or profile.role == Role.ADMIN:
        return None
    return profile.team_id or -1


class PaymentChannelInline(admin.TabularInline):
    model = PaymentChannel
    extra = 1
    fields = ["position", "kind", "name_zh", "name_en", "account_number"]


@admin.register(CreditorSettings)
class CreditorSettingsAdmin(admin.ModelAdmin):
    """Edited by the administrator, and by a team lead (given the permissions) for the
    creditors their team works."""

    list_display = ["creditor", "callback_number", "office_hours_shown", "channels", "missing"]
    inlines = [PaymentChannelInline]
    fieldsets = [
        (None, {"fields": ["creditor", "short_name_zh", "short_name_en", "agency_zh", "agency_en"]}),
        (_("Callbacks"), {"fields": ["callback_number", "office_days", "office_opens", "office_closes"]}),
        (_("Disputes"), {"fields": ["dispute_channel_zh", "dispute_channel_en"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CreditorSettings]:
        rows = super().get_queryset(request).select_related("creditor").prefetch_related("payment_channels")
        team = _lead_team(request)
        return rows if team is None else rows.filter(creditor__team_id=team)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "creditor" and (team := _lead_team(request)) is not None:
            kwargs["queryset"] = Creditor.objects.filter(team_id=team)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("office hours"))
    def office_hours_shown(self, obj: CreditorSettings) -> str:
        return obj.office_hours(get_language() or "zh-hans") or "—"

    @admin.display(description=_("payment channels"))
    def channels(self, obj: CreditorSettings) -> int:
        return len(obj.payment_channels.all())

    @admin.display(description=_("missing for published texts"))
    def missing(self, obj: CreditorSettings) -> str:
        from arrears.scripts.context import missing_for_published
        from arrears.scripts.placeholders import REGISTRY

        gaps = missing_for_published(obj.creditor)
        return "、".join(f"{REGISTRY[n].label} ({lang})" for n, lang in gaps) or "—"
