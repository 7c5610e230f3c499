"""Stored analyses feed the trust estimate through ConversationSignals."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client, Commitment, Contact, Interaction
from rapport.errors import ConflictError

MEETING = (
    "[00:00:00] Anna: Hi Kari!\n"
    "[00:00:10] Kari: How was your weekend? Did you go skiing?\n"
    "[00:01:00] Anna: Yes, we went skiing with the kids, it was lovely.\n"
    "[00:02:00] Kari: Where are we with the invoice for phase two?\n"
    "[00:03:00] Anna: I'll send you the invoice by Friday, my team is on it.\n"
    "[00:05:00] Kari: Thanks, bye.\n"
    "[00:05:10] Anna: Bye.\n"
)


def test_no_analysed_meetings_gives_no_signals(container: Container) -> None:
    client = container.workspace.add_client(Client(name="Empty"))
    assert client.id is not None
    assert container.conversation.signals_for(client.id) is None


def test_signals_average_the_stored_meetings(container: Container) -> None:
    ws = container.workspace
    client = ws.add_client(Client(name="Nordic Rail"))
    assert client.id is not None
    ws.add(Contact(client_id=client.id, name="Kari Nordmann"))
    service = container.conversation
    analysis = service.analyse(
        MEETING.encode(), "m.txt", client=client.id, me="Anna", on=date(2026, 11, 23)
    )
    assert analysis.roles == {"Anna": "me", "Kari": "contact"}
    saved = service.save(
        analysis, MEETING.encode(), "m.txt", client.id, accept_promises=True, starts_at=time(14)
    )
    (commitment,) = ws.list(Commitment, client_id=client.id)
    assert commitment.id in saved.commitment_ids
    assert commitment.due_at.date() == date(2026, 11, 27)
    (interaction,) = ws.list(Interaction, client_id=client.id)
    assert interaction.duration_min == 5
    assert interaction.started_at == datetime(2026, 11, 23, 14, tzinfo=UTC)

    again = service.analyse(MEETING.encode(), "m.txt", client=client.id, me="Anna")
    with pytest.raises(ConflictError, match="already stored for Nordic Rail"):
        service.save(again, MEETING.encode(), "copy.txt", client.id)
    assert [p.analysis_id for p in service.trend("Nordic Rail")] == [saved.analysis_id]

    signals = service.signals_for(client.id)
    assert signals is not None
    m = analysis.metrics
    assert signals.meetings == 1
    assert signals.my_talk_share == m.side_share["me"]
    assert signals.personal_share == m.personal_share
    assert signals.drifts_per_meeting == len(m.drifts)
    assert 0 <= signals.self_reference_rate <= 1
    assert 0 <= signals.my_question_share <= 1
