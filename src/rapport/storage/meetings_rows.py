"""Rows for meetings: stored triage decisions and boundary resets said in a meeting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class TriageDecisionRow(Base):
    """One meeting request and what triage recommended, with its reasons."""

    __tablename__ = "triage_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    meeting_start: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_min: Mapped[int] = mapped_column(sa.Integer)
    decision: Mapped[str] = mapped_column(sa.String(32))
    minutes: Mapped[int | None] = mapped_column(sa.Integer)
    request: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    reasons: Mapped[list[str]] = mapped_column(sa.JSON)
    context: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    draft_language: Mapped[str | None] = mapped_column(sa.String(16))
    draft_subject: Mapped[str | None] = mapped_column(sa.Text)
    draft_body: Mapped[str | None] = mapped_column(sa.Text)
    briefing: Mapped[str | None] = mapped_column(sa.Text)


class BoundaryResetRow(Base):
    """A boundary reset said at the start of a meeting (so the agenda offers it once)."""

    __tablename__ = "boundary_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    said_at: Mapped[datetime] = mapped_column(UTCDateTime)
