"""Outgoing mail through a real SMTP server (aiosmtpd on loopback, tests/mail_servers.py):
the SMTP configuration, sending, each failure as one clear line, the password kept
encrypted and out of the audit log, the CLI (text and JSON) and the API. SQLite and
PostgreSQL."""

from __future__ import annotations

import json
import re
from email.message import EmailMessage

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.jsonable import plain
from rapport.services.outbound_mail import MailError
from rapport.storage.notice_rows import MailServerRow
from rapport.storage.team_rows import AuditRow
from tests.conftest import RunCli
from tests.live_server import free_port
from tests.mail_servers import PASSWORD, USER, smtp_server


def _message(to: str = "anna@acme.test", subject: str = "Hello") -> EmailMessage:
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Body text\n")
    return message


def test_send_mail_fills_from_and_arrives(container: Container) -> None:
    with smtp_server() as server:
        container.mail.configure(
            server.host, port=server.port, security="none", sender="me@example.test"
        )
        container.mail.send(_message(subject="Grüße ✓"))
        [received] = server.wait_for(1)
    assert received["From"] == "me@example.test"
    assert received["To"] == "anna@acme.test"
    assert received["Subject"] == "Grüße ✓"
    assert received["Message-ID"]
    assert server.envelopes == [("me@example.test", ["anna@acme.test"])]
    body = received.get_body(("plain",))
    assert body is not None and body.get_content() == "Body text\n"


def test_login_with_the_stored_password(container: Container) -> None:
    with smtp_server(auth=True) as server:
        container.mail.configure(
            server.host,
            port=server.port,
            security="none",
            username=USER,
            password=PASSWORD,
            sender="me@example.test",
        )
        container.mail.send(_message())
        assert len(server.wait_for(1)) == 1
    with container.db.reading() as s:
        sealed = s.scalar(sa.select(MailServerRow.password_encrypted))
        audit = " ".join(str(r.changes) for r in s.scalars(sa.select(AuditRow)))
    assert sealed and PASSWORD not in sealed
    assert PASSWORD not in audit
    assert sealed not in audit
    shown = container.mail.server()
    assert shown is not None and shown.has_password
    assert PASSWORD not in json.dumps(plain(shown))


def test_a_wrong_password_is_one_clear_error(container: Container) -> None:
    with smtp_server(auth=True) as server:
        container.mail.configure(
            server.host,
            port=server.port,
            security="none",
            username=USER,
            password="wrong",
            sender="me@example.test",
        )
        with pytest.raises(MailError) as caught:
            container.mail.send(_message())
        assert server.messages == []
    line = caught.value.message
    assert line.startswith(f"the SMTP server {server.host}:{server.port} refused the user name")
    assert "535" in line and "\n" not in line


def test_a_server_that_is_down_and_a_missing_server(container: Container) -> None:
    with pytest.raises(MailError, match="no SMTP server is set up"):
        container.mail.send(_message())
    port = free_port()
    container.mail.configure("127.0.0.1", port=port, security="none", sender="me@example.test")
    with pytest.raises(MailError) as caught:
        container.mail.send(_message())
    assert caught.value.message == (
        f"cannot connect to the SMTP server 127.0.0.1:{port}: connection refused"
    )


def test_a_refused_recipient_and_no_starttls(container: Container) -> None:
    with smtp_server() as server:
        server.refuse.add("nobody@acme.test")
        container.mail.configure(
            server.host, port=server.port, security="none", sender="me@example.test"
        )
        with pytest.raises(MailError) as caught:
            container.mail.send(_message(to="nobody@acme.test"))
        assert "refused the recipient nobody@acme.test (550" in caught.value.message
        container.mail.configure(
            server.host, port=server.port, security="starttls", sender="me@example.test"
        )
        with pytest.raises(MailError, match="does not offer STARTTLS"):
            container.mail.send(_message())
        assert server.messages == []


def test_bad_settings_are_refused(container: Container) -> None:
    for kwargs, text in (
        ({"security": "ssl3"}, "unknown security"),
        ({"port": 70000}, "not a port number"),
        ({"sender": "not an address"}, "not an e-mail address"),
    ):
        with pytest.raises(Exception, match=text):
            container.mail.configure("smtp.example.test", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(Exception, match="not a host name"):
        container.mail.configure("smtp example")
    assert container.mail.server() is None


def test_cli_smtp_show_test_and_remove(container: Container, cli: RunCli) -> None:
    with smtp_server(auth=True) as server:
        port = str(server.port)
        args = ("mail", "smtp", server.host, "--port", port, "--security", "none")
        saved = cli(*args, "--user", USER, "--from", "me@example.test", input=PASSWORD + "\n")
        assert saved.returncode == 0, saved.stderr
        assert f"SMTP server saved: {server.host}:{port} (none)" in saved.stdout
        shown = cli("mail", "show", "--json")
        assert json.loads(shown.stdout) == {
            "host": server.host,
            "port": server.port,
            "security": "none",
            "username": USER,
            "sender": "me@example.test",
            "has_password": True,
        }
        table = cli("--lang", "ja", "mail", "show")
        assert "サーバー: 127.0.0.1:" in table.stdout
        assert "保存済み（暗号化）" in table.stdout
        assert PASSWORD not in table.stdout + shown.stdout
        sent = cli("mail", "test", "anna@acme.test")
        assert sent.returncode == 0, sent.stderr
        assert f"Test message sent to anna@acme.test through {server.host}:{port}." in sent.stdout
        [received] = server.wait_for(1)
        assert received["Subject"] == "Rapport: test message"
        wrong = cli(*args, "--user", USER, "--from", "me@example.test", input="nope\n")
        assert wrong.returncode == 0
        failed = cli("--lang", "nb", "mail", "test", "anna@acme.test")
        assert failed.returncode == 1
        assert "avviste brukernavnet eller passordet" in failed.stderr
    removed = cli("mail", "remove")
    assert removed.stdout.strip() == "SMTP server removed."
    assert cli("mail", "show").stdout.strip().startswith("No SMTP server yet")
    assert json.loads(cli("mail", "show", "--json").stdout) is None


def test_api_put_get_test_delete(api: object, container: Container) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(api, TestClient)
    assert api.get("/api/mail/smtp").json() is None
    with smtp_server(auth=True) as server:
        body = {
            "host": server.host,
            "port": server.port,
            "security": "none",
            "username": USER,
            "password": PASSWORD,
            "sender": "me@example.test",
        }
        put = api.put("/api/mail/smtp", json=body)
        assert put.status_code == 200, put.text
        assert put.json()["has_password"] is True and "password" not in put.json()
        assert api.get("/api/mail/smtp").json()["host"] == server.host
        sent = api.post("/api/mail/test", json={"to": "bo@acme.test"})
        assert sent.status_code == 200, sent.text
        assert server.wait_for(1)[0]["To"] == "bo@acme.test"
        # keep_password: the form re-saves without the password
        again = api.put("/api/mail/smtp", json={**body, "password": None, "keep_password": True})
        assert again.json()["has_password"] is True
        assert api.post("/api/mail/test", json={"to": "bo@acme.test"}).status_code == 200
        wrong = api.put("/api/mail/smtp", json={**body, "password": "bad"})
        assert wrong.status_code == 200
        failed = api.post("/api/mail/test", json={"to": "bo@acme.test"})
        assert failed.status_code == 422
        assert "refused the user name or password" in failed.json()["detail"]
    assert api.delete("/api/mail/smtp").json() == {"removed": True}
    assert api.get("/api/mail/smtp").json() is None


def test_only_owners_configure_mail(api_as: object) -> None:
    make = api_as
    member = make("member", "member")  # type: ignore[operator]
    assert member.get("/api/mail/smtp").status_code == 403
    assert member.put("/api/mail/smtp", json={"host": "x.test"}).status_code == 403


def test_integrations_page_section(container: Container) -> None:
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app
    from tests.conftest import logged_in_cookie

    cookie = logged_in_cookie(container)
    with (
        smtp_server() as server,
        TestClient(create_app(container), cookies={"rapport_session": cookie}) as web,
    ):
        page = web.get("/integrations?lang=vi")
        assert "Thư gửi đi (SMTP)" in page.text
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert token is not None
        web.headers["X-CSRF-Token"] = token.group(1)
        form = {"host": server.host, "port": str(server.port), "security": "none"}
        saved = web.post("/integrations/mail", data={**form, "sender": "me@example.test"})
        assert saved.status_code == 200 and "Đã lưu máy chủ SMTP." in saved.text
        sent = web.post("/integrations/mail/test", data={"to": "anna@acme.test"})
        assert "Đã gửi thư thử nghiệm đến anna@acme.test." in sent.text
        assert server.wait_for(1)[0]["Subject"] == "Rapport: thư thử nghiệm"
        bad = web.post("/integrations/mail", data={**form, "port": "http"})
        assert "không phải số cổng: http" in bad.text
