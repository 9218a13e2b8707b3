"""Production settings: what a careless operator cannot get wrong.

The settings module is executed afresh (runpy) or in a subprocess with a production
environment, since the test process itself runs with development settings.
"""

from __future__ import annotations

import os
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import override_settings

from arrears.core.env import ConfigError

ROOT = Path(settings.BASE_DIR)
SETTINGS_FILE = ROOT / "arrears" / "settings.py"
STRONG_KEY = secrets.token_urlsafe(64)
# Production also needs the key that signs the evidence digests (docs/evidence.md).
EVIDENCE_KEY = secrets.token_urlsafe(48)


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The process environment of a production server on SQLite under `tmp_path`."""
    # Not the test run's own settings: no ARREARS_* and no DJANGO_* (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must not).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARREARS_", "DJANGO_"))}
    env.update(
        ARREARS_PRODUCTION="1",
        ARREARS_SECRET_KEY=STRONG_KEY,
        ARREARS_EVIDENCE_KEY=EVIDENCE_KEY,
        ARREARS_VAR_DIR=str(tmp_path),
        ARREARS_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ARREARS_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="arrears.settings",
    )
    env.update(extra)
    return env


def load_settings(monkeypatch, tmp_path: Path, **env: str) -> dict:
    for name in [k for k in os.environ if k.startswith("ARREARS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ARREARS_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("ARREARS_EVIDENCE_KEY", EVIDENCE_KEY)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_refuses_the_development_key_even_in_debug(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="ARREARS_SECRET_KEY must be set"):
        load_settings(monkeypatch, tmp_path, ARREARS_PRODUCTION="1", ARREARS_DEBUG="1")
    with pytest.raises(ConfigError, match="ARREARS_SECRET_KEY must be set"):
        load_settings(
            monkeypatch,
            tmp_path,
            ARREARS_PRODUCTION="1",
            ARREARS_SECRET_KEY="arrears-development-key-not-for-production",
        )


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-Zq8#",  # under 50 characters
        "ab" * 40,  # long, but two distinct characters
        "django-insecure-" + "x1y2z3w4v5" * 5,  # Django's generated development key
    ],
)
def test_production_refuses_a_weak_secret_key(monkeypatch, tmp_path, key):
    with pytest.raises(ConfigError, match="ARREARS_SECRET_KEY"):
        load_settings(monkeypatch, tmp_path, ARREARS_PRODUCTION="1", ARREARS_SECRET_KEY=key)


def test_production_settings_turn_on_https_and_hsts(monkeypatch, tmp_path):
    values = load_settings(
        monkeypatch,
        tmp_path,
        ARREARS_PRODUCTION="1",
        ARREARS_SECRET_KEY=STRONG_KEY,
        ARREARS_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    # The proxy may redirect instead; a malformed header setting stops start-up.
    assert (
        load_settings(
            monkeypatch,
            tmp_path,
            ARREARS_PRODUCTION="1",
            ARREARS_SECRET_KEY=STRONG_KEY,
            ARREARS_SSL_REDIRECT="0",
        )["SECURE_SSL_REDIRECT"]
        is False
    )
    with pytest.raises(ConfigError, match="ARREARS_SECURE_PROXY_SSL_HEADER"):
        load_settings(
            monkeypatch,
            tmp_path,
            ARREARS_PRODUCTION="1",
            ARREARS_SECRET_KEY=STRONG_KEY,
            ARREARS_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        )


@pytest.mark.django_db
def test_load_demo_refuses_to_run_in_production():
    with override_settings(ARREARS_PRODUCTION=True), pytest.raises(CommandError, match="ARREARS_PRODUCTION"):
        call_command("load_demo", "--skip-uci", verbosity=0)
    assert not User.objects.filter(username="collector").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own local server
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_gunicorn_serves_the_app_and_its_static_files_in_production(tmp_path):
    env = production_env(tmp_path, ARREARS_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    port = _free_port()
    env.update(ARREARS_BIND=f"127.0.0.1:{port}", ARREARS_WORKERS="1", ARREARS_ACCESS_LOG="")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        proxied = {"X-Forwarded-Proto": "https"}
        for _ in range(100):
            try:
                status, headers, body = _get(f"{base}/login/", proxied)
                break
            except OSError:
                time.sleep(0.1)
        else:
            server.kill()
            pytest.fail(f"gunicorn did not start: {server.communicate()[1].decode()[-2000:]}")
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        # Hashed names from the manifest, cached for ever by WhiteNoise.
        css = re.search(rb'href="(/static/arrears/arrears\.[0-9a-f]{12}\.css)"', body)
        assert css, body[:500]
        status, headers, _ = _get(base + css.group(1).decode(), proxied)
        assert status == 200 and "immutable" in headers["Cache-Control"]
        # Plain HTTP is sent to HTTPS.
        status, headers, _ = _get(f"{base}/login/", {})
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/login/"
    finally:
        server.terminate()
        server.wait(timeout=20)
