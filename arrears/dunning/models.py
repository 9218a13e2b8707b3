"""Dunning of a company's customers (issue 19, parts 3 and 4): the creditor's levels, the
runs and what each sent, statements of account, and credit holds (stop supply).

A level is reached by the days an invoice is overdue; a run sends each customer one
dunning at the highest level any of its unpaused overdue invoices reached
(arrears.dunning.core decides, arrears.dunning.run applies). Every letter and email goes
through the contact gate and the messaging outbox; the `Dunning` row keeps what was sent,
so the history shows it without re-rendering anything. docs/dunning.md.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arrears.portfolio.models import Creditor, Debtor, money_field


class LevelKind(models.TextChoices):
    FRIENDLY = "friendly", _("Friendly reminder")
    FIRST_DEMAND = "first_demand", _("First demand")
    SECOND_DEMAND = "second_demand", _("Second demand")
    FINAL_NOTICE = "final_notice", _("Final notice")
    REFERRAL = "referral", _("Referral to an agency or lawyer")


class LevelChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")


class DunningLevel(models.Model):
    """One step of a creditor's dunning; the administrator edits them (seeded defaults:
    arrears.dunning.levels.seed_levels)."""

    creditor = models.ForeignKey(
        Creditor, on_delete=models.CASCADE, related_name="dunning_levels", verbose_name=_("creditor")
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1)], help_text=_("1 is the first step; higher is sterner.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LevelKind.choices)
    days_overdue = models.PositiveIntegerField(
        _("days overdue to reach it"),
        help_text=_("An invoice this many days past its due date reaches the level."),
    )
    repeat_after_days = models.PositiveIntegerField(
        _("interval (days)"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_("The same level is not sent to a customer again within this many days."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=LevelChannel.choices)
    # The template: the script library's email or letter template with this key, in the
    # customer's language (zh-hans or en), published like every other message template.
    script_key = models.SlugField(_("template key"), max_length=80)
    fee = money_field(
        _("fee"),
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("A dunning fee the creditor charges at this level; 0 for none."),
    )
    interest_rate = models.DecimalField(
        _("statutory interest (percent a year)"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_(
            "Interest on each open invoice: open amount × rate ÷ 100 × days overdue ÷ 365; 0 for none."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("dunning level")
        verbose_name_plural = _("dunning levels")
        ordering = ["creditor_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["creditor", "rank"], name="dunning_level_rank_uniq"),
            models.UniqueConstraint(fields=["creditor", "kind"], name="dunning_level_kind_uniq"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="dunning_level_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(interest_rate__gte=0, interest_rate__lte=100), name="dunning_level_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor_id} {self.rank}. {self.get_kind_display()}"


class DunningRun(models.Model):
    """One creditor's run on one day: a second run that day adds nothing already sent."""

    creditor = models.ForeignKey(
        Creditor, on_delete=models.PROTECT, related_name="+", verbose_name=_("creditor")
    )
    on = models.DateField(_("day"))
    # What the run found: {"dunned": {level kind: n}, "paused": n, "blocked": n, ...}.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dunning run")
        verbose_name_plural = _("dunning runs")
        ordering = ["-on", "-id"]
        constraints = [
            # Idempotent per day: the run of a day is found again, not repeated.
            models.UniqueConstraint(fields=["creditor", "on"], name="dunning_run_creditor_day_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.creditor_id} {self.on}"


class Dunning(models.Model):
    """What one customer was sent (or why not) in one run, in one currency."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued in the outbox")
        PAUSED = "paused", _("Paused: every overdue invoice disputed or payment expected")
        BLOCKED = "blocked", _("Refused by the contact gate")
        NO_CONTACT = "no_contact", _("No valid contact point for the channel")
        NO_CASE = "no_case", _("No open case")
        NO_TEMPLATE = "no_template", _("No published template")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(DunningRun, on_delete=models.PROTECT, related_name="dunnings")
    debtor = models.ForeignKey(
        Debtor, on_delete=models.PROTECT, related_name="dunnings", verbose_name=_("customer")
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("day"))
    level = models.ForeignKey(
        DunningLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    currency = models.CharField(_("currency"), max_length=3)
    # [{"number", "due_on", "open_amount", "days_overdue", "interest"}], amounts as strings.
    invoices = models.JSONField(_("invoices"), default=list)
    # [{"number", "open_amount", "reason": "disputed" | "expected", "expected_on"}]
    paused = models.JSONField(_("paused invoices"), default=list, blank=True)
    # [{"kind": "credit_note" | "unapplied_cash", "number", "open_amount"}]
    credits = models.JSONField(_("open credits"), default=list, blank=True)
    overdue = money_field(_("overdue"), default=Decimal("0.00"))
    fee = money_field(_("fee"), default=Decimal("0.00"))
    interest = money_field(_("interest"), default=Decimal("0.00"))
    credit_total = money_field(_("open credits"), default=Decimal("0.00"))
    total = money_field(_("total claimed"), default=Decimal("0.00"))
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule_ids = models.CharField(_("blocked by"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dunning")
        verbose_name_plural = _("dunnings")
        ordering = ["-on", "-id"]
        constraints = [
            # One dunning per customer, currency and day (idempotent per day).
            models.UniqueConstraint(fields=["debtor", "currency", "on"], name="dunning_debtor_day_uniq"),
        ]
        indexes = [
            # The interval rule: a customer's last dunning at a level.
            models.Index(fields=["debtor", "level", "-on"], name="dunning_debtor_level_on"),
        ]

    def __str__(self) -> str:
        return f"{self.debtor_id} {self.on} {self.status}"


class StatementSchedule(models.Model):
    """How often a customer is sent its statement of account by email."""

    class Frequency(models.TextChoices):
        NONE = "none", _("Not sent")
        MONTHLY = "monthly", _("Monthly")

    debtor = models.OneToOneField(
        Debtor, on_delete=models.CASCADE, related_name="statement_schedule", verbose_name=_("customer")
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.NONE
    )
    # Monthly statements go out on this day of the month (1-28: every month has it).
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    last_sent_on = models.DateField(_("last sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement schedule")
        verbose_name_plural = _("statement schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=28), name="statement_day_of_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.debtor_id} {self.frequency}"


class Statement(models.Model):
    """A statement of account issued: the PDF's fingerprint, and the email if one was sent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    debtor = models.ForeignKey(
        Debtor, on_delete=models.PROTECT, related_name="statements", verbose_name=_("customer")
    )
    on = models.DateField(_("as of"))
    language = models.CharField(_("language"), max_length=10)
    sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    invoices = models.PositiveIntegerField(_("open invoices"), default=0)
    open_total = money_field(_("open total"), default=Decimal("0.00"))
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement of account")
        verbose_name_plural = _("statements of account")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.debtor_id} {self.on}"


class CreditHold(models.Model):
    """Stop supply to a customer: a collector proposes it, a lead approves or rejects it,
    and a lead releases it. ERPs read the active ones through the API to block new orders."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for a lead")
        ACTIVE = "active", _("Active: supply stopped")
        REJECTED = "rejected", _("Rejected")
        RELEASED = "released", _("Released")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    debtor = models.ForeignKey(
        Debtor, on_delete=models.PROTECT, related_name="credit_holds", verbose_name=_("customer")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"))
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
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    release_note = models.TextField(_("release note"), blank=True)

    class Meta:
        verbose_name = _("credit hold")
        verbose_name_plural = _("credit holds")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            # Maker-checker, as approvals (cases.ApprovalRequest): whoever writes the decision,
            # its decider is never the proposer.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by")),
                name="credit_hold_checker_is_not_maker",
            ),
            # At most one hold proposed or in force per customer.
            models.UniqueConstraint(
                fields=["debtor"],
                condition=Q(status__in=["proposed", "active"]),
                name="credit_hold_one_open_per_debtor",
            ),
        ]
        indexes = [
            # The API and the leads' page: holds by status (active ones for the ERP).
            models.Index(fields=["status", "proposed_at"], name="credit_hold_status_proposed"),
        ]

    def __str__(self) -> str:
        return f"{self.debtor_id} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PROPOSED, self.Status.ACTIVE)
