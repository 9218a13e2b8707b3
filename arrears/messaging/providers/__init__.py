"""One seam per channel: what the outbox hands a provider, and what comes back.

SMS: an adapter with `send(Outgoing) -> Accepted` (the file provider by default, Aliyun for
real); email: Django's email backends (email.py); letters: PDFs in the day's print batch
(arrears.messaging.letters). Every adapter receives the message's idempotency key and sends
a key at most once: a second attempt after a crash or a timeout finds the first instead of
sending again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.conf import settings


@dataclass(frozen=True)
class Outgoing:
    key: str  # the message's idempotency key
    to: str
    body: str
    subject: str = ""
    params: dict[str, str] = field(default_factory=dict)
    script_key: str = ""
    language: str = "zh-hans"
    attempt: int = 1  # 1: the first; more: an earlier attempt may have reached the provider
    first_attempt_at: datetime | None = None
    # Letters: who the address sheet names, and the case reference printed on it.
    recipient: str = ""
    reference: str = ""
    # Email: (file name, content, MIME type) of each attached file.
    attachments: tuple[tuple[str, bytes, str], ...] = ()


@dataclass(frozen=True)
class Accepted:
    provider: str
    provider_id: str
    # True when an earlier attempt had already been accepted and nothing was sent now.
    deduplicated: bool = False


class ProviderError(Exception):
    """The provider did not take the message. Transient errors are retried with backoff."""

    transient = True

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class TransientError(ProviderError):
    transient = True


class PermanentError(ProviderError):
    transient = False


class SmsProvider(Protocol):
    name: str

    def send(self, message: Outgoing) -> Accepted: ...


def sms_provider() -> SmsProvider:
    """The configured SMS adapter (ARREARS_SMS_PROVIDER), built from the settings now."""
    from arrears.messaging.providers.aliyun import AliyunSms
    from arrears.messaging.providers.sms_file import FileSms

    if settings.SMS_PROVIDER == "aliyun":
        conf: dict[str, Any] = settings.ALIYUN_SMS
        return AliyunSms(
            endpoint=conf["endpoint"],
            access_key_id=conf["access_key_id"],
            access_key_secret=conf["access_key_secret"],
            sign_name=conf["sign_name"],
            templates=conf["templates"],
        )
    return FileSms(settings.SMS_DIR)
