"""`manage.py build_reports --since D [--until D]`: the report rows of past days.

For a new installation (the history imported before the first nightly run), after an
import of back-dated payments, or after a change of the bucket bounds. Idempotent: a
second run writes the same rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from arrears.reports.rebuild import months, rebuild


class Command(BaseCommand):
    help = "Rebuild the report rows (month states, rolls, vintages, daily flows) of past days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", help="last day, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            first = date.fromisoformat(options["since"])
            last = (
                date.fromisoformat(options["until"])
                if options["until"]
                else timezone.localdate(timezone=timezone.get_default_timezone())
            )
        except ValueError as exc:
            raise CommandError(f"--since/--until: {exc}") from None
        if first > last:
            raise CommandError("--since must not be after --until.")
        bar = tqdm(
            total=len(months(first, last)),
            desc="report months",
            unit="month",
            disable=options["verbosity"] == 0,
        )
        try:
            counts = rebuild(first, last, tick=lambda _month: bar.update(1))
        finally:
            bar.close()
        summary = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Report rows {first} to {last}: {summary}"))
