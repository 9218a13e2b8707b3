"""Who works in Arrears: teams and the role of each user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COLLECTOR = "collector", _("Collector")
    FIELD_COLLECTOR = "field_collector", _("Field collector")
    TEAM_LEAD = "team_lead", _("Team lead")
    COMPLIANCE = "compliance_officer", _("Compliance officer")
    ADMIN = "administrator", _("Administrator")


# Roles whose work needs the full phone number or id number (a collector dials through
# the product, so the number never needs to be shown to them).
UNMASK_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN})
# Roles that may change cases, imports and policies; the rest read only.
READ_ONLY_ROLES = frozenset({Role.COMPLIANCE})


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.COLLECTOR)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Cases a collector can work in a day: the length of their queue from the nightly run.
    daily_capacity = models.PositiveIntegerField(_("cases per day"), default=60)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def can_unmask(self) -> bool:
        return self.role in UNMASK_ROLES
