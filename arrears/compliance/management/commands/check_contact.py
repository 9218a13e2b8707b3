"""check_contact FILE|-: one decision per request, as JSON lines.

Reads one JSON document or JSON lines. A "what if" tool for compliance officers: decisions
are evaluated against the active policy versions and not recorded.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arrears.compliance.actions import check
from arrears.compliance.request import RequestError


class Command(BaseCommand):
    help = "Evaluate contact-check requests (a JSON document or JSON lines) and print decisions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file of requests, or - for stdin")
        parser.add_argument("--lang", choices=["en", "zh-hans"], default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        path, lang = options["file"], options["lang"]
        try:
            raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        failures = 0
        for number, document in enumerate(_documents(raw), start=1):
            try:
                out = check(document).decision.to_dict(lang)
            except RequestError as exc:
                failures += 1
                out = {"decision": "error", "line": number, "errors": exc.errors}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        if failures:
            raise CommandError(f"{failures} request(s) could not be evaluated")


def _documents(raw: str) -> list[Any]:
    text = raw.strip()
    if not text:
        raise CommandError("no request given")
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        pass
    documents = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise CommandError(f"line {number}: not JSON: {exc}") from exc
    return documents
