"""Run the dunning of company creditors for a day (docs/dunning.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arrears.dunning.run import run_all, run_dunning
from arrears.portfolio.models import Creditor


class Command(BaseCommand):
    help = "Send each overdue customer one dunning at the highest level reached (idempotent per day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--creditor", help="The creditor's code (default: every company creditor with levels)."
        )
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
        if options["creditor"]:
            creditor = Creditor.objects.filter(code=options["creditor"]).first()
            if creditor is None:
                raise CommandError(f"no creditor {options['creditor']!r}")
            runs = [run_dunning(creditor, on)]
        else:
            runs = run_all(on)
        for run in runs:
            c = run.counts
            self.stdout.write(
                f"{run.creditor.code} {run.on}: owing {c.get('customers_owing', 0)}, "
                f"dunned by level {c.get('dunned_by_level', {})}, by status {c.get('by_status', {})}, "
                f"paused invoices {c.get('paused_invoices', 0)}, too soon {c.get('too_soon', 0)}"
            )
