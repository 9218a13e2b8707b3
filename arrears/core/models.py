"""Who works in Arrears: teams and the role of each user."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COLLECTOR = "collector", _("Collector")
    FIELD_COLLECTOR = "field_collector", _("Field collector")
    TEAM_LEAD = "team_lead", _("Team lead")
    MANAGER = "manager", _("Collections manager")
    COMPLIANCE = "compliance_officer", _("Compliance officer")
    ADMIN = "administrator", _("Administrator")


# Roles whose work needs the full phone number or id number (a collector dials through
# the product, so the number never needs to be shown to them).
UNMASK_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN})
# Roles that may change cases, imports and policies; the rest read only.
READ_ONLY_ROLES = frozenset({Role.COMPLIANCE})
# Roles that run a team's day: the team screen, reassignment, stage moves. A manager does
# what a lead does, over every team they manage (Profile.managed_teams).
LEAD_ROLES = frozenset({Role.TEAM_LEAD, Role.MANAGER, Role.ADMIN})
# Roles that approve requests (write-offs, settlements, ...; arrears.cases.authority) within
# their limits. Not the administrator: who manages the users does not also sign off money.
APPROVER_ROLES = frozenset({Role.TEAM_LEAD, Role.MANAGER})


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
    # A manager's scope: these teams (and their own team, if set). Ignored for other roles.
    managed_teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="managers",
        verbose_name=_("managed teams"),
        help_text=_("For a collections manager: the teams whose cases they see and approve."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Cases a collector can work in a day: the length of their queue from the nightly run.
    daily_capacity = models.PositiveIntegerField(_("cases per day"), default=60)
    # How the collector introduces themselves to debtors (scripts' {collector_name}): never
    # the login name, which is an internal account.
    display_name = models.CharField(
        _("name used with debtors"),
        max_length=50,
        blank=True,
        help_text=_("The name the collector gives on calls and visits, e.g. 张敏."),
    )
    work_number = models.CharField(
        _("work number (工号)"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9-]+$", _("A work number has only letters, digits and dashes."))
        ],
        help_text=_("Read out with the name so that a debtor can name the collector in a complaint."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            # A work number names one person: complaints and callbacks quote it.
            models.UniqueConstraint(
                fields=["work_number"], condition=~models.Q(work_number=""), name="profile_work_number_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def spoken_name(self, language: str) -> str:
        """The collector as scripts name them: 张敏（工号 A1024）, Zhang Min (staff no. A1024);
        the work number alone when there is no name; "" when neither is set."""
        zh = language.startswith("zh")
        number = ""
        if self.work_number:
            number = f"工号 {self.work_number}" if zh else f"staff no. {self.work_number}"
        if self.display_name and number:
            return f"{self.display_name}（{number}）" if zh else f"{self.display_name} ({number})"
        return self.display_name or number

    @property
    def can_unmask(self) -> bool:
        return self.role in UNMASK_ROLES

    def team_ids(self) -> list[int] | None:
        """The teams whose cases this user works as a lead or manager: a lead's own team, a
        manager's managed teams and own team; None (every team) for an administrator."""
        if self.role == Role.ADMIN:
            return None
        ids = {self.team_id} if self.team_id else set()
        if self.role == Role.MANAGER:
            ids |= set(self.managed_teams.values_list("pk", flat=True))
        return sorted(ids)
