"""Legal recovery (法律诉讼), the articles' last escalation step: the exhibits a court case
needs (their configuration and the copies attached), the referral a lead approves, and the
legal matter it opens. docs/legal.md.

Every row changes only through arrears.legal.actions, which writes the case's events; the
admin shows the referrals, exhibits and matters read-only and edits the configuration.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrears.compliance.models import PROFILE_CHOICES
from arrears.core.money import MAX_AMOUNT
from arrears.legal.exhibits import Requirement, Source
from arrears.portfolio.models import Account, money_field

ZERO_AMOUNT = MinValueValidator(0)
AMOUNT_CEILING = MaxValueValidator(MAX_AMOUNT)


class ExhibitRequirement(models.Model):
    """One exhibit a profile asks for on a product's cases ("" for every product of the
    profile without rows of its own). With no row for a profile and product, the defaults
    of arrears.legal.exhibits apply; rows replace them as a whole list, not one by one."""

    class SourceChoice(models.TextChoices):
        ATTACHED = Source.ATTACHED.value, _("Attached: a copy is uploaded")
        DOSSIER = Source.DOSSIER.value, _("Derived: the evidence dossier")
        DEMAND_LETTER = Source.DEMAND_LETTER.value, _("Derived: a demand letter printed")

    profile = models.CharField(_("profile"), max_length=16, choices=PROFILE_CHOICES)
    product = models.CharField(
        _("product"),
        max_length=20,
        choices=Account.Product.choices,
        blank=True,
        help_text=_("Empty: every product of the profile that has no list of its own."),
    )
    code = models.SlugField(_("code"), max_length=40)
    label_zh = models.CharField(_("name (Chinese)"), max_length=200)
    label_en = models.CharField(_("name (English)"), max_length=200)
    source = models.CharField(_("how it is satisfied"), max_length=16, choices=SourceChoice.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    note = models.TextField(_("legal basis and notes"), blank=True)

    class Meta:
        verbose_name = _("exhibit requirement")
        verbose_name_plural = _("exhibit requirements")
        ordering = ["profile", "product", "position", "code"]
        constraints = [
            # One row per exhibit of a list: the checklist names each code once.
            models.UniqueConstraint(
                fields=["profile", "product", "code"], name="exhibitreq_profile_product_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.product or '*'}: {self.code}"

    def requirement(self, language: str) -> Requirement:
        label = self.label_zh if language.startswith("zh") else self.label_en
        return Requirement(self.code, label, Source(self.source))


class Exhibit(models.Model):
    """A copy of a document attached to a case for court (an upload): stored under
    LEGAL_EXHIBITS_DIR, its SHA-256 recorded here and in the `exhibit_attached` event."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="exhibits")
    code = models.SlugField(_("exhibit"), max_length=40)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Relative to LEGAL_EXHIBITS_DIR.
    path = models.CharField(_("stored as"), max_length=300)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("attached by")
    )
    attached_at = models.DateTimeField(_("attached at"))

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["case", "code", "-attached_at"]
        indexes = [
            # The checklist: a case's attached exhibits by code.
            models.Index(fields=["case", "code"], name="exhibit_case_code"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.code}: {self.name}"


class LegalReferral(models.Model):
    """A request to refer a case to court, decided by a lead of the case's team or a
    manager over it, never by who asked (maker-checker, as cases.ApprovalRequest)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Withdrawn or overtaken")
        EXPIRED = "expired", _("Expired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_referrals")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"))
    reason = models.TextField(_("reason"))
    # The case's stage and balance when asked: a decision refuses a case that moved on.
    from_stage = models.CharField(_("from stage"), max_length=10)
    balance = money_field(_("balance when asked"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("legal referral")
        verbose_name_plural = _("legal referrals")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # Maker-checker in the database, whatever path writes the decision.
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("requested_by")),
                name="legalreferral_checker_is_not_maker",
            ),
            # One pending referral per case: a second would be decided twice.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="pending"), name="legalreferral_one_pending"
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="legalreferral_decided_has_time",
            ),
        ]
        indexes = [
            # The legal list: pending referrals, oldest first.
            models.Index(fields=["status", "requested_at"], name="legalreferral_status_at"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} legal referral ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


def validate_hearings(value: Any) -> None:
    """Hearing dates: a list of ISO dates (YYYY-MM-DD), each a real day, no repeats."""
    if not isinstance(value, list):
        raise ValidationError(_("The hearing dates are a list of days."))
    seen = set()
    for item in value:
        try:
            day = date.fromisoformat(item) if isinstance(item, str) and len(item) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(_("%(value)s is not a day such as 2026-05-20.") % {"value": str(item)[:20]})
        if day in seen:
            raise ValidationError(_("The day %(value)s is given twice.") % {"value": item})
        seen.add(day)


class LegalMatter(models.Model):
    """A case before a court: one per case, opened when a referral is approved. Its changes
    go through actions.change_matter, each an event with the fields changed."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing the filing")
        FILED = "filed", _("Filed with the court (已立案)")
        JUDGMENT = "judgment", _("Judgment given")
        ENFORCEMENT = "enforcement", _("Enforcement (执行)")
        CLOSED = "closed", _("Closed")

    class Enforcement(models.TextChoices):
        NONE = "", _("Not applied for")
        PENDING = "pending", _("Pending")
        PAID_IN_FULL = "paid_in_full", _("Paid in full")
        PARTLY_PAID = "partly_paid", _("Partly paid")
        SETTLED = "settled", _("Settled in enforcement (执行和解)")
        NO_ASSETS = "no_assets", _("No assets found: terminated this round (终本)")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="legal_matter")
    referral = models.OneToOneField(LegalReferral, on_delete=models.PROTECT, related_name="matter")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREPARING)
    court = models.CharField(_("court"), max_length=200, blank=True)
    case_number = models.CharField(_("case number (案号)"), max_length=100, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    hearings = models.JSONField(_("hearing dates"), default=list, blank=True, validators=[validate_hearings])
    judgment_on = models.DateField(_("judgment date"), null=True, blank=True)
    judgment_amount = money_field(
        _("judgment amount"), null=True, blank=True, validators=[ZERO_AMOUNT, AMOUNT_CEILING]
    )
    enforcement_applied_on = models.DateField(_("enforcement applied for on"), null=True, blank=True)
    enforcement_case_number = models.CharField(_("enforcement case number"), max_length=100, blank=True)
    enforcement_outcome = models.CharField(
        _("enforcement outcome"), max_length=16, choices=Enforcement.choices, blank=True
    )
    court_fees = money_field(_("court fees"), default=0, validators=[ZERO_AMOUNT, AMOUNT_CEILING])
    lawyer_fees = money_field(_("lawyer fees"), default=0, validators=[ZERO_AMOUNT, AMOUNT_CEILING])
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    updated_at = models.DateTimeField(_("updated at"))
    # Counts the changes: an edit made on a page showing an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("legal matter")
        verbose_name_plural = _("legal matters")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(court_fees__gte=0, lawyer_fees__gte=0),
                name="legalmatter_costs_not_negative",
            ),
        ]
        indexes = [
            # The legal list's filter and order.
            models.Index(fields=["status", "opened_at"], name="legalmatter_status_opened"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.case_number or self.status}"

    @property
    def costs(self) -> Any:
        return self.court_fees + self.lawyer_fees

    def clean(self) -> None:
        """The dates in their order: filed, then judged, then enforcement asked for."""
        errors: dict[str, Any] = {}
        if self.filed_on and self.judgment_on and self.judgment_on < self.filed_on:
            errors["judgment_on"] = _("The judgment cannot come before the filing.")
        if (
            self.enforcement_applied_on
            and self.judgment_on
            and self.enforcement_applied_on < self.judgment_on
        ):
            errors["enforcement_applied_on"] = _("Enforcement is applied for after the judgment.")
        if self.enforcement_applied_on and not self.judgment_on:
            errors["enforcement_applied_on"] = _(
                "Give the judgment date first: enforcement follows a judgment."
            )
        if self.judgment_amount is not None and not self.judgment_on:
            errors["judgment_on"] = _("Give the judgment's date with its amount.")
        if self.enforcement_outcome and not self.enforcement_applied_on:
            errors["enforcement_outcome"] = _("Give the day enforcement was applied for first.")
        if errors:
            raise ValidationError(errors)
