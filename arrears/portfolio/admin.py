from django.contrib import admin

from arrears.portfolio.models import Account, Creditor, Debtor, DueItem, Payment


@admin.register(Creditor)
class CreditorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "default_currency", "default_time_zone"]


@admin.register(Debtor)
class DebtorAdmin(admin.ModelAdmin):
    list_display = ["external_id", "name", "creditor", "jurisdiction", "time_zone", "synthetic"]
    list_filter = ["creditor", "jurisdiction", "synthetic"]
    search_fields = ["external_id", "name"]


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
