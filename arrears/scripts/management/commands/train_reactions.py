from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from arrears.scripts.classifier import (
    Example,
    ReactionClassifier,
    load_corpus,
    model_path,
    reset_cache,
)
from arrears.scripts.models import ReactionExample


class Command(BaseCommand):
    help = "Retrain the reaction classifier on the corpus plus collectors' corrections."

    def handle(self, *args: Any, **options: Any) -> None:
        corpus = load_corpus()
        corrections = [
            Example(row.text, row.label, row.language)
            for row in ReactionExample.objects.order_by("pk")
        ]
        classifier = ReactionClassifier.train(corpus + corrections)
        path = model_path()
        classifier.save(path)
        reset_cache(classifier)
        self.stdout.write(
            f"reaction model {classifier.version}: trained on {len(corpus)} corpus examples and "
            f"{len(corrections)} corrections (temperature {classifier.meta['temperature']}); "
            f"saved to {path}"
        )
