"""A real SMTP server for the tests (aiosmtpd on a free local port); the `smtp` fixture in
arrears/conftest.py starts one and points Django's SMTP backend at it."""

from __future__ import annotations

import socket
from typing import Any


class Inbox:
    """What reached the server: aiosmtpd's envelopes (rcpt_tos, content as bytes)."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
