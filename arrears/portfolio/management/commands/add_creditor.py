from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from arrears.portfolio.models import Creditor


class Command(BaseCommand):
    help = "Add a creditor (or update its name and defaults): imports name creditors by code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("name")
        parser.add_argument("--kind", choices=[k.value for k in Creditor.Kind], default="bank")
        parser.add_argument("--currency", default="CNY")
        parser.add_argument("--time-zone", default="Asia/Shanghai")

    def handle(self, *args: Any, **o: Any) -> None:
        creditor, created = Creditor.objects.update_or_create(
            code=o["code"],
            defaults={
                "name": o["name"],
                "kind": o["kind"],
                "default_currency": o["currency"],
                "default_time_zone": o["time_zone"],
            },
        )
        self.stdout.write(f"{'created' if created else 'updated'} {creditor.code}")
