"""Who works in Arrears: teams, the role of each user, and when they work (capacity per
day, start date, absences): the inputs of the day planner (arrears/strategy/planner.py)."""

from __future__ import annotations

from datetime import date

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


# Cases a collector works in a day when neither their profile nor their team says otherwise.
DEFAULT_DAILY_CAPACITY = 60


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    # The team's default: a collector whose profile leaves it empty plans this many a day.
    daily_capacity = models.PositiveIntegerField(
        _("cases per collector per day"), default=DEFAULT_DAILY_CAPACITY
    )

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
    # Cases a collector can work in a day (the day planner fills at most this many); empty:
    # the team's default.
    daily_capacity = models.PositiveIntegerField(
        _("cases per day"), null=True, blank=True, help_text=_("Empty: the team's default.")
    )
    # A collector who joins on a later date gets no plan before it.
    starts_on = models.DateField(_("starts on"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def can_unmask(self) -> bool:
        return self.role in UNMASK_ROLES

    @property
    def capacity(self) -> int:
        """Cases per day: the profile's own figure, else the team's, else the default."""
        if self.daily_capacity is not None:
            return self.daily_capacity
        return self.team.daily_capacity if self.team is not None else DEFAULT_DAILY_CAPACITY


class Absence(models.Model):
    """Days a user does not work (leave, training, sickness): the planner gives them no
    cases on those days. Both ends are included."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences", verbose_name=_("user")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"
            ),
        ]
        # The planner reads the absences that overlap its horizon, per user.
        indexes = [models.Index(fields=["user", "ends_on"], name="absence_user_ends")]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_on}..{self.ends_on}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on
