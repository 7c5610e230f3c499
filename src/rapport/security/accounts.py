"""Accounts: users and roles, API tokens, web logins (sessions, rate limits) and sharing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rapport.config import Settings
from rapport.errors import ConflictError, InvalidInputError, NotFoundError, RapportError
from rapport.security import audit, passwords, tokens
from rapport.security.access import LOCAL, Actor, Role
from rapport.security.mode import secret_key
from rapport.services.when import now
from rapport.services.workspace import WorkspaceService
from rapport.storage.team_rows import (
    ApiTokenRow,
    ClientShareRow,
    LoginAttemptRow,
    UserRow,
    WebSessionRow,
)
from rapport.storage.unit_of_work import Database

LOCAL_USER = "owner"
"""The one account of single-user mode (`rapport password set`, the /setup page)."""


TOKEN_USE_RESOLUTION = timedelta(minutes=1)


class LoginFailed(RapportError):
    status_code = 401


class LoginPaused(RapportError):
    status_code = 429


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    created_at: datetime


@dataclass(frozen=True)
class TokenInfo:
    id: int
    user: str
    label: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class WebLogin:
    """A session: the cookie value (given to the browser only), its CSRF token and actor."""

    cookie: str
    csrf_token: str
    actor: Actor


@dataclass(frozen=True)
class Share:
    client_id: int
    user: str
    can_edit: bool


def _user(row: UserRow) -> User:
    return User(row.id, row.name, Role(row.role), row.created_at)


def actor_of(row: UserRow) -> Actor:
    return Actor(name=row.name, role=Role(row.role), user_id=row.id)


class AccountService:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        workspace: WorkspaceService,
        actor: Actor = LOCAL,
    ) -> None:
        self.db = db
        self.settings = settings
        self.workspace = workspace
        self.actor = actor
        self._key = secret_key(settings)

    # --- users -------------------------------------------------------------------------
    def add_user(self, name: str, role: Role, password: str) -> User:
        self.actor.check_owner()
        name = name.strip()
        if not name or len(name) > 100 or any(c.isspace() for c in name):
            raise InvalidInputError("a user name is 1 to 100 characters without spaces")
        row = UserRow(
            name=name,
            role=role.value,
            password_hash=passwords.hash_password(password),
            created_at=now(),
        )
        try:
            with self.db.transaction() as s:
                s.add(row)
                s.flush()
                return _user(row)
        except IntegrityError as exc:
            raise ConflictError(f"a user named {name} already exists") from exc

    def list_users(self) -> list[User]:
        self.actor.check_owner()
        with self.db.reading() as s:
            return [_user(r) for r in s.scalars(sa.select(UserRow).order_by(UserRow.name))]

    def has_password(self) -> bool:
        """Whether any account exists (single-user mode shows /setup until one does)."""
        with self.db.reading() as s:
            return s.scalar(sa.select(sa.func.count()).select_from(UserRow)) != 0

    def set_password(self, name: str, password: str) -> User:
        """Set an account's password; in single-user mode the one account is created on
        first use."""
        self.actor.check_owner()
        hashed = passwords.hash_password(password)
        with self.db.transaction() as s:
            row = s.scalars(sa.select(UserRow).where(UserRow.name == name)).first()
            if row is None:
                if name != LOCAL_USER:
                    raise NotFoundError(f"no user named {name}")
                row = UserRow(name=name, role=Role.OWNER.value, created_at=now())
                s.add(row)
            row.password_hash = hashed
            # Every login of the account ends when its password changes.
            s.flush()
            s.execute(sa.delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
            return _user(row)

    def _find_user(self, s: Session, name: str) -> UserRow:
        row = s.scalars(sa.select(UserRow).where(UserRow.name == name)).first()
        if row is None:
            raise NotFoundError(f"no user named {name}")
        return row

    # --- API tokens --------------------------------------------------------------------
    def create_token(self, user: str, label: str = "") -> tuple[TokenInfo, str]:
        """A new token for ``user``; the token itself is returned once and never stored."""
        self.actor.check_owner()
        token = tokens.new_api_token()
        with self.db.transaction() as s:
            owner = self._find_user(s, user)
            row = ApiTokenRow(
                user_id=owner.id,
                label=label,
                digest=tokens.digest(self._key, token),
                prefix=token[:10],
                created_at=now(),
            )
            s.add(row)
            s.flush()
            return self._token_info(row, owner.name), token

    def list_tokens(self) -> list[TokenInfo]:
        self.actor.check_owner()
        stmt = sa.select(ApiTokenRow, UserRow.name).join(UserRow).order_by(ApiTokenRow.id)
        with self.db.reading() as s:
            return [self._token_info(t, n) for t, n in s.execute(stmt)]

    def revoke_token(self, token_id: int) -> None:
        self.actor.check_owner()
        with self.db.transaction() as s:
            row = s.get(ApiTokenRow, token_id)
            if row is None:
                raise NotFoundError(f"no token with id {token_id}")
            s.delete(row)

    def actor_by_id(self, user_id: int) -> Actor | None:
        """The account's access as it is now (None when it no longer exists)."""
        with self.db.reading() as s:
            row = s.get(UserRow, user_id)
            return actor_of(row) if row is not None else None

    def actor_for_token(self, token: str) -> Actor | None:
        found = tokens.digest(self._key, token)
        with self.db.reading() as s:
            hit = s.execute(
                sa.select(ApiTokenRow, UserRow).join(UserRow).where(ApiTokenRow.digest == found)
            ).first()
            if hit is None:
                return None
            token_row, user = hit
            actor, last_used = actor_of(user), token_row.last_used_at
        at = now()
        if last_used is None or at - last_used > TOKEN_USE_RESOLUTION:
            # "Last used" to the minute: a write per minute per token, not per request.
            with self.db.transaction() as s:
                s.execute(
                    sa.update(ApiTokenRow)
                    .where(ApiTokenRow.digest == found)
                    .values(last_used_at=at)
                )
        return actor

    @staticmethod
    def _token_info(row: ApiTokenRow, user: str) -> TokenInfo:
        return TokenInfo(row.id, user, row.label, row.prefix, row.created_at, row.last_used_at)

    # --- web logins --------------------------------------------------------------------
    def login(self, name: str, password: str, address: str) -> WebLogin:
        """Check a password and open a session; too many failures for this name from this
        address within the window pause logging in (counted in the database, so every
        worker sees them)."""
        name = name.strip()[:100]
        window_start = now() - timedelta(minutes=self.settings.login_window_min)
        with self.db.transaction() as s:
            failures = s.scalar(
                sa.select(sa.func.count())
                .select_from(LoginAttemptRow)
                .where(
                    LoginAttemptRow.username == name,
                    LoginAttemptRow.address == address,
                    LoginAttemptRow.at >= window_start,
                )
            )
            if (failures or 0) >= self.settings.login_max_failures:
                audit.record(s, name, "login-paused", "login", changes={"address": address})
                paused = True
            else:
                paused = False
                row = s.scalars(sa.select(UserRow).where(UserRow.name == name)).first()
                ok = passwords.verify_password(
                    row.password_hash if row else passwords.dummy_hash(), password
                )
                if row is None or not ok:
                    s.add(LoginAttemptRow(username=name, address=address, at=now()))
                    audit.record(s, name, "login-failed", "login", changes={"address": address})
                else:
                    s.execute(
                        sa.delete(LoginAttemptRow).where(
                            LoginAttemptRow.username == name, LoginAttemptRow.address == address
                        )
                    )
                    s.execute(sa.delete(WebSessionRow).where(WebSessionRow.expires_at < now()))
                    cookie, csrf = tokens.new_secret(), tokens.new_secret()
                    s.add(
                        WebSessionRow(
                            digest=tokens.digest(self._key, cookie),
                            user_id=row.id,
                            csrf_token=csrf,
                            created_at=now(),
                            expires_at=now() + timedelta(days=self.settings.session_days),
                        )
                    )
                    audit.record(s, name, "login", "login", changes={"address": address})
                    return WebLogin(cookie, csrf, actor_of(row))
        if paused:
            raise LoginPaused(
                f"too many failed logins; try again in {self.settings.login_window_min} minutes"
            )
        raise LoginFailed("wrong name or password")

    def session(self, cookie: str) -> WebLogin | None:
        found = tokens.digest(self._key, cookie)
        with self.db.reading() as s:
            hit = s.execute(
                sa.select(WebSessionRow, UserRow)
                .join(UserRow)
                .where(WebSessionRow.digest == found, WebSessionRow.expires_at > now())
            ).first()
            if hit is None:
                return None
            session_row, user = hit
            return WebLogin(cookie, session_row.csrf_token, actor_of(user))

    def logout(self, cookie: str) -> None:
        found = tokens.digest(self._key, cookie)
        with self.db.transaction() as s:
            row = s.get(WebSessionRow, found)
            if row is not None:
                user = s.get(UserRow, row.user_id)
                audit.record(s, user.name if user else "?", "logout", "login")
                s.delete(row)

    # --- sharing -----------------------------------------------------------------------
    def share(self, client: str | int, user: str, *, can_edit: bool) -> Share:
        """Share a client with an account; owners of the client (or owners) only."""
        found = self.workspace.find_client(client)
        assert found.id is not None
        self.workspace.require_write(found.id)
        with self.db.transaction() as s:
            target = self._find_user(s, user)
            row = s.get(ClientShareRow, (found.id, target.id))
            if row is None:
                row = ClientShareRow(client_id=found.id, user_id=target.id, can_edit=can_edit)
                s.add(row)
            else:
                row.can_edit = can_edit
            return Share(found.id, target.name, can_edit)

    def unshare(self, client: str | int, user: str) -> None:
        found = self.workspace.find_client(client)
        assert found.id is not None
        self.workspace.require_write(found.id)
        with self.db.transaction() as s:
            target = self._find_user(s, user)
            row = s.get(ClientShareRow, (found.id, target.id))
            if row is None:
                raise NotFoundError(f"{client} is not shared with {user}")
            s.delete(row)

    def shares(self, client: str | int) -> list[Share]:
        found = self.workspace.find_client(client)
        stmt = (
            sa.select(ClientShareRow, UserRow.name)
            .join(UserRow)
            .where(ClientShareRow.client_id == found.id)
            .order_by(UserRow.name)
        )
        with self.db.reading() as s:
            return [Share(r.client_id, n, r.can_edit) for r, n in s.execute(stmt)]
