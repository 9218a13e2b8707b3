"""Limitation periods per jurisdiction profile and product (arrears/recovery/limitation.py
has the rule and the defaults a profile has without a row here)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrears.compliance.models import PROFILE_CHOICES
from arrears.portfolio.models import Account
from arrears.recovery.limitation import Limitation


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
