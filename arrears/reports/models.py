"""The daily facts every report reads (docs/reports.md): compact rows the nightly run
writes, so that no page reads the whole portfolio at request time.

Two kinds:

* **States**, as the night left them: `PortfolioDay` (open accounts grouped by creditor,
  product, team, owner, stage, bucket and agency), `CollectorDay` (each owner's day plan)
  and `AccountMonth` (each account's state at the month's last run, the input of the roll
  rates). A state can only be seen when it happens: a run writes its own day.
* **Flows**, from dated records (payments, contact events, promises, gate decisions,
  unmaskings, care holds): `PaymentDay`, `ContactDay`, `ContactHour`, `QualityDay`,
  `BlockDay`, and the month aggregates `RollMonth` and `VintageMonth`. A flow can be
  rebuilt for any past day (`manage.py build_reports --since D`), and each run rewrites the
  last few days, so a payment imported late still lands on its own day.

Ids are kept without foreign-key constraints: a report row outlives nothing it names, and
writing a night's rows must not wait on locks of the tables it summarises.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrears.portfolio.models import money_field

ZERO = Decimal(0)


def _ref(model: str, verbose_name: Any, **options: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )


class Source(models.TextChoices):
    NIGHTLY = "nightly", _("Nightly run")
    # Rebuilt from due items and payments for a day no run saw (owner and stage unknown).
    REBUILT = "rebuilt", _("Rebuilt from history")


class Fact(models.Model):
    """A report row; named by its table and date in the admin and in errors."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        when = getattr(self, "day", None) or getattr(self, "month", None) or getattr(self, "vintage", "")
        return f"{self._meta.verbose_name} {when}"


class PortfolioDay(Fact):
    """Open accounts on `day`, grouped. Owner, team and stage are those of the debtor's
    open case (empty: no open case, or a rebuilt day)."""

    day = models.DateField(_("date"))
    creditor = _ref("portfolio.Creditor", _("creditor"))
    product = models.CharField(_("product"), max_length=20)
    team = _ref("core.Team", _("team"), null=True)
    owner = _ref(settings.AUTH_USER_MODEL, _("owner"), null=True)
    stage = models.CharField(_("stage"), max_length=10, blank=True)
    bucket = models.CharField(_("bucket"), max_length=8)
    agency = models.CharField(_("agency"), max_length=40, blank=True)
    accounts = models.PositiveIntegerField(_("accounts"), default=0)
    balance = money_field(_("balance"), default=ZERO)
    overdue = money_field(_("overdue amount"), default=ZERO)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.NIGHTLY)

    class Meta:
        verbose_name = _("portfolio day")
        verbose_name_plural = _("portfolio days")
        indexes = [models.Index(fields=["day", "creditor"], name="portfolioday_on_creditor")]


class CollectorDay(Fact):
    """One owner's open cases on `day` as the night planned them (the team screen's loads);
    `owner` empty counts the team's unowned cases."""

    day = models.DateField(_("date"))
    creditor = _ref("portfolio.Creditor", _("creditor"), null=True)
    team = _ref("core.Team", _("team"), null=True)
    owner = _ref(settings.AUTH_USER_MODEL, _("owner"), null=True)
    open = models.PositiveIntegerField(_("open cases"), default=0)
    # `open` leaves out the cases whose next action is an automated reminder (no one's
    # work); `cases` counts them too: the team screen's "open cases with no collector".
    cases = models.PositiveIntegerField(_("open cases, reminders included"), default=0)
    planned = models.PositiveIntegerField(_("planned"), default=0)
    pinned = models.PositiveIntegerField(_("pinned"), default=0)
    backlog = models.PositiveIntegerField(_("backlog"), default=0)
    overdue = models.PositiveIntegerField(_("overdue"), default=0)
    reminders = models.PositiveIntegerField(_("reminders due"), default=0)
    no_next_action = models.PositiveIntegerField(_("no next action"), default=0)

    class Meta:
        verbose_name = _("collector day")
        verbose_name_plural = _("collector days")
        indexes = [models.Index(fields=["day", "team"], name="collectorday_on_team")]


class AssignDay(Fact):
    """Cases given to an owner on `day` (the nightly's assignments and every reassignment)."""

    day = models.DateField(_("date"))
    creditor = _ref("portfolio.Creditor", _("creditor"))
    team = _ref("core.Team", _("team"), null=True)
    owner = _ref(settings.AUTH_USER_MODEL, _("owner"))
    assigned = models.PositiveIntegerField(_("cases assigned"), default=0)

    class Meta:
        verbose_name = _("assignment day")
        verbose_name_plural = _("assignment days")
        indexes = [models.Index(fields=["day", "creditor"], name="assignday_day_creditor")]


class AccountMonth(Fact):
    """An account's state at the last run of `month` (its first day): open accounts, and
    those that left the open book during the month (paid, settled, written off). A night
    inserts the accounts new to the month and updates only the rows whose state changed
    (`day`: when it last changed); days past due, which change every night, are not kept."""

    month = models.DateField(_("month"))
    day = models.DateField(_("changed on"))
    # Read by month (the unique key leads with it), never by account or creditor alone:
    # no index of their own, so a month's first night inserts a row an account into two
    # indexes instead of four (at 1M accounts 30 s under load with ON CONFLICT and four,
    # 14 s without and two).
    account = _ref("portfolio.Account", _("account"), db_index=False)
    creditor = _ref("portfolio.Creditor", _("creditor"), db_index=False)
    product = models.CharField(_("product"), max_length=20)
    status = models.CharField(_("status"), max_length=20)
    bucket = models.CharField(_("bucket"), max_length=8)
    balance = money_field(_("balance"), default=ZERO)
    overdue = money_field(_("overdue amount"), default=ZERO)

    class Meta:
        verbose_name = _("account month")
        verbose_name_plural = _("account months")
        constraints = [models.UniqueConstraint(fields=["month", "account"], name="accountmonth_uniq")]


class RollMonth(Fact):
    """Accounts that were in `from_bucket` at the end of the month before `month` and in
    `to_bucket` at the end of `month` (or the state that took them off the open book:
    `paid`, `settled`, `written_off`), with their balance at the start."""

    month = models.DateField(_("month"))
    creditor = _ref("portfolio.Creditor", _("creditor"))
    product = models.CharField(_("product"), max_length=20)
    from_bucket = models.CharField(_("from"), max_length=12)
    to_bucket = models.CharField(_("to"), max_length=12)
    accounts = models.PositiveIntegerField(_("accounts"), default=0)
    balance = money_field(_("balance"), default=ZERO)
    # Of the accounts that cured (to M0): those whose debtor had no conversation in `month`.
    self_cured = models.PositiveIntegerField(_("cured without a conversation"), default=0)

    class Meta:
        verbose_name = _("roll month")
        verbose_name_plural = _("roll months")
        indexes = [models.Index(fields=["month", "creditor"], name="rollmonth_month_creditor")]


class VintageMonth(Fact):
    """Cases opened in `vintage` (a month), `age` months later: how many, the overdue
    amount they opened at, and what their debtors paid from the opening to the end of
    that month (cumulative)."""

    vintage = models.DateField(_("vintage"))
    age = models.PositiveSmallIntegerField(_("months since opening"))
    creditor = _ref("portfolio.Creditor", _("creditor"))
    cases = models.PositiveIntegerField(_("cases"), default=0)
    opened_amount = money_field(_("overdue at opening"), default=ZERO)
    collected = money_field(_("collected to date"), default=ZERO)

    class Meta:
        verbose_name = _("vintage month")
        verbose_name_plural = _("vintage months")
        constraints = [
            models.UniqueConstraint(fields=["vintage", "age", "creditor"], name="vintagemonth_uniq")
        ]


class PaymentDay(Fact):
    """Payments received on `day` (the business's date), by the case they fell to."""

    day = models.DateField(_("date"))
    creditor = _ref("portfolio.Creditor", _("creditor"))
    product = models.CharField(_("product"), max_length=20)
    team = _ref("core.Team", _("team"), null=True)
    owner = _ref(settings.AUTH_USER_MODEL, _("owner"), null=True)
    stage = models.CharField(_("stage"), max_length=10, blank=True)
    agency = models.CharField(_("agency"), max_length=40, blank=True)
    payments = models.PositiveIntegerField(_("payments"), default=0)
    accounts = models.PositiveIntegerField(_("accounts paying"), default=0)
    amount = money_field(_("amount"), default=ZERO)

    class Meta:
        verbose_name = _("payment day")
        verbose_name_plural = _("payment days")
        indexes = [models.Index(fields=["day", "creditor"], name="paymentday_on_creditor")]


class ContactDay(Fact):
    """One case's contact attempts on `day` by one actor: the funnel's distinct counts
    (coverage, penetration) come from these rows, never from the events."""

    day = models.DateField(_("date"))
    case = _ref("cases.Case", _("case"))
    creditor = _ref("portfolio.Creditor", _("creditor"))
    team = _ref("core.Team", _("team"), null=True)
    actor = _ref(settings.AUTH_USER_MODEL, _("by"), null=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    connected = models.PositiveIntegerField(_("connected"), default=0)
    right_party = models.PositiveIntegerField(_("right-party contacts"), default=0)
    promises = models.PositiveIntegerField(_("promises"), default=0)

    class Meta:
        verbose_name = _("contact day")
        verbose_name_plural = _("contact days")
        indexes = [models.Index(fields=["day", "creditor"], name="contactday_on_creditor")]


class ContactHour(Fact):
    """Contact attempts by the debtor's local hour and weekday (0 = Monday) and channel."""

    day = models.DateField(_("date"))
    creditor = _ref("portfolio.Creditor", _("creditor"))
    team = _ref("core.Team", _("team"), null=True)
    actor = _ref(settings.AUTH_USER_MODEL, _("by"), null=True)
    channel = models.CharField(_("channel"), max_length=10)
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    hour = models.PositiveSmallIntegerField(_("hour"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    connected = models.PositiveIntegerField(_("connected"), default=0)
    right_party = models.PositiveIntegerField(_("right-party contacts"), default=0)
    promises = models.PositiveIntegerField(_("promises"), default=0)

    class Meta:
        verbose_name = _("contact hour")
        verbose_name_plural = _("contact hours")
        indexes = [models.Index(fields=["day", "creditor"], name="contacthour_on_creditor")]


class QualityDay(Fact):
    """What a collector did on `day` besides results: promises made, kept and broken (by
    their due day), complaints heard, attempts the gate refused, care holds raised,
    corrections written."""

    day = models.DateField(_("date"))
    creditor = _ref("portfolio.Creditor", _("creditor"))
    team = _ref("core.Team", _("team"), null=True)
    user = _ref(settings.AUTH_USER_MODEL, _("collector"), null=True)
    promises_due = models.PositiveIntegerField(_("promises due"), default=0)
    promises_kept = models.PositiveIntegerField(_("promises kept"), default=0)
    promises_broken = models.PositiveIntegerField(_("promises broken"), default=0)
    complaints = models.PositiveIntegerField(_("complaints"), default=0)
    blocked = models.PositiveIntegerField(_("attempts refused by the gate"), default=0)
    care_holds = models.PositiveIntegerField(_("care holds raised"), default=0)
    corrections = models.PositiveIntegerField(_("corrections"), default=0)

    class Meta:
        verbose_name = _("quality day")
        verbose_name_plural = _("quality days")
        indexes = [models.Index(fields=["day", "creditor"], name="qualityday_on_creditor")]


class BlockDay(Fact):
    """Contact checks the gate refused on `day`, by the rule that refused (one row per rule:
    a decision refused by two rules counts under both) and channel; and the unmaskings
    (`rule` = "unmask") the same day."""

    day = models.DateField(_("date"))
    # Empty for a decision about no debtor (the dashboards filter by creditor).
    creditor = _ref("portfolio.Creditor", _("creditor"), null=True)
    profile = models.CharField(_("profile"), max_length=16)
    rule = models.CharField(_("rule"), max_length=40)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("block day")
        verbose_name_plural = _("block days")
        indexes = [models.Index(fields=["day"], name="blockday_on")]


class Subscription(models.Model):
    """A dashboard sent to its user by email, daily (the day before) or weekly (on Mondays,
    the seven days before), by `manage.py send_reports` (cron, after the nightly run)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly (Mondays)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
        verbose_name=_("user"),
    )
    dashboard = models.CharField(
        _("dashboard"),
        max_length=20,
        choices=[("manager", _("Manager")), ("team", _("Team")), ("compliance", _("Compliance"))],
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    creditor = models.ForeignKey(
        "portfolio.Creditor",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("creditor"),
    )
    active = models.BooleanField(_("active"), default=True)
    last_sent_on = models.DateField(_("last sent for"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dashboard", "frequency", "creditor"], name="subscription_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.dashboard} {self.frequency}"
