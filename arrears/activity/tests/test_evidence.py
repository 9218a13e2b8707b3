"""The evidence trail in the database: append-only, numbered, chained, verifiable."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from arrears.activity.actions import (
    NewEvent,
    append,
    append_many,
    contact_history,
    verify_all,
    verify_case,
)
from arrears.activity.models import AppendOnly, Event, Kind
from arrears.cases.models import Case
from arrears.compliance.actions import check
from arrears.compliance.shell import build_request
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Role
from arrears.portfolio.models import Creditor, Debtor

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def new_case(creditor: Creditor, n: int) -> Case:
    debtor = Debtor.objects.create(
        creditor=creditor, external_id=f"D{n}", name=f"Debtor {n}", jurisdiction="CN"
    )
    return Case.objects.create(debtor=debtor, opened_on=date(2026, 3, 1))


@pytest.fixture
def creditor() -> Creditor:
    return Creditor.objects.create(code="bank", name="Bank")


@pytest.fixture
def case(creditor: Creditor) -> Case:
    return new_case(creditor, 1)


@pytest.fixture
def user() -> User:
    return make_user("writer", Role.COLLECTOR, None)


def trail(case: Case) -> list[Event]:
    return list(Event.objects.filter(case=case).order_by("seq"))


def verify(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("verify_evidence", *args, "--lang", "en", stdout=out, verbosity=0)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


# -- writing ----------------------------------------------------------------------------------


def test_appended_events_are_numbered_per_case_and_chained(creditor: Creditor, user: User) -> None:
    first, second = new_case(creditor, 1), new_case(creditor, 2)
    for n in range(3):
        append(first, Kind.NOTE, actor=user, note=f"first {n}")
        append(second, Kind.NOTE, actor=user, note=f"second {n}")
    append(first, Kind.NOTE, actor=user, note="first 3")
    for case, count in ((first, 4), (second, 3)):
        events = trail(case)
        assert [e.seq for e in events] == list(range(1, count + 1))
        assert events[0].prev_hash == ""
        assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
        assert len({e.hash for e in events}) == count
        assert verify_case(case) is None
    assert trail(first)[0].actor == user


def test_details_read_back_identically_so_the_hash_verifies(case: Case, user: User) -> None:
    # Decimal, dates and non-ASCII text in `data` are normalised through JSON when written.
    event = append(
        case,
        Kind.PROMISE_MADE,
        actor=user,
        at=T0,
        note="承诺周五前还款 1,000.50 元",
        data={"amount": Decimal("1000.50"), "due_on": date(2026, 3, 6), "nested": {"b": [1, 2], "a": None}},
    )
    stored = Event.objects.get(pk=event.pk)
    assert stored.data == {"amount": "1000.50", "due_on": "2026-03-06", "nested": {"a": None, "b": [1, 2]}}
    assert stored.at == T0
    assert verify_case(case) is None


def test_unknown_event_fields_are_refused(case: Case) -> None:
    with pytest.raises(TypeError, match="unknown event fields"):
        append(case, Kind.NOTE, notes="typo")


def test_append_many_continues_existing_chains(creditor: Creditor, user: User) -> None:
    old, fresh, untouched = new_case(creditor, 1), new_case(creditor, 2), new_case(creditor, 3)
    append(old, Kind.CASE_OPENED, actor=user)
    append(old, Kind.NOTE, actor=user, note="before the run")
    append(untouched, Kind.CASE_OPENED, actor=user)
    written = append_many(
        [
            NewEvent(old.pk, Kind.STAGE_CHANGED, values={"data": {"from": "reminder", "to": "phone"}}),
            NewEvent(fresh.pk, Kind.CASE_OPENED, values={"data": {"on": "2026-03-02"}}),
            NewEvent(old.pk, Kind.PROMISE_CHECKED, values={"data": {"status": "kept"}}),
            NewEvent(fresh.pk, Kind.ASSIGNED, values={"data": {"owner": user.pk}}),
        ],
        batch_size=2,
    )
    assert written == 4
    assert [(e.seq, e.kind) for e in trail(old)] == [
        (1, Kind.CASE_OPENED),
        (2, Kind.NOTE),
        (3, Kind.STAGE_CHANGED),
        (4, Kind.PROMISE_CHECKED),
    ]
    assert [(e.seq, e.kind) for e in trail(fresh)] == [(1, Kind.CASE_OPENED), (2, Kind.ASSIGNED)]
    assert trail(old)[2].prev_hash == trail(old)[1].hash
    assert list(verify_all()) == []
    # And append() carries on after a bulk write.
    assert append(fresh, Kind.NOTE, note="after").seq == 3
    assert verify_case(fresh) is None
    assert append_many([]) == 0


def test_append_many_for_new_cases_refuses_a_chain_already_begun(creditor: Creditor, user: User) -> None:
    """`new_cases` skips the cases' lock (no other transaction can see a case the caller
    just created); a case that already has events is refused, whole, rather than appended
    to without it."""
    fresh, begun = new_case(creditor, 1), new_case(creditor, 2)
    append(begun, Kind.CASE_OPENED, actor=user)
    with pytest.raises(ValueError, match="1 of these cases already have events"):
        append_many(
            [NewEvent(fresh.pk, Kind.CASE_OPENED), NewEvent(begun.pk, Kind.NOTE, values={"note": "x"})],
            new_cases=True,
        )
    assert [e.seq for e in trail(fresh)] == [] and [e.seq for e in trail(begun)] == [1]
    assert append_many([NewEvent(fresh.pk, Kind.CASE_OPENED)], new_cases=True) == 1
    assert list(verify_all()) == []


def test_append_many_hashes_in_bulk_as_append_does(creditor: Creditor, user: User) -> None:
    """The batch path assembles each event's canonical JSON from cached pieces; the chain
    it writes verifies field by field, whatever the values hold."""
    cases = [new_case(creditor, n) for n in range(3)]
    append(cases[0], Kind.NOTE, actor=user, note="before")
    awkward = 'quote " backslash \\ newline \n tab \t 中文 \u2028'
    events = [
        NewEvent(
            cases[i % 3].pk,
            Kind.CONTACT if i % 2 else Kind.STAGE_CHANGED,
            at=T0 + timedelta(minutes=i),
            values={
                "channel": "call",
                "outcome": "no_answer" if i % 4 else "",
                "note": awkward if i % 5 == 0 else f"n{i}",
                "data": {
                    "amount": Decimal("12.50"),
                    "on": date(2026, 3, 2),
                    "nested": {"z": [1, 2.5, None, True], "a": "é"},
                    7: "int key",
                }
                if i % 3 == 0
                else {"dpd": i, "rule": "dpd_phone"},
            },
        )
        for i in range(40)
    ]
    assert append_many(events, actor=user, batch_size=7) == 40
    assert list(verify_all()) == []
    stored = Event.objects.filter(case=cases[0]).order_by("seq")
    assert [e.seq for e in stored] == list(range(1, 16))
    # The data reads back as JSON made it: Decimal and dates as text, keys as strings.
    opened = stored[1]
    assert opened.data["amount"] == "12.50" and opened.data["7"] == "int key"
    assert opened.note == awkward


# -- append-only ------------------------------------------------------------------------------


def test_events_cannot_be_changed_or_deleted_through_the_orm(case: Case, user: User) -> None:
    event = append(case, Kind.NOTE, actor=user, note="original")
    event.note = "rewritten"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.save(update_fields=["note"])
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        Event.objects.update(note="rewritten")
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(AppendOnly):
        Event.objects.delete()
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).delete()
    stored = Event.objects.get(pk=event.pk)
    assert stored.note == "original"
    assert verify_case(case) is None


# -- verify_evidence ------------------------------------------------------------------------


def test_an_intact_database_passes(creditor: Creditor, user: User) -> None:
    for n in range(1, 4):
        case = new_case(creditor, n)
        for k in range(n):
            append(case, Kind.NOTE, actor=user, note=f"note {k}")
    out, error = verify()
    assert error is None
    assert "3 cases, 6 events checked; 0 problems" in out


def test_an_edited_row_fails_verification_naming_the_case_and_event(creditor: Creditor, user: User) -> None:
    """Acceptance: an event edited in the database behind the ORM's back is found."""
    intact, tampered = new_case(creditor, 1), new_case(creditor, 2)
    for case in (intact, tampered):
        append(case, Kind.CASE_OPENED, actor=user)
        append(case, Kind.CONTACT, actor=user, channel="call", outcome="no_answer", note="no answer")
        append(case, Kind.NOTE, actor=user, note="later")
    target = Event.objects.get(case=tampered, seq=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE activity_event SET note = %s WHERE id = %s", ["debtor promised to pay", target.pk]
        )
    out, error = verify()
    assert error is not None
    assert "2 cases, 6 events checked; 1 problem" in out
    assert "1 problem in the evidence trail" in str(error)
    assert tampered.reference in out and str(tampered.public_id) in out
    assert "event #2 was changed after it was written" in out
    assert intact.reference not in out
    # One case at a time, by reference or by public id.
    out, error = verify("--case", tampered.reference)
    assert error is not None and "event #2 was changed" in out
    out, error = verify("--case", str(intact.public_id))
    assert error is None and "1 case, 3 events checked; 0 problems" in out


def test_a_deleted_row_fails_verification(case: Case, user: User) -> None:
    for n in range(4):
        append(case, Kind.NOTE, actor=user, note=f"note {n}")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM activity_event WHERE case_id = %s AND seq = %s", [case.pk, 2])
    out, error = verify()
    assert error is not None
    assert f"{case.reference} ({case.public_id}): event #2 is missing (the next one is #3)" in out


def test_verify_evidence_exits_with_status_1_on_a_broken_chain(case: Case, user: User) -> None:
    append(case, Kind.NOTE, actor=user, note="one")
    _out, error = verify()
    assert error is None  # intact: the command returns, manage.py exits 0
    with connection.cursor() as cursor:
        cursor.execute("UPDATE activity_event SET channel = %s WHERE case_id = %s", ["sms", case.pk])
    _out, error = verify()
    # manage.py turns a CommandError into sys.exit(returncode). (Run in-process through
    # ManagementUtility it would also close the test's database connection.)
    assert error is not None and error.returncode == 1


def test_an_unknown_case_is_an_error(case: Case) -> None:
    with pytest.raises(CommandError, match="No such case"):
        call_command(
            "verify_evidence", "--case", "C-99999999", "--lang", "en", stdout=io.StringIO(), verbosity=0
        )
    with pytest.raises(CommandError, match="No such case"):
        call_command(
            "verify_evidence", "--case", "nonsense", "--lang", "en", stdout=io.StringIO(), verbosity=0
        )


# -- the gate's history -------------------------------------------------------------------------


def test_contact_history_is_the_gates_history(case: Case, user: User) -> None:
    person = Person.objects.create(debtor=case.debtor, relationship=Relationship.SELF, name="Debtor")
    phone = ContactPoint.objects.create(
        person=person, kind="phone", value="13800000001", source="bank_system"
    )
    now = T0 + timedelta(days=1)
    common = {"actor": user, "person_id": person.pk, "contact_point_id": phone.pk}
    append(case, Kind.CONTACT, at=T0, channel="call", outcome="no_answer", **common)
    append(
        case,
        Kind.CONTACT,
        at=T0 + timedelta(hours=2),
        channel="call",
        outcome="right_party_contact",
        data={"purpose": "collect"},
        **common,
    )
    append(
        case,
        Kind.CONTACT,
        at=T0 + timedelta(hours=3),
        channel="sms",
        outcome="sent",
        data={"purpose": "location"},
    )
    # Not history: too old, in the future, a visit, a blocked attempt, a note.
    append(case, Kind.CONTACT, at=now - timedelta(days=36), channel="call", outcome="no_answer", **common)
    append(case, Kind.CONTACT, at=now + timedelta(hours=1), channel="call", outcome="no_answer", **common)
    append(case, Kind.CONTACT, at=T0, channel="visit", outcome="visit_done", person_id=person.pk)
    append(case, Kind.BLOCKED, at=T0, channel="call", **common)
    append(case, Kind.NOTE, at=T0, note="not a contact")

    history = contact_history(case.debtor, now)
    assert history == [
        {
            "at": T0.isoformat(),
            "channel": "call",
            "connected": False,
            "conversation": False,
            "purpose": "collect",
            "person_id": str(person.public_id),
            "contact_point": str(phone.public_id),
            "by": str(user.pk),
        },
        {
            "at": (T0 + timedelta(hours=2)).isoformat(),
            "channel": "call",
            "connected": True,
            "conversation": True,
            "purpose": "collect",
            "person_id": str(person.public_id),
            "contact_point": str(phone.public_id),
            "by": str(user.pk),
        },
        {
            "at": (T0 + timedelta(hours=3)).isoformat(),
            "channel": "sms",
            "connected": False,
            "conversation": False,
            "purpose": "location",
        },
    ]
    # The gate accepts it as the request's history.
    request = build_request(case.debtor, person, phone, "call", now, "collect", history=history)
    assert check(request).decision.allowed


def test_every_code_an_event_stores_fits_its_column() -> None:
    """PostgreSQL refuses a value longer than its column (SQLite keeps it): every reaction
    label and every choice an event stores must fit, or a contact becomes a 500 there."""
    from arrears.activity.models import Event
    from arrears.scripts.labels import REACTIONS

    fields: list[Any] = list(Event._meta.get_fields())
    by_name = {f.name: f for f in fields}
    assert max(len(code) for code in REACTIONS) <= by_name["reaction"].max_length
    for field in fields:
        if getattr(field, "choices", None) and getattr(field, "max_length", None):
            assert max(len(str(value)) for value, _label in field.flatchoices) <= field.max_length, field.name
