"""A digest carried forward from the one before (arrears/activity/digest_carry.py): the same
lines as a digest that reads every head, and never carried from a digest or a database that
cannot be trusted to hold them."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from arrears.activity import digest_carry
from arrears.activity.actions import append
from arrears.activity.digest import digests_in, write_digest
from arrears.activity.models import Kind
from arrears.activity.tests.test_digest import creditor, new_case, rewrite, sql, user, verify, with_events
from arrears.cases.models import Case
from arrears.portfolio.models import Creditor
from arrears.testing.threads import HeldOpen

__all__ = ["creditor", "user"]  # the fixtures, used by name

pytestmark = pytest.mark.django_db


def body(path: Path) -> bytes:
    return path.read_bytes().split(b"\n", 1)[1]


def header(path: Path) -> dict[str, object]:
    return json.loads(path.read_bytes().split(b"\n", 1)[0])


def full_body(tmp_path: Path) -> bytes:
    """The body of a digest that reads every head now, in a folder of its own."""
    written = write_digest(tmp_path / f"full-{time.monotonic_ns()}", full=True)
    assert not written.carried
    return body(written.path)


def test_a_carried_digest_has_the_lines_of_a_full_one(tmp_path: Path, creditor: Creditor, user: User) -> None:
    old, continued, empty = (
        with_events(new_case(creditor, 1), user, 3),
        with_events(new_case(creditor, 2), user, 1),
        new_case(creditor, 3),
    )
    first = write_digest(tmp_path)
    assert not first.carried and header(first.path)["carried_from"] is None
    # Since: events on one case, a case opened with events, one without, one given its first.
    with_events(continued, user, 2)
    opened = with_events(new_case(creditor, 4), user, 2)
    new_case(creditor, 5)
    with_events(empty, user, 1)
    second = write_digest(tmp_path)
    assert second.carried and second.previous == first.path
    meta = header(second.path)
    assert meta["carried_from"] == first.path.name
    assert meta["full_at"] == header(first.path)["created_at"]
    assert (second.cases, second.events) == (5, 3 + 3 + 1 + 2)
    assert body(second.path) == full_body(tmp_path)
    lines = [json.loads(line) for line in body(second.path).splitlines()]
    assert [line["ref"] for line in lines] == [
        c.reference for c in Case.objects.order_by("id")
    ] and lines[0]["case"] == str(old.public_id)
    assert lines[3]["case"] == str(opened.public_id) and lines[3]["events"] == 2
    out, error = verify("--against", second.path)
    assert error is None, out
    # Nothing since: carried again, the same lines.
    third = write_digest(tmp_path)
    assert third.carried and body(third.path) == body(second.path)


def test_carried_in_blocks_the_lines_stay_in_order(
    tmp_path: Path, creditor: Creditor, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [with_events(new_case(creditor, n), user, 1 + n % 3) for n in range(1, 10)]
    write_digest(tmp_path)
    # Changed cases at the start, inside and at the end of the blocks of two lines.
    for case in (cases[0], cases[4], cases[5], cases[8]):
        with_events(case, user, 1)
    new_case(creditor, 20)
    monkeypatch.setattr(digest_carry, "CHUNK", 2)
    told: list[int] = []
    written = write_digest(tmp_path, progress=told.append)
    assert written.carried and sum(told) == written.cases == 10 and len(told) >= 5
    assert body(written.path) == full_body(tmp_path)


def test_a_deleted_event_stays_found_against_every_later_digest(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    # A full digest would anchor what is left after the deletion; the carried one keeps the
    # head the chain had, so the gap shows against the digests after it too.
    cut, other = with_events(new_case(creditor, 1), user, 4), with_events(new_case(creditor, 2), user, 2)
    write_digest(tmp_path)
    sql("DELETE FROM activity_event WHERE case_id = %s AND seq = 4", [cut.pk])
    with_events(other, user, 1)
    later = write_digest(tmp_path)
    assert later.carried
    out, error = verify("--against", later.path)
    assert error is not None and f"{cut.reference} ({cut.public_id}): the digest recorded 4 events" in out


def test_an_edited_previous_digest_is_not_carried_and_the_digest_reads_every_head(
    tmp_path: Path, creditor: Creditor, user: User, caplog: pytest.LogCaptureFixture
) -> None:
    case = with_events(new_case(creditor, 1), user, 3)
    with_events(new_case(creditor, 2), user, 1)
    first = write_digest(tmp_path)

    def shorten(lines: list[str]) -> list[str]:
        entry = json.loads(lines[1]) | {"seq": 2, "events": 2}
        return [lines[0], json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n", *lines[2:]]

    rewrite(first.path, shorten)
    with_events(case, user, 1)
    with caplog.at_level(logging.WARNING, logger="arrears.evidence"):
        second = write_digest(tmp_path)
    assert not second.carried and header(second.path)["full_at"] == header(second.path)["created_at"]
    assert body(second.path) == full_body(tmp_path)
    why = "its lines were changed after it was signed"
    assert f"{first.path.name} cannot be carried forward: {why}" in caplog.text


def test_a_full_digest_at_least_every_so_many_days(tmp_path: Path, creditor: Creditor, user: User) -> None:
    case = with_events(new_case(creditor, 1), user, 1)
    start = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    with override_settings(ARREARS_DIGEST_FULL_DAYS=7):
        for day, carried in ((0, False), (1, True), (6, True), (7, False), (8, True)):
            with time_machine.travel(start + timedelta(days=day), tick=False):
                with_events(case, user, 1)
                assert write_digest(tmp_path).carried is carried, day
    asked = write_digest(tmp_path, full=True)
    assert not asked.carried


@pytest.mark.parametrize("change", ["event at the mark", "case at the mark", "a case deleted"])
def test_another_database_than_the_digests_is_never_mixed_with_its_lines(
    tmp_path: Path, creditor: Creditor, user: User, change: str
) -> None:
    first_case = with_events(new_case(creditor, 1), user, 2)
    new_case(creditor, 2)
    last = with_events(new_case(creditor, 3), user, 1)
    first = write_digest(tmp_path)
    marks = header(first.path)["settled"]
    assert isinstance(marks, dict) and marks["case"] == last.pk
    if change == "event at the mark":
        sql("UPDATE activity_event SET hash = %s WHERE id = %s", ["0" * 64, marks["event"]])
    elif change == "case at the mark":
        Case.objects.filter(pk=last.pk).update(public_id=uuid.uuid4())
    else:
        sql("DELETE FROM activity_event WHERE case_id = %s", [first_case.pk])
        sql("DELETE FROM cases_case WHERE id = %s", [first_case.pk])
    second = write_digest(tmp_path)
    assert not second.carried
    assert body(second.path) == full_body(tmp_path)


# -- rows given an id before the mark and committed after it (PostgreSQL) ------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="transactions on two connections"
)


def other_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    return psycopg.connect(**{k: v for k, v in params.items() if k not in ("cursor_factory", "context")})


@on_postgresql
def test_the_mark_waits_for_the_writers_of_its_moment() -> None:
    with other_connection() as other:
        other.execute("LOCK TABLE activity_event IN ROW EXCLUSIVE MODE")  # a writer, uncommitted
        started = time.monotonic()
        assert digest_carry.settled_marks(wait=0.3) is None
        assert time.monotonic() - started >= 0.3
        other.commit()
        assert isinstance(digest_carry.settled_marks(wait=0.3), dict)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_event_committed_after_a_later_one_is_in_the_next_digests(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    early, late = with_events(new_case(creditor, 1), user, 1), with_events(new_case(creditor, 2), user, 1)
    write_digest(tmp_path)
    # An action's event: its id given first, its commit after a later event's.
    def collector() -> None:
        append(early, Kind.NOTE, actor=user, note="given an id first, committed last")

    with HeldOpen(collector) as action:
        append(late, Kind.NOTE, actor=user, note="a later id, committed at once")
        timer = threading.Timer(0.5, action.release)
        timer.start()
        during = write_digest(tmp_path)  # waits for the collector's commit
    assert during.carried
    assert [json.loads(line)["events"] for line in body(during.path).splitlines()] == [2, 2]
    after = write_digest(tmp_path)
    assert after.carried and body(after.path) == full_body(tmp_path)


def test_the_command_says_when_it_carried_and_reads_every_head_with_full(
    tmp_path: Path, creditor: Creditor, user: User
) -> None:
    with_events(new_case(creditor, 1), user, 2)
    folder = str(tmp_path / "archive")

    def run(*args: str, lang: str = "en") -> str:
        out = io.StringIO()
        call_command("evidence_digest", "--out", folder, *args, "--lang", lang, stdout=out, verbosity=0)
        return out.getvalue()

    assert "read again" not in run()
    carried = run()
    assert "It chains to digest-" in carried
    assert "Only the chains with events since were read again; the others are as in digest-" in carried
    assert "只重新读取了此后有新事件的证据链" in run(lang="zh-hans")
    full = run("--full")
    assert "It chains to digest-" in full and "read again" not in full
    assert [header(p)["carried_from"] is not None for p in digests_in(tmp_path / "archive")] == [
        False,
        True,
        True,
        False,
    ]
