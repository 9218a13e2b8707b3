from __future__ import annotations

from pathlib import Path

import pytest

from arrears.messaging.tests.world import World, make_world


@pytest.fixture(autouse=True)
def _messaging_dirs(settings, tmp_path: Path) -> None:
    """Every test writes its SMS, mail and letters under its own folder, and nothing is sent
    as a side effect of queueing unless the test asks."""
    settings.SMS_PROVIDER = "file"
    settings.SMS_DIR = tmp_path / "sms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LETTERS_DIR = tmp_path / "letters"
    settings.MESSAGING_SEND_ON_QUEUE = False


@pytest.fixture
def world(db) -> World:
    return make_world()
