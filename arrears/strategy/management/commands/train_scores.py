"""`manage.py train_scores [--date D]`: fit the probability-of-payment model on the
product's own history (arrears.strategy.history), save it under VAR_DIR/models and make
it the active ScoreModelVersion (the nightly run's p_pay)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arrears.strategy.extract import extract
from arrears.strategy.history import train


class Command(BaseCommand):
    help = "Train the score model on the portfolio's history and make it active."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="history up to YYYY-MM-DD (default: today)")
        parser.add_argument("--kind", choices=["gbm", "logit", "ensemble"], default="gbm")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--holdout", type=float, default=0.2, help="held-out share of accounts")
        parser.add_argument(
            "--with-protected",
            action="store_true",
            help="keep sex and marriage among the features (default: left out, docs/scores.md)",
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
        if not 0 < options["holdout"] < 1:
            raise CommandError("--holdout must be between 0 and 1")
        try:
            version = train(
                extract(on, scores=False),
                on,
                kind=options["kind"],
                seed=options["seed"],
                holdout=options["holdout"],
                exclude=() if options["with_protected"] else ("sex", "marriage"),
                progress=options["verbosity"] > 0,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        auc = f"{version.auc:.4f}" if version.auc is not None else "n/a (one outcome in the held-out split)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Score model {version.pk} ({version.kind}) trained on {version.rows:,} cuts of "
                f"{version.meta['accounts']:,} accounts, default rate {version.default_rate:.1%}; "
                f"held-out AUC {auc} on {version.holdout_rows:,} cuts "
                f"({version.meta['holdout_defaults']} defaults); {len(version.features)} features; "
                f"saved to {version.path}"
            )
        )
