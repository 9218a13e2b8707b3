"""Send the outbox's due SMS and email (cron every minute, or --loop as a service)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from tqdm import tqdm

from arrears.messaging.models import Channel
from arrears.messaging.sender import send_due, waiting
from arrears.messaging.sending import Sent


class Command(BaseCommand):
    help = "Send due SMS and email through the contact gate; retries with backoff; safe to run twice at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--channel",
            choices=[Channel.SMS, Channel.EMAIL],
            action="append",
            help="only this channel (repeatable); default: SMS and email",
        )
        parser.add_argument("--batch", type=int, default=50, help="messages claimed at a time")
        parser.add_argument("--limit", type=int, default=None, help="stop after this many")
        parser.add_argument(
            "--loop", action="store_true", help="keep sending, checking every --interval seconds"
        )
        parser.add_argument("--interval", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        channels = options["channel"] or [Channel.SMS, Channel.EMAIL]
        while True:
            total = waiting(channels, timezone.now())
            counts: Counter[str] = Counter()
            bar = tqdm(
                total=total, unit="msg", disable=options["verbosity"] < 1 or not total, file=self.stderr._out
            )
            results = send_due(
                channels,
                batch_size=options["batch"],
                limit=options["limit"],
                progress=_progress(counts, bar),
            )
            bar.close()
            if options["verbosity"] >= 1 and (results or not options["loop"]):
                summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing due"
                self.stdout.write(f"{len(results)} message(s): {summary}")
            if not options["loop"]:
                return
            time.sleep(options["interval"])


def _progress(counts: Counter[str], bar: tqdm) -> Callable[[Sent], None]:
    def step(sent: Sent) -> None:
        counts.update([sent.outcome])
        bar.update(1)

    return step
