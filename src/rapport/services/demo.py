"""The demo workspace: a realistic, deterministic year of client work.

:func:`build_demo` is pure: the same seed and the same ``now`` give the same workspace, ids
included. :class:`DemoService` writes it into an empty database in one transaction.

What it holds (see docs/workspace.md): about 40 clients in five languages with matching
time zones, Pareto-like revenue (a few large clients carry most of it), every relationship
origin with referral links, contacts, a year of interactions up to ``now`` (some chatty
clients far over their personal-talk budget, some gone quiet), commitments kept on time,
kept late, missed silently, missed but announced early, renegotiated, open and overdue,
revenue entries, projects whose checklist friends skip more often, and notes.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from rapport.demo_data import COLLEAGUES, LOCALES, Company, Locale
from rapport.domain.model import (
    CHECKLIST_STEPS,
    Client,
    ClientKind,
    Commitment,
    CommitmentSize,
    CommitmentStatus,
    Contact,
    Interaction,
    InteractionKind,
    Note,
    Origin,
    Project,
    ProjectStatus,
    RevenueEntry,
    RevenueKind,
    Tier,
    Workspace,
)
from rapport.errors import ConflictError
from rapport.policy.access import LOCAL, Actor
from rapport.services import audit
from rapport.storage.orm import (
    ClientRow,
    CommitmentRow,
    ContactRow,
    InteractionRow,
    NoteRow,
    ProjectRow,
    RevenueRow,
)
from rapport.storage.repositories import Repositories
from rapport.storage.repositories.workspace_tables import client_tables, table_of
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

DAYS = 365
SOURCE = "demo"

ORIGIN_SHARE: dict[Origin, float] = {
    Origin.COLD: 0.28,
    Origin.REFERRAL: 0.27,
    Origin.FRIEND: 0.13,
    Origin.FRIEND_OF_FRIEND: 0.12,
    Origin.EXISTING_NETWORK: 0.20,
}
FRIENDLY = (Origin.FRIEND, Origin.FRIEND_OF_FRIEND)
SIZE_EXPONENT = 1.4
"""Client size falls off as rank ** -1.4: the top 8-10 of 40 clients make 80% of revenue."""
STEP_CHANCE: dict[Origin, float] = {
    Origin.COLD: 0.95,
    Origin.REFERRAL: 0.9,
    Origin.EXISTING_NETWORK: 0.85,
    Origin.FRIEND_OF_FRIEND: 0.65,
    Origin.FRIEND: 0.45,
}
"""How likely each checklist step is done: friends push to skip the process."""

Progress = Callable[[int, int], None]


@dataclass
class _Profile:
    """What the generator decides about one client before writing its history."""

    client: Client
    locale: Locale
    company: Company
    zone_index: int
    weight: float
    chatty: bool
    quiet_since: int | None
    """Days before now when contact stopped, for clients who went quiet."""
    reliability: float
    contacts: list[Contact] = field(default_factory=list)


class _Ids:
    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, kind: str) -> int:
        self._next[kind] = self._next.get(kind, 0) + 1
        return self._next[kind]


def build_demo(seed: int, now: datetime) -> Workspace:
    """The demo workspace for ``seed`` with its history ending at ``now`` (aware)."""
    return _Builder(random.Random(seed), now.astimezone(UTC).replace(second=0, microsecond=0))()


class _Builder:
    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.ids = _Ids()
        self.ws = Workspace()

    def __call__(self) -> Workspace:
        profiles = self._clients()
        for p in profiles:
            self._contacts(p)
        for p in profiles:
            projects = self._projects(p)
            self._interactions(p)
            self._commitments(p)
            self._revenue(p, projects)
            self._notes(p)
        return self.ws

    # --- clients -------------------------------------------------------------------------
    def _clients(self) -> list[_Profile]:
        rng = self.rng
        slots = [
            (loc, company, index * len(loc.zones) // len(loc.companies))
            for loc in LOCALES
            for index, company in enumerate(loc.companies)
        ]
        rng.shuffle(slots)
        origins = self._origins([company.person for _, company, _ in slots])
        weights = self._weights(origins)
        profiles: list[_Profile] = []
        for index, ((loc, company, zone_index), origin) in enumerate(
            zip(slots, origins, strict=True)
        ):
            profile = self._client(index, loc, company, zone_index, origin, weights[index])
            profiles.append(profile)
            self.ws.clients.append(profile.client)
        self._refer(profiles)
        self._mark_chatty_and_quiet(profiles)
        return profiles

    def _origins(self, persons: list[bool]) -> list[Origin]:
        """Origins in the proportions of ORIGIN_SHARE; private persons are friends (or
        friends of friends); the oldest client came through the existing network."""
        pool = [o for o, share in ORIGIN_SHARE.items() for _ in range(round(share * len(persons)))]
        pool += [Origin.COLD] * (len(persons) - len(pool))
        self.rng.shuffle(pool)
        friendly = [o for o in pool if o in FRIENDLY]
        for _ in range(sum(persons)):
            pool.remove(friendly.pop())
        picked = [friendly.pop() if person else pool.pop() for person in persons]
        if picked[0] is not Origin.EXISTING_NETWORK:
            other = picked.index(Origin.EXISTING_NETWORK)
            picked[0], picked[other] = picked[other], picked[0]
        return picked

    def _weights(self, origins: list[Origin]) -> list[float]:
        """Each client's size, Zipf-like by rank (a few large, a long tail); friends,
        referrals and long relationships tend to rank higher."""
        n = len(origins)
        score = [
            self.rng.random()
            * (1.8 if o in (Origin.FRIEND, Origin.REFERRAL) else 1.0)
            * (2.0 - index / n)
            for index, o in enumerate(origins)
        ]
        ranked = sorted(range(len(origins)), key=lambda i: -score[i])
        weights = [0.0] * len(origins)
        for rank, i in enumerate(ranked, start=1):
            weights[i] = 60.0 * rank**-SIZE_EXPONENT
        return weights

    def _client(
        self,
        index: int,
        loc: Locale,
        company: Company,
        zone_index: int,
        origin: Origin,
        weight: float,
    ) -> _Profile:
        rng = self.rng
        friendly = origin in (Origin.FRIEND, Origin.FRIEND_OF_FRIEND)
        # Older relationships first; the last few started during the year.
        age_days = max(20, 1400 - index * 34 + rng.randint(-15, 15))
        cadence = rng.choice((14, 21, 30, 30, 45, 60)) if weight < 4 else rng.choice((7, 14, 21))
        client = Client(
            id=self.ids("client"),
            name=company.name,
            kind=ClientKind.PERSON if company.person else ClientKind.ORGANISATION,
            language=loc.language,
            timezone=loc.zones[zone_index],
            origin=origin,
            cadence_days=cadence,
            personal_budget=0.2 if friendly else rng.choice((0.05, 0.1, 0.1, 0.15)),
            monthly_meeting_hours_cap=rng.choice((None, None, 4.0, 6.0, 8.0)),
            tier_override=Tier.A if index == 7 else None,
            email=f"hello@{company.slug}.example" if not company.person else None,
            owner_colleague=rng.choice(COLLEAGUES) if rng.random() < 0.12 else None,
            notes="",
            created_at=self._at(self.today - timedelta(days=age_days), 10, 0),
        )
        reliability = rng.choice((0.95, 0.9, 0.85, 0.8, 0.65))
        return _Profile(client, loc, company, zone_index, weight, False, None, reliability)

    def _refer(self, profiles: list[_Profile]) -> None:
        """Referral and friend-of-friend clients were sent by an older client: friends and
        big clients refer most."""
        for i, p in enumerate(profiles):
            if p.client.origin not in (Origin.REFERRAL, Origin.FRIEND_OF_FRIEND):
                continue
            older = profiles[:i]
            if p.client.origin is Origin.FRIEND_OF_FRIEND:
                friends = [o for o in older if o.client.origin is Origin.FRIEND]
                older = friends or older
            weights = [o.weight * (3.0 if o.client.origin is Origin.FRIEND else 1.0) for o in older]
            p.client.referred_by_client_id = self.rng.choices(older, weights=weights)[0].client.id

    def _mark_chatty_and_quiet(self, profiles: list[_Profile]) -> None:
        rng = self.rng
        warm = [p for p in profiles if p.client.origin is not Origin.COLD]
        for p in rng.sample(warm, k=min(6, len(warm))):
            p.chatty = True
            p.client.personal_budget = 0.1
            p.client.notes = "Chatty: calls tend to run long on personal talk."
        established = [p for p in profiles[:-6] if not p.chatty]
        for p in rng.sample(established, k=min(5, len(established))):
            p.quiet_since = rng.randint(max(70, p.client.cadence_days * 2), 160)

    # --- contacts ------------------------------------------------------------------------
    def _contacts(self, p: _Profile) -> None:
        rng = self.rng
        loc = p.locale
        count = 1 if p.company.person else rng.choice((1, 2, 2, 3))
        used: set[str] = set()
        for n in range(count):
            if p.company.person and n == 0:
                name, local = p.company.name, p.company.slug
            else:
                (given, given_ascii), (family, family_ascii) = (
                    rng.choice(loc.given),
                    rng.choice(loc.family),
                )
                first, last = (family, given) if loc.family_first else (given, family)
                name = f"{first}{loc.separator}{last}"
                local = f"{given_ascii}.{family_ascii}"
            if name in used:
                continue
            used.add(name)
            domain = f"{p.company.slug}.example" if not p.company.person else "mail.example"
            contact = Contact(
                id=self.ids("contact"),
                client_id=self._cid(p),
                name=name,
                email=f"{_ascii(local)}@{domain}",
                phone=loc.phones[p.zone_index].format(n=f"{rng.randint(100, 199):04d}"),
                title=None if p.company.person else rng.choice(loc.titles),
            )
            p.contacts.append(contact)
            self.ws.contacts.append(contact)

    # --- interactions --------------------------------------------------------------------
    def _interactions(self, p: _Profile) -> None:
        rng = self.rng
        first = self._first_day(p)
        last = p.quiet_since or 0
        events: list[tuple[int, InteractionKind]] = []
        day = first
        while day > last:
            kind = rng.choices(
                (InteractionKind.IN_PERSON, InteractionKind.VIDEO, InteractionKind.CALL),
                weights=(2, 5, 3),
            )[0]
            events.append((day, kind))
            day -= max(2, int(rng.gauss(p.client.cadence_days, p.client.cadence_days / 4)))
        day = first - rng.randint(0, 10)
        while day > last:
            events.append((day, rng.choice((InteractionKind.EMAIL, InteractionKind.MESSAGE))))
            day -= rng.randint(6, 24)
        for days_ago, kind in sorted(events, key=lambda e: -e[0]):
            self.ws.interactions.append(self._interaction(p, days_ago, kind))

    def _first_day(self, p: _Profile) -> int:
        """Days before now of the first interaction in the window."""
        assert p.client.created_at is not None
        since = (self.now - p.client.created_at).days
        return min(DAYS, since) - self.rng.randint(0, 5)

    def _interaction(self, p: _Profile, days_ago: int, kind: InteractionKind) -> Interaction:
        rng = self.rng
        loc = p.locale
        started = self._work_time(p, days_ago)
        if not kind.is_meeting:
            minutes = rng.choice((5, 5, 10, 15))
            return Interaction(
                id=self.ids("interaction"),
                client_id=self._cid(p),
                kind=kind,
                started_at=started,
                duration_min=minutes,
                business_min=minutes,
                personal_min=0,
                summary=rng.choice(loc.email_summaries),
                source=SOURCE,
            )
        duration = rng.choice(
            {
                InteractionKind.IN_PERSON: (60, 90, 120),
                InteractionKind.VIDEO: (30, 45, 60),
                InteractionKind.CALL: (15, 20, 30, 45),
            }[kind]
        )
        if p.chatty:
            share = rng.uniform(0.3, 0.55)
        else:
            share = max(0.0, rng.gauss(p.client.personal_budget, 0.05))
        personal = min(duration, round(duration * share))
        drain = (
            rng.choice((4, 4, 5))
            if p.chatty
            else rng.choices((1, 2, 3, 4), weights=(3, 5, 3, 1))[0]
        )
        summary = rng.choice(loc.chatty_summaries if p.chatty else loc.summaries)
        return Interaction(
            id=self.ids("interaction"),
            client_id=self._cid(p),
            kind=kind,
            started_at=started,
            duration_min=duration,
            business_min=duration - personal,
            personal_min=personal,
            summary=summary,
            drain=drain if rng.random() < 0.85 else None,
            source=SOURCE,
            feedback_asked=rng.random() < 0.18,
            point_of_view_shared=rng.random() < 0.35,
            client_rating=rng.choices((3, 4, 5), weights=(1, 3, 3))[0]
            if rng.random() < 0.3
            else None,
            decisions=rng.choice(loc.decisions) if rng.random() < 0.3 else "",
        )

    # --- commitments ---------------------------------------------------------------------
    def _commitments(self, p: _Profile) -> None:
        rng = self.rng
        first = self._first_day(p)
        count = min(14, 2 + int(p.weight * 1.5) + rng.randint(0, 3))
        since = min(p.quiet_since or 1, max(1, first - 1))
        made_days = sorted(
            (rng.randint(since, max(since + 1, first)) for _ in range(count)), reverse=True
        )
        if p.quiet_since is None and rng.random() < 0.4:
            made_days.append(rng.randint(1, 5))  # something open and due soon
        for made_ago in made_days:
            text, large = rng.choice(p.locale.promises)
            self.ws.commitments.append(self._commitment(p, made_ago, text, large))
        if p.quiet_since is None and rng.random() < 0.15:
            text, _ = rng.choice(p.locale.promises)
            overdue = self._commitment(p, rng.randint(8, 15), text, False)
            overdue.due_at = self._end_of_day(p, self.now - timedelta(days=rng.randint(1, 5)))
            overdue.status, overdue.done_at = CommitmentStatus.OPEN, None
            overdue.announced_at = overdue.original_due_at = overdue.rework = None
            self.ws.commitments.append(overdue)

    def _commitment(self, p: _Profile, made_ago: int, text: str, large: bool) -> Commitment:
        rng = self.rng
        made = self._work_time(p, made_ago)
        due = self._end_of_day(
            p, made + timedelta(days=rng.randint(14, 40) if large else rng.randint(2, 12))
        )
        c = Commitment(
            id=self.ids("commitment"),
            client_id=self._cid(p),
            text=text,
            made_at=made,
            due_at=due,
            to_whom=rng.choice(p.contacts).name if p.contacts else None,
            size=CommitmentSize.LARGE if large else CommitmentSize.SMALL,
            source=SOURCE,
        )
        if due > self.now:
            return c
        roll = rng.random()
        on_time = p.reliability - (0.1 if large else 0.0)
        if roll < on_time:
            c.status = CommitmentStatus.DONE
            c.done_at = max(made + timedelta(hours=2), due - timedelta(hours=rng.randint(1, 60)))
        elif self.now - due < timedelta(days=12) and roll < on_time + 0.12:
            pass  # still open: overdue
        else:
            outcome = rng.choice(("late", "late", "silent", "announced", "renegotiated"))
            self._slip(c, outcome)
        if large and c.status is CommitmentStatus.DONE:
            c.rework = rng.random() < 0.25
        return c

    def _slip(self, c: Commitment, outcome: str) -> None:
        rng = self.rng
        lead = timedelta(hours=rng.randint(12, 96))
        early = max(c.made_at + timedelta(hours=1), c.due_at - lead)
        if outcome == "late":
            c.status = CommitmentStatus.DONE
            c.done_at = min(self.now, c.due_at + timedelta(days=rng.randint(1, 6)))
        elif outcome == "silent":
            c.status = CommitmentStatus.MISSED
        elif outcome == "announced":
            c.status = CommitmentStatus.MISSED
            c.announced_at = early
        else:
            c.status = CommitmentStatus.RENEGOTIATED
            c.announced_at = early
            c.original_due_at = c.due_at
            c.due_at = c.due_at + timedelta(days=rng.randint(5, 14))

    # --- revenue and projects ------------------------------------------------------------
    def _projects(self, p: _Profile) -> list[Project]:
        rng = self.rng
        names = rng.sample(
            p.locale.projects,
            k=min(len(p.locale.projects), 1 + int(p.weight > 2) + int(p.weight > 6)),
        )
        first = self._first_day(p)
        chance = STEP_CHANCE[p.client.origin]
        projects = []
        for n, name in enumerate(names):
            started_ago = max(1, first - n * rng.randint(60, 140))
            if started_ago > 150:
                status = rng.choice(
                    (ProjectStatus.DONE, ProjectStatus.DONE, ProjectStatus.CANCELLED)
                )
            else:
                status = ProjectStatus.ACTIVE
            if p.quiet_since is None and n == len(names) - 1 and rng.random() < 0.3:
                status, started_ago = ProjectStatus.PROPOSED, 0
            project = Project(
                id=self.ids("project"),
                client_id=self._cid(p),
                name=name,
                status=status,
                started_on=None if started_ago == 0 else self.today - timedelta(days=started_ago),
            )
            for step in CHECKLIST_STEPS:
                applies = step != "signed_off" or status is ProjectStatus.DONE
                if status is ProjectStatus.PROPOSED and step != "scope_written":
                    applies = False
                setattr(project, step, applies and rng.random() < chance)
            projects.append(project)
            self.ws.projects.append(project)
        return projects

    def _revenue(self, p: _Profile, projects: list[Project]) -> None:
        rng = self.rng
        yearly = p.weight * 2500
        first = self._first_day(p)
        last = p.quiet_since or 0
        paid = [pr for pr in projects if pr.status is not ProjectStatus.PROPOSED]
        if p.weight > 5:
            months = [d for d in range(first - 15, last, -30) if d > 0]
            for days_ago in months:
                self._entry(p, days_ago, yearly / 12, RevenueKind.RETAINER, None)
        else:
            payments = max(1, min(8, int(p.weight * 1.5)))
            for _ in range(payments):
                project = rng.choice(paid) if paid else None
                kind = (
                    RevenueKind.PROJECT
                    if project and rng.random() < 0.8
                    else (RevenueKind.FOLLOW_ON)
                )
                days_ago = rng.randint(max(1, last), max(2, first))
                self._entry(p, days_ago, yearly / payments, kind, project)
        if p.client.origin is Origin.FRIEND and rng.random() < 0.5:
            self._entry(p, rng.randint(1, max(2, first)), 250, RevenueKind.REFERRAL_FEE, None)

    def _entry(
        self, p: _Profile, days_ago: int, amount: float, kind: RevenueKind, project: Project | None
    ) -> None:
        value = Decimal(round(amount * self.rng.uniform(0.85, 1.15) / 10) * 10).quantize(
            Decimal("0.01")
        )
        self.ws.revenue.append(
            RevenueEntry(
                id=self.ids("revenue"),
                client_id=self._cid(p),
                on=self.today - timedelta(days=days_ago),
                amount=max(value, Decimal("50.00")),
                currency="EUR",
                kind=kind,
                project_id=project.id if project else None,
                note="",
                external_id=None,
            )
        )

    def _notes(self, p: _Profile) -> None:
        rng = self.rng
        for text in rng.sample(p.locale.notes, k=rng.randint(1, 2)):
            self.ws.notes.append(
                Note(
                    id=self.ids("note"),
                    client_id=self._cid(p),
                    text=text,
                    created_at=self._work_time(p, rng.randint(1, max(2, self._first_day(p)))),
                )
            )

    # --- time helpers --------------------------------------------------------------------
    def _at(self, day: date, hour: int, minute: int, zone: str = "UTC") -> datetime:
        local = datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))
        return local.astimezone(UTC)

    def _work_time(self, p: _Profile, days_ago: int) -> datetime:
        """A time in the client's working hours ``days_ago`` days back (weekdays only)."""
        day = self.today - timedelta(days=days_ago)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        hour = self.rng.randint(9, 16)
        at = self._at(day, hour, self.rng.choice((0, 0, 15, 30, 45)), p.client.timezone)
        return min(at, self.now - timedelta(hours=1))

    def _end_of_day(self, p: _Profile, moment: datetime) -> datetime:
        day = moment.astimezone(ZoneInfo(p.client.timezone)).date()
        return self._at(day, 17, 0, p.client.timezone)

    def _cid(self, p: _Profile) -> int:
        assert p.client.id is not None
        return p.client.id


def _ascii(text: str) -> str:
    """An email-safe form of a name: accents dropped, Nordic and Vietnamese letters spelled."""
    spelled = text.replace("đ", "d").replace("Đ", "D").replace("ø", "o").replace("æ", "ae")
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return folded.lower().replace(" ", "")


TABLES: tuple[tuple[str, Any], ...] = (
    ("clients", ClientRow),
    ("contacts", ContactRow),
    ("projects", ProjectRow),
    ("interactions", InteractionRow),
    ("commitments", CommitmentRow),
    ("revenue", RevenueRow),
    ("notes", NoteRow),
)
"""Workspace attribute and row class, in an order that satisfies every foreign key."""


class DemoService:
    """Fills an empty database with the demo workspace."""

    def __init__(self, db: Database, actor: Actor = LOCAL) -> None:
        self.db = db
        # Filling the workspace writes for everyone: owners only (the command line is one).
        self.actor = actor

    def client_count(self) -> int:
        with self.db.reading() as s:
            return Repositories(s, self.actor).workspace_tables.count(ClientRow)

    def untouched_demo(self) -> bool:
        """Whether the workspace holds a demo and nothing of yours: the last change to
        clients, promises or revenue (the audit log) was the demo's own bulk entry, and
        every table of the demo still has exactly the rows it wrote."""
        with self.db.reading() as s:
            tables = Repositories(s, self.actor).workspace_tables
            last = tables.last_audit_of(("client", "commitment", "revenue", "workspace"))
            if last is None or last.action != "demo":
                return False
            written = dict(last.changes or {}).get("rows", {})
            for attr, row_cls in TABLES:
                count = tables.count(row_cls)
                if written.get(attr) != count:
                    return False
        return True

    def fill(
        self,
        seed: int,
        now: datetime,
        progress: Progress | None = None,
        *,
        replace: bool = False,
        replace_demo: bool = True,
    ) -> Workspace:
        """Write the demo for ``seed`` and ``now`` in one transaction. A workspace with
        clients is refused unless it is an untouched demo (:meth:`untouched_demo`) or
        ``replace`` is given: then every client and all that hangs on them is deleted in
        the same transaction first (accounts, the audit log and self-assessments stay).
        With ``replace_demo=False`` an untouched demo is refused too (the web's welcome
        page fills an empty workspace only)."""
        self.actor.check_owner()
        existing = self.client_count()
        if existing and not replace and not (replace_demo and self.untouched_demo()):
            raise ConflictError(
                N_(
                    "the workspace already has {count} clients and is not an untouched demo: the "
                    "demo fills an empty workspace or replaces an untouched demo. `rapport demo "
                    "--replace` "
                    "deletes every client and their records first (back up with `rapport "
                    "backup FILE`); --if-empty skips quietly"
                ),
                count=existing,
            )
        ws = build_demo(seed, now)
        total = sum(len(getattr(ws, attr)) for attr, _ in TABLES)
        written = 0
        with self.db.transaction() as s:
            tables = Repositories(s, self.actor).workspace_tables
            if existing:
                tables.empty(reversed(client_tables()))
            for attr, row_cls in TABLES:
                items = getattr(ws, attr)
                for start in range(0, len(items), 500):
                    written += tables.insert_objects(row_cls, items[start : start + 500])
                    if progress:
                        progress(written, total)
            tables.reset_sequences(table_of(row_cls) for _, row_cls in TABLES)
            audit.bulk(s, "demo", {attr: len(getattr(ws, attr)) for attr, _ in TABLES})
        return ws
