"""`manage.py export_call_list --date D --out FILE.csv|FILE.xlsx [--collector USERNAME]`:
the dialer's list for the day after D (docs/nightly.md). Phone numbers are written in full."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arrears.strategy.dialer import call_list


class Command(BaseCommand):
    help = "Export the day's queue as a dialer call list: gate-allowed (case, phone) rows with call windows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="queue date YYYY-MM-DD (default: today); windows are on the next day"
        )
        parser.add_argument("--out", required=True, help="CSV or .xlsx file to write ('-' for CSV on stdout)")
        parser.add_argument("--collector", help="only this collector's queue (username)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = (
                date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate(timezone=timezone.get_default_timezone())
            )
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from None
        result = call_list(on, options["collector"])
        if options["out"] == "-":
            result.write_csv(self.stdout)
        elif options["out"].lower().endswith(".xlsx"):
            result.write_xlsx(Path(options["out"]))
        else:
            with open(options["out"], "w", newline="", encoding="utf-8") as out:
                result.write_csv(out)
        sys.stderr.write(result.summary() + "\n")
