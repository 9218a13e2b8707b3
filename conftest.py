"""Test-wide set-up: which database the suite runs on.

SQLite by default. With ARREARS_TEST_POSTGRES=1 the suite runs on a real PostgreSQL at
ARREARS_TEST_POSTGRES_URL (default postgresql://arrears:arrears@127.0.0.1:5432/arrears);
pytest-django creates and drops the test database beside it.
"""

from __future__ import annotations

import os

import dj_database_url
import pytest


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if os.environ.get("ARREARS_TEST_POSTGRES") == "1":
        url = os.environ.get(
            "ARREARS_TEST_POSTGRES_URL", "postgresql://arrears:arrears@127.0.0.1:5432/arrears"
        )
        settings.DATABASES["default"] = dj_database_url.parse(url)


@pytest.fixture
def on_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
