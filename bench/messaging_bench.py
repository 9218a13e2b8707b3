"""Messages rendered, gated and written to the outbox per second, for 100,000 cases.

    .venv/bin/python bench/messaging_bench.py [--cases 100000] [--baseline 1000] [--history 20000]
    ARREARS_DATABASE_URL=postgresql://.../messaging_bench .venv/bin/python bench/messaging_bench.py

Builds a fresh database (a SQLite file in a temporary folder unless ARREARS_DATABASE_URL
names one, which must be empty or disposable: it is migrated and filled): one CN creditor
with its settings, `--cases` debtors each with a phone, an account and an open case, and
three recent calls in the evidence trail of `--history` of them. Then, in the same run:

- bulk: arrears.messaging.bulk.plan + queue for every case (the campaign and reminder
  path): templates compiled once, one query per chunk of cases for their data, history,
  disputes and preferences, the gate's evaluate() per message, bulk inserts of the rows and
  their evidence events;
- baseline: actions.queue_message one case at a time (the case page's path) on `--baseline`
  other cases.

Reports messages per second of wall time and of this process's CPU time (one core: the
work is single-threaded, SQLite runs in-process).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AT = datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday morning: CN window open


def setup(tmp: Path) -> None:
    os.environ.setdefault("ARREARS_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ["ARREARS_VAR_DIR"] = str(tmp)
    os.environ["ARREARS_MESSAGING_SEND_ON_QUEUE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(cases: int, history: int) -> dict:
    from django.contrib.auth.models import User
    from django.db import transaction
    from tqdm import tqdm

    from arrears.activity.actions import NewEvent, append_many
    from arrears.activity.models import Kind
    from arrears.cases.models import Case
    from arrears.contacts.models import ContactPoint, Person
    from arrears.core.models import Profile, Role, Team
    from arrears.messaging.tests.world import make_bank
    from arrears.portfolio.models import Account, Debtor
    from arrears.scripts.seed import seed_scripts

    team = Team.objects.create(name="bench")
    owner = User.objects.create_user("bench-collector", password=None)
    Profile.objects.create(
        user=owner, role=Role.COLLECTOR, team=team, display_name="张敏", work_number="B0001"
    )
    creditor = make_bank("bench-bank", team)
    seed_scripts()
    step = 5000
    on = AT.date()
    with tqdm(total=cases, unit="case", desc="populate", file=sys.stderr) as bar:
        for start in range(0, cases, step):
            n = range(start, min(cases, start + step))
            with transaction.atomic():
                debtors = Debtor.objects.bulk_create(
                    Debtor(creditor=creditor, external_id=f"D{i}", name=f"债务人{i}", jurisdiction="CN")
                    for i in n
                )
                people = Person.objects.bulk_create(
                    Person(debtor=d, relationship="self", name=d.name) for d in debtors
                )
                ContactPoint.objects.bulk_create(
                    ContactPoint(person=p, kind="phone", value=f"138{i:08d}", source="application")
                    for p, i in zip(people, n, strict=True)
                )
                Account.objects.bulk_create(
                    Account(
                        creditor=creditor,
                        debtor=d,
                        external_id=f"6222{i:012d}",
                        product="credit_card",
                        aged_on=on,
                        days_past_due=5 + i % 25,
                        overdue_amount=Decimal(500 + i % 5000),
                        balance=Decimal(5000 + i % 20000),
                    )
                    for d, i in zip(debtors, n, strict=True)
                )
                Case.objects.bulk_create(
                    Case(
                        debtor=d,
                        team=team,
                        owner=owner,
                        opened_on=on - timedelta(days=5 + i % 25),
                        days_past_due=5 + i % 25,
                        overdue_amount=Decimal(500 + i % 5000),
                        balance=Decimal(5000 + i % 20000),
                    )
                    for d, i in zip(debtors, n, strict=True)
                )
            bar.update(len(n))
    ids = list(Case.objects.order_by("id").values_list("id", flat=True))
    points = dict(ContactPoint.objects.values_list("person__debtor__cases__id", "id"))
    persons = dict(Person.objects.values_list("debtor__cases__id", "id"))
    events = [
        NewEvent(
            case_id,
            Kind.CONTACT,
            AT - timedelta(days=d, hours=2),
            {
                "channel": "call",
                "outcome": "no_answer",
                "person_id": persons[case_id],
                "contact_point_id": points[case_id],
                "data": {"purpose": "collect"},
            },
        )
        for case_id in ids[:history]
        for d in (1, 2, 4)
    ]
    with transaction.atomic():
        append_many(events)
    return {"ids": ids, "owner": owner.pk}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=1000)
    parser.add_argument("--history", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="messaging-bench-") as tmp:
        setup(Path(tmp))
        from django.contrib.auth.models import User
        from django.db import connection

        from arrears.cases.models import Case
        from arrears.contacts.models import ContactPoint
        from arrears.messaging import actions, bulk
        from arrears.messaging.models import Message
        from arrears.scripts.models import Script

        world = populate(args.cases + args.baseline, args.history)
        ids = world["ids"]
        fast_ids, slow_ids = ids[: args.cases], ids[args.cases :]
        script = Script.objects.get(key="sms-reminder", language="zh-hans")

        wall, cpu = time.perf_counter(), time.process_time()
        planned = bulk.plan(fast_ids, script, AT)
        queued = bulk.queue(planned)
        fast_wall, fast_cpu = time.perf_counter() - wall, time.process_time() - cpu

        user = User.objects.select_related("profile").get(pk=world["owner"])
        cases = list(Case.objects.filter(pk__in=slow_ids).select_related("debtor", "debtor__creditor"))
        phones = {
            p.person.debtor_id: p
            for p in ContactPoint.objects.filter(
                person__debtor_id__in=[c.debtor_id for c in cases]
            ).select_related("person")
        }
        wall, cpu = time.perf_counter(), time.process_time()
        for case in cases:
            actions.queue_message(case, user, script=script, contact_point=phones[case.debtor_id], at=AT)
        slow_wall, slow_cpu = time.perf_counter() - wall, time.process_time() - cpu

        result = {
            "machine": f"{platform.platform()}, {platform.machine()}, {os.cpu_count()} cpus, "
            f"Python {platform.python_version()}",
            "database": connection.vendor,
            "cases": args.cases,
            "with_history": min(args.history, args.cases),
            "bulk": {
                "queued": queued,
                "waiting": planned.waiting,
                "blocked": dict(planned.blocked),
                "wall_s": round(fast_wall, 2),
                "cpu_s": round(fast_cpu, 2),
                "per_s_wall": round(queued / fast_wall),
                "per_s_cpu": round(queued / fast_cpu),
            },
            "baseline": {
                "queued": len(cases),
                "wall_s": round(slow_wall, 2),
                "cpu_s": round(slow_cpu, 2),
                "per_s_wall": round(len(cases) / slow_wall),
                "per_s_cpu": round(len(cases) / slow_cpu),
            },
            "messages_in_outbox": Message.objects.count(),
            "load_average": os.getloadavg(),
        }
        print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
