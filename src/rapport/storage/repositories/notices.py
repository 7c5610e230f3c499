"""The SMTP server setting and the reminders and digests sent (mail_servers, notices)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from rapport.storage.notice_rows import MailServerRow, NoticeRow
from rapport.storage.repositories.base import Repository

MAIL_SERVER_ID = 1
"""The one row of ``mail_server``."""


class NoticeRepository(Repository):
    """The SMTP server setting and the reminders and digests sent."""

    # --- the SMTP server -------------------------------------------------------------------
    def mail_server(self) -> MailServerRow | None:
        """The configured SMTP server, or None."""
        return self.session.get(MailServerRow, MAIL_SERVER_ID)

    def add(self, row: MailServerRow | NoticeRow) -> None:
        """Add the server setting or a notice (written at the flush)."""
        self.session.add(row)

    def delete(self, row: MailServerRow | NoticeRow) -> None:
        self.session.delete(row)

    # --- notices ---------------------------------------------------------------------------
    def by_id(self, notice_id: int) -> NoticeRow | None:
        return self.session.get(NoticeRow, notice_id)

    def find(self, account: int, kind: str, key: str) -> NoticeRow | None:
        """The account's notice of this kind and key (a reminder, the day's digest)."""
        return self.session.scalars(sa.select(NoticeRow).where(*_same(account, kind, key))).first()

    def exists(self, account: int, kind: str, key: str) -> bool:
        return (
            self.session.scalars(sa.select(NoticeRow.id).where(*_same(account, kind, key))).first()
            is not None
        )

    def the(self, account: int, kind: str, key: str) -> NoticeRow:
        """The notice that must be there (raises when it is not)."""
        return self.session.scalars(sa.select(NoticeRow).where(*_same(account, kind, key))).one()

    def detach(self, row: NoticeRow) -> NoticeRow:
        """The row, usable after the transaction ends (read-only use)."""
        self.session.expunge(row)
        return row

    def mark_shown(self, notice_id: int, at: datetime) -> bool:
        """Mark the notice shown in a browser unless it already is: whether this call did."""
        done = self.session.execute(
            sa.update(NoticeRow)
            .where(NoticeRow.id == notice_id, NoticeRow.shown_at.is_(None))
            .values(shown_at=at)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def mark_mailed(self, account: int, kind: str, key: str, at: datetime) -> bool:
        """Mark the notice mailed unless it already is: whether this call did."""
        done = self.session.execute(
            sa.update(NoticeRow)
            .where(*_same(account, kind, key), NoticeRow.mailed_at.is_(None))
            .values(mailed_at=at)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]


def _same(account: int, kind: str, key: str) -> tuple[Any, ...]:
    return (NoticeRow.account == account, NoticeRow.kind == kind, NoticeRow.key == key)
