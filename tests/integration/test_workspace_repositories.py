"""The workspace's repositories (records by domain class, clients, contacts, interactions,
the profile, stored analyses' corrections) on both databases: what each finds, in which
order, and that reads named ``visible`` (and lists and counts) keep to the caller's
clients while the checks' lookups see every client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client, Contact, Interaction, InteractionKind, Note
from rapport.policy.access import Actor
from rapport.policy.roles import Role
from rapport.services.workspace import WorkspaceService
from rapport.storage.repositories import Repositories
from rapport.storage.team_rows import UserRow
from tests.conftest import make_account

START = datetime(2031, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def member(container: Container) -> Actor:
    make_account(container, "mia", "member")
    with container.db.reading() as s:
        user_id = s.query(UserRow.id).filter(UserRow.name == "mia").scalar()
    return Actor(name="mia", role=Role.MEMBER, user_id=user_id)


def _meeting(
    client_id: int, hours: float, kind: InteractionKind = InteractionKind.VIDEO
) -> Interaction:
    return Interaction(client_id=client_id, kind=kind, started_at=START + timedelta(hours=hours))


def test_records_by_class_keep_to_the_scope(container: Container, member: Actor) -> None:
    owners = container.workspace
    hidden = owners.add_client(Client(name="Hidden"))
    mine = WorkspaceService(container.db, member).add_client(Client(name="Mine"))
    assert hidden.id is not None and mine.id is not None
    owners.add(Note(client_id=hidden.id, text="secret"))
    kept = owners.add(Note(client_id=mine.id, text="kept"))
    with container.db.reading() as s:
        everything, scoped = Repositories(s).records, Repositories(s, member).records
        assert [c.name for c in everything.listed(Client)] == ["Hidden", "Mine"]
        assert [c.name for c in scoped.listed(Client)] == ["Mine"]
        assert [n.text for n in scoped.every(Note)] == ["kept"]
        assert (everything.count(Note), scoped.count(Note)) == (2, 1)
        assert scoped.count(Note, client_id=hidden.id) == 0
        assert scoped.listed(Note, client_id=mine.id, limit=1) == [kept]
        # The checks' lookup sees every row; the service decides who may have it.
        assert scoped.by_id(Client, hidden.id) is not None


def test_client_lookups(container: Container, member: Actor) -> None:
    ws = container.workspace
    source = ws.add_client(Client(name="Source"))
    assert source.id is not None
    person = ws.add(Contact(client_id=source.id, name="Kari"))
    assert person.id is not None
    b = ws.add_client(Client(name="Bravo", referred_by_client_id=source.id))
    a = ws.add_client(
        Client(name="Alpha", referred_by_client_id=source.id, referred_by_contact_id=person.id)
    )
    assert a.id is not None and b.id is not None
    with container.db.reading() as s:
        clients = Repositories(s).clients
        assert [c.name for c in clients.visible_referred_by(source.id)] == ["Alpha", "Bravo"]
        assert [c.name for c in clients.visible_with_ids([b.id, a.id, 999])] == ["Alpha", "Bravo"]
        assert [r.id for r in clients.referred_by_contact(person.id)] == [a.id]
        assert clients.visible_count() == 3
        assert Repositories(s).contacts.by_id(person.id) is not None
        scoped = Repositories(s, member).clients
        assert scoped.visible_referred_by(source.id) == []
        assert scoped.visible_with_ids([a.id]) == []
        assert scoped.visible_by_id(a.id) is None
        assert scoped.visible_count() == 0
        # Whether a name is taken does not depend on who asks.
        assert scoped.name_holder("alpha") == (a.id, "Alpha")
        assert scoped.name_holder("nobody") is None


def test_meetings_between(container: Container, member: Actor) -> None:
    ws = container.workspace
    c = ws.add_client(Client(name="C"))
    assert c.id is not None
    late = ws.add(_meeting(c.id, 5))
    early = ws.add(_meeting(c.id, 1, InteractionKind.CALL))
    ws.add(_meeting(c.id, 2, InteractionKind.EMAIL))  # not a meeting
    ws.add(_meeting(c.id, 30))  # the next day
    end = START + timedelta(days=1)
    with container.db.reading() as s:
        interactions = Repositories(s).interactions
        assert interactions.meetings_between(START, end) == [late, early]
        assert interactions.meetings_between(START, end, oldest_first=True, limit=1) == [early]
        assert interactions.meetings_count_between(START, end) == 2
        assert interactions.meetings_count_between(START, end, client_id=c.id + 1) == 0
        assert Repositories(s, member).interactions.meetings_count_between(START, end) == 0
        assert interactions.by_id(late.id or 0) is not None


def test_profile_settings(container: Container) -> None:
    with container.db.transaction() as s:
        profile = Repositories(s).profile
        profile.add("name", "Ada")
        profile.add("language", "nb")
    with container.db.transaction() as s:
        profile = Repositories(s).profile
        assert profile.values() == {"name": "Ada", "language": "nb"}
        row = profile.by_key("language")
        assert row is not None
        profile.delete(row)
    with container.db.reading() as s:
        assert Repositories(s).profile.values() == {"name": "Ada"}
        assert Repositories(s).profile.by_key("language") is None


def test_stored_analysis_lookups(container: Container) -> None:
    with container.db.reading() as s:
        conversations = Repositories(s).conversations
        assert conversations.analysis_row(12345) is None
        assert conversations.corrections_of(12345) == []
