"""`manage.py verify_evidence [--case REF_OR_UUID]`: recompute every case's hash chain.

Cases are checked in id order, a batch of cases at a time: one query streams the batch's
events in (case, seq) order (arrears.activity.actions.verify_all), so the cost is a few
queries per thousand cases, never one per case. Each broken chain is named by the case's
reference and public id, with its first broken event and why. Exit status 1 if any chain
is broken.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from arrears.activity.actions import verify_all
from arrears.activity.models import Event
from arrears.cases.models import Case

# Cases per verify_all call: its events arrive in one streamed query.
BATCH = 1000


def find_case(value: str) -> Case:
    """A case by its reference (C-00000012) or its public id (a UUID)."""
    value = value.strip()
    pk = Case.pk_from_reference(value) if value.upper().startswith("C") else None
    try:
        if pk is not None:
            return Case.objects.get(pk=pk)
        return Case.objects.get(public_id=uuid.UUID(value))
    except (ValueError, Case.DoesNotExist):
        raise CommandError(f"No such case: {value!r} (give a reference like C-00000012 or a UUID)") from None


class Command(BaseCommand):
    help = "Verify the hash chain of every case's evidence trail (or of one case)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", help="one case, by reference (C-00000012) or public id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["case"]:
            case_ids = [find_case(options["case"]).pk]
        else:
            case_ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        bar = tqdm(
            total=len(case_ids), desc="verify evidence", unit="case", disable=options["verbosity"] == 0
        )
        events = broken = 0
        try:
            for start in range(0, len(case_ids), BATCH):
                batch = case_ids[start : start + BATCH]
                events += Event.objects.filter(case_id__in=batch).count()
                for case, first in verify_all(batch):
                    broken += 1
                    with tqdm.external_write_mode():
                        self.stdout.write(
                            self.style.ERROR(
                                f"{case.reference} ({case.public_id}): event {first.seq}: {first.reason}"
                            )
                        )
                bar.update(len(batch))
        finally:
            bar.close()
        summary = f"{len(case_ids):,} cases, {events:,} events checked, {broken:,} broken"
        if broken:
            self.stdout.write(self.style.ERROR(summary))
            raise CommandError(f"{broken:,} broken evidence chain(s)")
        self.stdout.write(self.style.SUCCESS(summary))
