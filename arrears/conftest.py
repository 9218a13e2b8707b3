"""A small world of named personas shared by the app tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User

from arrears.core.models import Role, Team
from arrears.testing.personas import make_user
from arrears.testing.smtp import Inbox, free_port

__all__ = ["make_user"]  # the many tests that import it from here


@pytest.fixture
def team_a(db) -> Team:
    return Team.objects.create(name="Team A")


@pytest.fixture
def collector(team_a) -> User:
    return make_user("alice-collector", Role.COLLECTOR, team_a)


@pytest.fixture
def compliance_officer(db) -> User:
    return make_user("compliance", Role.COMPLIANCE, None)


# A real SMTP server on a free local port: what reaches it is in the fixture's envelopes.
@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "示例银行 <notices@bank.example>"
    yield inbox
    controller.stop()
