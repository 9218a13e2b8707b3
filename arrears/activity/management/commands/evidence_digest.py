"""`manage.py evidence_digest [--out DIR] [--full] [--lang L]`: write a signed digest of every
case's chain head now (the nightly run writes one after each run). It is carried forward from
the folder's last digest (only the chains with events since are read again); `--full` reads
every head from the database.

`manage.py evidence_digest --check [DIR]`: check a folder of digests (an archive): each one's
signature, and that each names the one before it, unchanged. Exit status 1 on a problem.
See arrears/activity/digest.py and docs/evidence.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from arrears.activity.digest import DigestError, check_archive, digests_in, write_digest
from arrears.cases.models import Case


class Command(BaseCommand):
    help = "Write a signed digest of every case's evidence chain head (for the compliance archive)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", type=Path, default=None, help="folder for the digest (default: ARREARS_EVIDENCE_DIR)"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="check the digests in the folder (--out or ARREARS_EVIDENCE_DIR) instead of writing one",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="read every head from the database, not only the chains with events since the last digest",
        )
        parser.add_argument("--lang", default=None, help="language of the messages (zh-hans, en)")

    def handle(self, *args: Any, **options: Any) -> None:
        # The language for this command only (call_command runs in the caller's thread).
        with translation.override(options["lang"] or translation.get_language()):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        folder: Path = options["out"] or settings.ARREARS_EVIDENCE_DIR
        if folder.exists() and not folder.is_dir():
            raise CommandError(_("%(path)s is not a folder.") % {"path": folder})
        if options["check"]:
            self._check(folder)
            return
        bar = tqdm(
            total=Case.objects.count(),
            desc=_("evidence digest"),
            unit="case",
            disable=options["verbosity"] == 0,
        )
        try:
            written = write_digest(folder, progress=bar.update, full=options["full"])
        except (DigestError, OSError) as exc:
            raise CommandError(_("No digest written: %(error)s") % {"error": exc}) from None
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(path)s: %(cases)s cases, %(events)s events, signed with key %(key)s.")
                % {
                    "path": written.path,
                    "cases": f"{written.cases:,}",
                    "events": f"{written.events:,}",
                    "key": written.key_id,
                }
            )
        )
        if written.previous is not None:
            self.stdout.write(_("It chains to %(previous)s.") % {"previous": written.previous.name})
            if written.carried:
                self.stdout.write(
                    _("Only the chains with events since were read again; the others are as in %(previous)s.")
                    % {"previous": written.previous.name}
                )

    def _check(self, folder: Path) -> None:
        digests = digests_in(folder)
        if not digests:
            raise CommandError(_("No digests in %(path)s.") % {"path": folder})
        problems = 0
        for path, why in check_archive(folder):
            problems += 1
            self.stdout.write(self.style.ERROR(f"{path.name}: {why}"))
        summary = _("%(n)s digests from %(first)s to %(last)s; %(problems)s problems") % {
            "n": len(digests),
            "first": digests[0].name,
            "last": digests[-1].name,
            "problems": problems,
        }
        if problems:
            self.stdout.write(self.style.ERROR(summary))
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
