"""Email the statements of account whose monthly schedule falls on the day."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arrears.dunning.statements import send_due_statements


class Command(BaseCommand):
    help = "Email the statements of account scheduled for the day (once a month per customer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="The day, YYYY-MM-DD (default: today in the business's zone).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = (
                date.fromisoformat(options["on"])
                if options["on"]
                else timezone.localdate(timezone=timezone.get_default_timezone())
            )
        except ValueError as exc:
            raise CommandError(f"--on: {exc}") from exc
        counts = send_due_statements(on)
        self.stdout.write(f"{on}: sent {counts['sent']}, not sent {counts['not_sent']}")
