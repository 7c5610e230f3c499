"""Contact sync (CardDAV), both ways: the address books Rapport syncs with clients' contacts,
once per ``rapport sync`` or every ``sync_interval_minutes`` in the server
(docs/integrations.md "Contact sync (CardDAV)").

One sync of one address book:

1. **Read** (nothing written yet): which cards changed since the last sync token, and the
   text of those cards and of the cards whose contacts were edited in Rapport.
2. **Decide**, per card, with the three-way merge of rapport.domain.contact_merge against
   the version both sides last agreed on (a field changed on one side takes that side; on
   both sides, the server wins and the conflict is reported). New cards become contacts of
   the client their ORG names (or whose contacts share the card's e-mail address or
   domain, or the address book's ``--client``); cards matching no client are counted
   unmatched and not stored. New contacts in Rapport become new cards.
3. **Write the server** (PUT with If-Match, or If-None-Match for new cards; DELETE with
   If-Match); any failure stops here and nothing is written to the database.
4. **Write the database** in one transaction: contacts, links, the sync token, the result.

A card deleted on the server **unlinks** its contact (the contact and its history stay, and
it is not written back); a contact deleted in Rapport **deletes its card**. A second run
with nothing changed writes nothing on either side.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from typing_extensions import TypedDict  # pydantic reads it as a response model

from rapport.clock import now as clock
from rapport.domain.contact_merge import FIELDS, FieldConflict, merge, normalise
from rapport.domain.model import Contact, Workspace
from rapport.errors import InvalidInputError, NotFoundError, RapportError
from rapport.policy.access import LOCAL, Actor
from rapport.services import audit
from rapport.services.calendar_fetch import SyncFailure
from rapport.services.sync_reports import SyncErrorJson, error_json
from rapport.storage.contact_sync_rows import AddressBookRow, ContactCardRow
from rapport.storage.failures import IntegrityError
from rapport.storage.orm import ContactRow
from rapport.storage.repositories import EVERYTHING, Repositories
from rapport.storage.unit_of_work import Database
from rapport.texts import N_, Text

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.importers.plan import Known
    from rapport.services.carddav_fetch import CardDAV

KIND = "carddav"
L_MALFORMED = N_("card {where}: {reason}")
L_NO_CLIENT = N_("no client named {name}")
L_BAD_URL = N_("not an http(s) address: {url}")
L_NO_BOOK = N_("no address book {ref}")
L_DUPLICATE = N_("this address book is already added (number {id})")
L_CONCURRENT = N_(
    "another sync of this address book wrote at the same time; nothing written, run it again"
)

Values = dict[str, str | None]
LINKED, UNLINKED, UNMATCHED = "linked", "unlinked", "unmatched"
_sync_lock = threading.Lock()


@dataclass(frozen=True)
class BookInfo:
    id: int
    url: str
    kind: str
    username: str | None
    client: str | None
    has_password: bool
    created_at: datetime
    last_sync_at: datetime | None
    last_error: str | None
    last_result: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class CardConflict:
    """A field changed on both sides in one sync (the server's value is kept)."""

    contact: str
    field: str
    """The field's name, or ``deleted`` for a contact deleted in Rapport and edited on the
    server."""
    rapport: str | None
    server: str | None
    kept: str


@dataclass
class BookResult:
    """What one sync of one address book did (a ``sources`` entry of ``rapport sync``)."""

    id: int
    url: str
    kind: str = KIND
    events: int = 0
    """Cards in the address book."""
    created: int = 0
    updated: int = 0
    removed: int = 0
    """Contacts unlinked because their card was deleted on the server (they stay)."""
    unmatched: int = 0
    pushed: int = 0
    """Cards written to the server: new, changed or deleted."""
    conflicts: int = 0
    conflict_list: list[CardConflict] = field(default_factory=list)
    """Each field changed on both sides: contact, field, rapport, server, kept."""
    error: str | None = None
    error_text: Text | None = field(default=None, repr=False)

    def as_json(self) -> BookResultJson:
        out: BookResultJson = {
            "id": self.id,
            "url": self.url,
            "kind": self.kind,
            "events": self.events,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "unmatched": self.unmatched,
            "pushed": self.pushed,
            "conflicts": self.conflicts,
            "conflict_list": [_conflict_json(c) for c in self.conflict_list],
            "error": self.error,
            **error_json(self.error_text),
        }
        return out


class ConflictJson(TypedDict):
    contact: str
    field: str
    rapport: str | None
    server: str | None
    kept: str


class BookResultJson(SyncErrorJson):
    """One address book's sync as ``rapport sync --json`` prints it and ``last_result``
    stores it: :class:`BookResult`'s fields in order, then the error's template and
    parameters."""

    id: int
    url: str
    kind: str
    events: int
    created: int
    updated: int
    removed: int
    unmatched: int
    pushed: int
    conflicts: int
    conflict_list: list[ConflictJson]
    error: str | None


def _conflict_json(c: CardConflict) -> ConflictJson:
    return {
        "contact": c.contact,
        "field": c.field,
        "rapport": c.rapport,
        "server": c.server,
        "kept": c.kept,
    }


def _info(row: AddressBookRow, client: str | None) -> BookInfo:
    return BookInfo(
        id=row.id,
        url=row.url,
        kind=KIND,
        username=row.username,
        client=client,
        has_password=row.password_encrypted is not None,
        created_at=row.created_at,
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
        last_result=row.last_result,
    )


@dataclass
class _Card:
    """A card row as read before the sync (plain values)."""

    href: str
    uid: str
    etag: str | None
    contact_id: int | None
    base: Values
    state: str = "linked"


@dataclass
class _Plan:
    """What one sync will write: server operations first, then the database."""

    puts: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(href, text, ETag to match or None for a new card)."""
    deletes: list[tuple[str, str | None]] = field(default_factory=list)
    updates: dict[int, Values] = field(default_factory=dict)
    """contact id -> merged values."""
    creates: list[tuple[str, Contact]] = field(default_factory=list)
    """(href, contact) of cards that become contacts."""
    links: dict[str, _Card] = field(default_factory=dict)
    """href -> the card row as it should be after the sync (contact id None for creates)."""
    dropped: set[str] = field(default_factory=set)
    """hrefs whose rows go."""


def new_uid(book_id: int, created_at: datetime, contact_id: int) -> str:
    """The UID of the card made for a contact: stable, so a run that wrote the card but not
    the database finds its own card again next time instead of writing another."""
    seed = f"{book_id}|{created_at.isoformat()}|{contact_id}".encode()
    return f"rapport-{contact_id}-{hashlib.sha256(seed).hexdigest()[:16]}"


class ContactSyncService:
    """Address books and their sync, for owners only (they read and write every client's
    contacts)."""

    def __init__(self, db: Database, settings: Settings, actor: Actor = LOCAL) -> None:
        self.db = db
        self.settings = settings
        self.actor = actor

    # --- address books ---------------------------------------------------------------------
    def add(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        client: str | None = None,
    ) -> BookInfo:
        self.actor.check_owner()
        url = url.strip()
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE) or len(url) > 2000:
            raise InvalidInputError(L_BAD_URL, url=url[:200])
        if not url.endswith("/"):
            url += "/"
        from rapport.crypto import secret_box

        sealed = secret_box.seal(self.settings, password) if password else None
        with self.db.transaction() as s:
            repos = Repositories(s, EVERYTHING)
            client_id = None
            if client:
                client_id = repos.clients.id_by_name(client)
                if client_id is None:
                    raise InvalidInputError(L_NO_CLIENT, name=client)
            same = repos.address_books.id_by_url(url)
            if same is not None:
                raise InvalidInputError(L_DUPLICATE, id=same)
            row = AddressBookRow(
                url=url,
                username=username or None,
                password_encrypted=sealed,
                client_id=client_id,
                created_at=clock(),
            )
            repos.address_books.add(row)
            repos.flush()
            return _info(row, client.strip() if client else None)

    def books(self) -> list[BookInfo]:
        self.actor.check_owner()
        with self.db.reading() as s:
            rows = Repositories(s, EVERYTHING).address_books.with_client_names()
            return [_info(row, name) for row, name in rows]

    def find(self, ref: str | int) -> BookInfo:
        """An address book by its number or its address."""
        for info in self.books():
            if str(info.id) == str(ref).strip() or info.url.rstrip("/") == str(ref).strip().rstrip(
                "/"
            ):
                return info
        raise NotFoundError(L_NO_BOOK, ref=ref)

    def remove(self, ref: str | int) -> BookInfo:
        """Stop syncing an address book; its contacts stay, and its cards stay on the
        server."""
        info = self.find(ref)
        with self.db.transaction() as s:
            Repositories(s, EVERYTHING).address_books.remove(info.id)
        return info

    # --- sync ------------------------------------------------------------------------------
    def sync_all(self) -> list[BookResult]:
        """Every address book once, now; a failing one does not stop the others."""
        self.actor.check_owner()
        with _sync_lock:
            return [self._sync_one(info.id) for info in self.books()]

    def sync(self, ref: str | int) -> BookResult:
        self.actor.check_owner()
        info = self.find(ref)
        with _sync_lock:
            return self._sync_one(info.id)

    def _sync_one(self, book_id: int) -> BookResult:
        from rapport.services.carddav_fetch import CardDAV

        with self.db.reading() as s:
            repos = Repositories(s, EVERYTHING)
            row = repos.address_books.by_id(book_id)
            if row is None:
                raise NotFoundError(L_NO_BOOK, ref=book_id)
            url, username, sealed = row.url, row.username, row.password_encrypted
            client_id, created_at, token = row.client_id, row.created_at, row.sync_state
            cards = {
                c.href: _Card(c.href, c.uid, c.etag, c.contact_id, dict(c.base), c.state)
                for c in repos.address_books.cards(book_id)
            }
            elsewhere = repos.address_books.contacts_linked_elsewhere(book_id)
            known = _known(repos)
        result = BookResult(id=book_id, url=url)
        try:
            password = None
            if sealed:
                from rapport.crypto import secret_box

                password = secret_box.unseal(self.settings, sealed)
            dav = CardDAV(url, username, password)
            listing = dav.listing(token)
            contacts = {c.id: c for c in known.workspace.contacts}
            plan = _Plan()
            gone = set(listing.deleted)
            if listing.full:
                gone |= set(cards) - set(listing.etags)
            gone &= set(cards)
            changed = {h for h, e in listing.etags.items() if h not in cards or cards[h].etag != e}
            dirty = {
                h
                for h, card in cards.items()
                if h not in gone
                and card.state == LINKED
                and card.contact_id in contacts
                and _values(contacts[card.contact_id]) != normalise(card.base)
            }
            # unmatched cards are read again: their client may have been added since
            again = {h for h, c in cards.items() if c.state == UNMATCHED and h not in gone}
            wanted = sorted(changed | dirty | again)
            texts = dav.fetch(wanted) if wanted else {}
            _decide(
                plan,
                result,
                book_id=book_id,
                created_at=created_at,
                client_id=client_id,
                path=dav.path,
                cards=cards,
                gone=gone,
                texts=texts,
                known=known,
                elsewhere=elsewhere,
            )
            self._write_server(dav, plan, result)
            self._write_db(book_id, plan, result, listing.token)
        except IntegrityError:  # another process linked or made the same contact meanwhile
            self._fail(book_id, result, SyncFailure(L_CONCURRENT))
        except RapportError as exc:
            self._fail(book_id, result, exc)
        return result

    def _fail(self, book_id: int, result: BookResult, exc: RapportError) -> None:
        """A failed sync: its error kept, its counts zero (nothing was written)."""
        result.error = exc.message
        result.error_text = exc.text
        result.created = result.updated = result.removed = result.pushed = 0
        result.conflicts, result.conflict_list = 0, []
        self._record_failure(book_id, result)

    def _write_server(self, dav: CardDAV, plan: _Plan, result: BookResult) -> None:
        for href, text, etag in plan.puts:
            new_etag = dav.put(href, text, etag)
            plan.links[href].etag = new_etag
            result.pushed += 1
        for href, etag in plan.deletes:
            dav.delete(href, etag)
            result.pushed += 1

    def _write_db(
        self,
        book_id: int,
        plan: _Plan,
        result: BookResult,
        token: str | None,
    ) -> None:
        with self.db.transaction() as s:
            audit.quiet(s)  # one entry per sync of an address book, with its counts
            repos = Repositories(s, EVERYTHING)
            row = repos.address_books.by_id_for_update(book_id)
            if row is None:  # removed while it was being read
                raise NotFoundError(L_NO_BOOK, ref=book_id)
            for contact_id, values in plan.updates.items():
                repos.contacts.set_card_values(contact_id, values)
            new_rows: dict[str, ContactRow] = {}
            for href, contact in plan.creates:
                new = ContactRow(
                    client_id=contact.client_id,
                    name=contact.name,
                    email=contact.email,
                    phone=contact.phone,
                    title=contact.title,
                    notes=contact.notes,
                    external_id=contact.external_id,
                )
                repos.contacts.add(new)
                new_rows[href] = new
            repos.flush()  # one batch of inserts; their ids below
            made = {href: row.id for href, row in new_rows.items()}
            stored = {c.href: c for c in repos.address_books.cards(book_id)}
            for href in plan.dropped:
                if href in stored and href not in plan.links:
                    repos.address_books.delete_card(stored.pop(href))
            repos.flush()
            for href, card in plan.links.items():
                target = stored.get(href)
                if target is None:
                    target = ContactCardRow(book_id=book_id, href=href)
                    repos.address_books.add(target)
                target.uid = card.uid
                target.etag = card.etag
                target.contact_id = made.get(href, card.contact_id)
                target.base = dict(card.base)
                target.state = card.state
            repos.flush()
            result.events, result.unmatched = _counts(repos, book_id)
            row.sync_state = token
            row.last_sync_at = clock()
            row.last_error = None
            row.last_result = dict(result.as_json())
            counts = {
                "created": result.created,
                "updated": result.updated,
                "removed": result.removed,
                "pushed": result.pushed,
            }
            if any(counts.values()):
                audit.bulk(s, f"contact sync {book_id}", counts)

    def _record_failure(self, book_id: int, result: BookResult) -> None:
        with self.db.transaction() as s:
            audit.quiet(s)
            repos = Repositories(s, EVERYTHING)
            row = repos.address_books.by_id(book_id)
            if row is not None:
                result.events, result.unmatched = _counts(repos, book_id)
                row.last_sync_at = clock()
                row.last_error = result.error
                row.last_result = dict(result.as_json())


# --- deciding ------------------------------------------------------------------------------


def _decide(
    plan: _Plan,
    result: BookResult,
    *,
    book_id: int,
    created_at: datetime,
    client_id: int | None,
    path: str,
    cards: dict[str, _Card],
    gone: set[str],
    texts: dict[str, tuple[str, str | None]],
    known: Known,
    elsewhere: set[int],
) -> None:
    contacts = {c.id: c for c in known.workspace.contacts}
    clients = {c.id: c for c in known.workspace.clients}
    linked = {c.contact_id for c in cards.values() if c.contact_id is not None}
    pending = {
        new_uid(book_id, created_at, cid): cid
        for cid in contacts
        if cid is not None and cid not in linked and cid not in elsewhere
    }
    by_external = {c.external_id: c.id for c in contacts.values() if c.external_id}
    claimed: set[int] = set()
    external_used = set(by_external)
    # cards deleted on the server: their contacts stay, unlinked
    for href in sorted(gone):
        old = cards[href]
        if old.state == LINKED and old.contact_id in contacts:
            plan.links[href] = _Card(href, old.uid, None, old.contact_id, old.base, UNLINKED)
            result.removed += 1
        elif old.state != UNLINKED:
            plan.dropped.add(href)
    # cards new or changed on the server, and cards whose contact changed in Rapport
    for href in sorted(texts):
        text, etag = texts[href]
        server, uid, org = _parse(text, href)
        card = cards.get(href)
        if card is not None and card.state == LINKED and card.contact_id in contacts:
            contact = contacts[card.contact_id]
            _merge_into(plan, result, href, text, etag, card.uid, contact, card.base, server)
            claimed.add(int(card.contact_id or 0))
            continue
        if (
            card is not None
            and card.state == UNLINKED
            and card.contact_id in contacts
            and uid == card.uid
        ):  # the same card back again: linked to its contact again
            contact = contacts[card.contact_id]
            _merge_into(plan, result, href, text, etag, card.uid, contact, None, server)
            claimed.add(int(card.contact_id or 0))
            continue
        linked_gone = card is not None and card.state == LINKED and card.contact_id is None
        if linked_gone and card is not None and card.etag == etag:
            continue  # deleted in Rapport, unchanged on the server: deleted below
        if linked_gone:  # deleted in Rapport, edited on the server: the server wins
            result.conflicts += 1
            result.conflict_list.append(
                CardConflict(
                    contact=str(server["name"]),
                    field="deleted",
                    rapport=None,
                    server=server["name"],
                    kept="server",
                )
            )
        uid = uid or (card.uid if card else href.rsplit("/", 1)[-1])
        # a card Rapport wrote in an earlier run, an imported contact, or one with the same
        # e-mail address at the same client: linked, merged with no agreed version
        match = pending.get(uid)
        if match is None and f"vcard:{uid}" in by_external:
            match = by_external[f"vcard:{uid}"]
        owner = _owner(known, org, server, client_id)
        if match is None and owner is not None and server["email"]:
            match = next(
                (
                    c.id
                    for c in contacts.values()
                    if c.client_id == owner
                    and c.email
                    and c.email.lower() == str(server["email"]).lower()
                    and c.id not in linked
                    and c.id not in elsewhere
                ),
                None,
            )
        if match is not None and match not in claimed and match not in linked:
            claimed.add(match)
            pending = {k: v for k, v in pending.items() if v != match}
            _merge_into(plan, result, href, text, etag, uid, contacts[match], None, server)
            continue
        if owner is None:
            plan.links[href] = _Card(href, uid, etag, None, {}, UNMATCHED)
            continue
        external = f"vcard:{uid}"[:500]
        contact = Contact(
            client_id=owner,
            name=str(server["name"]),
            email=server["email"],
            phone=server["phone"],
            title=server["title"],
            notes=server["notes"] or "",
            external_id=external if external not in external_used else None,
        )
        external_used.add(external)
        plan.creates.append((href, contact))
        plan.links[href] = _Card(href, uid, etag, None, server)
        result.created += 1
    # contacts deleted in Rapport whose cards did not change: delete the card
    for href, card in cards.items():
        if href in gone or href in plan.links or href in plan.dropped:
            continue
        if card.state == LINKED and card.contact_id is None:
            plan.deletes.append((href, card.etag))
            plan.dropped.add(href)
        elif card.state == UNLINKED and card.contact_id is None:
            plan.dropped.add(href)  # an unlinked contact deleted since: forget it
    # contacts new in Rapport: new cards
    for uid, contact_id in sorted(pending.items(), key=lambda kv: kv[1]):
        contact = contacts[contact_id]
        if contact_id in claimed or (client_id is not None and contact.client_id != client_id):
            continue
        from rapport.services.carddav_fetch import card_href

        href = card_href(path, uid)
        if href in cards or href in plan.links:
            continue
        values = _values(contact)
        org = clients[contact.client_id].name if contact.client_id in clients else None
        plan.puts.append((href, card_text(None, values, uid=uid, org=org), None))
        plan.links[href] = _Card(href, uid, None, contact_id, values)


def _merge_into(
    plan: _Plan,
    result: BookResult,
    href: str,
    text: str,
    etag: str | None,
    uid: str,
    contact: Contact,
    base: Values | None,
    server: Values,
) -> None:
    ours = _values(contact)
    merged = merge(base, ours, server)
    for conflict in merged.conflicts:
        result.conflicts += 1
        result.conflict_list.append(_conflict(contact.name, conflict))
    values = normalise(merged.values)
    if values != ours:
        assert contact.id is not None
        plan.updates[contact.id] = values
        result.updated += 1
    if values != normalise(server):
        plan.puts.append((href, card_text(text, values, uid=uid), etag))
    plan.links[href] = _Card(href, uid, etag, contact.id, values)


def _conflict(name: str, conflict: FieldConflict) -> CardConflict:
    return CardConflict(
        contact=name,
        field=conflict.field,
        rapport=conflict.rapport,
        server=conflict.server,
        kept=conflict.kept,
    )


def _owner(known: Known, org: str | None, server: Values, fallback: int | None) -> int | None:
    """The client a new card belongs to: ORG, else the client of its e-mail address or
    (when only one client has it) its domain, else the address book's client."""
    if org:
        client = known.client(org)
        if client is not None:
            return client.id
    email = server.get("email")
    if email:
        client = known.client_for_email(email)
        if client is not None:
            return client.id
        by_domain = known.clients_for_domain(email)
        if len(by_domain) == 1:
            return by_domain[0].id
    return fallback


def _values(contact: Contact) -> Values:
    return normalise({name: getattr(contact, name) for name in FIELDS})


def _parse(text: str, href: str) -> tuple[Values, str | None, str | None]:
    """The synced values, UID and ORG of one card; a card that is not valid raises
    SyncFailure (nothing of the address book is written)."""
    from rapport.domain import validation
    from rapport.importers.vcard import card_fields, read_cards

    where = href.rsplit("/", 1)[-1]
    try:
        cards = read_cards(text, where)
    except InvalidInputError as exc:
        raise SyncFailure(L_MALFORMED, where=where, reason=exc.message) from None
    if len(cards) != 1 or cards[0].name.upper() != "VCARD":
        raise SyncFailure(L_MALFORMED, where=where, reason="expected one vCard")
    found = card_fields(cards[0])
    if not found["name"]:
        raise SyncFailure(L_MALFORMED, where=where, reason="card has no name (FN or N)")
    values = normalise(found)
    try:
        validation.validate_contact(
            Contact(client_id=0, name=str(values["name"]), email=values["email"])
        )
    except InvalidInputError as exc:
        raise SyncFailure(L_MALFORMED, where=where, reason=exc.message) from None
    return values, found["uid"], found["org"]


def card_text(text: str | None, values: Values, *, uid: str, org: str | None = None) -> str:
    """A card with ``values``: the server's card ``text`` with only the synced properties
    changed (photos, addresses and everything else kept), or a new vCard 3.0."""
    import vobject

    if text is not None:
        card = vobject.readOne(text)
    else:
        card = vobject.vCard()
        card.add("uid").value = uid
        if org:
            card.add("org").value = [org]
    name = str(values["name"] or "")
    old_fn = card.contents["fn"][0].value if "fn" in card.contents else None
    if "fn" in card.contents:
        card.fn.value = name
    else:
        card.add("fn").value = name
    old_n = card.contents.get("n")
    if text is None or not old_n or name != old_fn:
        family, _, given = name.rpartition(" ") if " " in name else ("", "", name)
        family, given = (given, family) if family else (name, "")
        if old_n:
            del card.contents["n"]
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
    for prop, key in (("email", "email"), ("tel", "phone"), ("title", "title"), ("note", "notes")):
        value = values[key]
        lines = card.contents.get(prop, [])
        if value is None:
            if lines:
                lines.pop(0)
                if not lines:
                    del card.contents[prop]
        elif lines:
            lines[0].value = value
        else:
            line = card.add(prop)
            line.value = value
            if prop == "email":
                line.type_param = "INTERNET"
    if "version" not in card.contents:
        card.add("version").value = "3.0"
    out: str = card.serialize()
    return out


def _counts(repos: Repositories, book_id: int) -> tuple[int, int]:
    """(cards on the server, of them unmatched) as stored for an address book."""
    by_state = repos.address_books.card_states(book_id)
    return by_state.get(LINKED, 0) + by_state.get(UNMATCHED, 0), by_state.get(UNMATCHED, 0)


def _known(repos: Repositories) -> Known:
    """Clients and contacts, as the importer's matching needs them."""
    from rapport.importers.plan import Known

    ws = Workspace()
    ws.clients = repos.clients.all_plain()
    ws.contacts = repos.contacts.all_plain()
    return Known(ws)
