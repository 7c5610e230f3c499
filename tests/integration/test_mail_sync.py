"""E-mail logging against a real IMAP server (docs/integrations.md "E-mail logging
(IMAP)"): Debian's Dovecot started by the test on a loopback port (tests/imap_server.py).
Each test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.domain.model import Client, Contact
from rapport.services.calendar_sync import SourceResult
from rapport.services.mail_sync import normalised_subject, promises_in
from rapport.storage.mail_rows import MailboxRow, MailMessageRow
from rapport.storage.orm import CommitmentRow, InteractionRow
from tests.conftest import RunCli
from tests.imap_server import MISSING, PASSWORD, USER, Dovecot, dovecot, dovecot_binary, message

if os.environ.get("RAPPORT_TEST_SKIP_IMAP") == "1":
    pytest.skip("RAPPORT_TEST_SKIP_IMAP=1", allow_module_level=True)

ME = USER
FRIDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday: "by Friday" is 4 December


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    if dovecot_binary() is None:
        pytest.fail(MISSING)
    with dovecot() as d:
        yield d


@pytest.fixture
def imap(server: Dovecot) -> Iterator[Dovecot]:
    """The server with empty folders for each test."""
    c = server.client()
    try:
        for _flags, _sep, name in c.list_folders():
            if name in ("INBOX", "Sent"):
                c.select_folder(name)
                uids = c.search(["ALL"])
                if uids:
                    c.delete_messages(uids)
                    c.expunge()
                c.close_folder()
            else:
                c.delete_folder(name)
    finally:
        c.logout()
    if server.process is None:
        server.start()
    yield server
    if server.process is None:
        server.start()


@pytest.fixture
def acme(container: Container) -> Client:
    ws = container.workspace
    client = ws.add(Client(name="Acme", timezone="Europe/Oslo"))
    assert client.id is not None
    ws.add(Contact(client_id=client.id, name="Bo", email="bo@acme.test"))
    return client


def _add(container: Container, imap: Dovecot, **options: Any) -> int:
    info = container.mail_sync.add(
        "127.0.0.1",
        username=USER,
        password=PASSWORD,
        port=imap.port,
        security="none",
        **options,
    )
    return info.id


def _one(results: list[SourceResult]) -> SourceResult:
    mail = [r for r in results if r.kind == "imap"]
    assert len(mail) == 1
    return mail[0]


def _counts(result: SourceResult) -> tuple[int, int, int]:
    assert result.error is None, result.error
    return result.created, result.updated, result.removed


def _threads(container: Container) -> dict[str, Any]:
    r = InteractionRow
    with container.db.reading() as s:
        rows = s.execute(
            sa.select(r.external_id, r.client_id, r.kind, r.started_at, r.summary).where(
                r.source == "email"
            )
        )
        return {str(row.external_id): row for row in rows}


def _at(days: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, 2, hour, 0, tzinfo=UTC) + timedelta(days=days)


def test_first_sync_logs_threads_and_a_second_changes_nothing(
    container: Container, acme: Client, imap: Dovecot
) -> None:
    first = message("bo@acme.test", [ME], "Estimate", "Could you send it?", _at(0))
    reply = message(
        ME,
        ["bo@acme.test"],
        "Re: Estimate",
        "Sure.",
        _at(1),
        in_reply_to=first["Message-ID"],
        references=[first["Message-ID"]],
    )
    # a second client known only by domain, and mail from nobody known
    other = container.workspace.add(Client(name="Globex", email="info@globex.test"))
    imap.append("INBOX", first, message("eve@globex.test", [ME], "Hello", "Hi", _at(2)))
    imap.append("INBOX", message("spam@nowhere.test", [ME], "Offer", "Buy", _at(3)))
    imap.append("Sent", reply)
    _add(container, imap, folders=["INBOX"], sent_folder="Sent")
    result = _one(container.mail_sync.sync_all())
    assert _counts(result) == (2, 0, 0)
    assert (result.events, result.unmatched) == (4, 1)
    threads = _threads(container)
    by_client = {row.client_id: row for row in threads.values()}
    assert set(by_client) == {acme.id, other.id}
    estimate = by_client[acme.id]
    assert estimate.kind == "email" and estimate.summary == "→ Estimate (2)"
    assert estimate.started_at.replace(tzinfo=UTC) == _at(1)
    assert imap.unseen("INBOX") == 3  # nothing marked as read
    again = _one(container.mail_sync.sync_all())
    assert _counts(again) == (0, 0, 0)
    assert _threads(container) == threads


def test_a_reply_updates_the_thread_and_a_deleted_message_shrinks_or_removes_it(
    container: Container, acme: Client, imap: Dovecot
) -> None:
    first = message("bo@acme.test", [ME], "Plans", "What next?", _at(0))
    imap.append("INBOX", first)
    _add(container, imap)
    assert _counts(_one(container.mail_sync.sync_all())) == (1, 0, 0)
    reply = message(
        "bo@acme.test", [ME], "RE: Plans", "And?", _at(2), references=[first["Message-ID"]]
    )
    # no threading headers, but a reply's subject and the same people: the same thread
    loose = message("bo@acme.test", [ME], "Re: plans", "Hello?", _at(3))
    imap.append("INBOX", reply, loose)
    assert _counts(_one(container.mail_sync.sync_all())) == (0, 1, 0)
    (row,) = _threads(container).values()
    assert row.summary == "← Plans (3)"
    imap.delete("INBOX", loose["Message-ID"])
    assert _counts(_one(container.mail_sync.sync_all())) == (0, 1, 0)
    (row,) = _threads(container).values()
    assert row.summary == "← Plans (2)" and row.started_at.replace(tzinfo=UTC) == _at(2)
    imap.delete("INBOX", first["Message-ID"])
    imap.delete("INBOX", reply["Message-ID"])
    assert _counts(_one(container.mail_sync.sync_all())) == (0, 0, 1)
    assert _threads(container) == {}


def test_a_new_uidvalidity_reads_the_folder_again_without_duplicates(
    container: Container, acme: Client, imap: Dovecot
) -> None:
    imap.append(
        "Projects", *(message("bo@acme.test", [ME], f"Item {n}", "x", _at(n)) for n in range(3))
    )
    _add(container, imap, folders=["Projects"])
    assert _counts(_one(container.mail_sync.sync_all())) == (3, 0, 0)
    imap.recreate("Projects")
    imap.append("Projects", message("bo@acme.test", [ME], "Item 9", "x", _at(9)))
    result = _one(container.mail_sync.sync_all())
    assert _counts(result) == (1, 0, 0) and result.events == 4
    assert _counts(_one(container.mail_sync.sync_all())) == (0, 0, 0)


def test_a_run_killed_between_batches_resumes_without_duplicates(
    container: Container, acme: Client, imap: Dovecot
) -> None:
    mails = [message("bo@acme.test", [ME], f"Topic {n}", "x", _at(n)) for n in range(5)]
    imap.append("INBOX", *mails)
    _add(container, imap)
    container.mail_sync.batch = 2
    container.mail_sync.batch_done = lambda folder, uid: imap.stop()  # the server goes down
    killed = _one(container.mail_sync.sync_all())
    assert killed.error is not None and killed.error.startswith("the server closed the connection")
    assert killed.created == 2 and killed.events == 2  # the first batch stays, whole
    imap.start()
    container.mail_sync.batch_done = None
    resumed = _one(container.mail_sync.sync_all())
    assert _counts(resumed) == (3, 0, 0) and resumed.events == 5
    assert len(_threads(container)) == 5
    assert container.mail_sync.mailboxes()[0].last_error is None


def test_wrong_password_server_down_and_missing_folder_are_one_clear_line(
    container: Container, acme: Client, imap: Dovecot, cli: RunCli
) -> None:
    wrong = container.mail_sync.add(
        "127.0.0.1", username=USER, password="wrong", port=imap.port, security="none"
    )
    result = _one(container.mail_sync.sync_all())
    assert result.error == "the server refused the user name or password"
    container.mail_sync.remove(wrong.id)
    missing = _add(container, imap, folders=["Nope"])
    result = _one(container.mail_sync.sync_all())
    assert result.error == "no folder Nope on the server"
    container.mail_sync.remove(missing)
    port = imap.port
    imap.stop()
    container.mail_sync.add(
        "127.0.0.1", username=USER, password=PASSWORD, port=port, security="none"
    )
    result = _one(container.mail_sync.sync_all())
    assert result.error == "cannot reach the server: connection refused"
    answer = cli("sync")
    assert answer.returncode == 1 and "cannot reach the server" in answer.stdout
    status = json.loads(cli("sync", "status", "--json").stdout)["sources"]
    assert status[0]["kind"] == "imap" and status[0]["error"].startswith("cannot reach")
    # TLS against a server that speaks plain IMAP
    imap.start()
    container.mail_sync.add("127.0.0.1", username="x@y.test", password="p", port=port)
    tls = [r for r in container.mail_sync.sync_all() if r.url.startswith("imap://x")]
    assert tls[0].error is not None and tls[0].error.startswith("TLS failed")
    assert _threads(container) == {}


def test_malformed_message_is_named_and_the_others_are_logged(
    container: Container, acme: Client, imap: Dovecot
) -> None:
    imap.append("INBOX", b"Subject: no sender\r\n\r\nbody\r\n")
    imap.append("INBOX", message("bo@acme.test", [ME], "Fine", "x", _at(1)))
    _add(container, imap)
    result = _one(container.mail_sync.sync_all())
    assert re.fullmatch(r"message INBOX UID \d+: no sender \(From\)", str(result.error))
    assert result.created == 1


def test_promises_in_sent_mail_are_offered_and_accepted_or_dismissed(
    container: Container, acme: Client, imap: Dovecot, cli: RunCli
) -> None:
    english = message(
        ME,
        ["bo@acme.test"],
        "Estimate",
        "Thanks for the call.\nI'll send the estimate by Friday.\n\n"
        "On Mon, Bo wrote:\n> I'll pay you tomorrow.\n",
        FRIDAY,
    )
    norwegian = message(
        ME, ["bo@acme.test"], "Tilbud", "Hei Bo! Jeg sender tilbudet i morgen.", FRIDAY
    )
    imap.append("Sent", english, norwegian)
    _add(container, imap, folders=["INBOX"], sent_folder="Sent")
    _one(container.mail_sync.sync_all())
    offers = {o.language: o for o in container.mail_sync.offers()}
    assert set(offers) == {"en", "nb"}
    assert offers["en"].text == "I'll send the estimate by Friday."
    assert offers["en"].due == date(2026, 12, 4)
    assert offers["nb"].due == date(2026, 12, 1)
    listed = json.loads(cli("mailboxes", "promises", "--json").stdout)
    assert len(listed) == 2
    accepted = cli("mailboxes", "accept", str(offers["en"].id), "--json")
    assert accepted.returncode == 0, accepted.stderr
    assert json.loads(accepted.stdout)["status"] == "accepted"
    assert cli("mailboxes", "dismiss", str(offers["nb"].id)).returncode == 0
    assert container.mail_sync.offers() == []
    with container.db.reading() as s:
        (commitment,) = s.scalars(sa.select(CommitmentRow)).all()
        assert (commitment.text, commitment.source) == (
            "I'll send the estimate by Friday.",
            "email",
        )
    _one(container.mail_sync.sync_all())  # not offered twice
    assert container.mail_sync.offers() == []
    with container.db.reading() as s:  # bodies were read, not kept
        assert s.scalar(sa.select(sa.func.count()).where(MailMessageRow.body.is_not(None))) == 0


def test_bodies_are_kept_only_when_opted_in(
    container: Container, acme: Client, imap: Dovecot
) -> None:
    imap.append("INBOX", message("bo@acme.test", [ME], "Body", "The secret plan.", _at(0)))
    _add(container, imap, store_bodies=True)
    _one(container.mail_sync.sync_all())
    with container.db.reading() as s:
        assert "The secret plan." in str(s.scalar(sa.select(MailMessageRow.body)))


def test_password_is_encrypted_and_never_shown_or_audited(
    container: Container, acme: Client, imap: Dovecot, cli: RunCli
) -> None:
    imap.append("INBOX", message("bo@acme.test", [ME], "Hi", "x", _at(0)))
    added = cli(
        "mailboxes", "add", "127.0.0.1", "--user", USER, "--port", str(imap.port),
        "--security", "none", "--folder", "INBOX", "--json", input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in added.stdout and json.loads(added.stdout)["has_password"]
    with container.db.reading() as s:
        sealed = s.scalar(sa.select(MailboxRow.password_encrypted))
    assert sealed and PASSWORD not in sealed
    answer = cli("sync", "--json")
    assert answer.returncode == 0, answer.stdout
    (source,) = json.loads(answer.stdout)["sources"]
    assert {k: source[k] for k in ("kind", "events", "created", "updated", "removed")} == {
        "kind": "imap",
        "events": 1,
        "created": 1,
        "updated": 0,
        "removed": 0,
    }
    table = cli("--lang", "nb", "sync")
    assert table.returncode == 0 and "imap" in table.stdout
    number = str(json.loads(added.stdout)["id"])
    folders = cli("mailboxes", "folders", number)
    assert folders.returncode == 0 and "INBOX" in folders.stdout and "Sent" in folders.stdout
    listed = cli("mailboxes", "list", "--json").stdout + cli("mailboxes", "list").stdout
    assert PASSWORD not in listed and "INBOX" in listed
    from rapport.storage.team_rows import AuditRow

    with container.db.reading() as s:
        logged = json.dumps([r.changes for r in s.scalars(sa.select(AuditRow))], default=str)
    assert PASSWORD not in logged and sealed not in logged
    assert cli("mailboxes", "remove", number).returncode == 0
    assert len(_threads(container)) == 1  # the threads it logged stay
    assert cli("mailboxes", "list", "--json").stdout.strip() == "[]"


def test_api_adds_lists_syncs_and_removes(
    container: Container, acme: Client, imap: Dovecot, api: Any
) -> None:
    imap.append("INBOX", message("bo@acme.test", [ME], "Hi", "x", _at(0)))
    body = {"host": "127.0.0.1", "port": imap.port, "security": "none", "username": USER}
    made = api.post("/api/mailboxes", json={**body, "password": PASSWORD})
    assert made.status_code == 201, made.text
    assert PASSWORD not in made.text
    assert api.get("/api/mailboxes").json()[0]["folders"] == ["INBOX"]
    synced = api.post("/api/sync").json()["sources"]
    assert [(s["kind"], s["created"], s["error"]) for s in synced] == [("imap", 1, None)]
    folders = api.get(f"/api/mailboxes/{made.json()['id']}/folders").json()
    assert {f["name"] for f in folders} >= {"INBOX", "Sent"}
    assert api.get("/api/mail-promises").json() == []
    gone = api.delete(f"/api/mailboxes/{made.json()['id']}?delete_interactions=true")
    assert gone.status_code == 200
    assert _threads(container) == {}


def test_subjects_and_promise_reading() -> None:
    assert normalised_subject("Re: AW: Fwd:  The  Plan") == "the plan"
    assert normalised_subject("回复：报价") == "报价"
    found = promises_in("I'll send it tomorrow.\n> I'll pay you.", "en", date(2026, 12, 1))
    assert found == [("I'll send it tomorrow.", "en", date(2026, 12, 2))]
    monday = date(2026, 11, 30)
    ja = "いつもお世話になっております。見積もりは金曜日までにお送りします。\n> 明日送ります。"
    assert promises_in(ja, "en", monday) == [
        ("見積もりは金曜日までにお送りします。", "ja", date(2026, 12, 4))
    ]
    zh = promises_in("你好！我明天把报价发给你。", "en", monday)
    assert zh == [("我明天把报价发给你。", "zh-Hans", date(2026, 12, 1))]
    vi = promises_in("Chào anh, tôi sẽ gửi báo giá vào thứ sáu.", "en", monday)
    assert [(lang, due) for _t, lang, due in vi] == [("vi", date(2026, 12, 4))]


def test_a_thread_that_matched_nobody_is_logged_once_its_contact_is_added(
    container: Container, acme: Client, imap: Dovecot
) -> None:
    imap.append("INBOX", message("cy@initech.test", [ME], "Intro", "Hello", _at(0)))
    _add(container, imap)
    first = _one(container.mail_sync.sync_all())
    assert (first.created, first.unmatched) == (0, 1)
    assert _counts(_one(container.mail_sync.sync_all())) == (0, 0, 0)
    initech = container.workspace.add(Client(name="Initech"))
    assert initech.id is not None
    container.workspace.add(Contact(client_id=initech.id, name="Cy", email="cy@initech.test"))
    later = _one(container.mail_sync.sync_all())
    assert _counts(later) == (1, 0, 0) and later.unmatched == 0
    (row,) = _threads(container).values()
    assert row.client_id == initech.id
    assert _counts(_one(container.mail_sync.sync_all())) == (0, 0, 0)


def test_integrations_page_shows_mailboxes_and_offers_promises(
    container: Container, acme: Client, imap: Dovecot, api: Any
) -> None:
    imap.append(
        "Sent", message(ME, ["bo@acme.test"], "Plan", "I'll send the plan tomorrow.", FRIDAY)
    )
    added = api.post(
        "/integrations/mailboxes",
        data={
            "host": "127.0.0.1",
            "port": str(imap.port),
            "security": "none",
            "username": USER,
            "password": PASSWORD,
            "folders": "INBOX",
            "sent_folder": "Sent",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    synced = api.post("/integrations/sync")
    assert synced.status_code == 200 and "1 created" in synced.text
    page = api.get("/integrations?lang=nb")
    assert page.status_code == 200
    assert "E-postkontoer" in page.text and "I&#39;ll send the plan tomorrow." in page.text
    assert PASSWORD not in page.text
    (offer,) = container.mail_sync.offers()
    accepted = api.post(f"/integrations/promises/{offer.id}/accept", follow_redirects=False)
    assert accepted.status_code == 303
    assert container.mail_sync.offers() == []
    bad = api.post(
        "/integrations/mailboxes",
        data={"host": "bad host!", "username": USER, "password": "x"},
    )
    assert bad.status_code == 422 and "ikke et servernavn" in bad.text  # the language chosen above


def test_the_scheduled_sync_job_reads_mailboxes(
    container: Container, acme: Client, imap: Dovecot
) -> None:
    from rapport.services.sync_schedule import submit_if_due

    imap.append("INBOX", message("bo@acme.test", [ME], "Hi", "x", _at(0)))
    _add(container, imap)  # a mailbox and no calendar: the job is due
    job = submit_if_due(container.sync_sources, container.jobs)
    assert job is not None
    info = container.jobs.wait(job, timeout=120)  # type: ignore[attr-defined]
    assert info.status == "succeeded", info
    (source,) = info.result["sources"]
    assert (source["kind"], source["created"], source["error"]) == ("imap", 1, None)


def test_cli_texts_in_other_languages(container: Container, cli: RunCli) -> None:
    none = cli("--lang", "ja", "mailboxes", "list")
    assert none.returncode == 0 and "メールボックスはまだ登録されていません" in none.stdout
    waiting = cli("--lang", "vi", "mailboxes", "promises")
    assert "Không có lời hứa nào" in waiting.stdout
    missing = cli("--lang", "zh-Hans", "mailboxes", "remove", "7")
    assert missing.returncode != 0 and "没有邮箱 7" in missing.stdout + missing.stderr
    bad = cli("mailboxes", "add", "imap.example.test", "--user", "a@b.test", input="\n")
    assert bad.returncode != 0
    assert "a mailbox needs a password" in bad.stdout + bad.stderr
