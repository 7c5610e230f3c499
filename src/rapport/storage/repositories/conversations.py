"""Meeting analyses and the utterance corrections users made (conversation_analyses,
utterance_corrections)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class ConversationRepository(Repository):
    """Meeting analyses and the utterance corrections users made."""
