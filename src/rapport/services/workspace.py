"""Keeping client work: create, read, update and delete every workspace entity.

Each public method is one transaction. Methods take and return domain dataclasses.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import datetime
from typing import Any, TypeVar, get_args, get_type_hints

from rapport.clock import now
from rapport.domain import validation
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Contact,
    Interaction,
    Note,
    Project,
    RevenueEntry,
    Workspace,
)
from rapport.domain.names import name_key
from rapport.errors import (
    NO_CLIENT_NAMED,
    NO_CLIENT_NAMED_HINT,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from rapport.policy.access import LOCAL, Actor
from rapport.storage.failures import IntegrityError
from rapport.storage.mapping import copy_onto, to_domain
from rapport.storage.orm import ClientRow
from rapport.storage.repositories import Repositories
from rapport.storage.repositories.records import ROWS as ROWS  # re-exported for importers
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

T = TypeVar("T")


NAMES: dict[type[Any], str] = {
    Client: "client",
    Contact: "contact",
    Interaction: "interaction",
    Commitment: "commitment",
    RevenueEntry: "revenue entry",
    Project: "project",
    Note: "note",
}

NAME_TAKEN = N_(
    "a client named {name} already exists (names are compared regardless of case and Unicode form)"
)

NOT_FOUND: dict[type[Any], str] = {
    Client: N_("no client with id {id}"),
    Contact: N_("no contact with id {id}"),
    Interaction: N_("no interaction with id {id}"),
    Commitment: N_("no commitment with id {id}"),
    RevenueEntry: N_("no revenue entry with id {id}"),
    Project: N_("no project with id {id}"),
    Note: N_("no note with id {id}"),
}
CLASHES: dict[type[Any], str] = {
    Contact: N_("this contact clashes with one already stored"),
    Interaction: N_("this interaction clashes with one already stored"),
    Commitment: N_("this commitment clashes with one already stored"),
    RevenueEntry: N_("this revenue entry clashes with one already stored"),
    Project: N_("this project clashes with one already stored"),
    Note: N_("this note clashes with one already stored"),
}


class WorkspaceService:
    """CRUD for clients and everything that hangs off them."""

    def __init__(self, db: Database, actor: Actor = LOCAL) -> None:
        self.db = db
        # The access policy: every query below is limited to what this actor may see.
        self.actor = actor

    # --- clients -----------------------------------------------------------------------
    def list_clients(
        self, *, search: str | None = None, offset: int = 0, limit: int | None = None
    ) -> list[Client]:
        with self.db.reading() as s:
            return Repositories(s, self.actor).clients.listed(
                search=search, offset=offset, limit=limit
            )

    def count(self, cls: type[Any], *, client_id: int | None = None) -> int:
        """How many ``cls`` this actor sees (of one client's, with ``client_id``)."""
        with self.db.reading() as s:
            return Repositories(s, self.actor).records.count(cls, client_id=client_id)

    def find_client(self, name_or_id: str | int) -> Client:
        """Look a client up by id (``12`` or ``#12``) or by name, regardless of case and
        Unicode form (:func:`rapport.domain.names.name_key`), suggesting a close name. A
        number that is one client's id and another client's name is ambiguous, and says so."""
        with self.db.reading() as s:
            return to_domain(self._find_client_row(Repositories(s, self.actor), name_or_id), Client)

    def _find_client_row(self, repos: Repositories, name_or_id: str | int) -> ClientRow:
        key = str(name_or_id).strip()
        digits = key.removeprefix("#")
        by_id: ClientRow | None = None
        if digits.isascii() and digits.isdigit():
            by_id = repos.clients.visible_by_id(int(digits))
            if key.startswith("#"):
                if by_id is None:
                    raise NotFoundError(NOT_FOUND[Client], id=int(digits))
                return by_id
        found = repos.clients.visible_by_name_key(name_key(key))
        if by_id is not None and found is not None and found.id != by_id.id:
            raise ConflictError(
                N_(
                    "{ref} is ambiguous: it is the id of {by_id} and the name of client "
                    "{other}; give #{ref} for the id, or the other client's id"
                ),
                ref=key,
                by_id=repr(by_id.name),
                other=found.id,
            )
        if by_id is not None or found is not None:
            return by_id or found  # type: ignore[return-value]
        names = repos.clients.visible_names()
        # SQLite's lower() folds ASCII only: "Trường Anh ngữ Ánh Dương" is found here.
        same = [n for n in names if n.casefold() == key.casefold()]
        if same:
            return repos.clients.visible_named(same[0])
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
        if not close:
            folded = {name_key(n): n for n in names}
            close = [folded[m] for m in difflib.get_close_matches(name_key(key), folded, n=1)]
        if close:
            raise NotFoundError(NO_CLIENT_NAMED_HINT, name=key, suggestion=close[0])
        raise NotFoundError(NO_CLIENT_NAMED, name=key)

    def _check_name_free(self, repos: Repositories, name: str, own_id: int | None = None) -> None:
        """Refuse a client name another client has, regardless of case and Unicode form
        (the unique index on ``clients.name_key`` is the last word; this names the clash)."""
        clash = repos.clients.name_holder(name_key(name))
        if clash is None or clash[0] == own_id:
            return
        clash_id, clash_name = clash
        if self._visible(repos, clash_id):
            raise ConflictError(NAME_TAKEN, name=repr(clash_name))
        raise ConflictError(N_("a client with that name already exists"))

    def add_client(self, client: Client) -> Client:
        validation.validate_client(client)
        self.actor.check_create()
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            self._check_referrer(repos, client)
            if client.created_at is None:
                client.created_at = now()
            self._check_name_free(repos, client.name)
            added = self._insert(repos, client)
            assert added.id is not None
            self.actor.claim(s, added.id)
            return added

    def _check_referrer(self, repos: Repositories, client: Client) -> None:
        if client.referred_by_client_id is not None:
            if repos.clients.by_id(client.referred_by_client_id) is None or not self._visible(
                repos, client.referred_by_client_id
            ):
                raise InvalidInputError(NOT_FOUND[Client], id=client.referred_by_client_id)
            if client.id is not None and client.referred_by_client_id == client.id:
                raise InvalidInputError(N_("a client cannot refer itself"))
        contact_id = client.referred_by_contact_id
        if contact_id is not None:
            contact = repos.contacts.by_id(contact_id)
            # A contact this actor cannot see answers exactly as one that does not exist.
            if contact is None or not self._visible(repos, contact.client_id):
                raise InvalidInputError(NOT_FOUND[Contact], id=contact_id)

    # --- any entity --------------------------------------------------------------------
    def add(self, obj: T) -> T:
        cls = type(obj)
        if cls is Client:
            return self.add_client(obj)  # type: ignore[arg-type,return-value]
        validation.validate(obj)
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            self._check_client(repos, obj)
            if isinstance(obj, Note) and obj.created_at is None:
                obj.created_at = now()
            return self._insert(repos, obj)

    def get(self, cls: type[T], entity_id: int) -> T:
        with self.db.reading() as s:
            return to_domain(self._row(Repositories(s, self.actor), cls, entity_id), cls)

    def clients_referred_by(self, client_id: int) -> list[Client]:
        """The clients this actor sees that ``client_id`` referred, by name."""
        with self.db.reading() as s:
            return Repositories(s, self.actor).clients.visible_referred_by(client_id)

    def clients_with_ids(self, ids: Iterable[int]) -> list[Client]:
        """The clients this actor sees among ``ids``, by name."""
        with self.db.reading() as s:
            return Repositories(s, self.actor).clients.visible_with_ids(ids)

    def meetings_between(
        self,
        start: datetime,
        end: datetime,
        *,
        client_id: int | None = None,
        limit: int | None = None,
        oldest_first: bool = False,
    ) -> list[Interaction]:
        """The meetings (in person, video, calls) this actor sees that start in
        [start, end), of one client with ``client_id``: newest first, or ``oldest_first``;
        the first ``limit`` of them."""
        with self.db.reading() as s:
            return Repositories(s, self.actor).interactions.meetings_between(
                start, end, client_id=client_id, limit=limit, oldest_first=oldest_first
            )

    def meetings_count_between(
        self, start: datetime, end: datetime, *, client_id: int | None = None
    ) -> int:
        """How many meetings this actor sees start in [start, end)."""
        with self.db.reading() as s:
            return Repositories(s, self.actor).interactions.meetings_count_between(
                start, end, client_id=client_id
            )

    def list(
        self,
        cls: type[T],
        *,
        client_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[T]:
        """Rows of ``cls`` this actor sees, newest first where that makes sense (else by
        id); named methods such as :meth:`meetings_between` answer narrower questions."""
        with self.db.reading() as s:
            return Repositories(s, self.actor).records.listed(
                cls, client_id=client_id, offset=offset, limit=limit
            )

    def update(self, cls: type[T], entity_id: int, changes: dict[str, Any]) -> T:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = set(changes) - names - {"id"}
        if unknown:
            raise InvalidInputError(
                N_("unknown field(s): {names}"), names=", ".join(sorted(unknown))
            )
        required = _required_fields(cls)
        for name in sorted(changes):
            if changes[name] is None and name in required:
                raise InvalidInputError(N_("{field} needs a value (it cannot be null)"), field=name)
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            row = self._row(repos, cls, entity_id, write=True)
            current = to_domain(row, cls)
            updated = replace(current, **{k: v for k, v in changes.items() if k != "id"})  # type: ignore[type-var]
            validation.validate(updated)
            if isinstance(updated, Client):
                self._check_referrer(repos, updated)
                self._check_name_free(repos, updated.name, own_id=entity_id)
            else:
                self._check_client(repos, updated)
            copy_onto(updated, row)
            self._flush(repos, cls)
            return updated

    def delete(self, cls: type[Any], entity_id: int) -> None:
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            row = self._row(repos, cls, entity_id, write=True)
            if cls is Contact:
                # Row by row, so each referrer cleared is in the audit log.
                for client in repos.clients.referred_by_contact(entity_id):
                    client.referred_by_contact_id = None
            repos.records.delete(row)

    # --- commitments -------------------------------------------------------------------
    def commitment_done(self, commitment_id: int, at: datetime | None = None) -> Commitment:
        return self.update(
            Commitment,
            commitment_id,
            {"status": CommitmentStatus.DONE, "done_at": at or now()},
        )

    def commitment_reopen(self, commitment_id: int) -> Commitment:
        """Undo "kept": the promise is open again (the web's undo after "Mark kept")."""
        return self.update(
            Commitment, commitment_id, {"status": CommitmentStatus.OPEN, "done_at": None}
        )

    def commitment_missed(
        self, commitment_id: int, announced_at: datetime | None = None
    ) -> Commitment:
        changes: dict[str, Any] = {"status": CommitmentStatus.MISSED}
        if announced_at is not None:
            changes["announced_at"] = announced_at
        return self.update(Commitment, commitment_id, changes)

    def commitment_succeeded(
        self, commitment_id: int, changes: dict[str, Any], successor: Commitment
    ) -> tuple[Commitment, Commitment]:
        """Change a promise and add the one that follows it (apologise and re-commit) in one
        transaction: both are written, or neither."""
        validation.validate(successor)
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            row = self._row(repos, Commitment, commitment_id, write=True)
            updated = replace(to_domain(row, Commitment), **changes)
            validation.validate(updated)
            self._check_client(repos, successor)
            copy_onto(updated, row)
            self._flush(repos, Commitment)
            return updated, self._insert(repos, successor)

    # --- whole workspace ---------------------------------------------------------------
    def snapshot(self) -> Workspace:
        """Every entity, for scoring and export."""
        ws = Workspace()
        with self.db.reading() as s:
            repos = Repositories(s, self.actor)
            for cls, attr in (
                (Client, "clients"),
                (Contact, "contacts"),
                (Interaction, "interactions"),
                (Commitment, "commitments"),
                (RevenueEntry, "revenue"),
                (Project, "projects"),
                (Note, "notes"),
            ):
                setattr(ws, attr, repos.records.every(cls))
        return ws

    # --- helpers -----------------------------------------------------------------------
    def _row(
        self, repos: Repositories, cls: type[Any], entity_id: int, *, write: bool = False
    ) -> Any:
        row: Any = repos.records.by_id(cls, entity_id)
        what = f"no {NAMES[cls]} with id {entity_id}"
        if row is None:
            raise NotFoundError(NOT_FOUND[cls], id=entity_id)
        client_id = row.id if cls is Client else row.client_id
        if write:
            self.actor.check_write(repos.session, client_id, what)
        else:
            self.actor.check_read(repos.session, client_id, what)
        return row

    def _visible(self, repos: Repositories, client_id: int) -> bool:
        try:
            self.actor.check_read(repos.session, client_id, "")
        except NotFoundError:
            return False
        return True

    def require_write(self, client_id: int) -> None:
        """Raise unless this actor may change the client (for services that write rows
        hanging off a client themselves)."""
        with self.db.reading() as s:
            self.actor.check_write(s, client_id, f"no client with id {client_id}")

    def _check_client(self, repos: Repositories, obj: Any) -> None:
        client_id = getattr(obj, "client_id", None)
        if client_id is not None:
            if repos.clients.by_id(client_id) is None:
                raise NotFoundError(NOT_FOUND[Client], id=client_id)
            self.actor.check_write(repos.session, client_id, f"no client with id {client_id}")
        project_id = getattr(obj, "project_id", None)
        if isinstance(obj, RevenueEntry) and project_id is not None:
            project = repos.records.by_id(Project, project_id)
            # Checked like the record itself: hidden or missing answer alike, and a
            # revenue entry counts towards a project of its own client only.
            if project is None or project.client_id != client_id:
                raise InvalidInputError(NOT_FOUND[Project], id=project_id)

    def _insert(self, repos: Repositories, obj: T) -> T:
        cls = type(obj)
        row = repos.records.add(obj)
        self._flush(repos, cls)
        return to_domain(row, cls)

    def _flush(self, repos: Repositories, cls: type[Any]) -> None:
        try:
            repos.flush()
        except IntegrityError as exc:
            if cls is Client:
                raise ConflictError(N_("a client with that name already exists")) from exc
            raise ConflictError(CLASHES[cls]) from exc


def _required_fields(cls: type[Any]) -> frozenset[str]:
    """The fields of a record class that cannot be None (their type does not admit it): a
    change that sets one to None is refused before it reaches the record's checks."""
    hints = get_type_hints(cls)
    return frozenset(
        f.name
        for f in fields(cls)
        if type(None) not in get_args(hints[f.name]) and hints[f.name] is not type(None)
    )
