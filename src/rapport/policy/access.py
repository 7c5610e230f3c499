"""The access policy: who may see and change which clients. The one place it is decided.

Every service that reads or writes client data asks the :class:`Actor` it was built for.
Owners (and the local command line) see everything; a member sees the clients they own or
that are shared with them and edits those they own or that are shared with ``can_edit``;
read-only accounts see what is shared with them and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from rapport.errors import ForbiddenError, NotFoundError
from rapport.policy.roles import Role
from rapport.storage.orm import ClientRow
from rapport.storage.team_rows import ClientOwnerRow, ClientShareRow


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account (``user_id``) or the local command line (``None``)."""

    name: str
    role: Role
    user_id: int | None = None

    @property
    def sees_everything(self) -> bool:
        return self.role is Role.OWNER

    @property
    def may_write(self) -> bool:
        return self.role is not Role.READ_ONLY

    def visible_client_ids(self) -> sa.Select[Any]:
        """The ids of the clients this account may see (for ``Actor.sees_everything``
        callers need not filter at all)."""
        owned = sa.select(ClientOwnerRow.client_id).where(ClientOwnerRow.user_id == self.user_id)
        shared = sa.select(ClientShareRow.client_id).where(ClientShareRow.user_id == self.user_id)
        return sa.select(ClientRow.id).where(ClientRow.id.in_(owned.union(shared)))

    def filter_clients(self, stmt: Any, client_id_column: Any) -> Any:
        """``stmt`` limited to rows whose ``client_id_column`` is a visible client."""
        if self.sees_everything:
            return stmt
        return stmt.where(client_id_column.in_(self.visible_client_ids()))

    def check_read(self, s: Session, client_id: int, what: str) -> None:
        """Raise NotFoundError (the same answer as for a missing row) when hidden."""
        if not self.sees_everything and self._share(s, client_id) is None:
            raise NotFoundError(what)

    def check_write(self, s: Session, client_id: int, what: str) -> None:
        """Raise NotFoundError when hidden, ForbiddenError when visible but not editable."""
        if self.sees_everything:
            return
        share = self._share(s, client_id)
        if share is None:
            raise NotFoundError(what)
        if not self.may_write or not share:
            raise ForbiddenError(f"{self.name} may read this client but not change it")

    def check_create(self) -> None:
        if not self.may_write:
            raise ForbiddenError(f"{self.name} has a read-only account")

    def check_owner(self) -> None:
        if not self.sees_everything:
            raise ForbiddenError("only owners may do this")

    def _share(self, s: Session, client_id: int) -> bool | None:
        """None: not visible; True: editable; False: visible only."""
        owner = s.scalar(
            sa.select(ClientOwnerRow.user_id).where(ClientOwnerRow.client_id == client_id)
        )
        if owner is not None and owner == self.user_id:
            return True
        can_edit = s.scalar(
            sa.select(ClientShareRow.can_edit).where(
                ClientShareRow.client_id == client_id, ClientShareRow.user_id == self.user_id
            )
        )
        return None if can_edit is None else bool(can_edit)

    def claim(self, s: Session, client_id: int) -> None:
        """Record a client this account just created as theirs."""
        if self.user_id is not None:
            s.add(ClientOwnerRow(client_id=client_id, user_id=self.user_id))


LOCAL = Actor(name="local", role=Role.OWNER)
"""The command line on the server itself: it opens the database directly, as an owner."""
