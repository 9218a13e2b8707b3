"""The gate's caps hold when several processes contact one debtor at the same instant.

Real OS processes (arrears/cases/tests/race.py) against a real database file or server:
on PostgreSQL the suite's own test database, on SQLite a file database migrated for the
test (the suite's SQLite test database lives in memory, where other processes cannot see it).
Before the debtor was locked ahead of the history read, 8 processes logging 3 calls each let
through 13 of CN's 6 dials a day and 14 of GLOBAL-STRICT's 7 calls in 7 days on PostgreSQL
(11 and 11-12 on SQLite).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=400, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A migrated SQLite file, made once and copied for each test."""
    path = tmp_path_factory.mktemp("race") / "migrated.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_TEST_POSTGRES")}
    env.update(ARREARS_VAR_DIR=str(path.parent), ARREARS_DATABASE_URL=f"sqlite:///{path}")
    _run(env, "manage.py", "migrate", "--no-input", "-v0")
    return path


@pytest.fixture
def database_env(tmp_path, request) -> dict[str, str]:
    """The environment that points a subprocess at a database it shares with the others."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_TEST_POSTGRES")}
    env["ARREARS_VAR_DIR"] = str(tmp_path)
    if connection.vendor == "postgresql":
        # The suite's test database: the test's rows are committed (transaction=True) and
        # flushed afterwards.
        s = connection.settings_dict
        assert s["NAME"].startswith("test_"), s["NAME"]
        host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
        env["ARREARS_DATABASE_URL"] = f"postgresql://{s['USER']}:{s['PASSWORD']}@{host}/{s['NAME']}"
    else:
        path = tmp_path / "race.sqlite3"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        env["ARREARS_DATABASE_URL"] = f"sqlite:///{path}"
    return env


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("profile", "cap"), [("CN", 6), ("GLOBAL-STRICT", 7)])
def test_eight_processes_calling_one_debtor_at_once_never_exceed_the_profiles_cap(database_env, profile, cap):
    out = _run(database_env, "-m", "arrears.cases.tests.race", "--profile", profile, "--processes", "8")
    result = json.loads(out.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["allowed"] + result["blocked"] == 8 * 3
    # Exactly the cap: the gate lets the first `cap` through and blocks every later one.
    assert result["allowed"] == cap, result
    assert result["events"] == cap, result
