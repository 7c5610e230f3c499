"""The profile's settings (profile_settings)."""

from __future__ import annotations

import sqlalchemy as sa

from rapport.storage.profile_rows import ProfileSettingRow
from rapport.storage.repositories.base import Repository


class ProfileRepository(Repository):
    """The profile's settings."""

    def values(self) -> dict[str, str]:
        """Every stored setting: key to value."""
        rows = self.session.execute(sa.select(ProfileSettingRow.key, ProfileSettingRow.value))
        return {k: v for k, v in rows}  # noqa: C416 (rows, not pairs)

    def by_key(self, key: str) -> ProfileSettingRow | None:
        return self.session.scalar(sa.select(ProfileSettingRow).where(ProfileSettingRow.key == key))

    def add(self, key: str, value: str) -> None:
        self.session.add(ProfileSettingRow(key=key, value=value))

    def delete(self, row: ProfileSettingRow) -> None:
        self.session.delete(row)
