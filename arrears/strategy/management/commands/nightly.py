"""`manage.py nightly [--date D]`: age the portfolio, open and close cases, check promises,
move stages, plan next actions and build tomorrow's queues."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arrears.cases.actions import expire_approvals
from arrears.dunning.run import run_all
from arrears.dunning.statements import send_due_statements
from arrears.strategy.shell import run_nightly


class Command(BaseCommand):
    help = "Run the nightly strategy engine over the whole portfolio."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="run date YYYY-MM-DD (default: today in ARREARS_TIME_ZONE)")
        parser.add_argument(
            "--cluster",
            help="run extract and decide on Dask: a scheduler's address (tcp://host:8786), or local:N"
            " for N worker processes on this machine (docs/nightly.md)",
        )
        parser.add_argument(
            "--partitions", type=int, help="debtor key ranges for --cluster (default: one per worker thread)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = (
                date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate(timezone=timezone.get_default_timezone())
            )
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from None
        if options["partitions"] is not None and (options["partitions"] < 1 or not options["cluster"]):
            raise CommandError("--partitions: a number of at least 1, with --cluster")
        try:
            run = run_nightly(
                on,
                progress=options["verbosity"] > 0,
                cluster=options["cluster"],
                partitions=options["partitions"],
            )
        except (ValueError, OSError) as exc:
            if not options["cluster"]:
                raise
            raise CommandError(f"--cluster: {exc}") from exc
        counts = ", ".join(f"{k} {v:,}" for k, v in sorted(run.counts.items()))
        seconds = sum(run.timings.values())
        self.stdout.write(self.style.SUCCESS(f"Nightly run {on}: {counts} ({seconds:.1f} s)"))
        # A company creditor's dunning (arrears.dunning, docs/dunning.md): one dunning per
        # customer at the highest level reached, and the statements of account due today;
        # each through the gate. Here rather than in run_nightly: dunning sends through the
        # messaging actions, which plan cases through the strategy's shell.
        runs = run_all(on)
        statements = send_due_statements(on)
        self.stdout.write(
            f"Dunning runs: {len(runs)}; statements sent {statements['sent']:,}, "
            f"not sent {statements['not_sent']:,}"
        )
        # Requests nobody decided in time expire, each with its event (actions/approvals.py).
        expired = expire_approvals()
        if expired:
            self.stdout.write(f"Approval requests expired: {expired:,}")
