"""Load the reviewed script library from ``seed/scripts.json`` into the database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from arrears.scripts.actions import add_version, publish_version
from arrears.scripts.labels import LANGUAGES
from arrears.scripts.models import Script

SCRIPTS_PATH = Path(__file__).resolve().parent / "seed" / "scripts.json"


@dataclass
class SeedResult:
    created: int = 0
    new_versions: int = 0
    unchanged: int = 0


def load_seed(path: Path = SCRIPTS_PATH) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def seed_scripts(path: Path = SCRIPTS_PATH) -> SeedResult:
    """Idempotent: a script whose latest text equals the seed is left alone; a changed seed
    adds and publishes a new version, so the old one stays in the history."""
    result = SeedResult()
    for row in load_seed(path):
        for language in LANGUAGES:
            script, created = Script.objects.get_or_create(
                key=row["key"],
                language=language,
                defaults={
                    "kind": row["kind"],
                    "stage": row["stage"],
                    "channel": row["channel"],
                    "title": row["title"][language],
                    "third_party": bool(row.get("third_party")),
                },
            )
            result.created += created
            body = row["body"][language]
            latest = script.latest_version()
            if latest is not None and latest.body == body:
                result.unchanged += 1
                continue
            publish_version(add_version(script, body, author=None), by=None)
            result.new_versions += 1
    return result
