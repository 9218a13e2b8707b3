"""Outbound SMS, email and letters: the outbox, the day's print batches, campaigns and the
replies that come back.

The outbox is the queue: `send_messages` claims due rows with a conditional UPDATE (queued
-> sending, with a claim token and a lease) and checks the row count, so two senders never
take the same message; a sender that dies leaves its message in `sending` until the lease
ends, and the next one sends it again with the same idempotency key, which the provider
adapters dedupe. Every change of a message's state also appends an event to its case's
evidence chain (arrears.messaging.actions).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arrears.cases.models import Case
from arrears.compliance.models import ContactDecision
from arrears.contacts.models import ContactPoint, Person
from arrears.portfolio.models import Debtor
from arrears.scripts.models import Script, ScriptVersion


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")


# The contact point kind each channel writes to.
POINT_KIND = {
    Channel.SMS: ContactPoint.Kind.PHONE,
    Channel.EMAIL: ContactPoint.Kind.EMAIL,
    Channel.LETTER: ContactPoint.Kind.ADDRESS,
}


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Not delivered")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# States a message does not leave (except sent -> delivered/undelivered by a receipt).
FINAL = frozenset({Status.DELIVERED, Status.UNDELIVERED, Status.FAILED, Status.CANCELLED})


class Campaign(models.Model):
    """A template sent to a filtered set of cases by a team lead, or the nightly reminders."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    script = models.ForeignKey(Script, on_delete=models.PROTECT, related_name="+", verbose_name=_("template"))
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    # What the queueing found: {"queued": n, "blocked": {rule: n}, "no_contact_point": n, ...}.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class PrintBatch(models.Model):
    """The day's letters in one print file, each behind its address sheet (print_letters)."""

    day = models.DateField(_("day"), unique=True)
    path = models.CharField(_("file"), max_length=500, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    letters = models.PositiveIntegerField(_("letters"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} ({self.letters})"


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="messages")
    # The case's debtor, kept on the row: the sender locks it and reads its history.
    debtor = models.ForeignKey(Debtor, on_delete=models.PROTECT, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    contact_point = models.ForeignKey(ContactPoint, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Where it goes as written when queued; `address_key` is the phone's digits (replies
    # are matched by it).
    address = models.CharField(_("to"), max_length=300)
    address_key = models.CharField(max_length=40, blank=True)
    script_version = models.ForeignKey(
        ScriptVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    language = models.CharField(_("language"), max_length=10)
    purpose = models.CharField(_("purpose"), max_length=20, default="collect")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    # The placeholders' formatted values: gateways that hold the template text themselves
    # (Aliyun) are sent these instead of the text.
    params = models.JSONField(_("template values"), default=dict, blank=True)
    # An email's attached file, relative to ATTACHMENTS_DIR (a statement of account's PDF).
    attachment = models.CharField(_("attachment"), max_length=255, blank=True)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    due_at = models.DateTimeField(_("due at"))
    # A message still blocked by then is cancelled: a reminder for Tuesday is no use on Friday.
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the first attempt was claimed: a later one asks the provider about sends since.
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Passed to the provider with every attempt; the adapters send a key at most once.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Set where one message per purpose and day must exist at most (reminders, campaigns).
    dedupe_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    provider = models.CharField(_("provider"), max_length=20, blank=True)
    provider_id = models.CharField(_("provider's id"), max_length=100, blank=True)
    pdf_sha256 = models.CharField(_("letter PDF SHA-256"), max_length=64, blank=True)
    batch = models.ForeignKey(
        PrintBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    rule_ids = models.CharField(_("blocked by"), max_length=300, blank=True)
    decision = models.ForeignKey(
        ContactDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claim_token__isnull=False, lease_until__isnull=False),
                name="message_sending_is_claimed",
            ),
        ]
        indexes = [
            # The sender's claim: due queued messages, and sending ones whose lease ended.
            models.Index(
                fields=["status", "channel", "due_at"],
                name="message_outbox",
                condition=Q(status__in=["queued", "sending"]),
            ),
            # The case page lists a case's messages, newest first.
            models.Index(fields=["case", "-created_at"], name="message_case_created"),
            # Delivery receipts name the provider's id.
            models.Index(fields=["provider", "provider_id"], name="message_provider_id"),
            # A reply is matched to the last message sent to its number.
            models.Index(fields=["address_key", "-sent_at"], name="message_address_sent"),
            # The leads' page counts today's messages.
            models.Index(fields=["created_at"], name="message_created"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.public_id} ({self.status})"


class Reply(models.Model):
    """An inbound SMS. Stop words record an opt-out; anything else becomes a task."""

    provider = models.CharField(_("provider"), max_length=20)
    # The provider's id of the reply: its pushes are retried, a reply is kept once.
    provider_ref = models.CharField(max_length=100)
    address = models.CharField(_("from"), max_length=40)
    address_key = models.CharField(max_length=40)
    text = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received at"))
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opt_out = models.BooleanField(_("opt-out"), default=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_ref"], name="reply_provider_ref_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.address_key}: {self.text[:30]}"
