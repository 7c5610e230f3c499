"""Random secrets (API tokens, session ids, CSRF tokens) and how they are stored.

Only a keyed digest (HMAC-SHA256 with the server's secret key) of an API token or session
id is stored: a copy of the database alone does not let anyone act as a user.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "rpt_"


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret_key: str, token: str) -> str:
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
