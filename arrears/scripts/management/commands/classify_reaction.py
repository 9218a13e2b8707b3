from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arrears.scripts.assist import CUSTOMERS, classify_utterance
from arrears.scripts.labels import STAGES, normalise_language


class Command(BaseCommand):
    help = "Classify debtor utterances read one per line from stdin; print one JSON line each."
    stealth_options = ("stdin",)  # lets tests and callers pass a stream instead of sys.stdin

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", default=None, help="zh-hans or en; detected if omitted")
        parser.add_argument("--stage", default="phone", choices=STAGES)
        parser.add_argument("--customer", default="person", choices=CUSTOMERS,
                            help="a person (consumer) or a company (business customer)")
        parser.add_argument("--today", default=None, help="ISO date that 明天 / tomorrow is from")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            language = normalise_language(options["lang"])
            today = (
                dt.date.fromisoformat(options["today"])
                if options["today"]
                else timezone.localdate(timezone=timezone.get_default_timezone())
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        stdin = options.get("stdin") or sys.stdin
        for line in stdin:
            text = line.strip()
            if not text:
                continue
            result = classify_utterance(
                text, today=today, language=language, stage=options["stage"],
                customer=options["customer"],
            )
            self.stdout.write(json.dumps(result, ensure_ascii=False))
