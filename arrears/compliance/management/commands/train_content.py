"""train_content: retrain the learned content model on the repository's labelled lines plus
the compliance officers' review decisions, save it with its version, and use it at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from arrears.compliance.content_model import ContentModel, model_path, reset_cache, training_lines
from arrears.compliance.review import decided_lines


class Command(BaseCommand):
    help = "Retrain the content model on the labelled lines and the compliance officers' decisions."

    def handle(self, *args: Any, **options: Any) -> None:
        lines = training_lines()
        decisions = decided_lines()
        model = ContentModel.train(lines + decisions)
        path = model_path()
        model.save(path)
        reset_cache(model)
        self.stdout.write(
            f"content model {model.version}: trained on {len(lines)} labelled lines and "
            f"{len(decisions)} review decisions; saved to {path}"
        )
