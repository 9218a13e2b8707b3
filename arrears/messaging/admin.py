"""The outbox in the admin: readable, never editable (messages change only through actions).
Phone numbers and addresses are left out: the case page shows them masked."""

from __future__ import annotations

from django.contrib import admin

from arrears.core.admin import ReadOnlyAdmin
from arrears.messaging.models import Campaign, Message, PrintBatch, Reply


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "case", "channel", "status", "due_at", "sent_at", "attempts", "provider"]
    list_filter = ["status", "channel", "provider"]
    exclude = ["address", "address_key", "claim_token"]
    raw_id_fields = [
        "case",
        "debtor",
        "person",
        "contact_point",
        "script_version",
        "decision",
        "campaign",
        "batch",
    ]


@admin.register(PrintBatch)
class PrintBatchAdmin(ReadOnlyAdmin):
    list_display = ["day", "letters", "pages", "built_at", "sha256"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "name", "script", "created_by"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "provider", "case", "opt_out"]
    list_filter = ["provider", "opt_out"]
    exclude = ["address", "address_key"]
