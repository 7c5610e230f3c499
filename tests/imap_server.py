"""A real IMAP server for the e-mail logging tests and benchmark: Debian's Dovecot
(``dovecot-imapd``), started on a free loopback port with a temporary configuration
(passwd-file auth, maildir in a temporary folder, no system service, plain IMAP).

CI installs dovecot-imapd (scripts/ensure-services.sh, run by ``make test`` and .ci/run);
without it the tests fail with a message saying so, unless RAPPORT_TEST_SKIP_IMAP=1."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from tests.live_server import free_port

USER = "anna@studio.example"
PASSWORD = "imap-secret"
MISSING = (
    "the IMAP tests need Debian's Dovecot: apt-get install dovecot-imapd "
    "(CI installs it through scripts/ensure-services.sh); or set RAPPORT_TEST_SKIP_IMAP=1"
)


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None
    )


class Dovecot:
    """One Dovecot instance with one user (USER / PASSWORD); stop() and start() keep the
    port and the mail, as a server going down and coming back does."""

    def __init__(self) -> None:
        binary = dovecot_binary()
        if binary is None:
            raise RuntimeError(MISSING)
        self.binary = binary
        # its own folder, readable by Dovecot's users (pytest's tmp_path is not, under root)
        folder = Path(tempfile.mkdtemp(prefix="rapport-dovecot-"))
        os.chmod(folder, 0o755)
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "run").mkdir(exist_ok=True)
        (folder / "mail").mkdir(exist_ok=True)
        (folder / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
        if os.geteuid() == 0:
            # Dovecot will not run logins or mail as root: its own system users do.
            internal, login = "dovecot", "dovenull"
            mail = pwd.getpwnam("dovecot")
            for path in (folder / "mail", folder / "run"):
                os.chown(path, mail.pw_uid, mail.pw_gid)
        else:
            internal = login = pwd.getpwuid(os.getuid()).pw_name
            mail = pwd.getpwuid(os.getuid())
        self.uid, self.gid = mail.pw_uid, mail.pw_gid
        self.config = folder / "dovecot.conf"
        self.config.write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/run/state
log_path = {folder}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
first_valid_gid = 0
mail_location = maildir:{folder}/mail/%u
mail_uid = {self.uid}
mail_gid = {self.gid}
passdb {{
  driver = passwd-file
  args = {folder}/users
}}
userdb {{
  driver = static
  args = uid={self.uid} gid={self.gid} home={folder}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    auto = create
    special_use = \\Sent
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
""",
            encoding="utf-8",
        )
        os.chmod(folder / "dovecot.conf", 0o644)
        os.chmod(folder / "users", 0o644)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                log = self.folder / "dovecot.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"dovecot exited: {err} {tail}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("dovecot did not start")
            time.sleep(0.1)  # waiting for the port to open

    def stop(self) -> None:
        """The server goes down: the master and every process it started (the IMAP
        sessions of connected clients too) end."""
        if self.process is not None and self.process.poll() is None:
            children = _children(self.process.pid)
            self.process.terminate()
            self.process.wait(timeout=30)
            for pid in children:
                with contextlib.suppress(OSError):  # already ended with its master
                    os.kill(pid, signal.SIGKILL)
        self.process = None
        # its children (logins, imap) end with it; wait for the port to close
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                return
            time.sleep(0.1)

    def client(self) -> Any:
        from imapclient import IMAPClient

        c = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        c.login(USER, PASSWORD)
        return c

    def append(self, folder: str, *messages: bytes | EmailMessage) -> None:
        c = self.client()
        try:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            for m in messages:
                data = m if isinstance(m, bytes) else m.as_bytes()
                c.append(folder, data)
        finally:
            c.logout()

    def delete(self, folder: str, message_id: str) -> None:
        """Delete (and expunge) the message with this Message-ID from a folder."""
        c = self.client()
        try:
            c.select_folder(folder)
            uids = c.search(["HEADER", "Message-ID", message_id])
            c.delete_messages(uids)
            c.expunge()
        finally:
            c.logout()

    def recreate(self, folder: str) -> None:
        """Delete a folder and make it again with the same messages: a new UIDVALIDITY."""
        c = self.client()
        try:
            c.select_folder(folder, readonly=True)
            uids = c.search(["ALL"])
            data = c.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
            c.close_folder()
            c.delete_folder(folder)
            time.sleep(1.1)  # Dovecot's UIDVALIDITY counts seconds
            c.create_folder(folder)
            for uid in sorted(data):
                c.append(folder, data[uid][b"BODY[]"])
        finally:
            c.logout()

    def unseen(self, folder: str) -> int:
        c = self.client()
        try:
            c.select_folder(folder, readonly=True)
            return len(c.search(["UNSEEN"]))
        finally:
            c.logout()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry.name))
    return found


@contextmanager
def dovecot() -> Iterator[Dovecot]:
    """A running Dovecot with one user; its folder is removed afterwards."""
    server = Dovecot()
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


def message(
    sender: str,
    to: list[str],
    subject: str,
    body: str,
    at: Any,
    *,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    cc: list[str] | None = None,
) -> EmailMessage:
    m = EmailMessage()
    m["From"] = sender
    m["To"] = ", ".join(to)
    if cc:
        m["Cc"] = ", ".join(cc)
    m["Subject"] = subject
    m["Date"] = format_datetime(at)
    m["Message-ID"] = message_id or make_msgid(domain="test.example")
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
    if references:
        m["References"] = " ".join(references)
    m.set_content(body)
    return m
