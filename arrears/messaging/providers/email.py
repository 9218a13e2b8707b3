"""Email through Django's email backends (SMTP for real; file or console in development).

SMTP cannot be asked whether a message arrived, so the dedupe here is the Message-ID: every
attempt of one message carries the same id (from its idempotency key), which receiving
servers and mail clients use to drop a repeat.
"""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from arrears.messaging.providers import Accepted, Outgoing, PermanentError, TransientError


def message_id(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<{key}@{domain}>"


class EmailProvider:
    name = "email"

    def __init__(self, connection: Any = None) -> None:
        self.connection = connection

    def send(self, message: Outgoing) -> Accepted:
        mid = message_id(message.key)
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Message-ID": mid, "Auto-Submitted": "auto-generated"},
            connection=self.connection or get_connection(),
        )
        for name, content, mimetype in message.attachments:
            email.attach(name, content, mimetype)
        try:
            sent = email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError(f"recipient refused: {exc.recipients}", "recipient_refused") from exc
        except smtplib.SMTPResponseException as exc:
            error = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
            if 500 <= exc.smtp_code < 600:
                raise PermanentError(error, str(exc.smtp_code)) from exc
            raise TransientError(error, str(exc.smtp_code)) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientError(f"SMTP: {exc}", "smtp") from exc
        if not sent:
            raise TransientError("the email backend sent nothing", "not_sent")
        return Accepted(self.name, mid)
