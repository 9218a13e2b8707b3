"""The sender's step for one claimed message: the gate at the moment of sending, the
provider, and the evidence of what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind, Outcome
from arrears.cases.actions.gate import gate_context
from arrears.compliance.gate import Decision
from arrears.compliance.shell import check_and_keep
from arrears.messaging.models import Channel, Message, PrintBatch, Status
from arrears.messaging.outbox import backoff
from arrears.messaging.providers import Accepted, Outgoing, PermanentError, ProviderError
from arrears.messaging.records import cancel as _cancel
from arrears.messaging.records import digest, lock_debtor

Provider = Callable[[Outgoing], Accepted]


@dataclass(frozen=True)
class Sent:
    outcome: str  # sent | blocked | waiting | cancelled | retry | failed | lost
    message_id: int
    detail: str = ""


def outgoing(message: Message) -> Outgoing:
    return Outgoing(
        key=str(message.idempotency_key),
        to=message.address,
        body=message.body,
        subject=message.subject,
        params=dict(message.params or {}),
        script_key=message.script_version.script.key,
        language=message.language,
        attempt=message.attempts,
        first_attempt_at=message.first_attempt_at,
        recipient=message.person.name,
        reference=message.case.reference,
        attachments=_attachments(message),
    )


def _attachments(message: Message) -> tuple[tuple[str, bytes, str], ...]:
    """The attached file, read when sent; a file gone missing fails the message rather
    than send it without what its text announces."""
    if not message.attachment:
        return ()
    path = settings.ATTACHMENTS_DIR / message.attachment
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise PermanentError(f"attachment not readable: {message.attachment}", "attachment") from exc
    mimetype = "application/pdf" if path.suffix == ".pdf" else "application/octet-stream"
    return ((path.name, content, mimetype),)


def send_claimed(
    message_id: int,
    token: Any,
    provider: Provider,
    *,
    now: datetime | None = None,
    batch: PrintBatch | None = None,
) -> Sent:
    """Send one message this sender claimed (arrears.messaging.outbox.claim).

    One transaction: the debtor is locked, the gate decides with the history as it is now,
    and the provider is called before the contact event is appended and committed. If the
    process dies in the provider call, nothing is recorded and the message stays `sending`
    until its lease ends; the next attempt carries the same idempotency key, and the adapter
    finds the earlier send instead of sending twice."""
    now = now or timezone.now()
    with transaction.atomic():
        head = Message.objects.filter(pk=message_id).values("debtor_id").first()
        if head is None:
            return Sent("lost", message_id)
        lock_debtor(head["debtor_id"])
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("case", "case__debtor", "person", "contact_point", "script_version__script")
            .filter(pk=message_id, claim_token=token, status=Status.SENDING)
            .first()
        )
        if message is None:  # the lease ran out and another sender has it now
            return Sent("lost", message_id)
        case, point = message.case, message.contact_point
        if not case.is_open:
            _cancel(message, _("The case is closed."), at=now)
            return Sent("cancelled", message_id, "case closed")
        if message.expires_at is not None and now >= message.expires_at:
            _cancel(message, _("Not sent in time: the gate blocked it until it expired."), at=now)
            return Sent("cancelled", message_id, "expired")
        if not point.valid:
            _cancel(message, _("The contact point is marked invalid."), at=now)
            return Sent("cancelled", message_id, "invalid contact point")
        checked, kept = check_and_keep(
            None,
            case.debtor,
            message.person,
            point,
            message.channel,
            now,
            message.purpose,
            message.body,
            history=evidence.contact_history(case.debtor, now),
            case_reference=case.reference,
            **gate_context(case, now),
        )
        decision = checked.decision
        message.decision = kept
        common = {
            "channel": message.channel,
            "person_id": message.person_id,
            "contact_point_id": point.pk,
            "decision_id": kept.pk,
        }
        if not decision.allowed:
            return _blocked(message, decision, now, common)
        try:
            accepted = provider(outgoing(message))
        except ProviderError as exc:
            return _failed(message, exc, now, common)
        message.status = Status.SENT
        message.provider, message.provider_id = accepted.provider, accepted.provider_id[:100]
        message.sent_at = now
        message.claim_token = message.lease_until = None
        message.last_error = message.rule_ids = ""
        data: dict[str, Any] = {
            "message": str(message.public_id),
            "purpose": message.purpose,
            "provider": accepted.provider,
            "provider_id": accepted.provider_id,
            "attempt": message.attempts,
        }
        if message.channel == Channel.LETTER:
            message.pdf_sha256 = accepted.provider_id
            message.batch = batch
            data.update(pdf_sha256=accepted.provider_id, batch=batch.day.isoformat() if batch else None)
        else:
            data.update(subject=message.subject, text=message.body, text_sha256=digest(message.body))
        if accepted.deduplicated:
            data["deduplicated"] = True
        message.save()
        evidence.append(
            case,
            Kind.CONTACT,
            at=now,
            outcome=Outcome.SENT,
            connected=False,
            conversation=False,
            data=data,
            **common,
        )
        return Sent("sent", message_id)


def _blocked(message: Message, decision: Decision, now: datetime, common: dict[str, Any]) -> Sent:
    nxt = decision.next_allowed_at
    message.rule_ids = " ".join(decision.rule_ids)[:300]
    evidence.append(
        message.case,
        Kind.BLOCKED,
        at=now,
        data={
            "rule_ids": list(decision.rule_ids),
            "purpose": message.purpose,
            "message": str(message.public_id),
            "next_allowed_at": nxt.isoformat() if nxt else None,
        },
        **common,
    )
    if nxt is not None and (message.expires_at is None or nxt < message.expires_at):
        message.status = Status.QUEUED
        message.due_at = nxt
        message.claim_token = message.lease_until = None
        # A gate block is no failed attempt: it does not count towards the provider retries.
        message.attempts = max(message.attempts - 1, 0)
        message.save()
        return Sent("waiting", message.pk, message.rule_ids)
    message.save()
    _cancel(message, _("Blocked by the contact gate: %(rules)s.") % {"rules": message.rule_ids}, at=now)
    return Sent("blocked", message.pk, message.rule_ids)


def _failed(message: Message, exc: ProviderError, now: datetime, common: dict[str, Any]) -> Sent:
    final = not exc.transient or message.attempts >= settings.MESSAGING_MAX_ATTEMPTS
    retry_at = None if final else now + backoff(message.attempts)
    message.last_error = str(exc)[:500]
    message.claim_token = message.lease_until = None
    if final:
        message.status = Status.FAILED
    else:
        message.status = Status.QUEUED
        message.due_at = now + backoff(message.attempts)
    message.save()
    evidence.append(
        message.case,
        Kind.MESSAGE_FAILED,
        at=now,
        note=str(exc)[:500],
        data={
            "message": str(message.public_id),
            "code": exc.code,
            "final": final,
            "attempt": message.attempts,
            "retry_at": retry_at.isoformat() if retry_at else None,
        },
        **common,
    )
    return Sent("failed" if final else "retry", message.pk, str(exc))
