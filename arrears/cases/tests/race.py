"""Several OS processes log a call to one debtor at the same instant; how many get through?

    ARREARS_DATABASE_URL=... python -m arrears.cases.tests.race --profile CN --processes 8

The database must be migrated. The script makes a debtor of the given profile with one
phone and an open case, then forks the processes, which wait at a barrier and each log
`--calls` unanswered calls, one after another, through `actions.log_contact` (the gate
decides, with the debtor's history from the evidence trail). It prints one JSON line: how
many calls the gate let through, how many it blocked, any errors, and the contact events
written. Used by test_gate_race.py; run by hand it measures the same.
"""

from __future__ import annotations

import argparse
import json
import os
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

# A Tuesday, 14:00 in the debtor's zone (Asia/Shanghai): inside CN's 08:00-22:00 and
# GLOBAL-STRICT's 09:00-20:00 Monday to Saturday.
AT = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
CAPS = {"CN": 6, "GLOBAL-STRICT": 7}


def make_world(profile: str) -> dict[str, int]:
    from django.contrib.auth.models import User

    from arrears.cases.models import Case
    from arrears.contacts.models import ContactPoint, Person, Relationship
    from arrears.core.models import Profile, Role, Team
    from arrears.portfolio.models import Account, Creditor, Debtor, DueItem

    run = f"race-{profile}-{uuid.uuid4().hex[:8]}"  # a database may hold several runs
    team = Team.objects.create(name=run)
    user = User.objects.create_user(run, password=None)
    Profile.objects.create(user=user, role=Role.COLLECTOR, team=team, language="en")
    creditor = Creditor.objects.create(code=run, name="Race Bank", team=team)
    debtor = Debtor.objects.create(creditor=creditor, external_id="R1", name="Race", jurisdiction=profile)
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name="Race")
    point = ContactPoint.objects.create(
        person=person, kind="phone", value="13900000001", source="bank_system"
    )
    account = Account.objects.create(
        creditor=creditor, debtor=debtor, external_id="RA1", product="consumer_loan"
    )
    DueItem.objects.create(
        account=account,
        external_id="1",
        kind="instalment",
        due_date=AT.date() - timedelta(days=10),
        amount_due=Decimal("3000.00"),
    )
    case = Case.objects.create(debtor=debtor, team=team, owner=user, opened_on=AT.date() - timedelta(days=9))
    return {"case": case.pk, "person": person.pk, "point": point.pk, "user": user.pk}


def log_calls(ids: dict[str, int], calls: int, barrier: Any, results: Any) -> None:
    from django.contrib.auth.models import User
    from django.db import connections

    from arrears.cases import actions
    from arrears.cases.models import Case
    from arrears.contacts.models import ContactPoint, Person

    try:
        case = Case.objects.select_related("debtor").get(pk=ids["case"])
        person = Person.objects.get(pk=ids["person"])
        point = ContactPoint.objects.get(pk=ids["point"])
        user = User.objects.select_related("profile").get(pk=ids["user"])
        barrier.wait(timeout=60)
        for _ in range(calls):
            try:
                actions.log_contact(
                    case, user, person=person, contact_point=point, channel="call", outcome="no_answer"
                )
                results.put("allowed")
            except actions.ContactBlocked:
                results.put("blocked")
    except Exception as exc:  # reported, not hidden: the test fails on any
        results.put(f"error: {type(exc).__name__}: {exc}")
    finally:
        connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", choices=sorted(CAPS), default="CN")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--calls", type=int, default=3, help="calls each process logs, one after another")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    import django

    django.setup()
    import multiprocessing

    import time_machine
    from django.db import connections

    from arrears.activity.models import Event, Kind

    # The clock is moved here, before the fork, so every process reads the same clock.
    with time_machine.travel(AT, tick=True):
        ids = make_world(args.profile)
        connections.close_all()  # each process opens its own connection
        fork = multiprocessing.get_context("fork")
        barrier, results = fork.Barrier(args.processes), fork.Queue()
        processes = [
            fork.Process(target=log_calls, args=(ids, args.calls, barrier, results))
            for _ in range(args.processes)
        ]
        for p in processes:
            p.start()
        outcomes: list[str] = []
        while len(outcomes) < args.processes * args.calls:
            outcomes.append(results.get(timeout=300))
            if outcomes[-1].startswith("error"):
                break
        for p in processes:
            p.join(timeout=60)
        events = Event.objects.filter(case_id=ids["case"], kind=Kind.CONTACT).count()
    print(
        json.dumps(
            {
                "profile": args.profile,
                "cap": CAPS[args.profile],
                "processes": args.processes,
                "calls_each": args.calls,
                "allowed": outcomes.count("allowed"),
                "blocked": outcomes.count("blocked"),
                "errors": [o for o in outcomes if o.startswith("error")],
                "events": events,
                "day": date.isoformat(AT.date()),
            }
        )
    )


if __name__ == "__main__":
    main()
