"""Secret addresses (the ICS feed, booking pages): a random token in the address, stored as
its keyed digest (HMAC-SHA256 with the server key) to find it, and encrypted with the
server key (rapport.crypto.secret_box) so the address can be shown again. A copy of the
database alone opens no address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rapport.crypto import tokens

if TYPE_CHECKING:
    from rapport.config import Settings

MAX_TOKEN = 200
"""Longer tokens are refused before any lookup."""


@dataclass(frozen=True, slots=True)
class Sealed:
    token: str
    digest: str
    encrypted: str


def _key(settings: Settings) -> str:
    from rapport.crypto.mode import secret_key

    return secret_key(settings)


def new(settings: Settings) -> Sealed:
    """A new random token with its digest and its encrypted form, to store."""
    from rapport.crypto import secret_box

    token = tokens.new_secret()
    return Sealed(token, tokens.digest(_key(settings), token), secret_box.seal(settings, token))


class SealedRow(Protocol):
    """A row that keeps a secret address's token (``feed_tokens``, ``booking_links``)."""

    token_digest: str
    token_encrypted: str


def renew(settings: Settings, row: SealedRow) -> str:
    """Give ``row`` a new token (its digest and its encrypted form); the token."""
    sealed = new(settings)
    row.token_digest = sealed.digest
    row.token_encrypted = sealed.encrypted
    return sealed.token


def digest_of(settings: Settings, token: str) -> str | None:
    """The digest to look ``token`` up by (None: not a token worth looking up)."""
    if not token or len(token) > MAX_TOKEN:
        return None
    return tokens.digest(_key(settings), token)


def reveal(settings: Settings, encrypted: str) -> str:
    """The stored token, to show its address again."""
    from rapport.crypto import secret_box

    return secret_box.unseal(settings, encrypted)


def sign(settings: Settings, purpose: str) -> str:
    """A keyed digest of ``purpose`` (e.g. a booking's cancel link), checked with
    :func:`signed`."""
    return tokens.digest(_key(settings), purpose)[:32]


def signed(settings: Settings, purpose: str, given: str) -> bool:
    return tokens.same(sign(settings, purpose), given or "")
