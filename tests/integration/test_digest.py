"""Reminders and the daily digest (docs/integrations.md), on SQLite and PostgreSQL: what the
digest holds, sending it through a real SMTP server (aiosmtpd), once a day whatever the
restarts, quiet hours, per-kind switches, reminders by e-mail and in the browser once each,
what another account sees, and the CLI's text and JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from rapport.bootstrap import Container, build
from rapport.clock import now
from rapport.domain.model import Client, Commitment, Contact, Interaction, InteractionKind
from rapport.jsonable import dump
from rapport.storage.agendas_rows import SavedAgendaRow
from tests.conftest import RunCli
from tests.mail_servers import SmtpServer, smtp_server

# A fixed morning (UTC is the user's time zone unless a test says otherwise).
MORNING = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def mailing(container: Container, server: SmtpServer) -> SmtpServer:
    container.mail.configure(
        server.host, port=server.port, security="none", sender="rapport@example.test"
    )
    container.profile.set("email", "me@example.test")
    container.profile.set("digest_time", "07:30")
    container.profile.set("quiet_hours", "22:00-07:00")
    return server


def _text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def _html(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


@pytest.fixture
def acme(container: Container) -> Client:
    ws = container.workspace
    created = MORNING - timedelta(days=200)
    client = ws.add(Client(name="Acme", cadence_days=14, created_at=created))
    other = ws.add(Client(name="Birch & Co", cadence_days=90, created_at=created))
    assert client.id is not None and other.id is not None
    ws.add(Contact(client_id=client.id, name="Anna", email="anna@acme.test"))
    # contact 40 days ago: the 14-day touch-point is overdue
    ws.add(
        Interaction(
            client_id=client.id,
            kind=InteractionKind.CALL,
            started_at=MORNING - timedelta(days=40),
            duration_min=30,
        )
    )
    ws.add(
        Interaction(
            client_id=other.id,
            kind=InteractionKind.CALL,
            started_at=MORNING - timedelta(days=5),
            duration_min=30,
        )
    )
    made = MORNING - timedelta(days=20)
    ws.add(
        Commitment(
            client_id=client.id,
            text="Send the estimate",
            due_at=MORNING + timedelta(hours=6),
            made_at=made,
        )
    )
    ws.add(
        Commitment(
            client_id=client.id,
            text="Share the notes",
            due_at=MORNING - timedelta(days=2),
            made_at=made,
        )
    )
    ws.add(
        Commitment(
            client_id=other.id,
            text="Book the room",
            due_at=MORNING + timedelta(days=30),
            made_at=made,
        )
    )
    # a meeting today at 10:00 with a saved agenda
    meeting = ws.add(
        Interaction(
            client_id=client.id,
            kind=InteractionKind.VIDEO,
            started_at=MORNING.replace(hour=10),
            duration_min=45,
            summary="Design review",
            source="calendar",
        )
    )
    with container.db.transaction() as s:
        s.add(
            SavedAgendaRow(
                client_id=client.id,
                start=MORNING.replace(hour=10),
                format="video",
                slot_min=45,
                topics=[{"title": "Mock-ups", "minutes": 20}],
                items=[
                    {"title": "Catching up", "minutes": 5, "start_min": 0, "kind": "personal"},
                    {"title": "Mock-ups", "minutes": 20, "start_min": 5, "kind": "business"},
                ],
                total_min=25,
                opening_line="Good to see you!",
                language="en",
                created_at=MORNING - timedelta(days=1),
                interaction_id=meeting.id,
            )
        )
    return client


def test_the_digest_holds_promises_touchpoints_meetings(container: Container, acme: Client) -> None:
    digest = container.digest.build(at=MORNING)
    assert digest.day == MORNING.date()
    assert [p.text for p in digest.at_risk] == ["Send the estimate"]
    assert [(p.text, p.days) for p in digest.overdue] == [("Share the notes", 2)]
    assert [t.client for t in digest.touchpoints] == ["Acme"]
    [meeting] = digest.meetings
    assert (meeting.client, meeting.summary, meeting.duration_min) == ("Acme", "Design review", 45)
    assert [a.title for a in meeting.agenda] == ["Catching up", "Mock-ups"]
    data = dump(digest)
    assert data["meetings"][0]["agenda_total_min"] == 25
    assert data["counts"]["at_risk"] == 1
    json.dumps(data)  # stable JSON


def test_switches_leave_sections_out(container: Container, acme: Client) -> None:
    for kind in ("promises", "touchpoints", "meetings"):
        container.profile.set(f"notify.{kind}", "off")
    digest = container.digest.build(at=MORNING)
    assert digest.empty
    assert container.digest.reminders(at=MORNING) == []


def test_send_now_through_smtp_in_the_language(
    container: Container, acme: Client, mailing: SmtpServer
) -> None:
    container.profile.set("language", "ja")
    address, _digest = container.digest.send(at=MORNING)
    assert address == "me@example.test"
    [message] = mailing.wait_for(1)
    assert message["To"] == "me@example.test"
    assert message["From"] == "rapport@example.test"
    assert "3月10日（火）" in str(message["Subject"])
    text = _text(message)
    for heading in ("期日超過の約束", "期限間近の約束", "連絡が必要な顧客", "今日の打ち合わせ"):
        assert heading in text
    assert "Send the estimate (Acme)" in text
    assert "アジェンダ（計25分）" in text and "Mock-ups" in text
    html = _html(message)
    assert "<h2" in html and "Birch &amp; Co" not in html  # Birch has nothing today
    assert "Design review" in html


def test_the_scheduled_digest_goes_once_a_day_and_survives_a_restart(
    container: Container, acme: Client, mailing: SmtpServer
) -> None:
    early = MORNING.replace(hour=7, minute=0)
    assert container.digest.tick(early).digest is None  # before 07:30
    assert container.digest.work_due(MORNING)
    assert container.digest.tick(MORNING).digest == "sent"
    assert container.digest.tick(MORNING + timedelta(hours=1)).digest is None
    restarted = build(container.settings)
    try:
        assert not restarted.digest._digest_due(MORNING + timedelta(hours=3))
        assert restarted.digest.tick(MORNING + timedelta(hours=3)).digest is None
        assert restarted.digest.tick(MORNING + timedelta(days=1)).digest == "sent"
    finally:
        restarted.close()
    digests = [m for m in mailing.wait_for(2) if "Your day" in str(m["Subject"])]
    assert len(digests) == 2


def test_quiet_hours_hold_the_digest_until_they_end(
    container: Container, acme: Client, mailing: SmtpServer
) -> None:
    container.profile.set("quiet_hours", "07:00-09:00")
    assert container.digest.tick(MORNING).digest is None  # 08:00: quiet
    assert not container.digest.work_due(MORNING)
    assert container.digest.tick(MORNING.replace(hour=9)).digest == "sent"
    container.profile.set("notify.digest", "off")
    assert container.digest.tick(MORNING + timedelta(days=1)).digest is None


def test_email_reminders_are_sent_once(
    container: Container, acme: Client, mailing: SmtpServer
) -> None:
    container.profile.set("notify.digest", "off")
    container.profile.set("reminder_lead_hours", "8")
    container.profile.set("meeting_reminder_minutes", "15")
    first = container.digest.tick(MORNING)
    assert first.reminders == 1  # the promise due at 14:00; the meeting is at 10:00
    assert container.digest.tick(MORNING + timedelta(minutes=5)).reminders == 0
    soon = MORNING.replace(hour=9, minute=50)
    assert container.digest.tick(soon).reminders == 1  # the meeting in 10 minutes
    messages = mailing.wait_for(2)
    subjects = sorted(str(m["Subject"]) for m in messages)
    # one subject the catalog phrases, day named, 24-hour clock: no "Promise due 2:00 PM: …"
    assert subjects == [
        "Reminder: Send the estimate (Acme), due today at 14:00",
        "Reminder: meeting with Acme, today at 10:00",
    ]
    meeting = next(m for m in messages if "meeting" in str(m["Subject"]))
    assert "Design review" in _text(meeting) and "- Mock-ups (20 min)" in _text(meeting)


def test_a_failed_send_is_tried_again_later(container: Container, acme: Client) -> None:
    from tests.live_server import free_port

    container.mail.configure("127.0.0.1", port=free_port(), security="none", sender="r@x.test")
    container.profile.set("email", "me@example.test")
    failed = container.digest.tick(MORNING)
    assert failed.digest == "failed"
    assert "cannot connect to the SMTP server" in failed.errors[0]
    assert container.digest.tick(MORNING + timedelta(minutes=1)).digest is None  # waits
    with smtp_server() as server:
        container.mail.configure(server.host, port=server.port, security="none")
        later = MORNING + timedelta(minutes=20)
        assert container.digest.tick(later).digest == "sent"
        assert len(server.wait_for(1)) >= 1


def test_browser_notifications_come_once(container: Container, acme: Client) -> None:
    container.profile.set("quiet_hours", "off")
    container.profile.set("meeting_reminder_minutes", "30")
    soon = MORNING.replace(hour=9, minute=45)
    found = container.digest.notifications(at=soon, lang="nb")
    titles = sorted(n.title or "" for n in found)
    assert titles == [
        "Løftet «Send the estimate» (Acme) forfaller i dag kl. 14.00",
        "Møte med Acme kl. 10.00",
    ]
    assert container.digest.notifications(at=soon + timedelta(minutes=1)) == []
    container.profile.set("quiet_hours", "09:00-10:00")
    with container.db.transaction() as s:
        from rapport.storage.notice_rows import NoticeRow

        s.query(NoticeRow).delete()
    assert container.digest.notifications(at=soon) == []  # quiet: nothing now


def test_another_account_sees_only_its_clients(
    container: Container, acme: Client, api_as: object
) -> None:
    from fastapi.testclient import TestClient

    make = api_as
    member = make("member", "member")  # type: ignore[operator]
    assert isinstance(member, TestClient)
    answer = member.get("/api/digest")
    assert answer.status_code == 200
    data = answer.json()
    assert data["at_risk"] == [] and data["overdue"] == [] and data["meetings"] == []
    assert member.get("/api/notifications").json()["notifications"] == []
    assert member.post("/api/digest/send", json={}).status_code == 403


def test_api_preview_and_notifications(api: object, container: Container, acme: Client) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(api, TestClient)
    container.profile.set("quiet_hours", "off")
    data = api.get("/api/digest?lang=vi").json()
    assert data["language"] == "vi"
    # a promise due in an hour from the real clock: a reminder now
    container.workspace.add(
        Commitment(
            client_id=acme.id or 0,
            text="Call back",
            due_at=now() + timedelta(hours=1),
            made_at=now() - timedelta(days=1),
        )
    )
    first = api.get("/api/notifications?lang=zh-Hans").json()
    assert [n["title"].endswith("Call back（Acme）") for n in first["notifications"]] == [True]
    assert first["close"] == "关闭"
    assert api.get("/api/notifications").json()["notifications"] == []


def test_cli_preview_text_json_and_send(
    container: Container, acme: Client, mailing: SmtpServer, cli: RunCli
) -> None:
    text = cli("digest", "preview")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Your day – ")
    assert "Touchpoints due\n- Acme: last contact" in text.stdout
    nb = cli("digest", "preview", "--lang", "nb")
    assert "Kunder du bør kontakte" in nb.stdout
    data = json.loads(cli("digest", "preview", "--json").stdout)
    assert set(data) >= {"day", "at_risk", "overdue", "touchpoints", "meetings", "slipping"}
    sent = cli("digest", "send", "--to", "bo@example.test")
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip().endswith("sent to bo@example.test.")
    assert mailing.wait_for(1)[0]["To"] == "bo@example.test"
    container.profile.unset("email")
    nowhere = cli("--lang", "vi", "digest", "send")
    assert nowhere.returncode == 1
    assert "chưa có địa chỉ để gửi bản tóm tắt" in nowhere.stderr


def test_digest_page_and_settings_page(container: Container, acme: Client) -> None:
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app
    from tests.conftest import logged_in_cookie

    cookie = logged_in_cookie(container)
    with TestClient(create_app(container), cookies={"rapport_session": cookie}) as web:
        page = web.get("/digest?lang=ja")
        assert page.status_code == 200
        assert "毎日のダイジェスト" in page.text and "notify-permission" in page.text
        assert "/static/js/notices.js" in page.text
        # one heading: the h1, not an h2 repeating it
        assert page.text.count("毎日のダイジェスト</h") == 1
        english = web.get("/digest?lang=en").text
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2}\b", english)  # no US 12/6/26
        assert " AM" not in english and " PM" not in english
        # the SMTP security choices are labelled as the IMAP form's are; values unchanged
        integrations = web.get("/integrations?lang=nb").text
        assert '<option value="starttls">STARTTLS</option>' in integrations
        assert '<option value="tls">TLS</option>' in integrations
        assert re.search(r'<option value="none">Ingen[^<]+</option>', integrations)
        settings = web.get("/settings?lang=nb")
        assert "Stille timer" in settings.text
        assert "Tidspunkt for daglig oppsummering" in settings.text


def test_team_mode_each_account_its_own_digest_and_reminders(
    settings: object, server: SmtpServer
) -> None:
    """In team mode a member's digest and browser reminders hold only its clients and are
    kept apart from the owners'; only the owners' digest goes by e-mail."""
    from rapport.config import Settings
    from rapport.storage.team_rows import ClientOwnerRow, UserRow
    from tests.conftest import make_account

    assert isinstance(settings, Settings)
    if not str(settings.database_url).startswith("postgresql"):
        pytest.skip("team mode runs on PostgreSQL only")
    team = Settings(
        database_url=settings.database_url,
        data_dir=settings.data_dir,
        mode="team",
        secret_key="a-test-secret-key-that-is-long-enough-for-team-mode",
    )
    owner = build(team)
    try:
        make_account(owner, "mia", "member")
        with owner.db.reading() as s:
            mia_id = s.query(UserRow.id).filter(UserRow.name == "mia").scalar()
        ws = owner.workspace
        mine = ws.add(Client(name="Mia's client"))
        theirs = ws.add(Client(name="Owner's client"))
        assert mine.id is not None and theirs.id is not None
        with owner.db.transaction() as s:
            s.add(ClientOwnerRow(client_id=mine.id, user_id=mia_id))
        soon = now() + timedelta(hours=2)
        for client in (mine, theirs):
            assert client.id is not None
            ws.add(Commitment(client_id=client.id, text="Deliver", due_at=soon, made_at=now()))
        owner.profile.set("quiet_hours", "off")
        owner.profile.set("email", "owner@example.test")
        actor = owner.accounts.actor_by_id(mia_id)
        assert actor is not None
        mia = owner.for_actor(actor)
        assert [p.client for p in mia.digest.build().at_risk] == ["Mia's client"]
        assert mia.digest.recipient() is None  # no address of its own: no e-mail
        shown = mia.digest.notifications()
        assert ["(Mia's client)" in (n.title or "") for n in shown] == [True]
        # the owners' view (account 0) has both, independently of what Mia's browser showed
        both = owner.digest.notifications()
        assert sorted((n.title or "").rsplit("(", 1)[1].split(")")[0] for n in both) == [
            "Mia's client",
            "Owner's client",
        ]
        assert owner.digest.recipient() == "owner@example.test"
    finally:
        owner.close()
