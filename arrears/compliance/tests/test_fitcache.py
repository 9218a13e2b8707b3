"""The cache of fitted models: the same data is fitted once, changed data is fitted again."""

from __future__ import annotations

import os
from pathlib import Path

from arrears.core import fitcache


def _fit_counter() -> tuple[list[int], object]:
    calls: list[int] = []

    def fit() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    return calls, fit


def _save(model: dict[str, int], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(model["n"]), encoding="utf-8")


def _load(path: Path) -> dict[str, int]:
    return {"n": int(path.read_text(encoding="utf-8"))}


def test_a_fit_is_reused_for_the_same_version_and_redone_for_another(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    calls, fit = _fit_counter()
    first = fitcache.cached_fit("content-aaa", fit, _save, _load)  # type: ignore[arg-type]
    again = fitcache.cached_fit("content-aaa", fit, _save, _load)  # type: ignore[arg-type]
    assert first == again == {"n": 1} and len(calls) == 1
    other = fitcache.cached_fit("content-bbb", fit, _save, _load)  # type: ignore[arg-type]
    assert other == {"n": 2} and len(calls) == 2


def test_an_unreadable_fit_is_fitted_again_and_old_fits_are_pruned(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    calls, fit = _fit_counter()
    folder = tmp_path / "models" / "cache"
    for i in range(fitcache.KEEP + 2):
        fitcache.cached_fit(f"content-v{i}", fit, _save, _load)  # type: ignore[arg-type]
        for j, path in enumerate(sorted(folder.glob("content-*"))):
            os.utime(path, (1_000_000 + j, 1_000_000 + j))  # distinct ages, oldest first
    assert len(list(folder.glob("content-*"))) == fitcache.KEEP
    broken = next(folder.glob("content-*"))
    broken.write_text("not a number", encoding="utf-8")
    version = broken.name.split("-sk")[0]
    before = len(calls)
    assert fitcache.cached_fit(version, fit, _save, _load) == {"n": before + 1}  # type: ignore[arg-type]
