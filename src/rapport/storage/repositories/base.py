"""What every repository shares: the session it works in and the clients it may see."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session


class ClientScope(Protocol):
    """Limits a query to the clients the caller may see.

    :class:`rapport.policy.access.Actor` is one (the access policy decides, in one place);
    :data:`EVERYTHING` is the scope of work that is not done for a person (the job runner's
    own bookkeeping, migrations of stored data)."""

    def filter_clients(self, stmt: Any, client_id_column: Any) -> Any: ...


class _Everything:
    def filter_clients(self, stmt: Any, client_id_column: Any) -> Any:
        return stmt


EVERYTHING: ClientScope = _Everything()
"""The scope that hides nothing."""


class Repository:
    """One aggregate's queries and writes, inside the caller's transaction.

    A repository never commits: the unit of work (:class:`rapport.storage.unit_of_work.Database`)
    that opened the session does, so a use case that touches several aggregates is still
    one transaction. Reads that concern clients go through :attr:`scope`."""

    def __init__(self, session: Session, scope: ClientScope = EVERYTHING) -> None:
        self.session = session
        self.scope = scope

    def flush(self) -> None:
        """Send pending writes now (to learn generated ids or hit a constraint early)."""
        self.session.flush()
