"""Render the day's letters through the gate into one print file with address sheets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from arrears.messaging.letters import build_batch
from arrears.messaging.sender import pending_letters, print_letters
from arrears.messaging.sending import Sent


class Command(BaseCommand):
    help = "Put every letter due today (or --date) into the day's print batch and build its print file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the batch's day, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = (
                date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate(timezone=timezone.get_default_timezone())
            )
        except ValueError:
            raise CommandError(f"--date: not a date: {options['date']!r}") from None
        counts: Counter[str] = Counter()
        total = pending_letters(day)
        bar = tqdm(
            total=total, unit="letter", disable=options["verbosity"] < 1 or not total, file=self.stderr._out
        )
        _batch, _results = print_letters(day, progress=_progress(counts, bar))
        bar.close()
        built = build_batch(day)
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no letters due"
        if built is None:
            self.stdout.write(f"{day}: {summary}; no print file (no letter in the batch).")
            return
        self.stdout.write(
            f"{day}: {summary}. Print file: {built.path} ({built.batch.letters} letters, "
            f"{built.batch.pages} pages, SHA-256 {built.batch.sha256[:16]}…); manifest: {built.manifest}"
        )


def _progress(counts: Counter[str], bar: tqdm) -> Callable[[Sent], None]:
    def step(sent: Sent) -> None:
        counts.update([sent.outcome])
        bar.update(1)

    return step
