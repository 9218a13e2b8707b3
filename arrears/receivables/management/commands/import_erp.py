"""manage.py import_erp FILE --layout erpnext-invoices --creditor CODE (docs/receivables.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from arrears.portfolio.management.commands._importing import ImportCommand
from arrears.receivables.importing import LAYOUTS, import_erp


class Command(ImportCommand):
    help = "Import invoices, credit notes or payments exported by ERPNext or Odoo (docs/receivables.md)."
    kind = "payments"  # three stages: read, validate, rows

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--layout", required=True, choices=sorted(LAYOUTS))
        parser.add_argument(
            "--settle-from-erp",
            action="store_true",
            help="record what the ERP shows as paid of each invoice (its outstanding amount) as a payment",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        layout, settle = options["layout"], options["settle_from_erp"]

        def importer(path: Path, *, mapping: Any = None, **kwargs: Any) -> Any:
            return import_erp(path, layout=layout, settle_from_erp=settle, **kwargs)

        # The shared command calls the class's importer: this run's layout is bound here.
        setattr(type(self), "importer", staticmethod(importer))  # noqa: B010
        super().handle(*args, **options)
