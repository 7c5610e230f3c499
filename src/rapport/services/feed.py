"""The ICS feed: a secret address any calendar app can subscribe to, showing promises'
due dates and touch-points coming due, in the user's language.

Each account has its own token (the command line and single-user mode share one); the
token is found by its keyed digest and kept encrypted with the server key, so ``rapport
feed url`` can print the address again. ``rapport feed reset`` makes a new token and the
old address answers 404 from then on. The feed shows what the token's account may see.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rapport.clock import now as clock
from rapport.crypto import secret_links
from rapport.domain import commitments as ledger
from rapport.i18n import gettext
from rapport.policy.access import LOCAL, Actor
from rapport.storage.repositories import Repositories
from rapport.storage.sync_rows import FeedTokenRow
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.services.accounts import AccountService
    from rapport.services.client_facts import ClientFactsService
    from rapport.services.workspace import WorkspaceService

DOMAIN = "sync"
TOUCH_DAYS = 60
"""Touch-points coming due within this many days are in the feed (overdue ones on today)."""
PROMISE_DAYS_BACK = 30
PROMISE_MINUTES = 15
L_PROMISE = N_("Promise due: {text} ({client})")
L_TOUCH = N_("Touch-point due: {client}")
L_TOUCH_OVERDUE = N_("Touch-point overdue: {client}")
L_TOUCH_BODY = N_("Every {days} days; last contact: {last}")
L_NEVER = N_("none yet")
L_FEED_NAME = N_("Rapport: promises and touch-points")


class FeedService:
    def __init__(self, db: Database, settings: Settings, actor: Actor = LOCAL) -> None:
        self.db = db
        self.settings = settings
        self.actor = actor

    def _user(self) -> int | None:
        return self.actor.user_id if self.settings.mode == "team" else None

    def token(self, *, reset: bool = False) -> str:
        """This account's feed token, made on first use (``reset``: a new one)."""
        user = self._user()
        with self.db.transaction() as s:
            calendars = Repositories(s, self.actor).calendars
            row = calendars.feed_token_of(user)
            if row is not None and not reset:
                return secret_links.reveal(self.settings, row.token_encrypted)
            if row is None:
                row = FeedTokenRow(user_id=user)
                calendars.add(row)
            row.created_at = clock()
            return secret_links.renew(self.settings, row)

    def url(self, base: str, *, reset: bool = False) -> str:
        return f"{base.rstrip('/')}/feed/{self.token(reset=reset)}.ics"

    def actor_for(self, token: str, accounts: AccountService) -> Actor | None:
        """Whose feed ``token`` opens (None: nobody's)."""
        digest = secret_links.digest_of(self.settings, token)
        if digest is None:
            return None
        with self.db.reading() as s:
            row = Repositories(s, self.actor).calendars.feed_token_by_digest(digest)
            if row is None:
                return None
            user = row.user_id
        if user is None:  # made by the command line (the server's owner) or the single user
            return LOCAL
        return accounts.actor_by_id(user)


def calendar(
    ws: WorkspaceService,
    client_facts: ClientFactsService,
    timezone: str,
    lang: str,
    *,
    at: datetime | None = None,
) -> bytes:
    """The feed's iCalendar text: what the services' actor may see, days in ``timezone``."""
    import icalendar

    at = at or clock()

    def t(message: str) -> str:
        return gettext(DOMAIN, lang, message)

    cal = icalendar.Calendar()
    cal.add("PRODID", "-//Rapport//feed//EN")
    cal.add("VERSION", "2.0")
    cal.add("X-WR-CALNAME", t(L_FEED_NAME))
    cal.add("X-WR-TIMEZONE", timezone)
    since = at - timedelta(days=PROMISE_DAYS_BACK)
    with ws.db.reading() as s:
        promises = Repositories(s, ws.actor).commitments.pending_due_since(since)
    for promise_id, due_at, what, to_whom, client in promises:
        event = icalendar.Event()
        event.add("UID", f"promise-{promise_id}@rapport")
        event.add("DTSTAMP", at)
        event.add("DTSTART", due_at)
        event.add("DURATION", timedelta(minutes=PROMISE_MINUTES))
        event.add("SUMMARY", t(L_PROMISE).format(text=what, client=client))
        if to_whom:
            event.add("DESCRIPTION", to_whom)
        cal.add_component(event)
    facts = client_facts.facts()
    clients = [f.client for f in facts.values()]
    last = {cid: f.last_contact for cid, f in facts.items() if f.last_contact}
    zone = _zone(timezone)
    today = at.astimezone(zone).date()
    for touch in ledger.touchpoints_from(clients, last, at, TOUCH_DAYS):
        day = max(touch.due_at.astimezone(zone).date(), today)
        event = icalendar.Event()
        event.add("UID", f"touch-{touch.client_id}@rapport")
        event.add("DTSTAMP", at)
        event.add("DTSTART", day)
        event.add("DTEND", day + timedelta(days=1))
        event.add("TRANSP", "TRANSPARENT")
        title = L_TOUCH_OVERDUE if touch.status == "overdue" else L_TOUCH
        event.add("SUMMARY", t(title).format(client=touch.client))
        seen = (
            touch.last_contact.astimezone(zone).date().isoformat()
            if touch.last_contact
            else t(L_NEVER)
        )
        event.add("DESCRIPTION", t(L_TOUCH_BODY).format(days=touch.cadence_days, last=seen))
        cal.add_component(event)
    return bytes(cal.to_ical())


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")
