"""Queue tomorrow's reminder SMS for the cases the nightly put on the `remind` treatment."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arrears.messaging.reminders import queue_reminders


class Command(BaseCommand):
    help = "Queue the reminder SMS due on --date (default: tomorrow); run after `nightly`. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the reminders' day, YYYY-MM-DD (default: tomorrow)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = (
                date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate(timezone=timezone.get_default_timezone()) + timedelta(days=1)
            )
        except ValueError:
            raise CommandError(f"--date: not a date: {options['date']!r}") from None
        result = queue_reminders(day)
        for p in result.plans:
            c = p.counts()
            blocked = ", ".join(f"{rule} {n}" for rule, n in sorted(c["blocked"].items())) or "none"
            self.stdout.write(
                f"{day} {p.script.key}: {c['cases']} case(s), {c['queued']} queued "
                f"({c['waiting']} wait for the gate), {c['skipped']} already queued, "
                f"{c['no_contact_point']} without a phone, blocked: {blocked}"
            )
        if not result.plans:
            self.stdout.write(f"{day}: no reminders due.")
