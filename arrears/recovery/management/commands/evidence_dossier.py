"""`manage.py evidence_dossier CASE --out FILE.pdf [--language zh-hans|en] [--unmasked --by USER]`.

Prints one case's evidence dossier (arrears/recovery/dossier.py) to FILE and records its
SHA-256 on the case's chain as a `dossier_issued` event. Personal data is masked as on the
case page; `--unmasked` prints it in full for the user named by `--by` (a role that may
unmask: compliance officer or administrator), and logs the reveal as an Unmasking row.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from arrears.activity.management.commands.verify_evidence import find_case
from arrears.core.models import UNMASK_ROLES
from arrears.recovery.actions import issue_dossier
from arrears.recovery.dossier import LANGUAGES


class Command(BaseCommand):
    help = "Print a case's evidence dossier as a PDF and record its SHA-256 on the case's chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", help="the case's reference (C-00000012) or public id")
        parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
        parser.add_argument("--language", choices=LANGUAGES, default="zh-hans")
        parser.add_argument("--by", metavar="USERNAME", help="the user the dossier is printed for")
        parser.add_argument(
            "--unmasked", action="store_true", help="personal data in full (needs --by; logged)"
        )
        parser.add_argument("--reason", default="", help="why it is printed unmasked (logged)")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        case = find_case(options["case"])
        user = None
        if options["by"]:
            user = get_user_model().objects.filter(username=options["by"]).select_related("profile").first()
            if user is None:
                raise CommandError(_("No such user: %(name)s") % {"name": options["by"]})
        if options["unmasked"]:
            profile = getattr(user, "profile", None)
            if user is None or profile is None or profile.role not in UNMASK_ROLES:
                raise CommandError(
                    _("--unmasked needs --by naming a compliance officer or an administrator.")
                )
        out: Path = options["out"]

        def keep(pdf: bytes) -> None:
            # Written before the issuance is recorded; a reader never sees half a file.
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".part")
            tmp.write_bytes(pdf)
            os.replace(tmp, out)

        issued = issue_dossier(
            case,
            options["language"],
            actor=user,
            unmasked=options["unmasked"],
            reason=options["reason"],
            keep=keep,
        )
        self.stdout.write(
            _("%(file)s: %(pages)s pages, SHA-256 %(sha)s, recorded as event #%(seq)s of %(case)s")
            % {
                "file": out,
                "pages": issued.event.data["pages"],
                "sha": issued.sha256,
                "seq": issued.event.seq,
                "case": case.reference,
            }
        )
