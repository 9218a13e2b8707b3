"""The script library (话术库) and the collectors' corrections to the reaction classifier."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arrears.scripts.labels import Language, Reaction, Stage


class ScriptKind(models.TextChoices):
    OPENING = "opening", _("Opening with identification")
    FIRST_CALL = "first_call", _("First call after delinquency")
    FOLLOW_UP = "follow_up", _("Follow-up call")
    PROMISE_CONFIRMATION = "promise_confirmation", _("Promise confirmation")
    BROKEN_PROMISE = "broken_promise", _("Broken promise")
    PAYMENT_PLAN = "payment_plan", _("Payment plan offer")
    HARDSHIP = "hardship", _("Hardship")
    THIRD_PARTY_LOCATION = "third_party_location", _("Third-party location call")
    VOICEMAIL = "voicemail", _("Limited-content voicemail")
    FIELD_OPENING = "field_opening", _("Field-visit opening")
    SMS = "sms", _("SMS template")
    # The first line of an email template is its subject (arrears.messaging.compose).
    EMAIL = "email", _("Email template")
    LETTER = "letter", _("Letter template")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    VOICEMAIL = "voicemail", _("Voicemail")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Field visit")


class Script(models.Model):
    """One script in one language; its text lives in numbered, immutable versions."""

    key = models.SlugField(_("key"), max_length=80)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=ScriptKind.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=200)
    # A location call speaks to someone who is not the debtor: the content check runs with
    # third_party=True so any mention of the debt blocks publication (CN-PARTY-03, US-LOC-01).
    third_party = models.BooleanField(_("addressed to a third party"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("script")
        verbose_name_plural = _("scripts")
        constraints = [
            # seed_scripts upserts by (key, language); the UI lists one row per pair.
            models.UniqueConstraint(fields=["key", "language"], name="script_key_language_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.key} [{self.language}]"

    def published_version(self) -> ScriptVersion | None:
        return self.versions.filter(published=True).first()

    def latest_version(self) -> ScriptVersion | None:
        return self.versions.order_by("-number").first()


class ScriptVersion(models.Model):
    """A version is never edited or deleted: a change is a new version (evidence trail)."""

    script = models.ForeignKey(Script, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    body = models.TextField(_("body"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for versions loaded by seed_scripts."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("script version")
        verbose_name_plural = _("script versions")
        ordering = ["script", "number"]
        constraints = [
            models.UniqueConstraint(fields=["script", "number"], name="scriptversion_number_uniq"),
            # Collectors are shown "the" published text of a script: at most one may exist.
            models.UniqueConstraint(
                fields=["script"],
                condition=Q(published=True),
                name="scriptversion_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.script} v{self.number}"


class ExampleSource(models.TextChoices):
    CORRECTION = "correction", _("Collector's correction")


class ReactionExample(models.Model):
    """A labelled utterance added after deployment; retraining merges these with the corpus."""

    text = models.TextField(_("text"))
    label = models.CharField(_("label"), max_length=64, choices=Reaction.choices)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    source = models.CharField(
        _("source"), max_length=16, choices=ExampleSource.choices, default=ExampleSource.CORRECTION
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction example")
        verbose_name_plural = _("reaction examples")

    def __str__(self) -> str:
        return f"{self.label}: {self.text[:40]}"


class PlaceholderGap(models.Model):
    """A placeholder that had no value when a text was rendered for a case: a setting
    nobody made (the creditor's, or the collector's name). The admin lists them, with how
    often collectors met them, so the gaps get filled."""

    creditor = models.ForeignKey(
        "portfolio.Creditor", on_delete=models.CASCADE, related_name="+", verbose_name=_("creditor")
    )
    # Set for the collector's own settings ({collector_name}); empty for the creditor's.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("collector"),
    )
    placeholder = models.CharField(_("placeholder"), max_length=40)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    count = models.PositiveIntegerField(_("times met"), default=0)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("missing setting")
        verbose_name_plural = _("missing settings")
        constraints = [
            # record_gaps counts into one row per (creditor, placeholder, language[, user]).
            models.UniqueConstraint(
                fields=["creditor", "placeholder", "language"],
                condition=Q(user__isnull=True),
                name="placeholdergap_creditor_uniq",
            ),
            models.UniqueConstraint(
                fields=["creditor", "placeholder", "language", "user"],
                condition=Q(user__isnull=False),
                name="placeholdergap_user_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor}: {{{self.placeholder}}} [{self.language}]"
