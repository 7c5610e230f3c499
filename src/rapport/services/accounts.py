"""Accounts: users and roles, API tokens, web logins (sessions, rate limits) and sharing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rapport.clock import now
from rapport.config import Settings
from rapport.crypto import passwords, tokens
from rapport.crypto.mode import secret_key
from rapport.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    RapportError,
)
from rapport.policy.access import LOCAL, Actor
from rapport.policy.roles import Role
from rapport.services import audit, throttle
from rapport.services.workspace import WorkspaceService
from rapport.storage.failures import IntegrityError
from rapport.storage.repositories import Repositories
from rapport.storage.team_rows import (
    ApiTokenRow,
    ClientShareRow,
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
    disabled: bool = False


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
    return User(row.id, row.name, Role(row.role), row.created_at, bool(row.disabled))


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
                repos = Repositories(s)
                repos.accounts.add(row)
                repos.flush()
                return _user(row)
        except IntegrityError as exc:
            raise ConflictError(f"a user named {name} already exists") from exc

    def list_users(self) -> list[User]:
        self.actor.check_owner()
        with self.db.reading() as s:
            return [_user(r) for r in Repositories(s).accounts.users()]

    def has_password(self) -> bool:
        """Whether any account exists (single-user mode shows /setup until one does)."""
        with self.db.reading() as s:
            return Repositories(s).accounts.any_user()

    def set_password(self, name: str, password: str) -> User:
        """Set an account's password; in single-user mode the one account is created on
        first use. Every login of the account ends and its API tokens are revoked."""
        self.actor.check_owner()
        hashed = passwords.hash_password(password)
        with self.db.transaction() as s:
            repos = Repositories(s)
            row = repos.accounts.user_named(name)
            if row is None:
                if name != LOCAL_USER:
                    raise NotFoundError(f"no user named {name}")
                row = UserRow(name=name, role=Role.OWNER.value, created_at=now())
                repos.accounts.add(row)
            row.password_hash = hashed
            repos.flush()
            self._end_access(repos, row.id, tokens_too=True)
            return _user(row)

    def change_own_password(self, current: str, new: str) -> User:
        """The calling account changes its own password, proving the current one. Every
        web login of the account ends (log in again with the new password); its API
        tokens stay (an owner revokes them). Refused with 403 for a wrong current password
        and for a caller that is no account (the local command line)."""
        if self.actor.user_id is None:
            raise ForbiddenError("only an account has a password to change")
        with self.db.reading() as s:
            row = Repositories(s).accounts.user(self.actor.user_id)
            stored = row.password_hash if row is not None else passwords.dummy_hash()
        if row is None or not passwords.verify_password(stored, current):
            raise ForbiddenError("the current password is wrong")
        hashed = passwords.hash_password(new)
        with self.db.transaction() as s:
            repos = Repositories(s)
            row = repos.accounts.user(self.actor.user_id)
            if row is None:
                raise NotFoundError(f"no user named {self.actor.name}")
            row.password_hash = hashed
            repos.flush()
            self._end_access(repos, row.id, tokens_too=False)
            return _user(row)

    def set_role(self, name: str, role: Role) -> User:
        """Change an account's role; the last owner keeps theirs."""
        return self.update_user(name, role=role)

    def set_disabled(self, name: str, disabled: bool) -> User:
        """Switch an account off (its logins end and its tokens are refused until it is
        switched on again) or on; the last owner cannot be switched off."""
        return self.update_user(name, disabled=disabled)

    def update_user(
        self, name: str, *, role: Role | None = None, disabled: bool | None = None
    ) -> User:
        """Change role and/or state in one transaction (all or nothing). Refused (409) when
        it would leave no enabled owner."""
        self.actor.check_owner()
        with self.db.transaction() as s:
            repos = Repositories(s)
            row = self._find_user(repos, name)
            demoted = role is not None and role is not Role.OWNER
            if demoted or disabled:
                self._keep_an_owner(
                    repos,
                    row,
                    f"{name} is the last owner: make another account an owner first",
                )
            if role is not None:
                row.role = role.value
            if disabled is not None:
                if disabled:
                    self._end_access(repos, row.id, tokens_too=False)
                row.disabled = disabled
            repos.flush()
            return _user(row)

    def remove_user(self, name: str) -> None:
        """Delete an account with its tokens, logins and shares. The clients it created
        stay; only owners see them until they are shared again. Not the last owner."""
        self.actor.check_owner()
        with self.db.transaction() as s:
            repos = Repositories(s)
            row = self._find_user(repos, name)
            self._keep_an_owner(
                repos, row, f"{name} is the last owner: make another account an owner first"
            )
            repos.accounts.delete(row)

    @staticmethod
    def _keep_an_owner(repos: Repositories, target: UserRow, refusal: str) -> None:
        """Refuse (409) when ``target`` is the only enabled owner. The owners' rows are
        locked first (PostgreSQL), so two owners demoting each other at once cannot both
        succeed."""
        owners = repos.accounts.lock_enabled_owners(Role.OWNER.value)
        active_owner = target.role == Role.OWNER.value and not target.disabled
        if active_owner and not any(o.id != target.id for o in owners):
            raise ConflictError(refusal)

    @staticmethod
    def _end_access(repos: Repositories, user_id: int, *, tokens_too: bool) -> None:
        repos.accounts.end_web_sessions(user_id)
        if tokens_too:
            for token in repos.accounts.tokens_of(user_id):
                repos.accounts.delete(token)  # one by one, so each revocation is in the audit log

    def _find_user(self, repos: Repositories, name: str) -> UserRow:
        row = repos.accounts.user_named(name)
        if row is None:
            raise NotFoundError(f"no user named {name}")
        return row

    # --- API tokens --------------------------------------------------------------------
    def create_token(self, user: str, label: str = "") -> tuple[TokenInfo, str]:
        """A new token for ``user``; the token itself is returned once and never stored."""
        self.actor.check_owner()
        token = tokens.new_api_token()
        with self.db.transaction() as s:
            repos = Repositories(s)
            owner = self._find_user(repos, user)
            row = ApiTokenRow(
                user_id=owner.id,
                label=label,
                digest=tokens.digest(self._key, token),
                prefix=token[:10],
                created_at=now(),
            )
            repos.accounts.add(row)
            repos.flush()
            return self._token_info(row, owner.name), token

    def list_tokens(self) -> list[TokenInfo]:
        self.actor.check_owner()
        with self.db.reading() as s:
            return [self._token_info(t, n) for t, n in Repositories(s).accounts.tokens_with_users()]

    def revoke_token(self, token_id: int) -> None:
        self.actor.check_owner()
        with self.db.transaction() as s:
            repos = Repositories(s)
            row = repos.accounts.token(token_id)
            if row is None:
                raise NotFoundError(f"no token with id {token_id}")
            repos.accounts.delete(row)

    def actor_by_id(self, user_id: int) -> Actor | None:
        """The account's access as it is now (None when it no longer exists or is
        disabled)."""
        with self.db.reading() as s:
            row = Repositories(s).accounts.user(user_id)
            return actor_of(row) if row is not None and not row.disabled else None

    def actor_for_token(self, token: str) -> Actor | None:
        found = tokens.digest(self._key, token)
        with self.db.reading() as s:
            hit = Repositories(s).accounts.enabled_token(found)
            if hit is None:
                return None
            token_row, user = hit
            actor, last_used = actor_of(user), token_row.last_used_at
        at = now()
        if last_used is None or at - last_used > TOKEN_USE_RESOLUTION:
            # "Last used" to the minute: a write per minute per token, not per request.
            with self.db.transaction() as s:
                Repositories(s).accounts.mark_token_used(found, at)
        return actor

    @staticmethod
    def _token_info(row: ApiTokenRow, user: str) -> TokenInfo:
        return TokenInfo(row.id, user, row.label, row.prefix, row.created_at, row.last_used_at)

    # --- web logins --------------------------------------------------------------------
    def login(self, name: str, password: str, address: str) -> WebLogin:
        """Check a password and open a session. Every attempt first takes one of the
        ``login_max_failures`` tries this name has from this address, one of the
        ``login_max_failures_per_address`` tries of all names from this address and one of
        the ``login_max_failures_per_account`` tries of this name from all addresses (each
        one atomic UPDATE, so concurrent attempts cannot all pass the check, on any number
        of workers); once any is used up, logging in is paused until the window has
        passed. A successful login gives the tries back."""
        name = name.strip()[:100]
        address = address[:64]
        window = timedelta(minutes=self.settings.login_window_min)
        with self.db.transaction() as s:
            repos = Repositories(s)
            allowed = (
                throttle.take_try(
                    repos, name, address, limit=self.settings.login_max_failures, window=window
                )
                and throttle.take_try(
                    repos,
                    throttle.ANY_NAME,
                    address,
                    limit=self.settings.login_max_failures_per_address,
                    window=window,
                )
                and throttle.take_try(
                    repos,
                    name,
                    throttle.ANY_ADDRESS,
                    limit=self.settings.login_max_failures_per_account,
                    window=window,
                )
            )
            if not allowed:
                audit.record(repos, name, "login-paused", "login", changes={"address": address})
        if not allowed:
            raise LoginPaused(
                f"too many failed logins; try again in {self.settings.login_window_min} minutes"
            )
        with self.db.reading() as s:
            row = Repositories(s).accounts.user_named(name)
            stored = row.password_hash if row else passwords.dummy_hash()
            actor = actor_of(row) if row is not None and not row.disabled else None
        ok = passwords.verify_password(stored, password)  # slow on purpose, outside any lock
        with self.db.transaction() as s:
            repos = Repositories(s)
            if actor is None or not ok:
                audit.record(repos, name, "login-failed", "login", changes={"address": address})
            else:
                throttle.forget(repos, name, address)
                throttle.give_back(repos, throttle.ANY_NAME, address)
                throttle.give_back(repos, name, throttle.ANY_ADDRESS)
                repos.accounts.delete_expired_web_sessions(now())
                cookie, csrf = tokens.new_secret(), tokens.new_secret()
                repos.accounts.add(
                    WebSessionRow(
                        digest=tokens.digest(self._key, cookie),
                        user_id=actor.user_id,
                        csrf_token=csrf,
                        created_at=now(),
                        expires_at=now() + timedelta(days=self.settings.session_days),
                    )
                )
                audit.record(repos, name, "login", "login", changes={"address": address})
                return WebLogin(cookie, csrf, actor)
        raise LoginFailed("wrong name or password")

    def session(self, cookie: str) -> WebLogin | None:
        found = tokens.digest(self._key, cookie)
        with self.db.reading() as s:
            hit = Repositories(s).accounts.live_web_session(found, now())
            if hit is None:
                return None
            session_row, user = hit
            return WebLogin(cookie, session_row.csrf_token, actor_of(user))

    def logout(self, cookie: str) -> None:
        found = tokens.digest(self._key, cookie)
        with self.db.transaction() as s:
            repos = Repositories(s)
            row = repos.accounts.web_session(found)
            if row is not None:
                user = repos.accounts.user(row.user_id)
                audit.record(repos, user.name if user else "?", "logout", "login")
                repos.accounts.delete(row)

    # --- sharing -----------------------------------------------------------------------
    def share(self, client: str | int, user: str, *, can_edit: bool) -> Share:
        """Share a client with an account; owners of the client (or owners) only."""
        found = self.workspace.find_client(client)
        assert found.id is not None
        self.workspace.require_write(found.id)
        with self.db.transaction() as s:
            repos = Repositories(s)
            target = self._find_user(repos, user)
            row = repos.accounts.share(found.id, target.id)
            if row is None:
                row = ClientShareRow(client_id=found.id, user_id=target.id, can_edit=can_edit)
                repos.accounts.add(row)
            else:
                row.can_edit = can_edit
            return Share(found.id, target.name, can_edit)

    def unshare(self, client: str | int, user: str) -> None:
        found = self.workspace.find_client(client)
        assert found.id is not None
        self.workspace.require_write(found.id)
        with self.db.transaction() as s:
            repos = Repositories(s)
            target = self._find_user(repos, user)
            row = repos.accounts.share(found.id, target.id)
            if row is None:
                raise NotFoundError(f"{client} is not shared with {user}")
            repos.accounts.delete(row)

    def shares(self, client: str | int) -> list[Share]:
        found = self.workspace.find_client(client)
        with self.db.reading() as s:
            return [
                Share(r.client_id, n, r.can_edit)
                for r, n in Repositories(s).accounts.shares_of(found.id)
            ]
