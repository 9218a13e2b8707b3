from django.contrib import admin

from arrears.contacts.models import ContactPoint, Person


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "relationship", "debtor", "synthetic"]
    list_filter = ["relationship"]
    search_fields = ["name", "debtor__external_id"]
    raw_id_fields = ["debtor"]
    inlines = [ContactPointInline]
