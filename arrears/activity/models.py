"""The evidence trail: every contact attempt and case event, append-only, hash-chained.

Each case's events are numbered 1, 2, 3, ... and each carries the SHA-256 of its own
content and of the previous event's hash, so editing, deleting or reordering any event
breaks the chain from that link on (`manage.py verify_evidence` names the first broken
link). A correction is a new event pointing at the one it corrects; rows are never
updated or deleted through the ORM (see EventQuerySet and Event.save).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrears.cases.models import Case
from arrears.compliance.models import ContactDecision
from arrears.contacts.models import ContactPoint, Person


class Kind(models.TextChoices):
    CONTACT = "contact", _("Contact attempt")
    CASE_OPENED = "case_opened", _("Case opened")
    CASE_CLOSED = "case_closed", _("Case closed")
    CASE_REOPENED = "case_reopened", _("Case reopened")
    ASSIGNED = "assigned", _("Assigned")
    STAGE_CHANGED = "stage_changed", _("Stage changed")
    STAGE_RECOMMENDED = "stage_recommended", _("Stage move recommended")
    PROMISE_MADE = "promise_made", _("Promise to pay")
    PROMISE_CHECKED = "promise_checked", _("Promise checked")
    PLAN_MADE = "plan_made", _("Payment plan")
    TASK_OPENED = "task_opened", _("Task opened")
    TASK_DONE = "task_done", _("Task done")
    VISIT_PLANNED = "visit_planned", _("Visit planned")
    VISIT_RECORDED = "visit_recorded", _("Visit recorded")
    CONTACT_POINT_ADDED = "contact_point_added", _("Contact point added")
    CONTACT_POINT_MARKED = "contact_point_marked", _("Contact point marked")
    DISPUTE_OPENED = "dispute_opened", _("Dispute opened")
    PREFERENCE_RECORDED = "preference_recorded", _("Contact preference recorded")
    BLOCKED = "blocked", _("Contact blocked by the gate")
    # The written channels (arrears.messaging): a message's life besides its `contact` event,
    # which is written when the provider accepts it.
    MESSAGE_QUEUED = "message_queued", _("Message queued")
    MESSAGE_DELIVERY = "message_delivery", _("Message delivery report")
    MESSAGE_FAILED = "message_failed", _("Message not sent")
    MESSAGE_CANCELLED = "message_cancelled", _("Message cancelled")
    MESSAGE_REPLY = "message_reply", _("Reply received")
    APPROVAL_REQUESTED = "approval_requested", _("Approval requested")
    APPROVAL_DECIDED = "approval_decided", _("Approval decided")
    CARE_HOLD_RAISED = "care_hold_raised", _("Care hold raised")
    CARE_HOLD_REVIEWED = "care_hold_reviewed", _("Care hold reviewed")
    # Agency placement (arrears.recovery): the case went to an agency, or came back.
    PLACED = "placed", _("Placed with an agency")
    RECALLED = "recalled", _("Recalled from the agency")
    NOTICE_RECORDED = "notice_recorded", _("Bankruptcy or death notice recorded")
    # An evidence dossier was printed (arrears.recovery.dossier): `data` has the PDF's
    # `sha256`, `language`, `pages`, the `last_seq` it covers and whether it was `unmasked`.
    DOSSIER_ISSUED = "dossier_issued", _("Evidence dossier issued")
    # Facts that may restart a limitation period (arrears.recovery.limitation), recorded by
    # hand: the debtor acknowledged the debt (`data`: `on`, `written`), or received a demand
    # for payment (`on`, `channel`). `on` is the day it happened.
    DEBT_ACKNOWLEDGED = "debt_acknowledged", _("Debt acknowledged")
    DEMAND_RECEIVED = "demand_received", _("Demand received")
    # Legal recovery (arrears.legal): a referral asked for and decided (`data`: `referral`,
    # `decision`), the matter opened and each change to it (`changes`: field -> [old, new]),
    # an exhibit attached (`code`, `name`, `size`, `sha256`), a demand letter queued through
    # the letter channel (`message`, `template`, `letter_kind`, the amounts and `as_of`).
    LEGAL_REFERRAL_REQUESTED = "legal_referral_requested", _("Legal referral requested")
    LEGAL_REFERRAL_DECIDED = "legal_referral_decided", _("Legal referral decided")
    LEGAL_MATTER_OPENED = "legal_matter_opened", _("Legal matter opened")
    LEGAL_MATTER_CHANGED = "legal_matter_changed", _("Legal matter changed")
    EXHIBIT_ATTACHED = "exhibit_attached", _("Exhibit attached")
    DEMAND_LETTER = "demand_letter", _("Demand letter")
    NOTE = "note", _("Note")
    CORRECTION = "correction", _("Correction")


class Channel(models.TextChoices):
    CALL = "call", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Field visit")
    IM = "im", _("Instant message")
    VOICEMAIL = "voicemail", _("Voicemail")


class Outcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    BUSY = "busy", _("Busy")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    INVALID_NUMBER = "invalid_number", _("Number not in service")
    RIGHT_PARTY_CONTACT = "right_party_contact", _("Spoke with the debtor")
    THIRD_PARTY_CONTACT = "third_party_contact", _("Spoke with a third party")
    MESSAGE_LEFT = "message_left", _("Message left")
    PROMISE_TO_PAY = "promise_to_pay", _("Promise to pay")
    REFUSED = "refused", _("Refused to pay")
    DISPUTE_RAISED = "dispute_raised", _("Dispute raised")
    CLAIMS_PAID = "claims_paid", _("Says already paid")
    CALLBACK_REQUESTED = "callback_requested", _("Asked to be called back")
    HUNG_UP = "hung_up", _("Hung up")
    SENT = "sent", _("Sent")
    VISIT_DONE = "visit_done", _("Visit: met the debtor")
    VISIT_NOT_FOUND = "visit_not_found", _("Visit: not found")
    VISIT_NOT_HOME = "visit_not_home", _("Visit: nobody home")


# Outcomes in which someone was reached (compliance.md §8 "connected"), and in which a
# conversation about the debt took place with them.
CONNECTED = frozenset(
    {
        Outcome.RIGHT_PARTY_CONTACT,
        Outcome.THIRD_PARTY_CONTACT,
        Outcome.PROMISE_TO_PAY,
        Outcome.REFUSED,
        Outcome.DISPUTE_RAISED,
        Outcome.CLAIMS_PAID,
        Outcome.CALLBACK_REQUESTED,
        Outcome.HUNG_UP,
        Outcome.VISIT_DONE,
        Outcome.WRONG_NUMBER,
    }
)
CONVERSATION = frozenset(
    {
        Outcome.RIGHT_PARTY_CONTACT,
        Outcome.PROMISE_TO_PAY,
        Outcome.REFUSED,
        Outcome.DISPUTE_RAISED,
        Outcome.CLAIMS_PAID,
        Outcome.CALLBACK_REQUESTED,
        Outcome.VISIT_DONE,
    }
)


class AppendOnly(Exception):
    """Raised on any attempt to change or delete evidence through the ORM."""


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("events are append-only: record a correction instead")

    def delete(self) -> NoReturn:
        raise AppendOnly("events are append-only: record a correction instead")


class Event(models.Model):
    # No index of its own: the unique (case, seq) and (case, kind, at) indexes lead with it
    # (one index less to keep on every event appended).
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", db_index=False)
    seq = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # When it happened (a call's start); `recorded_at` is when it was written down.
    at = models.DateTimeField(_("at"))
    recorded_at = models.DateTimeField(_("recorded at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contact_point = models.ForeignKey(
        ContactPoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    # The debtor's reaction, a label of arrears.scripts.labels.
    reaction = models.CharField(_("reaction"), max_length=64, blank=True)
    connected = models.BooleanField(_("connected"), default=False)
    conversation = models.BooleanField(_("conversation"), default=False)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    decision = models.ForeignKey(
        ContactDecision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gate decision"),
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="event_case_seq_uniq")]
        indexes = [
            # Contact history of a debtor's case for the gate: newest contacts first.
            models.Index(fields=["case", "kind", "at"], name="event_case_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnly("events are append-only: record a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("events are append-only: record a correction instead")


class Unmasking(models.Model):
    """A user revealed a debtor's masked personal data: who, what, when and why."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contact_point = models.ForeignKey(
        ContactPoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("field"), max_length=40)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unmasking")
        verbose_name_plural = _("unmaskings")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.field} {self.at:%Y-%m-%d %H:%M}"
