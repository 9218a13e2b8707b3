from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from arrears.scripts.classifier import (
    Example,
    ReactionClassifier,
    load_corpus,
    model_path,
    reset_cache,
    train_cached,
    version_of,
)
from arrears.scripts.models import ReactionExample


class Command(BaseCommand):
    help = "Retrain the reaction classifier on the corpus plus collectors' corrections."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-stale", action="store_true",
                            help="do nothing if the saved model was trained on the same data")

    def handle(self, *args: Any, **options: Any) -> None:
        corpus = load_corpus()
        corrections = [
            Example(row.text, row.label, row.language, "correction")
            for row in ReactionExample.objects.order_by("pk")
        ]
        path = model_path()
        if options["if_stale"] and path.exists():
            saved = ReactionClassifier.load(path)
            if saved.version == version_of(corpus + corrections):
                self.stdout.write(f"reaction model {saved.version} is up to date")
                return
        classifier = train_cached(corpus + corrections)
        classifier.save(path)
        reset_cache(classifier)
        self.stdout.write(
            f"reaction model {classifier.version}: trained on {len(corpus)} corpus examples and "
            f"{len(corrections)} corrections (temperature {classifier.meta['temperature']}); "
            f"saved to {path}"
        )
