"""Rows for your profile and settings (``rapport settings``): one row per stored key."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base


class ProfileSettingRow(Base):
    """One stored setting: a key of :data:`rapport.domain.profile.KEYS` and its value."""

    __tablename__ = "profile_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    value: Mapped[str] = mapped_column(sa.Text)
