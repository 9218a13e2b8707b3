"""The nightly's bulk append and a collector's single append on the same case at the same
time (PostgreSQL, two connections): the chain stays whole and neither fails."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from arrears.activity.actions import NewEvent, append, append_many, verify_all
from arrears.activity.models import Event, Kind
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, add_debtor, build_world, open_case
from arrears.testing.threads import HeldOpen

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections"),
    pytest.mark.django_db(transaction=True),
]


def test_a_bulk_append_waits_for_an_action_holding_the_case_and_chains_after_it() -> None:
    world = build_world(collectors=1)
    debtor = add_debtor(world, 1, dpd=3)
    run_nightly(ON)
    case = open_case(debtor)
    before = Event.objects.filter(case=case).count()
    failures: list[BaseException] = []
    finished = threading.Event()

    def night() -> None:
        try:
            append_many([NewEvent(case.pk, Kind.NOTE, values={"note": "night"})])
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            finished.set()
            connections.close_all()

    # An action's append: the case row locked, the event written, the commit late.
    with HeldOpen(lambda: append(case, Kind.NOTE, note="called back")) as action:
        second = threading.Thread(target=night)
        second.start()
        time.sleep(0.5)
        # The night waits on the case the action holds (it would otherwise have read the old
        # head and collided with the action's number at its insert).
        assert not finished.is_set()
        action.release()
    second.join(10)
    assert not failures, failures
    notes = list(Event.objects.filter(case=case, kind=Kind.NOTE).order_by("seq").values_list("note", "seq"))
    assert notes == [("called back", before + 1), ("night", before + 2)]
    assert not list(verify_all([case.pk]))
