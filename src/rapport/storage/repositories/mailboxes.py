"""IMAP mailboxes, their folder state, logged messages and promises found in sent mail
(mailboxes, mail_folder_state, mail_messages, mail_promises)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from rapport.storage.mail_rows import (
    MailboxRow,
    MailFolderStateRow,
    MailMessageRow,
    MailPromiseRow,
)
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository

CHUNK = 500
"""Values per ``IN (...)`` list: long lists are asked for this many at a time."""


@dataclass(frozen=True, slots=True)
class StoredUid:
    """Where a logged message was seen on the server, and its thread."""

    id: int
    uid: int
    uidvalidity: int
    thread_key: str


class MailboxRepository(Repository):
    """IMAP mailboxes, their folder state, logged messages and promises found in sent mail."""

    # --- mailboxes -------------------------------------------------------------------------
    def add(self, row: MailboxRow | MailFolderStateRow | MailMessageRow | MailPromiseRow) -> None:
        """Add a new mailbox, folder state, message or promise (written at the flush)."""
        self.session.add(row)

    def all(self) -> list[MailboxRow]:
        """Every mailbox, oldest first."""
        return list(self.session.scalars(sa.select(MailboxRow).order_by(MailboxRow.id)))

    def by_id(self, mailbox_id: int) -> MailboxRow | None:
        return self.session.get(MailboxRow, mailbox_id)

    def detach(self, row: MailboxRow) -> MailboxRow:
        """The row, usable after the transaction ends (read-only use)."""
        self.session.expunge(row)
        return row

    def id_of(self, host: str, port: int, username: str) -> int | None:
        """The mailbox already reading this account on this server, if any."""
        return self.session.scalar(
            sa.select(MailboxRow.id).where(
                MailboxRow.host == host,
                MailboxRow.port == port,
                MailboxRow.username == username,
            )
        )

    def lock(self, mailbox_id: int) -> bool:
        """Lock the mailbox's row until the transaction ends; False when it is gone."""
        return (
            self.session.scalars(
                sa.select(MailboxRow.id).where(MailboxRow.id == mailbox_id).with_for_update()
            ).first()
            is not None
        )

    def remove(self, mailbox_id: int) -> None:
        """Delete the mailbox with its promises, messages and folder state."""
        for table in (MailPromiseRow, MailMessageRow, MailFolderStateRow):
            self.session.execute(sa.delete(table).where(table.mailbox_id == mailbox_id))
        self.session.execute(sa.delete(MailboxRow).where(MailboxRow.id == mailbox_id))

    def folder_state(self, mailbox_id: int, folder: str) -> MailFolderStateRow | None:
        return self.session.scalar(
            sa.select(MailFolderStateRow).where(
                MailFolderStateRow.mailbox_id == mailbox_id, MailFolderStateRow.folder == folder
            )
        )

    # --- messages --------------------------------------------------------------------------
    def unmatched(self, mailbox_id: int) -> list[MailMessageRow]:
        """The mailbox's messages that matched no client."""
        m = MailMessageRow
        return list(
            self.session.scalars(
                sa.select(m).where(m.mailbox_id == mailbox_id, m.client_id.is_(None))
            )
        )

    def message_count(self, mailbox_id: int) -> int:
        m = MailMessageRow
        return (
            self.session.scalar(sa.select(sa.func.count()).where(m.mailbox_id == mailbox_id)) or 0
        )

    def unmatched_thread_count(self, mailbox_id: int) -> int:
        """Threads of the mailbox none of whose messages matched a client."""
        m = MailMessageRow
        unmatched = (
            sa.select(m.thread_key)
            .where(m.mailbox_id == mailbox_id)
            .group_by(m.thread_key)
            .having(sa.func.max(m.client_id).is_(None))
            .subquery()
        )
        return self.session.scalar(sa.select(sa.func.count()).select_from(unmatched)) or 0

    def by_message_ids(self, mailbox_id: int, message_ids: set[str]) -> list[MailMessageRow]:
        """The mailbox's messages with one of these Message-IDs."""
        m = MailMessageRow
        return self._chunked(
            sa.select(m).where(m.mailbox_id == mailbox_id), m.message_id, message_ids
        )

    def in_threads(self, mailbox_id: int, thread_keys: set[str]) -> list[MailMessageRow]:
        """The messages of these threads, each thread's oldest first."""
        m = MailMessageRow
        query = sa.select(m).where(m.mailbox_id == mailbox_id).order_by(m.sent_at, m.id)
        return self._chunked(query, m.thread_key, thread_keys)

    def first_thread_with_subject(self, mailbox_id: int, subject_key: str) -> str | None:
        """The thread of the earliest message with this normalised subject and people."""
        found = self.session.scalar(
            sa.select(MailMessageRow.thread_key)
            .where(
                MailMessageRow.mailbox_id == mailbox_id,
                MailMessageRow.subject_key == subject_key,
            )
            .order_by(MailMessageRow.sent_at)
            .limit(1)
        )
        return None if found is None else str(found)

    def in_folder(self, mailbox_id: int, folder: str) -> list[StoredUid]:
        """Where each message logged from this folder was seen."""
        m = MailMessageRow
        rows = self.session.execute(
            sa.select(m.id, m.uid, m.uidvalidity, m.thread_key).where(
                m.mailbox_id == mailbox_id, m.folder == folder
            )
        ).all()
        return [StoredUid(r.id, r.uid, r.uidvalidity, r.thread_key) for r in rows]

    def delete_messages(self, ids: list[int]) -> None:
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            self.session.execute(sa.delete(MailMessageRow).where(MailMessageRow.id.in_(chunk)))

    # --- promises found in sent mail -------------------------------------------------------
    def promise(self, promise_id: int) -> MailPromiseRow | None:
        return self.session.get(MailPromiseRow, promise_id)

    def promises(self, status: str | None) -> list[tuple[MailPromiseRow, str]]:
        """Promises (of ``status``, or all) with their client's name, newest first."""
        p = MailPromiseRow
        query = (
            sa.select(p, ClientRow.name)
            .join(ClientRow, ClientRow.id == p.client_id)
            .order_by(p.made_at.desc(), p.id)
        )
        if status:
            query = query.where(p.status == status)
        return [(row, name) for row, name in self.session.execute(query)]

    def _chunked(self, query: Any, column: Any, values: set[str]) -> list[MailMessageRow]:
        """Rows of ``query`` whose ``column`` is one of ``values``, CHUNK at a time."""
        out: list[MailMessageRow] = []
        items = sorted(values)
        for i in range(0, len(items), CHUNK):
            out.extend(self.session.scalars(query.where(column.in_(items[i : i + CHUNK]))))
        return out
