"""The case file: one per delinquent debtor, with its owner, stage, promises, plans, tasks
and visits.

A case covers every delinquent account of its debtor (the debtor's accounts at one
creditor). Its state changes only through arrears.cases.actions (web, API, admin and the
nightly run call the same actions), and every change is also an event in the evidence
trail (arrears.activity). The denormalised columns at the bottom of Case (DPD, amounts,
priority, next action) are written by the nightly run and refreshed by the actions, so the
queue reads one row per case.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Stages are shared with the control models (control_models.py), which cannot import this
# module (it imports them); re-exported here, where callers import them from.
from arrears.cases.choices import STAGE_ORDER, Stage  # noqa: F401
from arrears.contacts.models import ContactPoint
from arrears.core.dpd import days_past_due_property
from arrears.core.models import Team
from arrears.portfolio.models import Debtor, money_field

REFERENCE = re.compile(r"^C?-?0*(\d+)$", re.IGNORECASE)


class NextAction(models.TextChoices):
    REMIND = "remind", _("Send a reminder")
    CALL = "call", _("Follow-up call")
    VISIT = "visit", _("Field visit")
    REVIEW_PLACEMENT = "review_placement", _("Review agency placement")
    REVIEW_LEGAL = "review_legal", _("Review legal referral")
    CHECK_PROMISE = "check_promise", _("Check promise")
    CALLBACK = "callback", _("Callback")
    INFO_REPAIR = "info_repair", _("Information repair")
    FIND_ADDRESS = "find_address", _("Call; find a visitable address (information repair)")
    BROKEN_PROMISE = "broken_promise", _("Follow up a broken promise")


class Treatment(models.TextChoices):
    """The path a case follows (arrears/strategy/rules.py): automated reminders, phone,
    field visits, agency, legal. Strategy configuration decides it per segment."""

    REMIND = "remind", _("Automated reminders")
    PHONE = "phone", _("Phone")
    FIELD = "field", _("Field visits")
    AGENCY = "agency", _("Agency")
    LEGAL = "legal", _("Legal")


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("case status", "Open")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    class CloseReason(models.TextChoices):
        CURED = "cured", _("Cured (no longer past due)")
        SETTLED = "settled", _("Settled")
        WRITTEN_OFF = "written_off", _("Written off")
        RECALLED = "recalled", _("Recalled by the creditor")
        NO_OPEN_ACCOUNTS = "no_open_accounts", _("No open accounts left")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    debtor = models.ForeignKey(Debtor, on_delete=models.PROTECT, related_name="cases")
    # Team and owner have no index of their own: case_team_plan and case_owner_plan lead
    # with them (two indexes less to keep on every case the nightly replans).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="owned_cases",
        verbose_name=_("responsible collector"),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.REMINDER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    close_reason = models.CharField(_("close reason"), max_length=20, choices=CloseReason.choices, blank=True)
    opened_on = models.DateField(_("opened on"))
    # The overdue amount the case opened at (its case-opened event says the same): the
    # vintages sum it from here, not from the events (arrears.reports.snapshot). Empty for
    # a case the nightly did not open.
    opened_overdue = money_field(_("overdue at opening"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    # Denormalised, written by the nightly run and refreshed by the actions; `planned_on`
    # is the day they last changed.
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    # The day planner's output: the working day the case is planned to be worked on. "Due
    # today" in the queue, the API, the dialer's list and the team screen means planned for
    # today and nothing else. `backlog`: due work that found no room within the planner's
    # horizon (it keeps the horizon's last day).
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    backlog = models.BooleanField(_("in the backlog"), default=False)
    treatment = models.CharField(_("treatment"), max_length=10, choices=Treatment.choices, blank=True)
    # The worst of the debtor's open accounts' `delinquent_since`; days past due derived from
    # it (arrears.core.dpd), so a plan is not rewritten only because a day went by.
    delinquent_since = models.DateField(_("past due since"), null=True, blank=True)
    days_past_due = days_past_due_property()
    overdue_amount = money_field(_("overdue amount"), default=Decimal(0))
    balance = money_field(_("balance"), default=Decimal(0))
    expected_recovery = money_field(_("expected recovery"), default=Decimal(0))
    priority = models.BigIntegerField(_("priority"), default=0)
    next_action = models.CharField(_("next action"), max_length=20, choices=NextAction.choices, blank=True)
    # The day the next action falls due (by the cadence, a promise, a task); before today
    # when it is overdue. The day it is worked on is `planned_for`.
    next_action_on = models.DateField(_("next action due"), null=True, blank=True)
    # Set when the next action has a time of day (a callback the debtor asked for).
    next_action_at = models.DateTimeField(_("next action at"), null=True, blank=True)
    info_repair = models.BooleanField(_("needs information repair"), default=False)
    failed_attempts = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    # The champion/challenger arm the case follows (arrears.strategy.champion); null when
    # no experiment has touched it.
    arm = models.CharField(_("strategy arm"), max_length=20, null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            # One open case per debtor: the nightly run and the importers rely on it.
            models.UniqueConstraint(
                fields=["debtor"], condition=models.Q(status="open"), name="case_one_open_per_debtor"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="case_closed_has_date",
            ),
        ]
        indexes = [
            # My queue: my open cases planned for today, in the queue's order, so PostgreSQL
            # reads a collector's day in order (bench/pages_bench.py); also each collector's
            # booked days when one case is replanned (arrears/strategy/case_plan.py).
            models.Index(
                fields=["owner", "status", "planned_for", "next_action_at", "-priority", "id"],
                name="case_owner_plan",
            ),
            # The team screen: per collector, due and planned work of the team's cases.
            models.Index(fields=["team", "status", "planned_for"], name="case_team_plan"),
            # The team screen's "no next action" list (top 50 by priority): without it
            # PostgreSQL scans the team's open cases (46 ms at 1M accounts,
            # bench/reports_bench.py); the cases it holds are few.
            models.Index(
                fields=["team", "-priority"],
                condition=models.Q(status="open")
                & (models.Q(next_action="") | models.Q(next_action_on__isnull=True)),
                name="case_team_no_action",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """A short reference a collector can read out: C-00001234."""
        return f"C-{self.pk:08d}" if self.pk else "C-new"

    @staticmethod
    def pk_from_reference(text: str) -> int | None:
        """The id in a reference as people type it (C-00001234, c1234, 1234); None if it is not one."""
        match = REFERENCE.match(text.strip())
        return int(match.group(1)) if match else None

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Assignment(models.Model):
    """Who was responsible for a case from when: the assignment history."""

    class Rule(models.TextChoices):
        FEWEST_OPEN = "fewest_open", _("Fewest open cases in the team")
        TEAM_LEAD = "team_lead", _("Chosen by a team lead")
        OWNER_INACTIVE = "owner_inactive", _("Previous owner inactive")
        REBALANCE = "rebalance", _("Rebalanced by a team lead (load)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    previous_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} -> {self.owner_id} ({self.rule})"


# Why a rule recommends a stage, in the reader's language (the stored `reason` is English,
# as written in the evidence trail).
RECOMMENDATION_REASONS = {
    "phone": _("%(dpd)s days past due: phone follow-up."),
    "field": _("%(dpd)s days past due with no kept promise: a field visit is recommended (from 5 days)."),
    "agency": _("%(dpd)s days past due: agency placement is recommended."),
    "legal": _("%(dpd)s days past due: legal referral is recommended."),
}


class StageRecommendation(models.Model):
    """A stage move a rule recommends; applied at once or held for a team lead, per rule."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a team lead")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Superseded")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    from_stage = models.CharField(_("from stage"), max_length=10, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=10, choices=Stage.choices)
    rule = models.CharField(_("rule"), max_length=40)
    reason = models.CharField(_("reason"), max_length=300)
    dpd = models.PositiveIntegerField(_("days past due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_on = models.DateField(_("created on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage recommendation")
        verbose_name_plural = _("stage recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="pending"), name="recommendation_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_stage} -> {self.to_stage} ({self.status})"

    @property
    def display_reason(self) -> str:
        template = RECOMMENDATION_REASONS.get(self.to_stage)
        if template is None or self.dpd is None:
            return self.reason
        return str(template) % {"dpd": self.dpd}


class PaymentPlan(models.Model):
    """An instalment schedule. Each instalment is a Promise (plan set), checked like one."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        BROKEN = "broken", _("Broken")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    total = money_field(_("total"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateField(_("created on"))

    class Meta:
        verbose_name = _("payment plan")
        verbose_name_plural = _("payment plans")

    def __str__(self) -> str:
        return f"{self.total} in {self.instalments.count()} instalments"


class Promise(models.Model):
    """A promise to pay `amount` by `due_on`. Payments on any of the debtor's accounts from
    `counts_from` to `due_on` count towards it (the rule of arrears.strategy.engine)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pending")
        KEPT = "kept", _("Kept")
        PARTLY_KEPT = "partly_kept", _("Partly kept")
        BROKEN = "broken", _("Broken")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="promises")
    plan = models.ForeignKey(
        PaymentPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="instalments"
    )
    instalment = models.PositiveSmallIntegerField(_("instalment no."), null=True, blank=True)
    amount = money_field(_("amount"))
    due_on = models.DateField(_("due on"))
    counts_from = models.DateField(_("payments count from"))
    channel = models.CharField(_("payment channel"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    paid = money_field(_("paid towards it"), default=Decimal(0))
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("promise to pay")
        verbose_name_plural = _("promises to pay")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="promise_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(counts_from__lte=models.F("due_on")), name="promise_window"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="promise_status_due"),
            # The team screen's broken promises checked since yesterday: without it the
            # query reads every promise ever broken (promise_status_due) and filters.
            models.Index(
                fields=["checked_on"],
                condition=models.Q(status__in=["broken", "partly_kept"]),
                name="promise_broken_checked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} by {self.due_on}"

    def is_due(self, on: date) -> bool:
        return self.status == self.Status.OPEN and self.due_on <= on


# Information repair (信息修复): the lawful sources a collector may try, in order. The
# articles' pretexts (posing as a courier, asking neighbours as someone else) are not here:
# compliance.md forbids them.
REPAIR_SOURCES: tuple[str, ...] = (
    "creditor_records",  # the creditor's own systems: newer numbers and addresses
    "application_form",  # every number and address on the application and its updates
    "references_location_only",  # references and relatives, to locate only (no debt talk)
    "employer_switchboard_location_only",
    "public_directories",  # public business registries, court and enforcement lists
    "debtor_inbound",  # the debtor's own calls, payments and app logins
)
# The note of an information-repair task a collector's action opens (kept in English; the
# case page translates it).
REPAIR_NOTE = "The debtor cannot be reached: find and verify new contact data."
# The checklist as a collector reads it.
REPAIR_SOURCE_LABELS = {
    "creditor_records": _("The creditor's own records: newer numbers and addresses"),
    "application_form": _("The application form and its updates: every number and address on them"),
    "references_location_only": _("References and relatives, only to locate the debtor (never the debt)"),
    "employer_switchboard_location_only": _("The employer's switchboard, only to locate the debtor"),
    "public_directories": _("Public registries: business records, court and enforcement lists"),
    "debtor_inbound": _("The debtor's own calls, payments and app logins"),
}


class Task(models.Model):
    class Kind(models.TextChoices):
        CALLBACK = "callback", _("Callback")
        PROMISE_CHECK = "promise_check", _("Check a promise")
        BROKEN_PROMISE = "broken_promise", _("Follow up a broken promise")
        INFO_REPAIR = "info_repair", _("Information repair (信息修复)")
        VISIT = "visit", _("Field visit")
        REVIEW = "review", _("Review")
        DISPUTE = "dispute", _("Resolve a dispute")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("task status", "Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    due_on = models.DateField(_("due on"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Information repair: the lawful sources to try, each {"source", "done"}.
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    promise = models.ForeignKey(
        Promise, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "due_at", "id"]
        constraints = [
            # One open task of a kind per promise (a broken promise is followed up once).
            models.UniqueConstraint(
                fields=["promise", "kind"],
                condition=models.Q(status="open"),
                name="task_one_open_per_promise",
            ),
        ]
        indexes = [models.Index(fields=["case", "status"], name="task_case_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"


class Visit(models.Model):
    """A field visit (外访) to one of the five address kinds, by two or more named staff."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Met the debtor")
        NOT_FOUND = "not_found", _("Not found at the address")
        NOT_HOME = "not_home", _("Nobody home")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    address = models.ForeignKey(ContactPoint, on_delete=models.PROTECT, related_name="visits")
    address_kind = models.CharField(
        _("address kind"), max_length=24, choices=ContactPoint.AddressKind.choices
    )
    planned_at = models.DateTimeField(_("planned at"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="visits", verbose_name=_("staff"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["planned_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_address_kind_display()} {self.planned_at:%Y-%m-%d %H:%M}"


class Dispute(models.Model):
    """A dispute of the debt (disputes_debt): while open, the gate suspends collection
    (CN, UK, GLOBAL-STRICT on any dispute; US on a written one inside the validation period)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disputes")
    raised_at = models.DateTimeField(_("raised at"))
    written = models.BooleanField(_("in writing"), default=False)
    summary = models.CharField(_("what is disputed"), max_length=500)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("verification sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return self.summary[:60]

    @property
    def is_open(self) -> bool:
        return self.verified_at is None


# The controls on a case (approvals, approval limits, care holds) live in their own module;
# imported here so that Django registers them as models of this app.
from arrears.cases.control_models import ApprovalLimit, ApprovalRequest, CareHold  # noqa: E402, F401
