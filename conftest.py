"""Test-wide set-up.

The database is chosen in settings: SQLite by default, a real PostgreSQL with
ARREARS_TEST_POSTGRES=1 (at ARREARS_TEST_POSTGRES_URL, default
postgresql://arrears:arrears@127.0.0.1:5432/arrears).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Fast hashing: tests log users in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every nightly run writes an evidence digest: into a folder of the test session's own,
    # signed with a test key, never into var/.
    settings.ARREARS_EVIDENCE_KEY = "test-evidence-key-" + "0" * 32
    settings.ARREARS_EVIDENCE_DIR = Path(tempfile.mkdtemp(prefix="arrears-test-evidence-"))
    # The language models' fits (arrears/core/fitcache.py), shared by the session's worker
    # processes and by later sessions (CI's second database), whatever VAR_DIR a test sets.
    if not settings.ARREARS_FIT_CACHE_DIR:
        settings.ARREARS_FIT_CACHE_DIR = Path(tempfile.gettempdir()) / f"arrears-fit-cache-{os.getuid()}"


def pytest_unconfigure(config: pytest.Config) -> None:
    from django.conf import settings

    shutil.rmtree(settings.ARREARS_EVIDENCE_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the site's language (zh-hans): a test that switched to English
    must not decide the language of the next one in the same process (tests are spread over
    worker processes in an order that changes with the machine)."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: what one test's database put there (the team
    screen's recommendation groups) must not answer for another's."""
    from django.core.cache import cache

    cache.clear()
