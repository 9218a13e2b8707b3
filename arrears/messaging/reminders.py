"""The nightly's `remind` treatment: tomorrow's reminder SMS for the cases it chose.

`reminders_due(on)` is the seam with the strategy: the open cases whose next action is an
automated reminder due by `on`. Today that is `Case.next_action == "remind"` with
`next_action_on <= on`; when the day planner writes `Case.planned_for`, the same question
becomes arrears.strategy.today.reminders(cases, on), and only this function changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from arrears.cases.models import Case, Promise
from arrears.messaging import bulk
from arrears.messaging.models import Campaign
from arrears.scripts.models import Script

REMINDER = "sms-reminder"
PROMISE_REMINDER = "sms-promise-reminder"


def reminders_due(on: date) -> QuerySet[Case]:
    """The cases the day plan sends an automated reminder to by `on` (the `remind`
    treatment's reminder list, arrears.strategy.today)."""
    from arrears.strategy.today import reminders

    return reminders(Case.objects.all(), on)


def dedupe_key(on: date) -> object:
    return lambda case_id: f"remind:{case_id}:{on.isoformat()}"


@dataclass(frozen=True)
class Queued:
    day: date
    plans: tuple[bulk.Plan, ...]

    @property
    def queued(self) -> int:
        return sum(len(p.items) for p in self.plans)


def queue_reminders(on: date, *, language: str = "zh-hans") -> Queued:
    """Queue one reminder SMS per case due for a reminder on `on`, due at REMINDER_HOUR in the
    business's zone (each message still waits for its debtor's own window); a case with an
    open promise gets the promise reminder. Idempotent per case and day."""
    zone = ZoneInfo(settings.TIME_ZONE)
    due_at = datetime.combine(on, time(settings.REMINDER_HOUR), tzinfo=zone)
    # A reminder for `on` is no use after that day.
    expires_at = datetime.combine(on + timedelta(days=1), time(0), tzinfo=zone)
    ids = list(reminders_due(on).values_list("id", flat=True))
    with_promise = set(
        Promise.objects.filter(case_id__in=ids, status=Promise.Status.OPEN, plan__isnull=True).values_list(
            "case_id", flat=True
        )
    )
    plans = []
    key = dedupe_key(on)
    for script_key, group in (
        (PROMISE_REMINDER, [i for i in ids if i in with_promise]),
        (REMINDER, [i for i in ids if i not in with_promise]),
    ):
        script = Script.objects.filter(key=script_key, language=language).first()
        if script is None or not group:
            continue
        planned = bulk.plan(group, script, due_at, expires_at=expires_at, dedupe=key)  # type: ignore[arg-type]
        campaign = None
        if planned.items:
            campaign = Campaign.objects.create(
                name=f"{on.isoformat()} {script.title}",
                script=script,
                filters={"reminders_due": on.isoformat()},
                counts=planned.counts(),
            )
        bulk.queue(planned, campaign=campaign, dedupe=key, expires_at=expires_at)  # type: ignore[arg-type]
        plans.append(planned)
    return Queued(on, tuple(plans))
