"""`manage.py verify_evidence [--case REF_OR_UUID] [--against DIGEST] [--lang L]`.

For every case (or one), in id order and a batch of cases at a time (one streamed query
per batch's events, never one per case): recompute the hash chain and name its first
broken link; compare the case's row and its promise and plan rows with what its events say
(arrears/activity/facts.py). With --against, first refuse the digest unless this
installation's key signed it and not a byte of it changed, then check that every case it
lists still has the events it had, with the same hash at its head (arrears/activity/digest.py):
a deleted tail, a case whose events are all gone and a chain hashed again after an edit all
show there. Each problem is one line in the user's language; exit status 1 if there is any.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from tqdm import tqdm

from arrears.activity.digest import Digest, DigestError, open_digest
from arrears.activity.models import Event
from arrears.activity.verify import check_cases, check_digest
from arrears.cases.models import Case

# Cases per batch: their events arrive in one streamed query.
BATCH = 1000


def separator() -> str:
    # Between the parts of the summary line: "；" in Chinese.
    return pgettext("between parts of a sentence", "; ")


def _batches() -> Iterator[list[int]]:
    """Every case id in order, BATCH at a time, by key ranges: memory stays flat."""
    last = 0
    while batch := list(Case.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]):
        yield batch
        last = batch[-1]


def find_case(value: str) -> Case:
    """A case by its reference (C-00000012) or its public id (a UUID)."""
    value = value.strip()
    pk = Case.pk_from_reference(value) if value.upper().startswith("C") else None
    try:
        if pk is not None:
            return Case.objects.get(pk=pk)
        return Case.objects.get(public_id=uuid.UUID(value))
    except (ValueError, Case.DoesNotExist):
        raise CommandError(
            _("No such case: %(value)r (give a reference like C-00000012 or a UUID)") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Verify the evidence trail: every case's hash chain, its rows against its events,"
        " and a signed digest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", help="one case, by reference (C-00000012) or public id")
        parser.add_argument(
            "--against",
            type=Path,
            metavar="DIGEST",
            help="a signed digest file (evidence_digest) to check against",
        )
        parser.add_argument("--lang", default=None, help="language of the messages (zh-hans, en)")

    def handle(self, *args: Any, **options: Any) -> None:
        # The language for this command only (call_command runs in the caller's thread).
        with translation.override(options["lang"] or translation.get_language()):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        quiet = options["verbosity"] == 0
        digest: Digest | None = None
        if options["against"]:
            # Before the long part: a digest that cannot be trusted stops everything.
            try:
                digest = open_digest(options["against"])
            except DigestError as exc:
                raise CommandError(str(exc)) from None
        one = find_case(options["case"]).pk if options["case"] else None
        problems = events = cases = 0
        total = 1 if one is not None else Case.objects.count()
        bar = tqdm(total=total, desc=_("verify evidence"), unit="case", disable=quiet)
        try:
            for batch in [[one]] if one is not None else _batches():
                events += Event.objects.filter(case__gte=batch[0], case__lte=batch[-1]).count()
                for problem in check_cases(batch):
                    problems += 1
                    self._report(str(problem))
                cases += len(batch)
                bar.update(len(batch))
        finally:
            bar.close()
        summary = ngettext(
            "%(cases)s case, %(events)s events checked",
            "%(cases)s cases, %(events)s events checked",
            cases,
        ) % {"cases": f"{cases:,}", "events": f"{events:,}"}
        if digest is not None:
            problems += self._against(digest, [one] if one is not None else None, quiet)
            summary += separator() + _(
                "against the digest of %(at)s (%(cases)s cases, %(events)s events)"
            ) % {
                "at": digest.created_at,
                "cases": f"{digest.cases:,}",
                "events": f"{digest.events:,}",
            }
        summary += separator() + ngettext("%(n)s problem", "%(n)s problems", problems) % {
            "n": f"{problems:,}"
        }
        if problems:
            self.stdout.write(self.style.ERROR(summary))
            raise CommandError(
                ngettext(
                    "%(n)s problem in the evidence trail", "%(n)s problems in the evidence trail", problems
                )
                % {"n": f"{problems:,}"}
            )
        self.stdout.write(self.style.SUCCESS(summary))

    def _against(self, digest: Digest, case_ids: list[int] | None, quiet: bool) -> int:
        total = digest.cases if case_ids is None else len(case_ids)
        bar = tqdm(total=total, desc=_("check against the digest"), unit="case", disable=quiet)
        problems = 0
        try:
            for problem in check_digest(digest, case_ids=case_ids, progress=bar.update):
                problems += 1
                self._report(str(problem))
        except DigestError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        return problems

    def _report(self, line: str) -> None:
        with tqdm.external_write_mode():
            self.stdout.write(self.style.ERROR(line))
