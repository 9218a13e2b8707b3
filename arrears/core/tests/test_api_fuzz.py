"""The OpenAPI schema is the contract: schemathesis, with every check, against the running app.

The app runs under pytest-django's live server on the test database (SQLite or PostgreSQL,
as the run is), with a small world: two teams, a team lead, a case with a contact point and
a promise. schemathesis reads /api/v1/openapi.json and sends what it generates from it, once
with an API token and once with a signed-in session; any failure of any check (a 500, a
status or body the schema does not state, a schema-valid request refused, an invalid one
accepted, ignored credentials ...) fails the test with schemathesis's report.

Bounded (FUZZ_EXAMPLES per operation and phase, a fixed seed) to stay within a few
minutes per database; `ARREARS_FUZZ_EXAMPLES=200 pytest -m fuzz` runs it harder by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from arrears.core.models import ApiScope
from arrears.core.tests.api_world import build_world
from arrears.core.tokens import create_token

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
FUZZ_EXAMPLES = int(os.environ.get("ARREARS_FUZZ_EXAMPLES", "10"))
SEED = os.environ.get("ARREARS_FUZZ_SEED", "20260303")


def _config(tmp_path: Path, case_id: str, point_ids: list[str]) -> Path:
    # The world's ids, so that generated requests reach the handlers (not only their 404s).
    path = tmp_path / "schemathesis.toml"
    path.write_text(
        "request-timeout = 60.0\n"
        "[dictionaries]\n"
        f"points = {{ values = {point_ids!r} }}\n"
        "[parameters]\n"
        f'case_id = "{case_id}"\n'
        '"body.contact_point" = { dictionary = "points", probability = 0.9 }\n'
    )
    return path


def _run(
    live_server, tmp_path: Path, config: Path, headers: list[str], phases: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "arrears.core.tests.schemathesis_hooks",
        "PYTHONPATH": str(ROOT),
    }
    args = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--checks",
        "all",
        "--phases",
        phases,
        "--max-examples",
        str(FUZZ_EXAMPLES),
        "--seed",
        SEED,
        "--workers",
        "1",
        # A shared 2-core machine: a contact replans the debtor inside its request.
        "--max-response-time",
        "30",
        "--no-color",
    ]
    for header in headers:
        args += ["-H", header]
    # Our own interpreter and arguments, no shell.
    return subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)  # noqa: S603


def _assert_clean(result: subprocess.CompletedProcess[str], how: str) -> None:
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"schemathesis ({how}) found failures:\n{report[-12000:]}"
    # And it did test: "Test cases: 1747 generated, 1747 passed, 21 skipped".
    assert re.search(r"\b[1-9][0-9]* generated, [1-9][0-9]* passed", report), report[-2000:]


def test_the_api_keeps_its_openapi_contract_under_fuzzing(live_server, tmp_path):
    world = build_world()
    _token, secret = create_token("fuzzing", world.lead, ApiScope.values)
    session = Client()
    session.force_login(world.lead)
    session.get("/login/")  # sets the CSRF cookie
    sid, csrf = session.cookies["sessionid"].value, session.cookies["csrftoken"].value
    # The classifier loads its model on first use: not a response time to hold against it.
    assert (
        session.post(
            "/api/v1/assist/classify", {"text": "ok"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
        ).status_code
        == 200
    )
    config = _config(tmp_path, str(world.case.public_id), [str(p.public_id) for p in world.points])

    # Every phase with the token; the coverage phase (every boundary and every invalid
    # value of every field, most of the time taken) does not depend on how the caller
    # signed in, so the session run leaves it out.
    with_token = _run(
        live_server,
        tmp_path,
        config,
        [f"Authorization: Bearer {secret}"],
        "examples,coverage,fuzzing,stateful",
    )
    _assert_clean(with_token, "API token")
    with_session = _run(
        live_server,
        tmp_path,
        config,
        [f"Cookie: sessionid={sid}; csrftoken={csrf}", f"X-CSRFToken: {csrf}"],
        "examples,fuzzing,stateful",
    )
    _assert_clean(with_session, "session")
