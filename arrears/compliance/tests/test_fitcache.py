"""The cache of fitted models: the same data is fitted once, changed data is fitted again."""

from __future__ import annotations

import multiprocessing
import os
import time
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
    settings.VAR_DIR, settings.ARREARS_FIT_CACHE_DIR = tmp_path, ""
    calls, fit = _fit_counter()
    first = fitcache.cached_fit("content-aaa", fit, _save, _load)  # type: ignore[arg-type]
    again = fitcache.cached_fit("content-aaa", fit, _save, _load)  # type: ignore[arg-type]
    assert first == again == {"n": 1} and len(calls) == 1
    other = fitcache.cached_fit("content-bbb", fit, _save, _load)  # type: ignore[arg-type]
    assert other == {"n": 2} and len(calls) == 2


def test_an_unreadable_fit_is_fitted_again_and_old_fits_are_pruned(settings, tmp_path: Path) -> None:
    settings.VAR_DIR, settings.ARREARS_FIT_CACHE_DIR = tmp_path, ""
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


def _fit_in_a_process(folder: str, log: str) -> None:
    from django.conf import settings

    settings.ARREARS_FIT_CACHE_DIR = folder

    def fit() -> dict[str, int]:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write("fit\n")
        time.sleep(0.5)  # long enough for the other process to ask meanwhile
        return {"n": 1}

    fitcache.cached_fit("content-same", fit, _save, _load, source=fitcache.__file__)


def test_two_processes_asking_at_once_fit_once(tmp_path: Path) -> None:
    log = tmp_path / "fits.log"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_fit_in_a_process, args=(str(tmp_path / "cache"), str(log)))
               for _ in range(2)]  # fmt: skip
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [w.exitcode for w in workers] == [0, 0]
    assert log.read_text(encoding="utf-8") == "fit\n"
    # The name carries the digest of the code that defines the features.
    [saved] = (tmp_path / "cache").glob("*.joblib")
    assert saved.stem.endswith(fitcache.code_digest(fitcache.__file__))
