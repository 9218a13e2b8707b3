"""Versioned policy parameters and the record of every contact decision."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrears.compliance.profiles import PROFILE_NAMES, Policy, policy_from_dict
from arrears.portfolio.models import Debtor

# The profiles as people read them (the code in brackets, as policies and logs quote it).
PROFILE_LABELS = {
    "CN": _("China (CN)"),
    "US": _("United States, Regulation F (US)"),
    "UK": _("United Kingdom, FCA CONC (UK)"),
    "GLOBAL-STRICT": _("The strictest of all (GLOBAL-STRICT)"),
}
PROFILE_CHOICES = [(name, PROFILE_LABELS.get(name, name)) for name in PROFILE_NAMES]


class PolicyVersion(models.Model):
    """One version of one profile's parameters. Rows are never edited: a change is a new row.

    The active version of a profile is its highest `version`; a decision stores the version it
    used, so a later change never rewrites why an earlier contact was allowed.
    """

    profile = models.CharField(_("profile"), max_length=16, choices=PROFILE_CHOICES)
    version = models.PositiveIntegerField(_("version"))
    parameters = models.JSONField(_("parameters"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("author"),
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The second person who approved the change (maker-checker, PolicyProposal); empty for
    # the shipped defaults and for changes made in the admin or from code.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["profile", "-version"]
        constraints = [
            # Two concurrent changes cannot both become version n+1.
            models.UniqueConstraint(fields=["profile", "version"], name="policyversion_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.profile} v{self.version}"

    def policy(self) -> Policy:
        return policy_from_dict(self.parameters)


class PolicyProposal(models.Model):
    """A change to a profile proposed by one person and decided by another (maker-checker).

    Approval creates the PolicyVersion (actions.approve_proposal); the proposal is then kept
    as it was, with who decided, when and why. A proposal whose base version is no longer the
    active one cannot be approved: it would silently undo the change made in between.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Superseded by a newer version")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profile = models.CharField(_("profile"), max_length=16, choices=PROFILE_CHOICES)
    base_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("base version"),
    )
    parameters = models.JSONField(_("proposed parameters"))
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    version = models.OneToOneField(
        PolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal",
        verbose_name=_("version created"),
    )

    class Meta:
        verbose_name = _("policy proposal")
        verbose_name_plural = _("policy proposals")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            # Maker-checker in the database too: the proposer never decides their own.
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("proposed_by")),
                name="policyproposal_not_own",
            ),
        ]
        indexes = [
            # The policy page lists a profile's pending proposals.
            models.Index(fields=["profile", "status"], name="policyproposal_profile_status"),
        ]

    def __str__(self) -> str:
        return f"{self.profile} proposal on v{self.base_version_id} ({self.status})"


class ContactDecision(models.Model):
    """A gate decision on a real path, kept with its inputs (compliance.md §6.2 step 8)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="contact_decisions", verbose_name=_("user"),
    )
    profile = models.CharField(_("profile"), max_length=16, choices=PROFILE_CHOICES)
    policy_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="decisions",
        verbose_name=_("policy version"),
    )
    allowed = models.BooleanField(_("allowed"))
    # Space-delimited with a leading and trailing space (" US-TIME-01 US-FREQ-02 "), so that
    # filtering by one rule is a portable icontains on SQLite and PostgreSQL alike.
    rule_ids = models.CharField(_("rule ids"), max_length=500, blank=True)
    channel = models.CharField(_("channel"), max_length=16)
    request = models.JSONField(_("request"))
    decision = models.JSONField(_("decision"))
    debtor = models.ForeignKey(
        Debtor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("debtor"),
    )
    case_reference = models.CharField(_("case reference"), max_length=64, blank=True)
    # The learned content model's version when the request carried a text ("" otherwise).
    content_model_version = models.CharField(_("content model version"), max_length=40,
                                             blank=True)

    class Meta:
        verbose_name = _("contact decision")
        verbose_name_plural = _("contact decisions")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The decision list filters by collector, newest first.
            models.Index(fields=["user", "-created_at"], name="contactdecision_user_created"),
        ]

    def __str__(self) -> str:
        verdict = "allow" if self.allowed else "block"
        return f"{self.created_at:%Y-%m-%d %H:%M} {verdict} {self.rule_ids.strip()}"

    @property
    def rule_list(self) -> list[str]:
        return self.rule_ids.split()


class ContentReview(models.Model):
    """A text the learned content model was unsure about, held for a compliance officer.

    One row per distinct text (by the hash of its normalised form), however often it is sent.
    Only a compliance officer decides, once: an approval lets the text pass the model (the
    rules still apply), a rejection blocks it for good. Decided rows are training data for
    the next `train_content` run; they are never edited after the decision.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    text_hash = models.CharField(_("text hash"), max_length=64, unique=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8)
    rule_id = models.CharField(_("likeliest rule"), max_length=16)
    probability = models.FloatField(_("probability"))
    model_version = models.CharField(_("model version"), max_length=40)
    span = models.TextField(_("span"), blank=True)
    origin = models.CharField(_("where it was seen"), max_length=32)
    occurrences = models.PositiveIntegerField(_("times seen"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("first sent by"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    decided_rule_id = models.CharField(_("rule decided"), max_length=16, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("content review")
        verbose_name_plural = _("content reviews")
        ordering = ["status", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="contentreview_status")]

    def __str__(self) -> str:
        return f"{self.status} {self.rule_id} {self.text[:40]}"
