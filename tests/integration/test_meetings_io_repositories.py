"""The conversations, meetings and workspace-tables repositories on both databases: the
queries the meeting and import/backup services ask them, with the caller's client scope."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from rapport.bootstrap import Container
from rapport.domain.model import Client, Contact
from rapport.storage.agendas_rows import SavedAgendaRow
from rapport.storage.convo_rows import UtteranceCorrectionRow
from rapport.storage.mapping import copy_onto
from rapport.storage.meetings_rows import TriageDecisionRow
from rapport.storage.orm import ClientRow, ContactRow
from rapport.storage.repositories import Repositories
from rapport.storage.repositories.workspace_tables import client_tables, self_references, table_of

MEETING = (
    "[00:00:00] Anna: Hi Kari!\n"
    "[00:00:10] Kari: Where are we with the invoice for phase two?\n"
    "[00:01:00] Anna: I'll send you the invoice by Friday, my team is on it.\n"
    "[00:02:00] Kari: Thanks, bye.\n"
)


class Only:
    """A client scope that sees the clients given (as an account with shares would)."""

    def __init__(self, *ids: int) -> None:
        self.ids = ids

    def filter_clients(self, stmt: Any, client_id_column: Any) -> Any:
        return stmt.where(client_id_column.in_(self.ids))


def _client(c: Container, name: str) -> int:
    client = c.workspace.add_client(Client(name=name))
    assert client.id is not None
    c.workspace.add(Contact(client_id=client.id, name="Kari Nordmann"))
    return client.id


def _store(c: Container, client_id: int, on: date, text: str = MEETING) -> int:
    analysis = c.conversation.analyse(
        text.encode(), f"{on}.txt", client=client_id, me="Anna", on=on
    )
    return c.conversation.save(
        analysis, text.encode(), f"{on}.txt", client_id, starts_at=time(9)
    ).analysis_id


def test_conversations_by_client_newest_and_in_scope(container: Container) -> None:
    rail, fjord = _client(container, "Nordic Rail"), _client(container, "Fjord AS")
    late = _store(container, rail, date(2026, 11, 23))
    early = _store(container, rail, date(2026, 11, 2), MEETING + "[00:03:00] Kari: Bye.\n")
    other = _store(container, fjord, date(2026, 11, 9))
    with container.db.transaction() as s:
        s.add(
            UtteranceCorrectionRow(
                analysis_id=early,
                client_id=rail,
                number=2,
                text="where are we with the invoice for phase two?",
                label="personal",
                model_label="business",
                model_confidence=0.9,
                corrected_at=datetime(2026, 11, 24, tzinfo=UTC),
            )
        )
    with container.db.reading() as s:
        repos = Repositories(s)
        convos = repos.conversations
        assert [r.id for r in convos.for_client(rail)] == [early, late]
        assert [r.id for r in convos.latest_for_client(rail, 1)] == [late]
        assert convos.analysed_client_ids() == {rail, fjord}
        stored = convos.by_id(late)
        assert stored is not None
        assert convos.interaction_with_digest(rail, stored.digest) == stored.interaction_id
        assert convos.interaction_with_digest(rail, "0" * 64) is None
        assert [aid for aid, _ in convos.results_in_scope()] == [early, other, late]
        assert [aid for aid, _ in convos.results_in_scope(rail)] == [early, late]
        assert [n.number for n in convos.corrections_of(early)] == [2]
        assert convos.taught_labels() == [
            ("where are we with the invoice for phase two?", "personal")
        ]
        assert convos.taught_labels(besides=early) == []
        scoped = Repositories(s, Only(fjord)).conversations
        assert [aid for aid, _ in scoped.results_in_scope()] == [other]
        assert scoped.taught_labels() == []
        assert repos.clients.names_of({rail, fjord}) == {rail: "Nordic Rail", fjord: "Fjord AS"}
        assert repos.clients.names_of(set()) == {}


def _agenda(client_id: int, start: datetime, interaction_id: int | None = None) -> SavedAgendaRow:
    return SavedAgendaRow(
        client_id=client_id,
        start=start,
        format="video",
        slot_min=None,
        topics=[{"title": "Status", "minutes": 15}],
        items=[],
        total_min=19,
        opening_line="We have 19 minutes today.",
        language="en",
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        interaction_id=interaction_id,
    )


def test_meetings_agendas_near_and_by_day_and_decisions(container: Container) -> None:
    rail, fjord = _client(container, "Nordic Rail"), _client(container, "Fjord AS")
    nine = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with container.db.transaction() as s:
        meetings = Repositories(s).meetings
        for row in (
            _agenda(rail, nine),
            _agenda(rail, nine + timedelta(hours=13)),
            _agenda(fjord, nine + timedelta(hours=1)),
            _agenda(rail, nine + timedelta(days=1)),
        ):
            meetings.add_agenda(row)
        for decided in (nine, nine + timedelta(hours=2), nine + timedelta(hours=1)):
            meetings.add_decision(
                TriageDecisionRow(
                    client_id=rail if decided != nine + timedelta(hours=1) else fjord,
                    decided_at=decided,
                    meeting_start=decided,
                    duration_min=60,
                    decision="accept",
                    minutes=60,
                    request={},
                    reasons=[],
                    context={"needed_min": 45},
                )
            )
    with container.db.reading() as s:
        meetings = Repositories(s).meetings
        near = meetings.unlinked_agendas_near(rail, nine + timedelta(hours=1), timedelta(hours=12))
        assert [r.start for r in near] == [nine, nine + timedelta(hours=13)]
        day = meetings.agendas(nine.replace(hour=0), nine.replace(hour=0) + timedelta(days=1))
        assert [r.client_id for r in day] == [rail, fjord, rail]
        assert len(meetings.agendas()) == 4
        assert [r.client_id for r in Repositories(s, Only(fjord)).meetings.agendas()] == [fjord]
        newest = meetings.decisions()
        assert [r.decided_at for r in newest] == [
            nine + timedelta(hours=2),
            nine + timedelta(hours=1),
            nine,
        ]
        assert [r.decided_at for r in meetings.decisions(rail, limit=1)] == [
            nine + timedelta(hours=2)
        ]
        assert [r.client_id for r in Repositories(s, Only(fjord)).meetings.decisions()] == [fjord]


def test_workspace_tables_read_write_and_sequences(container: Container) -> None:
    rail = _client(container, "Nordic Rail")
    with container.db.transaction() as s:
        tables = Repositories(s).workspace_tables
        assert tables.count(ClientRow) == 1
        assert tables.column_rows(ClientRow, ["id", "name"]) == [(rail, "Nordic Rail")]
        assert [r["name"] for r in tables.records(table_of(ContactRow))] == ["Kari Nordmann"]
        clients = table_of(ClientRow)
        assert self_references(clients) == ["referred_by_client_id"]
        assert client_tables()[0] is clients and table_of(ContactRow) in client_tables()
        made = datetime(2026, 11, 1, tzinfo=UTC)
        fjord = Client(id=50, name="Fjord AS", created_at=made)
        assert tables.insert_objects(ClientRow, [fjord]) == 1
        sakura = Client(id=60, name="Sakura KK", created_at=made)
        tables.insert(clients, [{f.name: getattr(sakura, f.name) for f in fields(sakura)}])
        tables.set_referrer(50, rail)
        tables.update(clients, rail, {"name": "Nordic Rail AS"})
        tables.reset_sequences([clients])
        added = copy_onto(Client(name="Oslo Kafé", created_at=made), ClientRow())
        tables.add(added)
        tables.flush()
        assert added.id == 61
        assert sorted(tables.column_rows(ClientRow, ["name", "referred_by_client_id"])) == [
            ("Fjord AS", rail),
            ("Nordic Rail AS", None),
            ("Oslo Kafé", None),
            ("Sakura KK", None),
        ]
        last = tables.last_audit_of(("client",))
        assert last is not None and last.entity == "client"
    with container.db.transaction() as s:
        tables = Repositories(s).workspace_tables
        tables.empty(reversed(client_tables()))
        assert tables.count(ClientRow) == 0 and tables.count(ContactRow) == 0
