"""`manage.py send_reports [--date D]`: email the dashboards people subscribed to (cron,
after the nightly run; a second run the same day sends only what failed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arrears.reports.mailing import send_due


class Command(BaseCommand):
    help = "Send the daily and weekly report emails that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the sending day, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate(timezone=timezone.get_default_timezone())
            )
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from None
        results = send_due(today)
        for r in results:
            self.stdout.write(f"  {r.to or '-':<40} {r.outcome}")
        sent = sum(r.outcome == "sent" for r in results)
        self.stdout.write(self.style.SUCCESS(f"Report emails sent: {sent} of {len(results)} due."))
        if any(r.outcome.startswith("failed") for r in results):
            raise CommandError("some report emails failed; run again to retry them")
