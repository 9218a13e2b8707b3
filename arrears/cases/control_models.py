"""Controls on a case: approval requests (maker-checker, 审批), the limits of each approver,
and care holds. Imported by arrears.cases.models, so they are models of the cases app (and
they name the case as "cases.Case": this module cannot import that one).

A request or a hold changes only through arrears.cases.actions (approvals.py, care.py),
which write its evidence events; the admin shows them read-only. See docs/workbench.md
("Approvals", "Care holds").
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arrears.cases import authority
from arrears.cases.choices import Stage
from arrears.core.models import Role
from arrears.core.money import MAX_AMOUNT
from arrears.portfolio.models import Creditor, money_field


class ApprovalRequest(models.Model):
    """A change a user asks for and another user with the authority decides (审批)."""

    class Kind(models.TextChoices):
        WRITE_OFF = "write_off", _("Write-off (核销)")
        SETTLEMENT = "settlement", _("Settlement: a discount on the balance (减免)")
        CLOSE_SETTLED = "close_settled", _("Close as settled (结清)")
        STAGE_SKIP = "stage_skip", _("Stage move that skips stages")
        REOPEN = "reopen", _("Reopen a closed case")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Withdrawn or overtaken")
        EXPIRED = "expired", _("Expired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="approval_requests")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"))
    reason = models.TextField(_("reason"))
    # The case's balance when asked; `amount` is what is written off (write-off), agreed
    # (settlement) or forgiven (close as settled). Decisions recheck against the balance then.
    balance = money_field(_("balance when asked"), null=True, blank=True)
    amount = money_field(_("amount"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    # Settlement: the day by which the agreed amount is to be paid.
    due_on = models.DateField(_("to be paid by"), null=True, blank=True)
    from_stage = models.CharField(_("from stage"), max_length=10, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=10, choices=Stage.choices, blank=True)
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
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # Maker-checker in the database itself: whatever path writes a decision (the
            # actions, the admin, a script), its decider is never the maker.
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("requested_by")),
                name="approval_checker_is_not_maker",
            ),
            # One pending request of a kind per case: a second would be decided twice.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(status="pending"),
                name="approval_one_pending_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="approval_decided_has_time",
            ),
        ]
        indexes = [
            # The approvals page: pending requests of the approver's teams, oldest first.
            models.Index(fields=["status", "requested_at"], name="approval_status_requested"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def discount(self) -> Decimal | None:
        """Settlement: what the creditor forgoes (balance - amount); else None."""
        if self.kind != self.Kind.SETTLEMENT or self.balance is None or self.amount is None:
            return None
        return max(self.balance - self.amount, Decimal(0))

    @property
    def discount_pct(self) -> Decimal | None:
        if self.discount is None or not self.balance:
            return None
        return (self.discount * 100 / self.balance).quantize(Decimal("0.01"))


class ApprovalLimit(models.Model):
    """What a team lead or a manager may approve (审批权限), for one creditor or, with no
    creditor, for every creditor without a row of its own. With no row at all the built-in
    defaults of arrears.cases.authority apply. Amounts are in the creditor's currency."""

    creditor = models.ForeignKey(
        Creditor,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="approval_limits",
        verbose_name=_("creditor"),
        help_text=_("Empty: every creditor that has no limits of its own."),
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=[(Role.TEAM_LEAD.value, Role.TEAM_LEAD.label), (Role.MANAGER.value, Role.MANAGER.label)],
    )
    max_write_off = money_field(
        _("largest write-off"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
        help_text=_("The largest balance this role may write off, or forgive when a case closes as settled."),
    )
    max_discount_pct = models.DecimalField(
        _("largest settlement discount (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("The largest share of the balance this role may agree to forgo in a settlement."),
    )
    may_skip_stages = models.BooleanField(_("may approve stage skips"), default=True)
    may_reopen = models.BooleanField(_("may approve reopening"), default=True)

    class Meta:
        verbose_name = _("approval limit")
        verbose_name_plural = _("approval limits")
        ordering = ["creditor_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["creditor", "role"], name="approval_limit_per_creditor_role"),
            models.UniqueConstraint(
                fields=["role"],
                condition=models.Q(creditor__isnull=True),
                name="approval_limit_default_per_role",
            ),
            models.CheckConstraint(
                condition=models.Q(max_write_off__gte=0, max_write_off__lte=MAX_AMOUNT),
                name="approval_limit_write_off_range",
            ),
            models.CheckConstraint(
                condition=models.Q(max_discount_pct__gte=0, max_discount_pct__lte=100),
                name="approval_limit_discount_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor or '*'} {self.role}"

    def clean(self) -> None:
        """A lead's limits may not exceed a manager's for the same creditor: a request goes
        up to the manager precisely because the lead may not approve it."""
        if self.role not in (Role.TEAM_LEAD, Role.MANAGER):
            return
        if self.max_write_off is None or self.max_discount_pct is None:
            return  # the fields' own errors
        other = Role.MANAGER if self.role == Role.TEAM_LEAD else Role.TEAM_LEAD
        theirs = limits_by_role(self.creditor, exclude=self.pk)[other]
        mine = (self.max_write_off, self.max_discount_pct)
        lead, manager = (
            (mine, (theirs.max_write_off, theirs.max_discount_pct))
            if self.role == Role.TEAM_LEAD
            else ((theirs.max_write_off, theirs.max_discount_pct), mine)
        )
        message = (
            _("A team lead's limit cannot be above the manager's (%(value)s).")
            if self.role == Role.TEAM_LEAD
            else _("A manager's limit cannot be below the team lead's (%(value)s).")
        )
        errors = {}
        if lead[0] > manager[0]:
            errors["max_write_off"] = message % {"value": theirs.max_write_off}
        if lead[1] > manager[1]:
            errors["max_discount_pct"] = message % {"value": theirs.max_discount_pct}
        if errors:
            raise ValidationError(errors)


def limits_by_role(creditor: Creditor | None, *, exclude: int | None = None) -> dict[str, authority.Limits]:
    """Each approver role's limits for `creditor` (its own row, else the row for every
    creditor, else authority.DEFAULTS), in one query."""
    rows = ApprovalLimit.objects.filter(models.Q(creditor__isnull=True) | models.Q(creditor=creditor))
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found = {(row.role, row.creditor_id is not None): row for row in rows}
    limits = dict(authority.DEFAULTS)
    for role in limits:
        row = found.get((role, True)) or found.get((role, False))
        if row is not None:
            limits[role] = authority.Limits(
                max_write_off=row.max_write_off,
                max_discount_pct=row.max_discount_pct,
                may_skip_stages=row.may_skip_stages,
                may_reopen=row.may_reopen,
            )
    return limits


class CareHoldQuerySet(models.QuerySet["CareHold"]):
    def holding(self, at: datetime) -> CareHoldQuerySet:
        """Holds that stop contact at `at`: not yet reviewed, or reviewed with contact to
        resume only after `at`."""
        return self.filter(models.Q(reviewed_at__isnull=True) | models.Q(resume_after__gt=at))

    def open(self) -> CareHoldQuerySet:
        """Holds waiting for a lead's review."""
        return self.filter(reviewed_at__isnull=True)


class CareHold(models.Model):
    """A self-harm or crisis signal puts the case on hold: the contact gate blocks every
    contact (CARE-HOLD) until a team lead has reviewed it, and after the review until
    `resume_after` if the lead set a waiting period."""

    class Source(models.TextChoices):
        CALL_PANEL = "call_panel", _("Call panel: the debtor's words")
        MANUAL = "manual", _("Marked by hand")

    class Outcome(models.TextChoices):
        RESUME = "resume", _("Contact may resume")
        WAIT = "wait", _("Contact may resume after a waiting period")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="care_holds")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_at = models.DateTimeField(_("raised at"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reason = models.TextField(_("why"))
    # What the debtor said, as typed in the call panel (the care protocol asks for the
    # exact words); empty when marked by hand.
    words = models.TextField(_("the debtor's words"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    resume_after = models.DateTimeField(_("contact resumes after"), null=True, blank=True)

    objects = CareHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("care hold")
        verbose_name_plural = _("care holds")
        ordering = ["-raised_at", "-id"]
        constraints = [
            # One open hold per case: a second signal is added to it, not a second hold.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(reviewed_at__isnull=True), name="care_hold_one_open"
            ),
            # Whoever raised a hold does not also lift it.
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True) | ~models.Q(reviewed_by=models.F("raised_by")),
                name="care_hold_reviewer_is_not_raiser",
            ),
            models.CheckConstraint(
                condition=models.Q(reviewed_at__isnull=True, outcome="")
                | models.Q(reviewed_at__isnull=False, outcome="resume", resume_after__isnull=True)
                | models.Q(reviewed_at__isnull=False, outcome="wait", resume_after__isnull=False),
                name="care_hold_review_complete",
            ),
        ]
        indexes = [
            # The gate's fact and the queue's filter: holds still stopping contact.
            models.Index(fields=["case", "reviewed_at", "resume_after"], name="care_hold_case_state"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} care hold {self.raised_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.reviewed_at is None

    @property
    def why(self) -> str:
        """The reason in the reader's language: a call-panel hold keeps the phrase that set
        off the care flag, a hold marked by hand what the person wrote."""
        if self.source == self.Source.CALL_PANEL:
            return gettext("Self-harm or crisis signal in the debtor's words: %(phrase)s") % {
                "phrase": self.reason
            }
        return self.reason
