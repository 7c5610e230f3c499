"""The profile's settings (profile_settings)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class ProfileRepository(Repository):
    """The profile's settings."""
