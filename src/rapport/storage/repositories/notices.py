"""The SMTP server setting and the reminders and digests sent (mail_servers, notices)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class NoticeRepository(Repository):
    """The SMTP server setting and the reminders and digests sent."""
