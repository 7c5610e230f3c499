"""The review list of unmatched organisers (docs/integrations.md): the people on synced
events that match no contact or client, with how many events and when last seen, to be
turned into a client (whose events then match at once) or ignored.

Who was on each calendar resource's unmatched events is kept by the sync
(``calendar_items.people``); this list adds them up, leaves out ignored addresses and any
address that has since become a contact's or client's (cleared when matched)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from typing_extensions import TypedDict  # pydantic reads it as a response model

from rapport.clock import now as clock
from rapport.domain.model import Client, Contact, Tier
from rapport.errors import InvalidInputError, NotFoundError
from rapport.policy.access import LOCAL, Actor
from rapport.services.calendar_sync import CalendarSyncService, SourceResult, SourceResultJson
from rapport.storage.calendar_review_rows import CalendarIgnoredRow
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

L_NOT_LISTED = N_("{email} is not on the list of unmatched organisers")
L_BAD_EMAIL = N_("not an e-mail address: {email}")


@dataclass(frozen=True, slots=True)
class Unmatched:
    """One person on events that match nobody: address, name, how many events, when last
    seen (ISO 8601, as the JSON shows it; :attr:`seen_at` for reading) and in which
    calendars (their numbers)."""

    email: str
    name: str
    events: int
    last_seen: str | None
    calendars: tuple[int, ...]

    @property
    def seen_at(self) -> datetime | None:
        """When last seen, as a time."""
        return datetime.fromisoformat(self.last_seen) if self.last_seen else None


@dataclass(frozen=True, slots=True)
class UnmatchedList:
    """The review list as ``GET /api/sync/unmatched`` and ``rapport sync unmatched --json``
    show it."""

    unmatched: tuple[Unmatched, ...]


@dataclass(frozen=True, slots=True)
class MadeClient:
    """A client made from the review list, and what matching its calendars again did."""

    client_id: int
    client: str
    email: str
    results: tuple[SourceResult, ...] = ()

    def as_json(self) -> MadeClientJson:
        """As ``rapport sync unmatched client --json`` and the API show it: the client, the
        address and each calendar's result (``sources``)."""
        return {
            "client_id": self.client_id,
            "client": self.client,
            "email": self.email,
            "sources": [r.as_json() for r in self.results],
        }


class MadeClientJson(TypedDict):
    """A client made from the review list, as its JSON shows it."""

    client_id: int
    client: str
    email: str
    sources: list[SourceResultJson]


class CalendarReviewService:
    """Owners only, as the calendars themselves."""

    def __init__(self, db: Database, sync: CalendarSyncService, actor: Actor = LOCAL) -> None:
        self.db = db
        self.sync = sync
        self.actor = actor

    def unmatched(self) -> list[Unmatched]:
        """Most events first, then the latest seen."""
        self.actor.check_owner()
        with self.db.reading() as s:
            repos = Repositories(s, self.actor)
            rows = repos.calendars.unmatched_people()
            ignored = repos.calendars.ignored_emails()
            known = {str(e).lower() for e in [*repos.contacts.emails(), *repos.clients.emails()]}
        people: dict[str, dict[str, Any]] = {}
        for source_id, entries in rows:
            for entry in entries or []:
                email = str(entry.get("email", ""))
                if not email or email in ignored or email in known:
                    continue
                person = people.setdefault(
                    email, {"name": "", "events": 0, "last": None, "calendars": set()}
                )
                person["name"] = person["name"] or str(entry.get("name") or "")
                person["events"] += int(entry.get("count") or 0)
                last = entry.get("last")
                if last and (person["last"] is None or last > person["last"]):
                    person["last"] = last
                person["calendars"].add(int(source_id))
        found = [
            Unmatched(
                email=email,
                name=p["name"],
                events=p["events"],
                last_seen=datetime.fromisoformat(p["last"]).isoformat() if p["last"] else None,
                calendars=tuple(sorted(p["calendars"])),
            )
            for email, p in people.items()
        ]
        found.sort(key=lambda u: (-u.events, -(u.seen_at.timestamp() if u.seen_at else 0)))
        return found

    def _listed(self, email: str) -> Unmatched:
        wanted = email.strip().lower()
        for person in self.unmatched():
            if person.email == wanted:
                return person
        raise NotFoundError(L_NOT_LISTED, email=email.strip()[:320])

    def make_client(
        self,
        email: str,
        *,
        name: str | None = None,
        tier: Tier | None = None,
        workspace: Any,
        language: str = "en",
        timezone: str = "UTC",
        today: date | None = None,
    ) -> MadeClient:
        """A new client ``name`` (default: the person's name, else the address) with the
        person as its contact; then every calendar they were on is matched again, so their
        events become interactions without waiting for the server to change."""
        person = self._listed(email)
        client = workspace.add(
            Client(
                name=(name or person.name or person.email).strip(),
                tier_override=tier,
                language=language,
                timezone=timezone,
            )
        )
        assert client.id is not None
        workspace.add(
            Contact(client_id=client.id, name=person.name or person.email, email=person.email)
        )
        results = tuple(self.sync.rematch(source_id, today=today) for source_id in person.calendars)
        return MadeClient(client.id, client.name, person.email, results)

    def ignore(self, email: str) -> str:
        """Leave an address off the list from now on (also one not on it yet)."""
        self.actor.check_owner()
        wanted = email.strip().lower()
        if "@" not in wanted or len(wanted) > 320 or any(c.isspace() for c in wanted):
            raise InvalidInputError(L_BAD_EMAIL, email=email.strip()[:320])
        with self.db.transaction() as s:
            calendars = Repositories(s, self.actor).calendars
            if not calendars.is_ignored(wanted):
                calendars.add(CalendarIgnoredRow(email=wanted, created_at=clock()))
        return wanted
