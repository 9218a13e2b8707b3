"""The development SMS provider: each message is a JSON file named by its idempotency key.

Creating the file with O_EXCL is the dedupe: a second attempt with the same key finds the
file and sends nothing.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from arrears.messaging.providers import Accepted, Outgoing, TransientError


class FileSms:
    name = "file"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def send(self, message: Outgoing) -> Accepted:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{message.key}.json"
        record = {
            "id": message.key,
            "to": message.to,
            "text": message.body,
            "at": datetime.now(UTC).isoformat(),
        }
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return Accepted(self.name, message.key, deduplicated=True)
        except OSError as exc:
            raise TransientError(f"cannot write {path}: {exc}") from exc
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        return Accepted(self.name, message.key)
