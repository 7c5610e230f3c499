"""Rows for agendas saved for a planned meeting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class SavedAgendaRow(Base):
    """An agenda built for one planned meeting (and, once logged, the meeting itself)."""

    __tablename__ = "saved_agendas"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    format: Mapped[str] = mapped_column(sa.String(16))
    slot_min: Mapped[int | None] = mapped_column(sa.Integer)
    topics: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    items: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    total_min: Mapped[int] = mapped_column(sa.Integer)
    opening_line: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    interaction_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interactions.id", ondelete="SET NULL"), index=True
    )
