"""Sign-in: brute force is locked out, weak passwords refused, idle sessions ended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from arrears.conftest import make_user
from arrears.core.models import Role

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
ATTACKER = "203.0.113.7"


def sign_in(client: Client, username: str, password: str, ip: str = ATTACKER):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(response) -> bool:
    return response.status_code == 302 and "/login/" not in response["Location"]


def test_two_hundred_wrong_passwords_lock_the_user_until_the_cool_off(team_a):
    make_user("wang", Role.COLLECTOR, team_a)
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        statuses = [sign_in(client, "wang", f"guess-{n}").status_code for n in range(200)]
        # Refused with the form until the limit, then with the lockout page.
        limit = settings.AXES_FAILURE_LIMIT
        assert set(statuses[: limit - 1]) == {200}
        assert set(statuses[limit:]) == {429}
        # The right password is refused too while the lock lasts.
        locked = sign_in(client, "wang", "pw")
        assert locked.status_code == 429 and not signed_in(locked)
        clock.shift(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
        assert sign_in(client, "wang", "pw").status_code == 429
        # A cool-off without attempts lifts it.
        clock.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
        assert signed_in(sign_in(client, "wang", "pw"))


def test_a_locked_user_can_still_sign_in_from_their_own_address(team_a):
    make_user("wang", Role.COLLECTOR, team_a)
    with time_machine.travel(START, tick=False):
        for n in range(30):
            sign_in(Client(), "wang", f"guess-{n}", ip=ATTACKER)
        assert sign_in(Client(), "wang", "pw", ip=ATTACKER).status_code == 429
        # The attacker cannot lock a colleague out of their own desk.
        assert signed_in(sign_in(Client(), "wang", "pw", ip="198.51.100.20"))


def test_password_spraying_from_one_address_locks_the_address(team_a):
    make_user("li", Role.COLLECTOR, team_a)
    with time_machine.travel(START, tick=False):
        for n in range(settings.AXES_FAILURE_LIMIT):
            sign_in(Client(), f"user{n}", "Spring2026!")
        response = sign_in(Client(), "li", "pw")
        assert response.status_code == 429
        assert signed_in(sign_in(Client(), "li", "pw", ip="198.51.100.20"))


@pytest.mark.parametrize(("language", "text"), [("en", "Sign-in locked"), ("zh-hans", "登录已锁定")])
def test_the_lockout_page_speaks_the_readers_language(team_a, language, text):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    with override_settings(AXES_FAILURE_LIMIT=2):
        for _ in range(3):
            response = sign_in(client, "nobody", "x")
    assert response.status_code == 429
    page = response.content.decode()
    assert text in page and 'data-testid="locked-out"' in page
    assert "arrears.css" in page  # the product's own page, not a bare text response


@pytest.mark.parametrize("password", ["83920174561", "password123", "12345678"])
def test_numeric_and_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_mixed_password_is_accepted():
    validate_password("plum-kettle-harbour-42")


def test_a_session_ends_after_the_idle_time_but_not_while_used(team_a):
    make_user("zhao", Role.COLLECTOR, team_a)
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        assert signed_in(sign_in(client, "zhao", "pw", ip="198.51.100.30"))
        # Working: a request every little while keeps the session, well past the idle time.
        for _ in range(4):
            clock.shift(idle - timedelta(minutes=2))
            assert client.get("/work/").status_code == 200
        # Away from the desk for longer than the idle time: signed out.
        clock.shift(idle + timedelta(seconds=5))
        response = client.get("/work/")
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert client.get("/api/v1/cases/").status_code == 401


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.5"),  # no proxy: the header is the client's word, ignored
        (1, "1.1.1.1, 198.51.100.9", "198.51.100.9"),  # the entry our proxy wrote
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
        (1, "", "10.0.0.5"),
    ],
)
def test_the_client_address_is_the_one_our_outermost_proxy_saw(rf, proxies, forwarded, expected):
    from arrears.core.signin import client_ip

    request = rf.get("/login/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(ARREARS_TRUSTED_PROXIES=proxies):
        assert client_ip(request) == expected
