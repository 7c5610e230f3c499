"""Accounts, their API tokens, web sessions, login throttling, and which clients each account
owns or has shared (users, api_tokens, web_sessions, login_throttle, client_owners,
client_shares)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from rapport.storage.repositories.base import Repository
from rapport.storage.team_rows import (
    ApiTokenRow,
    ClientShareRow,
    LoginThrottleRow,
    UserRow,
    WebSessionRow,
)

_THROTTLE_KEY = (LoginThrottleRow.username, LoginThrottleRow.address)


def _throttle_row(name: str, address: str) -> sa.ColumnElement[bool]:
    return sa.and_(LoginThrottleRow.username == name, LoginThrottleRow.address == address)


class AccountRepository(Repository):
    """Accounts, their API tokens, web sessions, login throttling, and which clients each
    account owns or has shared."""

    def add(self, row: UserRow | ApiTokenRow | WebSessionRow | ClientShareRow) -> None:
        self.session.add(row)

    def delete(self, row: UserRow | ApiTokenRow | WebSessionRow | ClientShareRow) -> None:
        self.session.delete(row)

    # --- users -------------------------------------------------------------------------------
    def user(self, user_id: int) -> UserRow | None:
        return self.session.get(UserRow, user_id)

    def user_named(self, name: str) -> UserRow | None:
        return self.session.scalars(sa.select(UserRow).where(UserRow.name == name)).first()

    def users(self) -> list[UserRow]:
        """Every account, by name."""
        return list(self.session.scalars(sa.select(UserRow).order_by(UserRow.name)))

    def any_user(self) -> bool:
        return self.session.scalar(sa.select(sa.func.count()).select_from(UserRow)) != 0

    def lock_enabled_owners(self, owner_role: str) -> list[UserRow]:
        """The enabled accounts with role ``owner_role``, their rows locked until the
        transaction ends (PostgreSQL), so two owners demoting each other wait in turn."""
        return list(
            self.session.scalars(
                sa.select(UserRow)
                .where(UserRow.role == owner_role, UserRow.disabled.is_(False))
                .with_for_update()
            ).all()
        )

    # --- API tokens --------------------------------------------------------------------------
    def token(self, token_id: int) -> ApiTokenRow | None:
        return self.session.get(ApiTokenRow, token_id)

    def tokens_of(self, user_id: int) -> list[ApiTokenRow]:
        return list(
            self.session.scalars(sa.select(ApiTokenRow).where(ApiTokenRow.user_id == user_id))
        )

    def tokens_with_users(self) -> list[tuple[ApiTokenRow, str]]:
        """Every token with its account's name, by token id."""
        stmt = sa.select(ApiTokenRow, UserRow.name).join(UserRow).order_by(ApiTokenRow.id)
        return [(token, name) for token, name in self.session.execute(stmt)]

    def enabled_token(self, digest: str) -> tuple[ApiTokenRow, UserRow] | None:
        """The token with this digest and its account, when the account is enabled."""
        hit = self.session.execute(
            sa.select(ApiTokenRow, UserRow)
            .join(UserRow)
            .where(ApiTokenRow.digest == digest, UserRow.disabled.is_(False))
        ).first()
        return None if hit is None else (hit[0], hit[1])

    def mark_token_used(self, digest: str, at: datetime) -> None:
        self.session.execute(
            sa.update(ApiTokenRow).where(ApiTokenRow.digest == digest).values(last_used_at=at)
        )

    # --- web sessions ------------------------------------------------------------------------
    def web_session(self, digest: str) -> WebSessionRow | None:
        return self.session.get(WebSessionRow, digest)

    def live_web_session(self, digest: str, at: datetime) -> tuple[WebSessionRow, UserRow] | None:
        """The session with this digest, unexpired at ``at``, with its enabled account."""
        hit = self.session.execute(
            sa.select(WebSessionRow, UserRow)
            .join(UserRow)
            .where(
                WebSessionRow.digest == digest,
                WebSessionRow.expires_at > at,
                UserRow.disabled.is_(False),
            )
        ).first()
        return None if hit is None else (hit[0], hit[1])

    def end_web_sessions(self, user_id: int) -> None:
        """Delete every web session of the account."""
        self.session.execute(
            sa.delete(WebSessionRow)
            .where(WebSessionRow.user_id == user_id)
            .execution_options(synchronize_session=False)
        )

    def delete_expired_web_sessions(self, at: datetime) -> None:
        self.session.execute(sa.delete(WebSessionRow).where(WebSessionRow.expires_at < at))

    # --- sharing -----------------------------------------------------------------------------
    def share(self, client_id: int, user_id: int) -> ClientShareRow | None:
        return self.session.get(ClientShareRow, (client_id, user_id))

    def shares_of(self, client_id: int | None) -> list[tuple[ClientShareRow, str]]:
        """The client's shares with the account names, by name."""
        stmt = (
            sa.select(ClientShareRow, UserRow.name)
            .join(UserRow)
            .where(ClientShareRow.client_id == client_id)
            .order_by(UserRow.name)
        )
        return [(row, name) for row, name in self.session.execute(stmt)]

    # --- login throttling ----------------------------------------------------------------------
    def take_try(
        self, name: str, address: str, *, limit: int, window: timedelta, at: datetime
    ) -> bool:
        """Take one try for ``name`` from ``address`` (module docstring of
        ``rapport.services.throttle``); False when none is left. Atomic: the row is made
        sure of with an insert that ignores a conflict, a window over at ``at`` starts
        afresh, then one conditional UPDATE takes the try."""
        values = {"username": name, "address": address, "failures": 0, "window_start": at}
        dialect = self.session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(LoginThrottleRow)
        s = self.session
        s.execute(
            insert.values(**values).on_conflict_do_nothing(index_elements=list(_THROTTLE_KEY))
        )
        s.execute(
            sa.update(LoginThrottleRow)
            .where(_throttle_row(name, address), LoginThrottleRow.window_start < at - window)
            .values(failures=0, window_start=at)
            .execution_options(synchronize_session=False)
        )
        taken = s.execute(
            sa.update(LoginThrottleRow)
            .where(_throttle_row(name, address), LoginThrottleRow.failures < limit)
            .values(failures=LoginThrottleRow.failures + 1)
            .execution_options(synchronize_session=False)
        )
        return bool(taken.rowcount == 1)  # type: ignore[attr-defined]

    def forget_tries(self, name: str, address: str) -> None:
        """Delete the row counting ``name``'s tries from ``address``."""
        self.session.execute(
            sa.delete(LoginThrottleRow)
            .where(_throttle_row(name, address))
            .execution_options(synchronize_session=False)
        )

    def give_back_try(self, name: str, address: str) -> None:
        """Return one try to the row of ``name`` and ``address`` (never below none)."""
        self.session.execute(
            sa.update(LoginThrottleRow)
            .where(_throttle_row(name, address), LoginThrottleRow.failures > 0)
            .values(failures=LoginThrottleRow.failures - 1)
            .execution_options(synchronize_session=False)
        )
