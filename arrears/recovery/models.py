"""Agencies, their contracts, placements and commission; notices that stop collection;
limitation periods per profile and product (arrears/recovery/limitation.py has the rule).

The articles' third escalation step (委托专业信用管理公司追收): cases are placed with an
outside agency in fixed batches, for a term, under a contract that sets the commission;
payments during a placement are the agency's, and the case comes back (is recalled) at the
term's end or when something makes further collection wrong (a dispute, a bankruptcy or
death notice, payment in full) or a lead decides. docs/recovery.md.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrears.cases.models import Case
from arrears.compliance.models import PROFILE_CHOICES
from arrears.portfolio.models import Account, Debtor, Payment, money_field
from arrears.recovery.limitation import Limitation

ZERO = Decimal(0)
RATE_BASES = ("principal", "interest", "fees")


class Agency(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(_("contact email"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection agency")
        verbose_name_plural = _("collection agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def validate_tiers(value: Any) -> None:
    """Commission tiers: a non-empty list of {"from_dpd": int >= 0, "principal": rate,
    "interest": rate, "fees": rate}, rates as decimal strings from 0 to 1, from_dpd
    strictly increasing and the first 0."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one commission tier."))
    last = -1
    for tier in value:
        if not isinstance(tier, dict) or set(tier) != {"from_dpd", *RATE_BASES}:
            raise ValidationError(
                _("Each tier has from_dpd, principal, interest and fees, and nothing else.")
            )
        dpd = tier["from_dpd"]
        if not isinstance(dpd, int) or isinstance(dpd, bool) or dpd <= last:
            raise ValidationError(_("Tiers start at increasing days past due."))
        last = dpd
        for base in RATE_BASES:
            try:
                rate = Decimal(str(tier[base]))
            except ArithmeticError:
                raise ValidationError(_("A commission rate is a number such as 0.18.")) from None
            if not ZERO <= rate <= 1:
                raise ValidationError(
                    _("A commission rate lies between 0 and 1: write 0.18 for eighteen percent.")
                )
    if value[0]["from_dpd"] != 0:
        raise ValidationError(_("The first tier starts at 0 days past due."))


class Contract(models.Model):
    """What an agency agreed to: the term of each placement, the commission by days past
    due at placement (tiers) and base, and the segments it takes."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(_("contract reference"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    term_days = models.PositiveIntegerField(_("placement term (days)"), default=90)
    tiers = models.JSONField(
        _("commission tiers"),
        validators=[validate_tiers],
        help_text=_(
            'e.g. [{"from_dpd": 0, "principal": "0.12", "interest": "0.20", "fees": "0.25"}, '
            '{"from_dpd": 180, "principal": "0.20", "interest": "0.25", "fees": "0.30"}]'
        ),
    )
    # The segments it takes (empty: any): products and a days-past-due range.
    products = models.JSONField(_("products"), default=list, blank=True)
    min_dpd = models.PositiveIntegerField(_("from days past due"), default=0)
    max_dpd = models.PositiveIntegerField(_("to days past due"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency contract")
        verbose_name_plural = _("agency contracts")
        ordering = ["agency", "-starts_on"]

    def __str__(self) -> str:
        return f"{self.agency} {self.reference}"

    def rates(self, dpd: int) -> dict[str, Decimal]:
        """The tier for a placement at `dpd` days past due: base -> rate."""
        tier = [t for t in self.tiers if t["from_dpd"] <= dpd][-1]
        return {base: Decimal(str(tier[base])) for base in RATE_BASES}


class PlacementBatch(models.Model):
    """A fixed set of cases placed with one agency on one day; its placements come back
    together at the term's end unless recalled earlier one by one."""

    class Status(models.TextChoices):
        OPEN = "open", _("With the agency")
        RECALLED = "recalled", _("Recalled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="batches")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="batches")
    placed_on = models.DateField(_("placed on"))
    term_ends_on = models.DateField(_("term ends on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # What was placed, in words (the rule's filters), and the experiment arm if a segment
    # was split between agencies.
    segment = models.CharField(_("segment"), max_length=200, blank=True)
    arm = models.CharField(_("arm"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("placed by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    recalled_on = models.DateField(_("recalled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement batch")
        verbose_name_plural = _("placement batches")
        ordering = ["-placed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.placed_on} #{self.pk}"

    @property
    def reference(self) -> str:
        return f"PB{self.pk:06d}"


class RecallReason(models.TextChoices):
    TERM_END = "term_end", _("End of the placement term")
    DISPUTE = "dispute", _("The debtor disputes the debt")
    PAID = "paid", _("Paid in full")
    BANKRUPTCY = "bankruptcy", _("Bankruptcy notice")
    DECEASED = "deceased", _("Death notice")
    CEASE = "cease", _("The debtor asked in writing that contact stop")
    LEAD = "lead", _("Recalled by a lead")


class Placement(models.Model):
    """One case with an agency: what it owed when placed, by base, and when it came back."""

    batch = models.ForeignKey(PlacementBatch, on_delete=models.PROTECT, related_name="placements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="placements")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="placements")
    placed_on = models.DateField(_("placed on"))
    # The stage the case goes back to when recalled.
    stage_before = models.CharField(_("stage before"), max_length=10)
    dpd = models.PositiveIntegerField(_("days past due when placed"))
    principal = money_field(_("principal when placed"))
    interest = money_field(_("interest when placed"), default=ZERO)
    fees = money_field(_("fees when placed"), default=ZERO)
    recalled_on = models.DateField(_("recalled on"), null=True, blank=True)
    recall_reason = models.CharField(
        _("why recalled"), max_length=12, choices=RecallReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["batch", "id"]
        constraints = [
            # A case is with one agency at a time.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(recalled_on__isnull=True), name="placement_active_uniq"
            ),
        ]
        indexes = [models.Index(fields=["agency", "recalled_on"], name="placement_agency_active")]

    def __str__(self) -> str:
        return f"{self.case.reference} -> {self.agency.code}"

    @property
    def balance(self) -> Decimal:
        return self.principal + self.interest + self.fees

    @property
    def active(self) -> bool:
        return self.recalled_on is None


class Commission(models.Model):
    """Commission accrued on one payment during a placement, per base (fees first, then
    interest, then principal, as the payment is applied). When the payment is reversed
    (bounced, charged back), each line gets its mirror, negative, on the reversal's day."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="commissions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="commissions")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="+")
    base = models.CharField(_("base"), max_length=10)
    collected = money_field(_("collected on this base"))
    rate = models.DecimalField(_("rate"), max_digits=6, decimal_places=4)
    amount = money_field(_("commission"))
    accrued_on = models.DateField(_("accrued on"))
    reversal = models.BooleanField(_("reversal"), default=False)

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ["accrued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "base", "reversal"], name="commission_payment_base_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.accrued_on} {self.amount}"


class Notice(models.Model):
    """A notice that ends collection from this debtor: bankruptcy or death. While it
    stands, the gate refuses every collection contact (DEF-STATE-01/02) and placements are
    recalled; `withdrawn_at` ends it (e.g. a notice recorded for the wrong person)."""

    class Kind(models.TextChoices):
        BANKRUPTCY = "bankruptcy", _("Bankruptcy")
        DECEASED = "deceased", _("Death")

    debtor = models.ForeignKey(Debtor, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=200, help_text=_("e.g. the court's notice no."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"


class LimitationRule(models.Model):
    """A profile's limitation period for one product ("" for every product of the profile
    without a row of its own). Edited in the admin; a change applies to every case from its
    next computation (the case page, the gate, the list)."""

    profile = models.CharField(_("profile"), max_length=16, choices=PROFILE_CHOICES)
    product = models.CharField(
        _("product"),
        max_length=20,
        choices=Account.Product.choices,
        blank=True,
        help_text=_("Empty: every product of the profile that has no rule of its own."),
    )
    years = models.PositiveSmallIntegerField(
        _("limitation period (years)"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    restart_on_payment = models.BooleanField(_("a part payment restarts it"), default=True)
    restart_on_acknowledgment = models.BooleanField(
        _("an acknowledgment of the debt restarts it"), default=True
    )
    acknowledgment_in_writing = models.BooleanField(_("only a written acknowledgment counts"), default=False)
    restart_on_demand = models.BooleanField(_("a demand the debtor received restarts it"), default=False)
    note = models.TextField(_("legal basis and notes"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("limitation period")
        verbose_name_plural = _("limitation periods")
        ordering = ["profile", "product"]
        constraints = [
            # One rule per profile and product: the look-up in periods.rules() relies on it.
            models.UniqueConstraint(fields=["profile", "product"], name="limitationrule_profile_product"),
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.product or '*'}: {self.years}"

    def limitation(self, rule_id: str = "") -> Limitation:
        return Limitation(
            self.years,
            self.restart_on_payment,
            self.restart_on_acknowledgment,
            self.acknowledgment_in_writing,
            self.restart_on_demand,
            rule_id,
        )


def live_notices(debtor_id: int) -> set[str]:
    """The kinds of the debtor's notices that stand (not withdrawn)."""
    return set(
        Notice.objects.filter(debtor_id=debtor_id, withdrawn_at__isnull=True).values_list("kind", flat=True)
    )
