"""People and their contact points in the admin: values masked, a logged reveal for the
roles that need them (compliance officers, administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from arrears.contacts.models import ContactPoint, Person
from arrears.core.admin import can_reveal, masked_with_reveal, reveal
from arrears.core.masking import mask_contact


class ContactPointInline(admin.TabularInline):
    """Read-only: contact points change through the case's actions, which write evidence."""

    model = ContactPoint
    extra = 0
    can_delete = False
    fields = ["kind", "masked_value", "address_kind", "source", "verification", "valid", "opted_out"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        shown = "value_with_reveal" if can_reveal(request) else "masked_value"
        return ["kind", shown, "address_kind", "source", "verification", "valid", "opted_out"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("value"))
    def masked_value(self, point: ContactPoint) -> SafeString:
        return masked_with_reveal(mask_contact(point.kind, point.value), None)

    @admin.display(description=_("value"))
    def value_with_reveal(self, point: ContactPoint) -> SafeString:
        url = reverse("admin:contacts_person_reveal", args=[point.person_id, point.public_id])
        return masked_with_reveal(mask_contact(point.kind, point.value), url)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "relationship", "paying_role", "debtor", "synthetic"]
    list_filter = ["relationship", "paying_role"]
    search_fields = ["name", "debtor__external_id"]
    raw_id_fields = ["debtor"]
    inlines = [ContactPointInline]

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.reveal_view)
        return [
            path("<int:person_id>/reveal/<uuid:point_id>/", view, name="contacts_person_reveal"),
            *super().get_urls(),
        ]

    def reveal_view(self, request: HttpRequest, person_id: int, point_id: Any) -> HttpResponse:
        person = get_object_or_404(self.get_queryset(request), pk=person_id)
        if not self.has_view_permission(request, person):
            return HttpResponse(status=403)
        point = get_object_or_404(ContactPoint, person=person, public_id=point_id)
        case = person.debtor.cases.order_by("-pk").first()
        return reveal(
            request,
            label=f"{person.name} · {point.get_kind_display()}",
            value=point.value,
            back_url=reverse("admin:contacts_person_change", args=[person.pk]),
            field=point.kind,
            contact_point=point,
            case=case,
            reason="admin",
        )
