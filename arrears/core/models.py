"""Who works in Arrears: teams, the role of each user, and when they work (capacity per
day, start date, absences): the inputs of the day planner (arrears/strategy/planner.py)."""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value and value not in available_timezones():
        message = _("%(zone)s is not a time zone (use a name such as Asia/Shanghai).")
        raise ValidationError(message % {"zone": value})


class Role(models.TextChoices):
    COLLECTOR = "collector", _("Collector")
    FIELD_COLLECTOR = "field_collector", _("Field collector")
    TEAM_LEAD = "team_lead", _("Team lead")
    MANAGER = "manager", _("Collections manager")
    COMPLIANCE = "compliance_officer", _("Compliance officer")
    ADMIN = "administrator", _("Administrator")
    # A collector of an outside agency: sees only the cases placed with their agency.
    AGENCY_COLLECTOR = "agency_collector", _("Agency collector")


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
    # An agency collector's agency (arrears.recovery): they see the cases placed with it.
    agency = models.ForeignKey(
        "recovery.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("agency"),
        help_text=_("For an agency collector: the agency they work for."),
    )
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
    # Times on screens in the user's zone (a team in London reads London times); empty:
    # the business's zone (settings.TIME_ZONE).
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("An IANA zone such as Asia/Shanghai or Europe/London. Empty: the business's zone."),
    )
    # Cases a collector can work in a day (the day planner fills at most this many); empty:
    # the team's default.
    daily_capacity = models.PositiveIntegerField(
        _("cases per day"), null=True, blank=True, help_text=_("Empty: the team's default.")
    )
    # A collector who joins on a later date gets no plan before it.
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
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


class ApiScope(models.TextChoices):
    """What an API token may do; each endpoint names the one it needs (docs/api.md)."""

    CASES_READ = "cases:read", _("Read cases")
    CASES_WRITE = "cases:write", _("Log contacts, promises and notes on cases")
    PORTFOLIO_READ = "portfolio:read", _("Read the portfolio summary")
    COMPLIANCE_CHECK = "compliance:check", _("Ask the contact gate")
    ASSIST_CLASSIFY = "assist:classify", _("Classify what a debtor said")
    PLAN_READ = "plan:read", _("Read the collectors' day plans")
    CREDIT_HOLDS_READ = "credit_holds:read", _("Read which customers are on credit hold")


class ApiToken(models.Model):
    """A credential for one integration (a dialer, core banking), acting as its owner.

    Only the SHA-256 of the secret is kept: the secret is a 256-bit random string, so a
    plain hash is as good as a slow password hash and lets a request find its token with
    one indexed lookup. The secret is shown once, when the token is made.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    # Requests run as this user: the same access rules as their sessions, narrowed by scopes.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("owner")
    )
    scopes = models.JSONField(_("scopes"), default=list)
    # The first characters of the secret, to tell tokens apart in lists and logs.
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class TokenUse(models.Model):
    """One request made with an API token: which token, when, what and from where."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.PROTECT, related_name="uses", verbose_name=_("token")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=300)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")
        ordering = ["-at", "-pk"]
        indexes = [
            # A token's recent uses, newest first (the admin's list filtered by token).
            models.Index(fields=["token", "-at"], name="tokenuse_token_at"),
        ]

    def __str__(self) -> str:
        return f"{self.token_id} {self.method} {self.path}"
