"""Rows for analysed meeting transcripts (one per interaction)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class ConversationAnalysisRow(Base):
    """The analysis of one meeting transcript, stored with its interaction.

    ``result`` holds the whole analysis (the JSON of `rapport analyze --json`, utterances
    included); the columns beside it are the figures trends and trust read.
    """

    __tablename__ = "conversation_analyses"
    __table_args__ = (
        sa.Index("ix_conversation_analyses_client_started", "client_id", "started_at"),
        sa.UniqueConstraint("client_id", "digest", name="client_digest"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    interaction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("interactions.id", ondelete="CASCADE"), unique=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source_name: Mapped[str] = mapped_column(sa.String(500))
    digest: Mapped[str] = mapped_column(sa.String(64))
    """SHA-256 of the transcript file, so the same file is not stored twice for a client."""
    format: Mapped[str] = mapped_column(sa.String(16))
    basis: Mapped[str] = mapped_column(sa.String(8))
    video: Mapped[bool] = mapped_column(sa.Boolean)
    total: Mapped[float] = mapped_column(sa.Float)
    personal_share: Mapped[float] = mapped_column(sa.Float)
    my_talk_share: Mapped[float] = mapped_column(sa.Float)
    self_reference_rate: Mapped[float | None] = mapped_column(sa.Float)
    longest_monologue_share: Mapped[float] = mapped_column(sa.Float)
    my_question_share: Mapped[float | None] = mapped_column(sa.Float)
    drifts: Mapped[int] = mapped_column(sa.Integer)
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)


class UtteranceCorrectionRow(Base):
    """The user's label for one utterance of an analysed meeting (docs/conversation.md).

    ``number`` counts the meeting's utterances from 1; ``text`` is the utterance's text when
    it was corrected, so the correction follows the utterance when the meeting is analysed
    again. ``model_label`` and ``model_confidence`` are what the labeller had said, for
    putting it back. The analysis row's ``result`` and figures already hold the corrected
    labels.
    """

    __tablename__ = "utterance_corrections"
    __table_args__ = (sa.UniqueConstraint("analysis_id", "number", name="analysis_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversation_analyses.id", ondelete="CASCADE")
    )
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(sa.Integer)
    text: Mapped[str] = mapped_column(sa.Text)
    label: Mapped[str] = mapped_column(sa.String(16))
    model_label: Mapped[str] = mapped_column(sa.String(16))
    model_confidence: Mapped[float] = mapped_column(sa.Float)
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime)
