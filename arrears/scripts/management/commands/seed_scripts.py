from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from arrears.scripts.seed import seed_scripts


class Command(BaseCommand):
    help = "Load the reviewed script library (zh-hans and en) into the database; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_scripts()
        self.stdout.write(
            f"scripts created: {result.created}, new versions: {result.new_versions}, "
            f"unchanged: {result.unchanged}"
        )
