"""Two `send_messages` at once, and one killed in the middle of a send: each message goes
out exactly once.

Real OS processes against a database they share (on PostgreSQL the suite's own test
database; on SQLite a migrated file, since the suite's SQLite database lives in memory) and
a local fake Aliyun that counts the SendSms requests per idempotency key (OutId). The fake
holds its answer to the first send; the test kills that sender (SIGKILL) while it waits,
so its transaction dies with it and the message stays `sending` until its lease ends. Two
more senders race for the rest; a last one, after the lease, sends the dead sender's
messages again with the same keys, and the adapter finds the one Aliyun already has.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from arrears.activity.models import Event, Kind
from arrears.messaging.models import Message, Status
from arrears.messaging.tests.fake_aliyun import ACCESS_KEY_ID, SECRET, FakeAliyun

ROOT = Path(__file__).resolve().parents[3]
LEASE = 3


def _env(base: dict[str, str], fake: FakeAliyun) -> dict[str, str]:
    env = dict(base)
    env.update(
        ARREARS_SMS_PROVIDER="aliyun",
        ARREARS_ALIYUN_SMS_ENDPOINT=fake.url,
        ARREARS_ALIYUN_SMS_ACCESS_KEY_ID=ACCESS_KEY_ID,
        ARREARS_ALIYUN_SMS_ACCESS_KEY_SECRET=SECRET,
        ARREARS_ALIYUN_SMS_SIGN_NAME="示例银行",
        ARREARS_ALIYUN_SMS_TEMPLATES="sms-reminder=SMS_123456789",
        ARREARS_MESSAGING_LEASE_SECONDS=str(LEASE),
        ARREARS_MESSAGING_SEND_ON_QUEUE="0",
    )
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _sender(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_messages", "--batch", "5", "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def database_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_TEST_POSTGRES")}
    env["ARREARS_VAR_DIR"] = str(tmp_path)
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        assert s["NAME"].startswith("test_"), s["NAME"]
        host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
        env["ARREARS_DATABASE_URL"] = f"postgresql://{s['USER']}:{s['PASSWORD']}@{host}/{s['NAME']}"
    else:
        path = tmp_path / "senders.sqlite3"
        env["ARREARS_DATABASE_URL"] = f"sqlite:///{path}"
        _run(env, "manage.py", "migrate", "--no-input", "-v0")
    return env


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_and_one_killed_mid_send_send_each_message_exactly_once(database_env, settings):
    with FakeAliyun(hold_seconds=20, hold_count=1) as fake:
        env = _env(database_env, fake)
        world = json.loads(
            _run(env, "-m", "arrears.messaging.tests.senders", "--messages", "40").splitlines()[-1]
        )
        keys = {key for _pk, key in world["messages"]}
        doomed = _sender(env)
        assert fake.holding.wait(60), doomed.communicate(timeout=5)
        doomed.send_signal(signal.SIGKILL)  # in the middle of a send: the provider has the request
        doomed.wait(timeout=30)
        racing = [_sender(env), _sender(env)]
        for p in racing:
            _out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err[-3000:]
        # The killed sender's claims wait for their lease (the racing senders may already
        # have taken them over if they outlived it); a last run sends whatever is left.
        time.sleep(LEASE + 1)
        _run(env, "manage.py", "send_messages", "-v", "0")
    facts = _facts(env)
    assert facts["statuses"] == {Status.SENT: 40}
    assert fake.requests == dict.fromkeys(keys, 1)  # each key reached SendSms once
    assert len(facts["contacts"]) == 40 and set(facts["contacts"].values()) == {1}  # one contact event each
    assert facts["retried"] >= 1 and facts["deduplicated"] >= 1


def _facts(env: dict[str, str]) -> dict[str, Any]:
    """Statuses, contact events per message, retried and deduplicated sends, from the shared
    database (on SQLite a file the test's own in-memory connection cannot see)."""
    if connection.vendor == "postgresql":
        return {
            "statuses": Counter(Message.objects.values_list("status", flat=True)),
            "contacts": Counter(
                Event.objects.filter(kind=Kind.CONTACT).values_list("data__message", flat=True)
            ),
            "retried": Message.objects.filter(attempts=2).count(),
            "deduplicated": sum(
                1 for e in Event.objects.filter(kind=Kind.CONTACT) if e.data.get("deduplicated")
            ),
        }
    db = sqlite3.connect(env["ARREARS_DATABASE_URL"].removeprefix("sqlite:///"))
    try:
        return {
            "statuses": Counter(s for (s,) in db.execute("SELECT status FROM messaging_message")),
            "contacts": Counter(
                m
                for (m,) in db.execute(
                    "SELECT json_extract(data, '$.message') FROM activity_event WHERE kind = 'contact'"
                )
            ),
            "retried": db.execute("SELECT COUNT(*) FROM messaging_message WHERE attempts = 2").fetchone()[0],
            "deduplicated": db.execute(
                "SELECT COUNT(*) FROM activity_event WHERE kind = 'contact'"
                " AND json_extract(data, '$.deduplicated')"
            ).fetchone()[0],
        }
    finally:
        db.close()
