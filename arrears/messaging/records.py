"""What the outbox's steps share: the debtor lock, digests and the cancellation record."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.db import transaction

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.messaging.models import Message, Status
from arrears.portfolio.models import Debtor


def lock_debtor(debtor_id: int) -> None:
    """Serialise the gate's check and the contact it lets through, per debtor: a second
    sender or a collector checking the same debtor waits until this transaction has
    appended its event, then reads the history afresh (PostgreSQL: SELECT ... FOR UPDATE;
    SQLite's IMMEDIATE transactions already hold the database's write lock)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_debtor outside a transaction locks nothing")
    list(Debtor.objects.select_for_update().filter(pk=debtor_id).values_list("pk", flat=True))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cancel(message: Message, reason: str, *, actor: Any = None, at: datetime | None = None) -> None:
    message.status = Status.CANCELLED
    message.last_error = reason[:500]
    message.claim_token = message.lease_until = None
    message.save(update_fields=["status", "last_error", "claim_token", "lease_until", "updated_at"])
    evidence.append(
        message.case,
        Kind.MESSAGE_CANCELLED,
        actor=actor,
        at=at,
        channel=message.channel,
        person_id=message.person_id,
        contact_point_id=message.contact_point_id,
        note=reason[:500],
        data={"message": str(message.public_id)},
    )
