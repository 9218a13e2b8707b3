"""Helpers for test_concurrency: make a world of queued SMS in a shared database.

    ARREARS_DATABASE_URL=... python -m arrears.messaging.tests.senders --messages 40

Prints one JSON line with the messages' ids and idempotency keys. The debtors live in a
zone where it is early afternoon now, so the real clock is inside the contact window and
the senders run as they would in production, without a travelled clock.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime


def afternoon_zone(now: datetime) -> str:
    """An Etc/GMT zone where it is 13:00-13:59 now (Etc/GMT-5 is UTC+5)."""
    offset = 13 - now.astimezone(UTC).hour
    offset = offset - 24 if offset > 14 else offset + 24 if offset < -12 else offset
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    import django

    django.setup()
    from django.utils import timezone

    from arrears.contacts.models import ContactPoint
    from arrears.messaging import actions
    from arrears.messaging.tests.world import make_debtor, make_world

    now = timezone.now()
    w = make_world(now.date())
    zone = afternoon_zone(now)
    ids = []
    for n in range(args.messages):
        if n == 0:
            debtor, person, case = w.debtor, w.person, w.case
            point = w.phone
        else:
            debtor, person, case = make_debtor(w.creditor, w.team, w.collector, 100 + n, on=now.date())
            point = ContactPoint.objects.create(
                person=person, kind="phone", value=f"1380000{n:04d}", source="application"
            )
        debtor.time_zone = zone
        debtor.save(update_fields=["time_zone"])
        message = actions.queue_message(
            case, w.collector, script=w.script("sms-reminder"), contact_point=point
        )
        ids.append([message.pk, str(message.idempotency_key)])
    print(json.dumps({"messages": ids, "zone": zone}))


if __name__ == "__main__":
    main()
