from django.contrib import admin

from arrears.reports.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "dashboard", "frequency", "creditor", "active", "last_sent_on")
    list_filter = ("dashboard", "frequency", "active")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)
