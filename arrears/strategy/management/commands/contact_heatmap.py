"""`manage.py contact_heatmap --out FILE.png [--days N]`: contact rate by weekday and hour
from the calls in the evidence trail, with the articles' heuristics checked on the data."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arrears.strategy.heatmap import contact_history, grid, heuristics, render_png, text_table


class Command(BaseCommand):
    help = "Draw the contact-rate heat map (PNG) and print it as a table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="PNG file to write")
        parser.add_argument("--days", type=int, default=90, help="calls of the last N days (default 90)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 1:
            raise CommandError("--days must be at least 1")
        now = datetime.now(ZoneInfo("UTC"))
        history = contact_history(options["days"], now)
        cells = grid(history)
        claims = heuristics(history)
        png = render_png(
            cells,
            claims,
            title=f"Contact rate by weekday and local hour, calls of the last {options['days']} days",
        )
        with open(options["out"], "wb") as out:
            out.write(png)
        self.stdout.write(text_table(cells))
        for claim in claims:
            self.stdout.write(claim.line())
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['out']} ({len(png):,} bytes)"))
