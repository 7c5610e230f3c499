"""Outgoing mail: the workspace's SMTP server and sending through it (docs/integrations.md,
"Outgoing mail").

``MailService.send(message)`` (``container.mail.send``) sends one
:class:`email.message.EmailMessage` through the configured server (``rapport mail smtp
HOST``), filling ``From`` from the configured sender when the message has none. Every
failure is a :class:`MailError` with one translatable line (a refused login, a server that
cannot be reached, a refused recipient, no server set up); nothing is retried here (the
caller decides).

The server is stored in ``mail_server`` (one row); its password encrypted with the server
key (rapport.crypto.secret_box), never shown, exported, logged or audited. Configuring it
is for owners only; sending is not (a digest goes out for every account, an invitation for
a visitor of the booking page).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid
from typing import TYPE_CHECKING

from rapport.clock import now as clock
from rapport.errors import InvalidInputError, RapportError
from rapport.policy.access import LOCAL, Actor
from rapport.storage.notice_rows import MailServerRow
from rapport.storage.repositories import Repositories
from rapport.storage.repositories.notices import MAIL_SERVER_ID
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings

SECURITIES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
TIMEOUT_SECONDS = 20.0
ROW_ID = MAIL_SERVER_ID
DOMAIN = "mail"
"""The translation domain of these texts."""

L_NOT_CONFIGURED = N_("no SMTP server is set up: run `rapport mail smtp HOST` first")
L_LOGIN_REFUSED = N_("the SMTP server {server} refused the user name or password ({reply})")
L_CANNOT_CONNECT = N_("cannot connect to the SMTP server {server}: {reason}")
L_RECIPIENT_REFUSED = N_("the SMTP server {server} refused the recipient {address} ({reply})")
L_SENDER_REFUSED = N_("the SMTP server {server} refused the sender {address} ({reply})")
L_NO_STARTTLS = N_("the SMTP server {server} does not offer STARTTLS (try --security tls or none)")
L_NO_AUTH = N_("the SMTP server {server} does not accept a login (leave out --user)")
L_TLS_FAILED = N_("TLS with the SMTP server {server} failed: {reason}")
L_SERVER_ERROR = N_("the SMTP server {server} answered: {reply}")
L_NO_RECIPIENT = N_("the message has no recipient")
L_NO_SENDER = N_("no sender address: set one with `rapport mail smtp HOST --from ADDRESS`")
L_BAD_ADDRESS = N_("not an e-mail address: {address}")
L_BAD_SECURITY = N_("unknown security {security}: use starttls, tls or none")
L_BAD_HOST = N_("not a host name: {host}")
L_BAD_PORT = N_("not a port number: {port}")
L_TEST_SUBJECT = N_("Rapport: test message")
L_TEST_BODY = N_(
    "This is a test message from Rapport. Reminders and the daily digest will arrive the same way."
)


class MailError(RapportError):
    """Sending failed or cannot start; ``text`` is one line saying why (translatable)."""

    status_code = 422


@dataclass(frozen=True)
class MailServer:
    """The configured server as shown (never the password)."""

    host: str
    port: int
    security: str
    username: str | None
    sender: str | None
    has_password: bool

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def _public(row: MailServerRow) -> MailServer:
    return MailServer(
        host=row.host,
        port=row.port,
        security=row.security,
        username=row.username,
        sender=row.sender,
        has_password=row.password_encrypted is not None,
    )


def check_address(address: str) -> str:
    """One plain e-mail address (``name@host``), trimmed; otherwise a 422."""
    address = address.strip()
    local, _, domain = address.rpartition("@")
    if not local or not domain or any(c.isspace() or c in '<>,;"' for c in address):
        raise InvalidInputError(L_BAD_ADDRESS, address=address[:200])
    if len(address) > 320:
        raise InvalidInputError(L_BAD_ADDRESS, address=address[:200])
    return address


class MailService:
    """The SMTP server of the workspace and sending through it."""

    def __init__(self, db: Database, settings: Settings, actor: Actor = LOCAL) -> None:
        self.db = db
        self.settings = settings
        self.actor = actor

    # --- configuration (owners) ----------------------------------------------------------
    def configure(
        self,
        host: str,
        *,
        port: int | None = None,
        security: str = "starttls",
        username: str | None = None,
        password: str | None = None,
        sender: str | None = None,
        keep_password: bool = False,
    ) -> MailServer:
        """Set the SMTP server (replacing the previous one). ``keep_password``: keep the
        stored password when none is given and the user name is unchanged (a form that
        does not show it)."""
        self.actor.check_owner()
        host = host.strip()
        if not host or len(host) > 255 or any(c.isspace() or c in "/:@" for c in host):
            raise InvalidInputError(L_BAD_HOST, host=host[:200])
        security = (security or "starttls").strip().lower()
        if security not in SECURITIES:
            raise InvalidInputError(L_BAD_SECURITY, security=security[:40])
        port = DEFAULT_PORTS[security] if port is None else port
        if not 0 < port < 65536:
            raise InvalidInputError(L_BAD_PORT, port=port)
        username = (username or "").strip() or None
        sender = check_address(sender) if sender and sender.strip() else None
        from rapport.crypto import secret_box

        sealed = secret_box.seal(self.settings, password) if password else None
        with self.db.transaction() as s:
            notices = Repositories(s, self.actor).notices
            row = notices.mail_server()
            if row is None:
                row = MailServerRow(id=ROW_ID)
                notices.add(row)
            elif keep_password and sealed is None and row.username == username:
                sealed = row.password_encrypted
            row.host = host
            row.port = port
            row.security = security
            row.username = username
            row.password_encrypted = sealed if username else None
            row.sender = sender
            row.updated_at = clock()
            notices.flush()
            return _public(row)

    def server(self) -> MailServer | None:
        """The configured server (owners), or None."""
        self.actor.check_owner()
        return self._server()

    def _server(self) -> MailServer | None:
        with self.db.reading() as s:
            row = Repositories(s, self.actor).notices.mail_server()
            return _public(row) if row is not None else None

    def configured(self) -> bool:
        """Whether a server is set up (for anyone: the digest and reminders ask)."""
        return self._server() is not None

    def remove(self) -> bool:
        """Forget the server (and its password); False when none was set up."""
        self.actor.check_owner()
        with self.db.transaction() as s:
            notices = Repositories(s, self.actor).notices
            row = notices.mail_server()
            if row is None:
                return False
            notices.delete(row)
            return True

    def test(self, to: str, language: str | None = None) -> EmailMessage:
        """Send a short test message to ``to`` (owners); returns what was sent."""
        from rapport.i18n import gettext

        self.actor.check_owner()
        lang = language or self.settings.language
        message = EmailMessage()
        message["To"] = check_address(to)
        message["Subject"] = gettext(DOMAIN, lang, L_TEST_SUBJECT)
        message.set_content(gettext(DOMAIN, lang, L_TEST_BODY) + "\n")
        self.send(message)
        return message

    # --- sending (anyone) ----------------------------------------------------------------
    def send(self, message: EmailMessage) -> None:
        """Send ``message`` through the configured server; From is filled from the sender
        (or the login when it is an address, else the ``my_email`` setting) when missing."""
        with self.db.reading() as s:
            row = Repositories(s, self.actor).notices.mail_server()
            if row is None:
                raise MailError(L_NOT_CONFIGURED)
            config = _public(row)
            sealed = row.password_encrypted
        password = None
        if sealed is not None:
            from rapport.crypto import secret_box

            password = secret_box.unseal(self.settings, sealed)
        if not message["From"]:
            sender = config.sender or _as_address(config.username) or self.settings.my_email
            if not sender:
                raise MailError(L_NO_SENDER)
            message["From"] = sender
        if not message["Date"]:
            from email.utils import format_datetime

            message["Date"] = format_datetime(clock())
        if not message["Message-ID"]:
            domain = _as_address(str(message["From"])) or "rapport.invalid"
            message["Message-ID"] = make_msgid(domain=domain.rpartition("@")[2] or None)
        recipients = [
            a
            for _n, a in getaddresses(
                [str(v) for h in ("To", "Cc", "Bcc") for v in message.get_all(h) or []]
            )
            if a
        ]
        if not recipients:
            raise MailError(L_NO_RECIPIENT)
        deliver(config, password, message, recipients)


def _as_address(text: str | None) -> str | None:
    if not text:
        return None
    found = [a for _n, a in getaddresses([text]) if "@" in a]
    return found[0] if found else None


def _reply(exc: smtplib.SMTPResponseException) -> str:
    error = exc.smtp_error
    words = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return f"{exc.smtp_code} {' '.join(words.split())}".strip()


def deliver(
    config: MailServer, password: str | None, message: EmailMessage, recipients: list[str]
) -> None:
    """Open a connection as ``config`` says, log in, send, close; every failure a
    :class:`MailError`."""
    server = config.address
    context = ssl.create_default_context()
    try:
        smtp: smtplib.SMTP
        if config.security == "tls":
            smtp = smtplib.SMTP_SSL(
                config.host, config.port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT_SECONDS)
        with smtp:
            smtp.ehlo()
            if config.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise MailError(L_NO_STARTTLS, server=server)
                smtp.starttls(context=context)
                smtp.ehlo()
            if config.username:
                if not smtp.has_extn("auth"):
                    raise MailError(L_NO_AUTH, server=server)
                smtp.login(config.username, password or "")
            refused = smtp.send_message(message, to_addrs=recipients)
            if refused:
                address, (code, reply) = next(iter(refused.items()))
                text = f"{code} {reply.decode('utf-8', 'replace')}"
                raise MailError(L_RECIPIENT_REFUSED, server=server, address=address, reply=text)
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(L_LOGIN_REFUSED, server=server, reply=_reply(exc)) from None
    except smtplib.SMTPRecipientsRefused as exc:
        address, (code, reply) = next(iter(exc.recipients.items()))
        text = f"{code} {reply.decode('utf-8', 'replace')}"
        raise MailError(L_RECIPIENT_REFUSED, server=server, address=address, reply=text) from None
    except smtplib.SMTPSenderRefused as exc:
        raise MailError(
            L_SENDER_REFUSED, server=server, address=exc.sender, reply=_reply(exc)
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(L_NO_AUTH, server=server) from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(L_SERVER_ERROR, server=server, reply=_reply(exc)) from None
    except ssl.SSLError as exc:
        raise MailError(L_TLS_FAILED, server=server, reason=exc.reason or str(exc)) from None
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPException) as exc:
        raise MailError(L_CANNOT_CONNECT, server=server, reason=str(exc) or "closed") from None
    except TimeoutError:
        raise MailError(L_CANNOT_CONNECT, server=server, reason="timed out") from None
    except socket.gaierror as exc:
        raise MailError(L_CANNOT_CONNECT, server=server, reason=exc.strerror or str(exc)) from None
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise MailError(L_CANNOT_CONNECT, server=server, reason=reason) from None


def error_line(exc: RapportError, language: str) -> str:
    """``exc`` in ``language`` (mail's errors are in the ``mail`` domain)."""
    from rapport.i18n import render

    return render(exc.text, language, (DOMAIN, "cli"))
