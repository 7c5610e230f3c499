"""A real SMTP server for the mail tests: aiosmtpd on a free loopback port, collecting what
it receives as :class:`email.message.EmailMessage` objects; optionally with a login
(AUTH PLAIN/LOGIN over the plain connection, USER / PASSWORD)."""

from __future__ import annotations

import email
import email.policy
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from tests.live_server import free_port

USER = "mailer"
PASSWORD = "smtp-secret"


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    """(MAIL FROM, RCPT TOs) of each message."""
    refuse: set[str] = field(default_factory=set)
    """Recipients the server refuses (550)."""
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until ``count`` messages have arrived; return them all."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        return list(self.messages)


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, _server: Any, _session: Any, envelope: Any, address: str, _options: Any
    ) -> str:
        if address in self.server.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        raw = raw.replace(b"\r\n", b"\n")  # as stored on disk, not as on the wire
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.server.arrived:
            self.server.messages.append(message)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.server.arrived.notify_all()
        return "250 Message accepted"


def _authenticator(_server: Any, _session: Any, _envelope: Any, mechanism: str, data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    if not isinstance(data, LoginPassword):
        return AuthResult(success=False, handled=False)
    ok = data.login == USER.encode() and data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(*, auth: bool = False) -> Iterator[SmtpServer]:
    """Start aiosmtpd on 127.0.0.1 (a free port) and stop it afterwards. ``auth``: require
    a login as USER / PASSWORD (allowed without TLS, as on loopback)."""
    from aiosmtpd.controller import Controller

    server = SmtpServer(host="127.0.0.1", port=free_port())
    extra: dict[str, Any] = {}
    if auth:
        extra = {
            "authenticator": _authenticator,
            "auth_required": True,
            "auth_require_tls": False,
        }

    class Quiet(Controller):
        def factory(self) -> Any:
            with warnings.catch_warnings():
                # AUTH without TLS: on loopback, on purpose
                warnings.simplefilter("ignore", UserWarning)
                return super().factory()

    controller = Quiet(
        _Handler(server), hostname=server.host, port=server.port, ready_timeout=10, **extra
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
