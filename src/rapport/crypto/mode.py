"""Refusing to start when the settings are not safe for the chosen mode."""

from __future__ import annotations

import math
from collections import Counter

from rapport.config import Settings
from rapport.errors import RapportError, require_team_extra

LOCAL_SECRET = "rapport-single-user-local-key"
"""The digest key used in single-user mode when none is set (the server only listens on
127.0.0.1 there). Team mode refuses it."""
EXAMPLE_SECRETS = {LOCAL_SECRET, "change-me", "changeme", "secret", "CHANGE-ME"}
MIN_SECRET_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 8
MIN_SECRET_BITS = 80
"""A key's estimated strength: its length times the Shannon entropy of its own characters.
A random key of 32 hexadecimal digits scores 90 to 125 (typically 115), one made by the
suggested ``secrets.token_urlsafe(48)`` over 300; 32 spaces score 0, ``abab...`` 48."""
MAKE_ONE = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


class UnsafeSettings(RapportError):
    """The settings would run a server that is not safe; nothing is started."""


def estimated_bits(key: str) -> float:
    """``len(key)`` times the Shannon entropy of the key's own character frequencies."""
    if not key:
        return 0.0
    counts = Counter(key)
    per_character = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return per_character * len(key)


def secret_problem(key: str) -> str | None:
    """Why ``key`` is not fit to be the secret key (None: it is)."""
    if not key or key in EXAMPLE_SECRETS or len(key) < MIN_SECRET_LENGTH:
        return (
            "team mode needs RAPPORT_SECRET_KEY set to a random value of at least "
            f"{MIN_SECRET_LENGTH} characters (e.g. {MAKE_ONE})"
        )
    distinct = len(set(key))
    bits = estimated_bits(key)
    if key.strip() == "" or distinct < MIN_DISTINCT_CHARACTERS or bits < MIN_SECRET_BITS:
        return (
            f"RAPPORT_SECRET_KEY is too predictable ({distinct} different characters, about "
            f"{bits:.0f} bits; at least {MIN_DISTINCT_CHARACTERS} and {MIN_SECRET_BITS}): "
            f"make a random one with {MAKE_ONE}"
        )
    return None


def check_startup(settings: Settings) -> None:
    """Refuse a team server without a strong secret key or without PostgreSQL."""
    if settings.mode != "team":
        return
    for module in ("psycopg", "procrastinate"):
        require_team_extra(module)
    problem = secret_problem(settings.secret_key or "")
    if problem is not None:
        raise UnsafeSettings(problem)
    if not settings.resolved_database_url().startswith("postgresql"):
        raise UnsafeSettings(
            "team mode needs PostgreSQL: set RAPPORT_DATABASE_URL=postgresql+psycopg://..."
        )


def secret_key(settings: Settings) -> str:
    return settings.secret_key or LOCAL_SECRET
