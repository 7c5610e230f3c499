"""Pure rules of accounts and access: when team mode refuses to start, password hashing,
token digests, where a login may send the browser next (docs/security.md)."""

from __future__ import annotations

import pytest

from rapport.config import Settings
from rapport.crypto import mode, passwords, tokens
from rapport.errors import InvalidInputError
from rapport.web.auth import _public, _safe_next

PG = "postgresql+psycopg://rapport@db/rapport"
GOOD = "Vt3q9K-xR2mWz8LpA4nYc7HsE1uJdF6g"  # 32 random characters


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({}, None),
        ({"mode": "team", "database_url": PG}, "RAPPORT_SECRET_KEY"),
        ({"mode": "team", "database_url": PG, "secret_key": "change-me"}, "RAPPORT_SECRET_KEY"),
        ({"mode": "team", "database_url": PG, "secret_key": "short"}, "RAPPORT_SECRET_KEY"),
        ({"mode": "team", "database_url": PG, "secret_key": " " * 32}, "too predictable"),
        ({"mode": "team", "database_url": PG, "secret_key": "x" * 40}, "too predictable"),
        ({"mode": "team", "database_url": PG, "secret_key": "ab" * 24}, "too predictable"),
        ({"mode": "team", "database_url": PG, "secret_key": "0123456" * 6}, "too predictable"),
        (
            {"mode": "team", "database_url": PG, "secret_key": "3f9a0c1e7b2d84f6a5c0e9d1b7f3a2c8"},
            None,
        ),
        ({"mode": "team", "database_url": "sqlite:///x.db", "secret_key": GOOD}, "PostgreSQL"),
        ({"mode": "team", "secret_key": GOOD}, "PostgreSQL"),
        ({"mode": "team", "database_url": PG, "secret_key": GOOD}, None),
    ],
)
def test_team_mode_needs_a_real_secret_and_postgresql(
    values: dict[str, str], problem: str | None
) -> None:
    settings = Settings(**values)  # type: ignore[arg-type]
    if problem is None:
        mode.check_startup(settings)
    else:
        with pytest.raises(mode.UnsafeSettings, match=problem):
            mode.check_startup(settings)


def test_random_keys_are_accepted() -> None:
    """Keys made as the error message suggests, and 32 random hex digits, always pass."""
    import secrets

    for _ in range(2000):
        assert mode.secret_problem(secrets.token_urlsafe(48)) is None
        key = secrets.token_hex(16)
        assert mode.secret_problem(key) is None, key


def test_passwords_are_argon2_hashed_and_checked() -> None:
    stored = passwords.hash_password("a good passphrase")
    assert stored.startswith("$argon2id$") and "a good passphrase" not in stored
    assert passwords.verify_password(stored, "a good passphrase")
    assert not passwords.verify_password(stored, "a good passphrasE")
    assert not passwords.verify_password("not a hash", "anything")
    with pytest.raises(InvalidInputError, match="at least 8"):
        passwords.hash_password("short")


def test_token_digests_depend_on_the_secret_key() -> None:
    token = tokens.new_api_token()
    assert token.startswith("rpt_") and len(token) > 40
    assert tokens.digest("a" * 32, token) == tokens.digest("a" * 32, token)
    assert tokens.digest("a" * 32, token) != tokens.digest("b" * 32, token)
    assert tokens.new_api_token() != token


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("/clients/3", "/clients/3"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_after_login_only_local_addresses(asked: str | None, sent_to: str) -> None:
    assert _safe_next(asked) == sent_to


def test_only_login_health_and_static_files_are_public() -> None:
    assert _public("/login") and _public("/setup") and _public("/static/css/x.css")
    assert not _public("/api/clients") and not _public("/") and not _public("/loginx")
    assert not _public("/clients")
