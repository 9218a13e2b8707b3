"""The sources as shipped: no file carries a merge's conflict markers (a template with them
renders them on every page; a data file with them fails to load only when read)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
SUFFIXES = {".py", ".html", ".js", ".css", ".json", ".jsonl", ".md", ".toml", ".txt", ".yml"}


def test_no_file_keeps_conflict_markers() -> None:
    marked = []
    for folder in ("arrears", "tests", "bench", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if (
                path.suffix in SUFFIXES
                and path.is_file()
                and MARKER.search(path.read_text("utf-8", "replace"))
            ):
                marked.append(str(path.relative_to(ROOT)))
    marked += [
        name
        for name in ("README.md", "CHANGELOG.md", "Makefile")
        if MARKER.search((ROOT / name).read_text("utf-8"))
    ]
    assert marked == []
