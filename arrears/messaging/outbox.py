"""The database as the queue: claiming due messages, leases, and backoff.

A sender claims with one conditional UPDATE: rows that are still due (queued and due, or
sending with a lease that has ended) get its claim token, a lease and one more attempt, and
the sender then works exactly the rows that carry its token. Under PostgreSQL's READ
COMMITTED a second sender's UPDATE waits for the first's row locks and re-checks the
condition, so a row is never claimed twice; SQLite serialises the writes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q

from arrears.messaging.models import Message, Status

# Seconds to wait after the n-th failed attempt (a provider's outage, throttling).
BACKOFF = (60, 300, 1800, 7200, 21600)


def due(now: datetime) -> Q:
    return Q(status=Status.QUEUED, due_at__lte=now) | Q(status=Status.SENDING, lease_until__lt=now)


def claim(
    channels: Iterable[str], now: datetime, limit: int, *, until: datetime | None = None
) -> tuple[uuid.UUID, list[int]]:
    """Claim up to `limit` due messages of `channels`: (the claim token, their ids).

    `until`: the instant up to which queued messages count as due (the letters of a day)."""
    token = uuid.uuid4()
    condition = due(until or now) & Q(channel__in=list(channels))
    ids = list(
        Message.objects.filter(condition).order_by("due_at", "id").values_list("id", flat=True)[:limit]
    )
    if not ids:
        return token, []
    lease = now + timedelta(seconds=settings.MESSAGING_LEASE_SECONDS)
    updated = Message.objects.filter(condition, pk__in=ids).update(
        status=Status.SENDING, claim_token=token, lease_until=lease, attempts=F("attempts") + 1
    )
    if not updated:
        return token, []
    Message.objects.filter(claim_token=token, first_attempt_at__isnull=True).update(first_attempt_at=now)
    return token, list(
        Message.objects.filter(claim_token=token).order_by("due_at", "id").values_list("id", flat=True)
    )


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1])


def claim_ids(ids: list[int], now: datetime) -> tuple[uuid.UUID, list[int]]:
    """Claim these messages if they are due (a message sent at once when it is queued)."""
    token = uuid.uuid4()
    lease = now + timedelta(seconds=settings.MESSAGING_LEASE_SECONDS)
    updated = Message.objects.filter(due(now), pk__in=ids).update(
        status=Status.SENDING, claim_token=token, lease_until=lease, attempts=F("attempts") + 1
    )
    if not updated:
        return token, []
    Message.objects.filter(claim_token=token, first_attempt_at__isnull=True).update(first_attempt_at=now)
    return token, list(Message.objects.filter(claim_token=token).values_list("id", flat=True))
