"""train_content: retrain the learned content model on the repository's labelled lines plus
the compliance officers' review decisions, save it with its version, and use it at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from arrears.compliance.content_model import (
    ContentModel,
    model_path,
    reset_cache,
    train_cached,
    training_lines,
    version_of,
)
from arrears.compliance.review import decided_lines


class Command(BaseCommand):
    help = "Retrain the content model on the labelled lines and the compliance officers' decisions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-stale", action="store_true",
                            help="do nothing if the saved model was trained on the same data")

    def handle(self, *args: Any, **options: Any) -> None:
        lines = training_lines()
        decisions = decided_lines()
        path = model_path()
        if options["if_stale"] and path.exists():
            saved = ContentModel.load(path)
            if saved.version == version_of(lines + decisions):
                self.stdout.write(f"content model {saved.version} is up to date")
                return
        model = train_cached(lines + decisions)
        model.save(path)
        reset_cache(model)
        self.stdout.write(
            f"content model {model.version}: trained on {len(lines)} labelled lines and "
            f"{len(decisions)} review decisions; saved to {path}"
        )
