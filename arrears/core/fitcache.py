"""A cache of fitted models, keyed by the version of their training data.

Training the content model or the reaction classifier takes tens of seconds; the tests and
a fresh process without a saved model train them from the repository's data, which is the
same from one run to the next. A fit is stored under VAR_DIR/models/cache/ named by the
model's version (a hash of the data and the settings) and the scikit-learn version, so the
same data is fitted once per machine, and changed data or a new scikit-learn never loads a
stale fit. The files are pickles written by this process into VAR_DIR, which the deployment
owns; nothing from anywhere else is ever loaded. The name also carries a digest of the
module that defines the features, so changed feature code is fitted again, and a process
fits under a lock: two processes (the test suite's workers, two commands) asking for the
same fit at once fit it once. `ARREARS_FIT_CACHE_DIR` moves the folder (the test session
shares one across its workers and its runs).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TypeVar

M = TypeVar("M")


def cache_dir() -> Path | None:
    try:
        from django.conf import settings

        folder = getattr(settings, "ARREARS_FIT_CACHE_DIR", None)
        return Path(folder) if folder else Path(settings.VAR_DIR) / "models" / "cache"
    except Exception:  # settings not configured (a bench or a script without Django)
        return None


@cache
def code_digest(source: str) -> str:
    return hashlib.sha256(Path(source).read_bytes()).hexdigest()[:10]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_fit(
    version: str,
    fit: Callable[[], M],
    save: Callable[[M, Path], None],
    load: Callable[[Path], M],
    *,
    source: str | None = None,
) -> M:
    """The model fitted on the data whose version is `version` (by the code in the module
    file `source`): loaded, or fitted and kept."""
    import sklearn

    folder = cache_dir()
    if folder is None:
        return fit()
    code = f"-{code_digest(source)}" if source else ""
    path = folder / f"{version}-sk{sklearn.__version__}{code}.joblib"
    with contextlib.ExitStack() as stack:
        try:
            (folder / "locks").mkdir(parents=True, exist_ok=True)
            stack.enter_context(_locked(folder / "locks" / f"{version}.lock"))
        except OSError:  # a read-only VAR_DIR: fit in this process, keep nothing
            return fit()
        if path.exists():
            try:
                return load(path)
            except Exception:  # a truncated or unreadable file: fit again and replace it
                path.unlink(missing_ok=True)
        model = fit()
        with contextlib.suppress(OSError):  # a read-only VAR_DIR only costs the next run a fit
            save(model, path)
            _prune(folder, version.split("-")[0])
        return model


KEEP = 4  # fits kept per model kind; older ones are deleted when a new one is saved


def _prune(folder: Path, kind: str) -> None:
    fits = sorted(folder.glob(f"{kind}-*.joblib"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in fits[KEEP:]:
        old.unlink(missing_ok=True)
