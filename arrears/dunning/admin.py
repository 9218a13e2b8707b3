from django.contrib import admin

from arrears.dunning.models import CreditHold, Dunning, DunningLevel, DunningRun, Statement, StatementSchedule


@admin.register(DunningLevel)
class DunningLevelAdmin(admin.ModelAdmin):
    list_display = [
        "creditor",
        "rank",
        "kind",
        "days_overdue",
        "repeat_after_days",
        "channel",
        "fee",
        "interest_rate",
        "active",
    ]
    list_filter = ["creditor", "active"]


class ReadOnly(admin.ModelAdmin):
    """Records of what was sent or decided: changed only through the actions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DunningRun)
class DunningRunAdmin(ReadOnly):
    list_display = ["creditor", "on", "started_at", "finished_at"]


@admin.register(Dunning)
class DunningAdmin(ReadOnly):
    list_display = ["debtor", "on", "level", "status", "total", "currency"]
    list_filter = ["status", "level__kind"]


@admin.register(Statement)
class StatementAdmin(ReadOnly):
    list_display = ["debtor", "on", "language", "invoices", "open_total", "created_at"]


@admin.register(CreditHold)
class CreditHoldAdmin(ReadOnly):
    list_display = ["debtor", "status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    list_filter = ["status"]


@admin.register(StatementSchedule)
class StatementScheduleAdmin(admin.ModelAdmin):
    list_display = ["debtor", "frequency", "day_of_month", "last_sent_on"]
