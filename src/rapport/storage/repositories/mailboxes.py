"""IMAP mailboxes, their folder state, logged messages and promises found in sent mail
(mailboxes, mail_folder_state, mail_messages, mail_promises)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class MailboxRepository(Repository):
    """IMAP mailboxes, their folder state, logged messages and promises found in sent mail."""
