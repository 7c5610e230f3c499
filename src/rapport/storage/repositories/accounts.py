"""Accounts, their API tokens, web sessions, login throttling, and which clients each account
owns or has shared (users, api_tokens, web_sessions, login_throttle, client_owners,
client_shares)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class AccountRepository(Repository):
    """Accounts, their API tokens, web sessions, login throttling, and which clients each
    account owns or has shared."""
