"""The sender: claim due messages, send each through its channel's provider, repeat.

Used by `manage.py send_messages` (SMS and email) and `print_letters` (letters), and by
queue_message to send at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone

from arrears.messaging.letters import LetterPrinter
from arrears.messaging.models import Channel, Message, PrintBatch, Status
from arrears.messaging.outbox import claim, claim_ids, due
from arrears.messaging.providers import Accepted, Outgoing, SmsProvider, sms_provider
from arrears.messaging.providers.email import EmailProvider
from arrears.messaging.sending import Provider, Sent, send_claimed


class Providers:
    """One provider per channel for a run (an SMTP connection is opened once per run)."""

    def __init__(self, sms: SmsProvider | None = None, email: EmailProvider | None = None) -> None:
        self._sms = sms
        self._email = email

    @property
    def sms(self) -> SmsProvider:
        if self._sms is None:
            self._sms = sms_provider()
        return self._sms

    @property
    def email(self) -> EmailProvider:
        if self._email is None:
            self._email = EmailProvider(get_connection())
        return self._email

    def for_channel(self, channel: str) -> Provider:
        def send(message: Outgoing) -> Accepted:
            return (self.sms if channel == Channel.SMS else self.email).send(message)

        return send


def send_due(
    channels: Iterable[str] = (Channel.SMS, Channel.EMAIL),
    *,
    batch_size: int = 50,
    limit: int | None = None,
    providers: Providers | None = None,
    progress: Callable[[Sent], None] | None = None,
    now: Callable[[], datetime] = timezone.now,
) -> list[Sent]:
    """Send every message due now (claimed `batch_size` at a time), until none is left."""
    providers = providers or Providers()
    channels = [c for c in channels if c != Channel.LETTER]
    results: list[Sent] = []
    while limit is None or len(results) < limit:
        take = batch_size if limit is None else min(batch_size, limit - len(results))
        token, ids = claim(channels, now(), take)
        if not ids:
            break
        channel_of = dict(Message.objects.filter(pk__in=ids).values_list("pk", "channel"))
        for message_id in ids:
            sent = send_claimed(message_id, token, providers.for_channel(channel_of[message_id]), now=now())
            results.append(sent)
            if progress:
                progress(sent)
    return results


def send_ids(ids: list[int]) -> list[Sent]:
    """Send these messages now if they are due (queue_message's immediate send)."""
    now = timezone.now()
    token, claimed = claim_ids(ids, now)
    providers = Providers()
    channel_of = dict(Message.objects.filter(pk__in=claimed).values_list("pk", "channel"))
    return [
        send_claimed(i, token, providers.for_channel(channel_of[i]), now=now)
        for i in claimed
        if channel_of[i] != Channel.LETTER
    ]


def day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0)))


def print_letters(
    day: date,
    *,
    batch_size: int = 50,
    progress: Callable[[Sent], None] | None = None,
    now: Callable[[], datetime] = timezone.now,
) -> tuple[PrintBatch, list[Sent]]:
    """Put every letter due by the end of `day` into the day's print batch."""
    batch, _created = PrintBatch.objects.get_or_create(day=day)
    sender = ""
    printer = LetterPrinter(day, sender)
    results: list[Sent] = []
    while True:
        token, ids = claim(
            [Channel.LETTER], now(), batch_size, until=day_end(day) - timedelta(microseconds=1)
        )
        if not ids:
            break
        for message_id in ids:
            sent = send_claimed(message_id, token, printer.send, now=now(), batch=batch)
            results.append(sent)
            if progress:
                progress(sent)
    return batch, results


def waiting(channels: Iterable[str], now: datetime) -> int:
    return Message.objects.filter(due(now), channel__in=list(channels)).count()


def pending_letters(day: date) -> int:
    return Message.objects.filter(
        Q(status=Status.QUEUED) | Q(status=Status.SENDING), channel=Channel.LETTER, due_at__lt=day_end(day)
    ).count()
