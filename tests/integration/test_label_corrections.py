"""Correcting utterance labels of a stored meeting: the figures, trends, trust signals and
the interaction's minutes follow; corrections are kept, exported, imported and reset."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container, build
from rapport.clock import now
from rapport.config import Settings
from rapport.domain.model import Client, Contact, Interaction
from rapport.errors import InvalidInputError, NotFoundError
from rapport.storage.convo_rows import UtteranceCorrectionRow

MEETING = (
    "[00:00:00] Anna: Hi Kari!\n"
    "[00:00:10] Kari: Where are we with the invoice for phase two?\n"
    "[00:01:00] Anna: I'll send you the invoice by Friday, my team is on it.\n"
    "[00:02:00] Kari: The contract says the second milestone is due in March.\n"
    "[00:03:00] Anna: We will deliver the reports for the second milestone on time.\n"
    "[00:04:00] Kari: Thanks, bye.\n"
    "[00:04:10] Anna: Bye.\n"
)


def _stored(c: Container) -> tuple[int, int]:
    ws = c.workspace
    client = ws.add_client(Client(name="Nordic Rail"))
    assert client.id is not None
    ws.add(Contact(client_id=client.id, name="Kari Nordmann"))
    analysis = c.conversation.analyse(
        MEETING.encode(), "m.txt", client=client.id, me="Anna", on=date(2026, 11, 23)
    )
    saved = c.conversation.save(analysis, MEETING.encode(), "m.txt", client.id, starts_at=time(9))
    return client.id, saved.analysis_id


def test_a_correction_moves_the_figures_and_a_reset_brings_them_back(
    container: Container,
) -> None:
    client_id, aid = _stored(container)
    fixes = container.corrections
    before = container.conversation.get(aid)
    labels = [u.label for u in fixes.utterances(aid)]
    assert labels[3] == "business" and labels[4] == "business"
    assert not any(u.corrected for u in fixes.utterances(aid))
    (interaction,) = container.workspace.list(Interaction, client_id=client_id)
    assert interaction.personal_min == 0

    done = fixes.relabel(aid, {4: "personal", 5: "personal"})
    assert [(c.number, c.before, c.after) for c in done.changes] == [
        (4, "business", "personal"),
        (5, "business", "personal"),
    ]
    assert done.personal_share_before == before.result["metrics"]["personal_share"]
    assert done.personal_share > done.personal_share_before + 0.4  # two minutes of four
    after = container.conversation.get(aid)
    share = after.result["metrics"]["personal_share"]
    assert share == pytest.approx(done.personal_share, abs=0.001)
    assert [u["label"] for u in after.result["utterances"]][3:5] == ["personal", "personal"]
    assert [c.utterance for c in after.corrections] == [4, 5]
    assert {c.model_label for c in after.corrections} == {"business"}
    viewed = fixes.utterances(aid)[3]
    assert viewed.corrected and viewed.confidence == 1.0 and viewed.model_label == "business"
    # Trends, trust signals and the logged meeting follow the corrected labels.
    (point,) = container.conversation.trend(client_id)
    assert point.personal_share == done.personal_share
    signals = container.conversation.signals_for(client_id)
    assert signals is not None and signals.personal_share == done.personal_share
    (interaction,) = container.workspace.list(Interaction, client_id=client_id)
    assert interaction.personal_min == 2

    # Reset one to the labeller's label (None), the other by naming the labeller's label.
    reset = fixes.relabel(aid, {4: None, 5: "business"})
    assert all(c.reset for c in reset.changes)
    again = container.conversation.get(aid)
    assert again == before
    (interaction,) = container.workspace.list(Interaction, client_id=client_id)
    assert interaction.personal_min == 0


def test_bad_corrections_change_nothing(container: Container) -> None:
    _client_id, aid = _stored(container)
    fixes = container.corrections
    before = container.conversation.get(aid)
    with pytest.raises(InvalidInputError, match="utterance 8: no such utterance"):
        fixes.relabel(aid, {2: "personal", 8: "personal"})
    with pytest.raises(InvalidInputError, match="unknown label 'chit-chat'"):
        fixes.relabel(aid, {2: "chit-chat"})
    with pytest.raises(NotFoundError):
        fixes.relabel(aid + 100, {1: "personal"})
    assert container.conversation.get(aid) == before


def test_a_correction_makes_stored_client_facts_stale(container: Container) -> None:
    client_id, aid = _stored(container)
    facts = container.client_facts
    facts.facts()
    assert facts.stale_ids(None, now()) == []
    container.corrections.relabel(aid, {2: "personal"})
    assert facts.stale_ids(None, now()) == [client_id]
    facts.facts()
    # Straight in SQL, bypassing Rapport: the corrections table has triggers of its own.
    with container.db.transaction() as s:
        s.execute(sa.delete(UtteranceCorrectionRow))
    assert facts.stale_ids(None, now()) == [client_id]


def test_corrections_are_exported_and_imported(
    container: Container, settings: Settings, tmp_path: Path
) -> None:
    _client_id, aid = _stored(container)
    container.corrections.relabel(aid, {3: "other", 4: "personal"})
    path = tmp_path / "ws.json"
    container.imports.export_json(path)
    first = container.imports.workspace_document().content
    assert [r["number"] for r in first["utterance_corrections"]] == [3, 4]

    other = Settings(database_url=f"sqlite:///{tmp_path / 'other.db'}", data_dir=tmp_path / "d")
    second = build(other)
    try:
        plan = second.imports.run("json", path.read_bytes(), "ws.json")
        assert plan.counts()["utterance_correction"] == 2
        restored = second.conversation.get(aid)
        assert restored == container.conversation.get(aid)
        # The restored corrections can be reset: the labeller's labels came along.
        second.corrections.relabel(aid, {3: None, 4: None})
        assert second.conversation.get(aid).corrections == ()
        labels = [u.label for u in second.corrections.utterances(aid)]
        assert labels[2:4] == ["business", "business"]
    finally:
        second.close()
