"""The mailbox and notice repositories, and the queries the mail, digest and reliability
services ask of the clients, commitments, interactions and meetings repositories, on both
databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client, Commitment, InteractionKind
from rapport.storage.agendas_rows import SavedAgendaRow
from rapport.storage.failures import IntegrityError
from rapport.storage.mail_rows import (
    MailboxRow,
    MailFolderStateRow,
    MailMessageRow,
    MailPromiseRow,
)
from rapport.storage.notice_rows import MailServerRow, NoticeRow
from rapport.storage.orm import InteractionRow
from rapport.storage.repositories import EVERYTHING, Repositories

AT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class OnlyClient:
    """A scope that sees one client."""

    def __init__(self, client_id: int) -> None:
        self.client_id = client_id

    def filter_clients(self, stmt: Any, client_id_column: Any) -> Any:
        return stmt.where(client_id_column == self.client_id)


def _clients(container: Container) -> tuple[int, int]:
    a = container.workspace.add_client(Client(name="Acme", cadence_days=14))
    b = container.workspace.add_client(Client(name="Birch", cadence_days=365))
    assert a.id is not None and b.id is not None
    return a.id, b.id


def _message(mailbox_id: int, n: int, thread: str, client_id: int | None) -> MailMessageRow:
    return MailMessageRow(
        mailbox_id=mailbox_id,
        message_id=f"<m{n}@x>",
        thread_key=thread,
        subject_key="s" if n < 3 else None,
        folder="INBOX",
        uidvalidity=7,
        uid=n,
        sent_at=AT + timedelta(minutes=n),
        subject=f"subject {n}",
        outbound=False,
        client_id=client_id,
        people=None if client_id else ["x@y.test"],
    )


def test_mailboxes_messages_and_promises(container: Container) -> None:
    acme, _birch = _clients(container)
    with container.db.transaction() as s:
        repos = Repositories(s, EVERYTHING)
        box = MailboxRow(
            host="imap.test",
            port=993,
            security="tls",
            username="me",
            folders=["INBOX"],
            created_at=AT,
        )
        repos.mailboxes.add(box)
        repos.flush()
        box_id = box.id
        assert repos.mailboxes.id_of("imap.test", 993, "me") == box_id
        assert repos.mailboxes.id_of("imap.test", 143, "me") is None
        assert repos.mailboxes.lock(box_id) and not repos.mailboxes.lock(box_id + 1)
        repos.mailboxes.add(
            MailFolderStateRow(mailbox_id=box_id, folder="INBOX", uidvalidity=7, last_uid=3)
        )
        for n, thread, client in ((1, "t1", acme), (2, "t1", None), (3, "t2", None)):
            repos.mailboxes.add(_message(box_id, n, thread, client))
        repos.mailboxes.add(
            MailPromiseRow(
                mailbox_id=box_id,
                message_id="<m1@x>",
                number=1,
                client_id=acme,
                text="I will send it",
                language="en",
                due=date(2026, 3, 12),
                made_at=AT,
                subject="subject 1",
                status="offered",
            )
        )
    with container.db.transaction() as s:
        mailboxes = Repositories(s, EVERYTHING).mailboxes
        assert [b.id for b in mailboxes.all()] == [box_id]
        state = mailboxes.folder_state(box_id, "INBOX")
        assert state is not None and state.last_uid == 3
        assert mailboxes.folder_state(box_id, "Sent") is None
        assert mailboxes.message_count(box_id) == 3
        assert mailboxes.unmatched_thread_count(box_id) == 1  # t2: t1 has a client
        assert sorted(m.uid for m in mailboxes.unmatched(box_id)) == [2, 3]
        found = mailboxes.by_message_ids(box_id, {"<m1@x>", "<m3@x>", "<none@x>"})
        assert sorted(m.uid for m in found) == [1, 3]
        assert [m.uid for m in mailboxes.in_threads(box_id, {"t1"})] == [1, 2]
        assert mailboxes.first_thread_with_subject(box_id, "s") == "t1"
        assert mailboxes.first_thread_with_subject(box_id, "other") is None
        seen = mailboxes.in_folder(box_id, "INBOX")
        assert sorted((u.uid, u.uidvalidity, u.thread_key) for u in seen) == [
            (1, 7, "t1"),
            (2, 7, "t1"),
            (3, 7, "t2"),
        ]
        [(promise, name)] = mailboxes.promises("offered")
        assert (promise.text, name) == ("I will send it", "Acme")
        assert mailboxes.promises("accepted") == []
        assert mailboxes.promise(promise.id) is not None
        mailboxes.delete_messages([u.id for u in seen if u.uid == 3])
    with container.db.transaction() as s:
        mailboxes = Repositories(s, EVERYTHING).mailboxes
        assert mailboxes.message_count(box_id) == 2
        mailboxes.remove(box_id)
    with container.db.reading() as s:
        mailboxes = Repositories(s, EVERYTHING).mailboxes
        assert mailboxes.all() == [] and mailboxes.message_count(box_id) == 0
        assert mailboxes.promises(None) == []


def test_notices_and_the_mail_server(container: Container) -> None:
    with container.db.transaction() as s:
        notices = Repositories(s, EVERYTHING).notices
        assert notices.mail_server() is None
        notices.add(
            MailServerRow(id=1, host="smtp.test", port=587, security="starttls", updated_at=AT)
        )
        notices.add(
            NoticeRow(account=0, kind="promise", key="k1", created_at=AT, payload={"title": "x"})
        )
    with container.db.transaction() as s:
        notices = Repositories(s, EVERYTHING).notices
        server = notices.mail_server()
        assert server is not None and server.host == "smtp.test"
        row = notices.find(0, "promise", "k1")
        assert row is not None and notices.by_id(row.id) is row
        assert notices.exists(0, "promise", "k1") and not notices.exists(1, "promise", "k1")
        assert notices.find(0, "digest", "k1") is None
        assert notices.mark_shown(row.id, AT) and not notices.mark_shown(row.id, AT)
        assert notices.mark_mailed(0, "promise", "k1", AT)
        assert not notices.mark_mailed(0, "promise", "k1", AT)
        assert not notices.mark_mailed(0, "promise", "gone", AT)
        assert notices.the(0, "promise", "k1").mailed_at == AT
        notices.delete(server)
    # one notice per account, kind and key
    with pytest.raises(IntegrityError), container.db.transaction() as s:
        Repositories(s, EVERYTHING).notices.add(
            NoticeRow(account=0, kind="promise", key="k1", created_at=AT, payload={})
        )
    with container.db.reading() as s:
        notices = Repositories(s, EVERYTHING).notices
        assert notices.mail_server() is None
        detached = notices.detach(notices.the(0, "promise", "k1"))
    assert detached.shown_at == AT


def test_what_mail_asks_of_other_aggregates(container: Container) -> None:
    acme, birch = _clients(container)
    ws = container.workspace
    for client_id, hours in ((acme, 2), (birch, 30), (acme, 60)):
        ws.add(
            Commitment(
                client_id=client_id,
                text=f"due in {hours}h",
                due_at=AT + timedelta(hours=hours),
                made_at=AT,
            )
        )
    ws.add(Commitment(client_id=birch, text="late", due_at=AT - timedelta(hours=1), made_at=AT))
    with container.db.transaction() as s:
        repos = Repositories(s, EVERYTHING)
        for n, (client_id, kind) in enumerate(
            (
                (acme, InteractionKind.VIDEO),
                (birch, InteractionKind.EMAIL),
                (birch, InteractionKind.IN_PERSON),
            )
        ):
            repos.interactions.add(
                InteractionRow(
                    client_id=client_id,
                    kind=kind,
                    started_at=AT + timedelta(hours=n),
                    duration_min=30,
                    summary=f"i{n}",
                    source="email",
                    external_id=f"mail9:{n}",
                )
            )
        s.add(
            SavedAgendaRow(
                client_id=birch,
                start=AT + timedelta(hours=3),
                format="short",
                topics=[],
                items=[],
                total_min=20,
                opening_line="Hello",
                language="en",
                created_at=AT,
            )
        )
    meeting_kinds = [k for k in InteractionKind if k.is_meeting]
    pending = ("open",)
    with container.db.transaction() as s:
        repos = Repositories(s, EVERYTHING)
        found = repos.interactions.by_external_ids("email", {"mail9:0", "mail9:2", "mail8:0"})
        assert sorted(str(r.external_id) for r in found) == ["mail9:0", "mail9:2"]
        meetings = repos.interactions.named_meetings_between(
            AT, AT + timedelta(days=1), meeting_kinds
        )
        assert [(m[4], m[5]) for m in meetings] == [("i0", "Acme"), ("i2", "Birch")]
        [(agenda, name)] = repos.meetings.agendas_between(AT, AT + timedelta(days=1))
        assert (agenda.opening_line, name) == ("Hello", "Birch")
        assert repos.meetings.agendas_between(AT, AT + timedelta(hours=1)) == []
        due = repos.commitments.due_between_with_names(pending, AT, AT + timedelta(days=2))
        assert [(d[2], d[4]) for d in due] == [("due in 2h", "Acme"), ("due in 30h", "Birch")]
        late, late_count = repos.commitments.pending_with_names(pending, due_before=AT)
        assert [(r.text, name) for r, name in late] == [("late", "Birch")] and late_count == 1
        soon, soon_count = repos.commitments.pending_with_names(
            pending, due_from=AT, due_until=AT + timedelta(days=3), limit=2
        )
        assert [r.text for r, _ in soon] == ["due in 2h", "due in 30h"] and soon_count == 3
        repos.interactions.delete_synced("email", "mail9:")
    with container.db.reading() as s:
        only_acme = Repositories(s, OnlyClient(acme))
        meetings = only_acme.interactions.named_meetings_between(
            AT, AT + timedelta(days=1), meeting_kinds
        )
        assert meetings == []  # the synced ones were deleted
        due = only_acme.commitments.due_between_with_names(pending, AT, AT + timedelta(days=3))
        assert [d[2] for d in due] == ["due in 2h", "due in 60h"]
        soon, soon_count = only_acme.commitments.pending_with_names(
            pending, due_from=AT, due_until=AT + timedelta(days=3)
        )
        assert soon_count == 2 and [name for _, name in soon] == ["Acme", "Acme"]
        assert only_acme.meetings.agendas_between(AT, AT + timedelta(days=1)) == []


def test_touchpoints_due_from_the_stored_facts(container: Container) -> None:
    acme, birch = _clients(container)
    later = datetime.now(UTC) + timedelta(days=30)
    container.trust.facts.refresh(None, datetime.now(UTC))
    with container.db.reading() as s:
        due, count = Repositories(s, EVERYTHING).clients.touch_due_by(later)
        assert [row.id for row, _last in due] == [acme] and count == 1  # Birch's is a year away
        assert Repositories(s, OnlyClient(birch)).clients.touch_due_by(later) == ([], 0)
