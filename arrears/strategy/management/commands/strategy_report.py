"""`manage.py strategy_report [--since D]`: the champion/challenger arms compared."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from arrears.strategy.champion import report


def _ci(value: tuple[float | None, float | None, float | None], pct: bool) -> str:
    p, lo, hi = value
    if p is None:
        return "-"
    if lo is None or hi is None:
        return f"{p:.1%}" if pct else f"{p:,.2f}"
    return f"{p:.1%} [{lo:.1%}, {hi:.1%}]" if pct else f"{p:,.2f} [{lo:,.2f}, {hi:,.2f}]"


class Command(BaseCommand):
    help = "Compare the champion and challenger arms: promise, kept and recovery rates with 95% CIs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="only cases opened on or after YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            since = date.fromisoformat(options["since"]) if options["since"] else None
        except ValueError as exc:
            raise CommandError(f"--since: {exc}") from None
        rows = report(since, settings.TIME_ZONE)
        self.stdout.write(
            "arm         cases  accounts  promise rate (cases with a promise)  promises/case"
            "              kept rate (kept/checked)        recovered/account"
        )
        for r in rows:
            self.stdout.write(
                f"{r.arm:<11} {r.cases:>5}  {r.accounts:>8}  "
                f"{_ci(r.promise_rate, True) + f' ({r.cases_with_promise}/{r.cases})':<37} "
                f"{_ci(r.promises_per_case, False):<26} "
                f"{_ci(r.kept_rate, True) + f' ({r.kept}/{r.checked})':<31} "
                f"{_ci(r.recovered_per_account, False)} (total {r.recovered:,.2f})"
            )
        self.stdout.write(
            "95% intervals: Wilson for rates, normal approximation for means (accounts of one "
            "debtor are not independent: read the recovery interval as optimistic)."
        )
