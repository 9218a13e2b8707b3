"""Signed digests of every chain's head, and `verify_evidence --against` them.

Tampering is done as an attacker with database access would: raw SQL on the tables (the
ORM refuses to update or delete events).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import secrets
import stat
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import translation

from arrears.activity import digest as digest_module
from arrears.activity.actions import append
from arrears.activity.chain import HASHED, event_hash
from arrears.activity.digest import (
    FORMAT,
    DigestError,
    _canonical,
    digests_in,
    open_digest,
    signing_key,
    write_digest,
)
from arrears.activity.models import Event, Kind
from arrears.cases.models import Case
from arrears.conftest import make_user
from arrears.core.models import Role
from arrears.portfolio.models import Creditor, Debtor

pytestmark = pytest.mark.django_db

OTHER_KEY = "another-installation-key-" + "1" * 32


def new_case(creditor: Creditor, n: int) -> Case:
    debtor = Debtor.objects.create(creditor=creditor, external_id=f"D{n}", name=f"Debtor {n}")
    return Case.objects.create(debtor=debtor, opened_on=date(2026, 3, 1))


@pytest.fixture
def creditor() -> Creditor:
    return Creditor.objects.create(code="bank", name="Bank")


@pytest.fixture
def user() -> User:
    return make_user("writer", Role.COLLECTOR, None)


def with_events(case: Case, user: User, n: int) -> Case:
    for k in range(n):
        append(case, Kind.NOTE, actor=user, note=f"note {k + 1}")
    return case


def verify(*args: Any) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("verify_evidence", *map(str, args), "--lang", "en", stdout=out, verbosity=0)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def recompute_chain_from(case: Case, seq: int, note: str) -> None:
    """Edit event `seq`'s note and hash every link from there again, as someone with the
    database and the (public) hash rule would."""
    rows = list(Event.objects.filter(case=case).order_by("seq").values("id", "prev_hash", "hash", *HASHED))
    prev = rows[seq - 2]["hash"] if seq > 1 else ""
    for row in rows[seq - 1 :]:
        if row["seq"] == seq:
            row["note"] = note
        digest = event_hash(str(case.public_id), row, prev)
        sql(
            "UPDATE activity_event SET note = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row["note"], prev, digest, row["id"]],
        )
        prev = digest


# -- writing --------------------------------------------------------------------------------


def test_a_digest_lists_every_cases_head_and_is_signed(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    first, second, empty = (
        with_events(new_case(creditor, 1), user, 3),
        new_case(creditor, 2),
        new_case(creditor, 3),
    )
    with_events(second, user, 1)
    written = write_digest(tmp_path)
    assert (written.cases, written.events, written.previous) == (3, 4, None)
    assert written.path.parent == tmp_path
    assert written.path.name.startswith("digest-") and written.path.name.endswith("Z.jsonl")
    lines = written.path.read_text().splitlines()
    header = json.loads(lines[0])
    assert header["format"] == FORMAT and header["version"] == 1
    assert (header["cases"], header["events"], header["previous"]) == (3, 4, None)
    assert header["key_id"] == signing_key().id and len(header["signature"]) == 64
    last = Event.objects.get(case=first, seq=3)
    assert [json.loads(line) for line in lines[1:]] == [
        {"case": str(first.public_id), "ref": first.reference, "seq": 3, "hash": last.hash, "events": 3},
        {
            "case": str(second.public_id),
            "ref": second.reference,
            "seq": 1,
            "hash": Event.objects.get(case=second).hash,
            "events": 1,
        },
        {"case": str(empty.public_id), "ref": empty.reference, "seq": 0, "hash": "", "events": 0},
    ]
    # Each line is the entry's canonical JSON (the lines are built column by column).
    assert [_canonical(json.loads(line)).decode() for line in lines[1:]] == lines[1:]
    # Read-only, no temporary files left behind; the key is not in it.
    assert not stat.S_IMODE(written.path.stat().st_mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", written.path.name]
    assert settings.ARREARS_EVIDENCE_KEY not in written.path.read_text()
    out, error = verify("--against", written.path)
    assert error is None, out
    assert "3 cases, 4 events checked; against the digest of" in out and "0 problems" in out


def test_heads_read_in_ranges_of_cases_give_the_same_body(
    tmp_path: Path, creditor: Creditor, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five cases, one without events, read two case ids at a time: the same entries in
    # the same order as in one range, and progress told of every case.
    for n in range(5):
        case = new_case(creditor, n + 1)
        if n != 2:
            with_events(case, user, n + 1)
    whole = write_digest(tmp_path / "one").path.read_bytes().split(b"\n", 1)[1]
    monkeypatch.setattr(digest_module, "CHUNK", 2)
    told: list[int] = []
    written = write_digest(tmp_path / "ranges", progress=told.append)
    assert written.path.read_bytes().split(b"\n", 1)[1] == whole
    assert sum(told) == written.cases == 5 and len(told) >= 3
    assert written.events == 1 + 2 + 4 + 5


def test_digests_chain_to_the_one_before_and_never_overwrite_one(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    with_events(new_case(creditor, 1), user, 2)
    with time_machine.travel(datetime(2026, 3, 2, 18, 0, 5, tzinfo=UTC), tick=False):
        first = write_digest(tmp_path)
        second = write_digest(tmp_path)  # the same second: a name of its own
    third = write_digest(tmp_path)
    assert first.path.name == "digest-2026-03-02T180005Z.jsonl"
    assert second.path.name == "digest-2026-03-02T180005Z-2.jsonl"
    assert digests_in(tmp_path) == [first.path, second.path, third.path]
    for earlier, later in ((first, second), (second, third)):
        header = json.loads(later.path.read_text().splitlines()[0])
        assert header["previous"]["file"] == earlier.path.name
        assert header["previous"]["sha256"] == hashlib.sha256(earlier.path.read_bytes()).hexdigest()
        assert later.previous == earlier.path


def test_the_evidence_digest_command_writes_into_the_folder_given(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    with_events(new_case(creditor, 1), user, 2)
    out = io.StringIO()
    call_command(
        "evidence_digest", "--out", str(tmp_path / "archive"), "--lang", "en", stdout=out, verbosity=0
    )
    [path] = digests_in(tmp_path / "archive")
    assert f"Wrote {path}: 1 cases, 2 events, signed with key {signing_key().id}." in out.getvalue()
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(CommandError, match="is not a folder"):
        call_command(
            "evidence_digest", "--out", str(not_a_folder), "--lang", "en", stdout=io.StringIO(), verbosity=0
        )


# -- what the chain alone misses, the digest shows -------------------------------------------------


def test_a_deleted_last_event_is_found_against_the_digest(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    case, intact = with_events(new_case(creditor, 1), user, 4), with_events(new_case(creditor, 2), user, 2)
    digest = write_digest(tmp_path).path
    sql("DELETE FROM activity_event WHERE case_id = %s AND seq = %s", [case.pk, 4])
    out, error = verify()
    assert error is None  # the chain that is left is intact: only the digest knows
    out, error = verify("--against", digest)
    assert error is not None and error.returncode == 1
    assert (
        f"{case.reference} ({case.public_id}): the digest recorded 4 events (up to #4);"
        " the database has 3 (up to #3): events were deleted"
    ) in out
    assert intact.reference not in out
    assert "1 problem" in out


def test_all_events_of_a_case_deleted_are_found(tmp_path: Path, creditor: Creditor, user: User) -> None:
    case, gone = with_events(new_case(creditor, 1), user, 3), with_events(new_case(creditor, 2), user, 2)
    gone_ref, gone_id = gone.reference, gone.public_id
    digest = write_digest(tmp_path).path
    sql("DELETE FROM activity_event WHERE case_id = %s", [case.pk])
    # And a case removed with every trace of it.
    sql("DELETE FROM activity_event WHERE case_id = %s", [gone.pk])
    sql("DELETE FROM cases_case WHERE id = %s", [gone.pk])
    assert verify()[1] is None
    out, error = verify("--against", digest)
    assert error is not None
    assert (
        f"{case.reference} ({case.public_id}): the digest recorded 3 events (up to #3);"
        " none are left: every event was deleted"
    ) in out
    assert (
        f"{gone_ref} ({gone_id}): the digest recorded this case with 2 events (up to #2);"
        " the case is no longer in the database"
    ) in out


def test_a_recomputed_chain_is_found(tmp_path: Path, creditor: Creditor, user: User) -> None:
    case = with_events(new_case(creditor, 1), user, 5)
    digest = write_digest(tmp_path).path
    recompute_chain_from(case, 2, "the debtor was told of the hardship scheme")
    out, error = verify()
    assert error is None, out  # rehashed from the edit on: the chain verifies by itself
    out, error = verify("--against", digest)
    assert error is not None
    assert (
        f"{case.reference} ({case.public_id}): event #5 no longer has the hash the digest recorded:"
        " the chain was rewritten at or before #5"
    ) in out


def test_a_case_opened_or_continued_after_the_digest_is_not_an_error(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    old = with_events(new_case(creditor, 1), user, 2)
    digest = write_digest(tmp_path).path
    with_events(new_case(creditor, 2), user, 3)
    append(old, Kind.NOTE, actor=user, note="later")
    out, error = verify("--against", digest)
    assert error is None, out
    assert (
        "2 cases, 6 events checked; against the digest of" in out and "(1 cases, 2 events); 0 problems" in out
    )


def test_one_case_is_checked_against_the_digest_with_case(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    broken, fine = with_events(new_case(creditor, 1), user, 2), with_events(new_case(creditor, 2), user, 2)
    digest = write_digest(tmp_path).path
    sql("DELETE FROM activity_event WHERE case_id = %s AND seq = 2", [broken.pk])
    assert verify("--against", digest, "--case", fine.reference)[1] is None
    out, error = verify("--against", digest, "--case", broken.reference)
    assert error is not None and broken.reference in out and "events were deleted" in out


# -- a digest that cannot be trusted is refused ------------------------------------------------------


def rewrite(path: Path, edit: Any) -> None:
    lines = path.read_text().splitlines(keepends=True)
    os.chmod(path, 0o644)
    path.write_text("".join(edit(lines)))


def test_a_forged_or_edited_digest_is_refused(tmp_path: Path, creditor: Creditor, user: User) -> None:
    case = with_events(new_case(creditor, 1), user, 3)
    digest = write_digest(tmp_path).path
    sql("DELETE FROM activity_event WHERE case_id = %s AND seq = 3", [case.pk])
    original = digest.read_text()

    def body_edit(lines: list[str]) -> list[str]:
        # Make the digest agree with the shortened chain.
        entry = json.loads(lines[1]) | {
            "seq": 2,
            "events": 2,
            "hash": Event.objects.get(case=case, seq=2).hash,
        }
        return [lines[0], json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n"]

    def header_edit(lines: list[str]) -> list[str]:
        header = json.loads(lines[0]) | {"created_at": "2026-01-01T00:00:00.000000Z"}
        return [json.dumps(header) + "\n", *lines[1:]]

    def body_and_its_hash(lines: list[str]) -> list[str]:
        body = body_edit(lines)[1]
        header = json.loads(lines[0]) | {"body_sha256": hashlib.sha256(body.encode()).hexdigest()}
        return [json.dumps(header, sort_keys=True, separators=(",", ":")) + "\n", body]

    for edit, why in (
        (body_edit, "its lines were changed after it was signed"),
        (header_edit, "its signature does not match"),
        (body_and_its_hash, "its signature does not match"),
    ):
        rewrite(digest, edit)
        out, error = verify("--against", digest)
        assert error is not None and why in str(error), (why, error)
        assert "Nothing was checked against it" in str(error)
        assert out == ""  # refused before anything was checked
        digest.write_text(original)
    assert "events were deleted" in verify("--against", digest)[0]


def test_a_digest_signed_with_another_key_is_refused(tmp_path: Path, creditor: Creditor, user: User) -> None:
    with_events(new_case(creditor, 1), user, 1)
    with override_settings(ARREARS_EVIDENCE_KEY=OTHER_KEY):
        forged = write_digest(tmp_path).path
        other = signing_key().id
    _out, error = verify("--against", forged)
    assert error is not None
    assert f"it names the signing key {other}, and this installation's key is {signing_key().id}" in str(
        error
    )
    # A forger who writes our key's id into it still cannot sign for it.
    rewrite(forged, lambda lines: [lines[0].replace(other, signing_key().id), *lines[1:]])
    _out, error = verify("--against", forged)
    assert error is not None and "its signature does not match" in str(error)


def test_what_is_not_a_digest_is_a_clear_error(tmp_path: Path) -> None:
    with translation.override("en"), pytest.raises(DigestError, match="No such digest file"):
        open_digest(tmp_path / "missing.jsonl")
    for text in ("", "not json\n", '{"format": "something else"}\n', "\x00\xff\n"):
        path = tmp_path / "bad.jsonl"
        path.write_text(text, errors="surrogateescape")
        _out, error = verify("--against", path)
        assert error is not None and "is not an evidence digest" in str(error), text


def test_the_refusal_is_in_the_users_language(tmp_path: Path, creditor: Creditor, user: User) -> None:
    with_events(new_case(creditor, 1), user, 1)
    digest = write_digest(tmp_path).path
    rewrite(digest, lambda lines: [lines[0], lines[1].replace('"events":1', '"events":9')])
    with pytest.raises(CommandError) as refused:
        call_command(
            "verify_evidence",
            "--against",
            str(digest),
            "--lang",
            "zh-hans",
            stdout=io.StringIO(),
            verbosity=0,
        )
    assert "不可信" in str(refused.value)


# -- the key --------------------------------------------------------------------------------


def test_without_a_key_development_makes_one_under_var_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, creditor: Creditor, user: User
) -> None:
    with override_settings(ARREARS_EVIDENCE_KEY="", VAR_DIR=tmp_path):
        with caplog.at_level(logging.WARNING, logger="arrears.evidence"):
            key = signing_key()
        path = tmp_path / "evidence.key"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert key.id.startswith("dev-") and key.secret.decode() == path.read_text().strip()
        assert "ARREARS_EVIDENCE_KEY is not set" in caplog.text and str(path) in caplog.text
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="arrears.evidence"):
            assert signing_key() == key
        assert caplog.text == ""
        with_events(new_case(creditor, 1), user, 1)
        digest = write_digest(tmp_path / "evidence").path
        assert open_digest(digest).header["key_id"] == key.id


def settings_error(**env: str) -> str:
    """Import the settings in a fresh interpreter with `env`; the error it prints, if any."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ARREARS_")}
    result = subprocess.run(
        [sys.executable, "-c", "import arrears.settings"],
        env=clean | env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    return result.stderr


def test_production_refuses_to_start_without_the_key(tmp_path: Path) -> None:
    production = {
        "ARREARS_PRODUCTION": "1",
        "ARREARS_SECRET_KEY": secrets.token_urlsafe(64),
        "ARREARS_VAR_DIR": str(tmp_path),
    }
    assert "ARREARS_EVIDENCE_KEY must be set when ARREARS_PRODUCTION=1" in settings_error(**production)
    assert "ARREARS_EVIDENCE_KEY" not in settings_error(**production, ARREARS_EVIDENCE_KEY="k" * 40)
    assert "at least 32 characters" in settings_error(
        ARREARS_VAR_DIR=str(tmp_path), ARREARS_EVIDENCE_KEY="short"
    )


def check_archive_command(folder: Path) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command(
            "evidence_digest", "--check", "--out", str(folder), "--lang", "en", stdout=out, verbosity=0
        )
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_an_archive_of_digests_is_checked_link_by_link(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    case = with_events(new_case(creditor, 1), user, 1)
    paths = []
    for n in range(3):
        append(case, Kind.NOTE, actor=user, note=f"night {n}")
        with time_machine.travel(datetime(2026, 3, 2 + n, 18, 0, tzinfo=UTC), tick=False):
            paths.append(write_digest(tmp_path).path)
    first, second, third = paths
    out, error = check_archive_command(tmp_path)
    assert error is None, out
    assert f"3 digests from {first.name} to {third.name}; 0 problems" in out
    # An edited digest, and the next one no longer links to it.
    original = second.read_text()
    rewrite(second, lambda lines: [lines[0], lines[1].replace('"events":3', '"events":2')])
    assert second.read_text() != original
    out, error = check_archive_command(tmp_path)
    assert error is not None
    assert f"{second.name}: {second} cannot be trusted: its lines were changed after it was signed." in out
    assert f"{third.name}: {second.name}, the digest before it, changed since it was written." in out
    # A digest removed from the archive.
    second.unlink()
    out, error = check_archive_command(tmp_path)
    assert error is not None
    assert f"{third.name}: it does not name {first.name}, the digest before it, as its previous one." in out
    with pytest.raises(CommandError, match="No digests in"):
        call_command(
            "evidence_digest", "--check", "--out", str(tmp_path / "none"), "--lang", "en", verbosity=0
        )
