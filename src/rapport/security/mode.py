"""Refusing to start when the settings are not safe for the chosen mode."""

from __future__ import annotations

from rapport.config import Settings
from rapport.errors import RapportError

LOCAL_SECRET = "rapport-single-user-local-key"
"""The digest key used in single-user mode when none is set (the server only listens on
127.0.0.1 there). Team mode refuses it."""
EXAMPLE_SECRETS = {LOCAL_SECRET, "change-me", "changeme", "secret", "CHANGE-ME"}
MIN_SECRET_LENGTH = 32


class UnsafeSettings(RapportError):
    """The settings would run a server that is not safe; nothing is started."""


def check_startup(settings: Settings) -> None:
    if settings.mode != "team":
        return
    key = settings.secret_key or ""
    if not key or key in EXAMPLE_SECRETS or len(key) < MIN_SECRET_LENGTH:
        raise UnsafeSettings(
            "team mode needs RAPPORT_SECRET_KEY set to a random value of at least "
            f"{MIN_SECRET_LENGTH} characters (e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))')"
        )
    if not settings.resolved_database_url().startswith("postgresql"):
        raise UnsafeSettings(
            "team mode needs PostgreSQL: set RAPPORT_DATABASE_URL=postgresql+psycopg://..."
        )


def secret_key(settings: Settings) -> str:
    return settings.secret_key or LOCAL_SECRET
