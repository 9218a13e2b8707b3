"""What import_portfolio and import_payments share: options, progress bar, the report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from arrears.portfolio.importing import ImportFileError, ImportResult
from arrears.portfolio.importing.common import parse_mapping
from arrears.portfolio.models import Account

STAGES = {
    "portfolio": ["read", "validate", "debtors", "accounts", "due items", "contacts"],
    "payments": ["read", "validate", "payments"],
}


class ImportCommand(BaseCommand):
    kind = ""
    importer: Callable[..., ImportResult]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file (layout: docs/import.md)")
        parser.add_argument("--creditor", help="creditor code for rows without a creditor column")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FILE_COLUMN=OUR_COLUMN",
            help="read a differently named column as one of ours (repeatable)",
        )
        parser.add_argument(
            "--errors",
            type=Path,
            help="where to write the error report (default: FILE.errors.csv; a .xlsx name writes a workbook)",
        )
        parser.add_argument(
            "--encoding",
            help="the CSV file's encoding, e.g. gb18030, big5, cp1252"
            " (default: UTF-8, or GB18030 if it reads as Chinese)",
        )
        parser.add_argument("--no-age", action="store_true", help="do not re-age the accounts afterwards")
        parser.add_argument("--lang", default=None, help="language of the messages (zh-hans, en)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["lang"]:
            translation.activate(options["lang"])
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        bar = tqdm(
            total=len(STAGES[self.kind]), desc=path.name, unit="step", disable=options["verbosity"] == 0
        )

        def progress(stage: str, n: int) -> None:
            bar.set_postfix_str(f"{stage} ({n:,})")
            bar.update(1)

        try:
            result = type(self).importer(
                path,
                creditor=options["creditor"],
                mapping=parse_mapping(options["map"]),
                progress=progress,
                encoding=options["encoding"],
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        if result.account_ids and not options["no_age"]:
            # The nightly rules over the debtors the import touched, now: aging, a case
            # for each new delinquency, promises checked against the new payments.
            from arrears.strategy.shell import replan

            touched = Account.objects.filter(pk__in=result.account_ids)
            debtors = list(touched.values_list("debtor_id", flat=True).distinct())
            run = replan(debtors, timezone.localdate(timezone=timezone.get_default_timezone()))
            counts = run.counts if run is not None else {}
            self.stdout.write(
                _(
                    "Aged %(n)s accounts as of today; cases opened %(opened)s, closed %(closed)s;"
                    " promises checked %(promises)s."
                )
                % {
                    "n": f"{counts.get('accounts_aged', 0):,}",
                    "opened": f"{counts.get('cases_opened', 0):,}",
                    "closed": f"{counts.get('cases_closed', 0):,}",
                    "promises": f"{sum(v for k, v in counts.items() if k.startswith('promises_')):,}",
                }
            )
        self.report(result, options["errors"] or path.with_name(path.name + ".errors.csv"))

    def report(self, result: ImportResult, errors_path: Path) -> None:
        created = ", ".join(f"{k} {v:,}" for k, v in result.created.items())
        updated = ", ".join(f"{k} {v:,}" for k, v in result.updated.items() if v)
        self.stdout.write(
            _("Rows: %(rows)s, kept %(kept)s, rejected %(bad)s.")
            % {"rows": f"{result.rows:,}", "kept": f"{result.kept_rows:,}", "bad": f"{result.bad_rows:,}"}
        )
        self.stdout.write(_("Created: %(created)s.") % {"created": created or "-"})
        self.stdout.write(
            _("Updated: %(updated)s. Unchanged rows: %(unchanged)s.")
            % {"updated": updated or "-", "unchanged": f"{result.unchanged:,}"}
        )
        if result.errors:
            result.write_errors(errors_path)
            for e in result.errors[:20]:
                self.stdout.write(
                    self.style.WARNING(_("row %(row)s, %(column)s=%(value)r: %(reason)s") % vars(e))
                )
            if len(result.errors) > 20:
                self.stdout.write(_("… and %(n)s more.") % {"n": f"{len(result.errors) - 20:,}"})
            self.stdout.write(_("Error report: %(path)s") % {"path": errors_path})
