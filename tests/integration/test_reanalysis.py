"""Stored meetings analysed again with the current labeller (corrections kept, figures,
minutes and client facts following), and corrections teaching the labeller of a workspace."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.domain.model import Client, Contact, Interaction
from rapport.errors import NotFoundError
from rapport.jsonable import plain
from rapport.services.analysis import from_json, labeller_version, measure
from rapport.services.conversation import minutes_of, stored_figures
from rapport.storage.convo_rows import ConversationAnalysisRow, UtteranceCorrectionRow
from rapport.storage.orm import InteractionRow

MEETING = (
    "[00:00:00] Anna: Hi Kari!\n"
    "[00:00:10] Kari: Where are we with the invoice for phase two?\n"
    "[00:01:00] Anna: I'll send you the invoice by Friday, my team is on it.\n"
    "[00:02:00] Kari: The contract says the second milestone is due in March.\n"
    "[00:03:00] Anna: We will deliver the reports for the second milestone on time.\n"
    "[00:04:00] Kari: Thanks, bye.\n"
    "[00:04:10] Anna: Bye.\n"
)
LATER = (
    "[00:00:00] Anna: Good morning.\n"
    "[00:00:10] Kari:   the CONTRACT says the second milestone is due in march.\n"
    "[00:01:00] Anna: We will deliver the reports for the second milestone on time.\n"
    "[00:02:00] Kari: Thanks.\n"
)


def _client(c: Container, name: str) -> int:
    client = c.workspace.add_client(Client(name=name))
    assert client.id is not None
    c.workspace.add(Contact(client_id=client.id, name="Kari Nordmann"))
    return client.id


def _store(c: Container, client_id: int, text: str = MEETING, name: str = "m.txt") -> int:
    analysis = c.conversation.analyse(
        text.encode(), name, client=client_id, me="Anna", on=date(2026, 11, 23)
    )
    return c.conversation.save(
        analysis, text.encode(), name, client_id, starts_at=time(9)
    ).analysis_id


def _as_if_older(c: Container, aid: int) -> None:
    """Make a stored meeting look labelled by an old labeller: every utterance the user did
    not correct called personal, no ``labeller`` or ``learned`` in the JSON, and the
    interaction's minutes as that old analysis gave them."""
    with c.db.transaction() as s:
        row = s.get(ConversationAnalysisRow, aid)
        assert row is not None
        fixed = set(
            s.scalars(
                sa.select(UtteranceCorrectionRow.number).where(
                    UtteranceCorrectionRow.analysis_id == aid
                )
            )
        )
        stored = from_json(row.result)
        old = measure(
            [
                u if n in fixed else replace(u, label="personal", confidence=0.93)
                for n, u in enumerate(stored.utterances, start=1)
            ],
            fmt=stored.format,
            me=stored.me,
            roles=stored.roles,
            video=stored.video,
            on=stored.meeting_date,
        )
        figures = plain(stored_figures(old))
        result = figures.pop("result")
        del result["labeller"]
        for u in result["utterances"]:
            del u["learned"]
        for key, value in figures.items():
            setattr(row, key, value)
        row.result = result
        interaction = s.get(InteractionRow, row.interaction_id)
        assert interaction is not None
        interaction.business_min, interaction.personal_min = minutes_of(old)


def test_reanalysis_relabels_an_old_meeting_and_keeps_the_corrections(
    container: Container,
) -> None:
    client_id = _client(container, "Nordic Rail")
    aid = _store(container, client_id)
    fresh = container.conversation.get(aid)
    assert fresh.result["labeller"] == labeller_version()
    container.corrections.relabel(aid, {2: "other"})
    corrected = container.conversation.get(aid)
    _as_if_older(container, aid)
    old = container.conversation.get(aid)
    assert "labeller" not in old.result and old.result["metrics"]["personal_share"] > 0.6
    (interaction,) = container.workspace.list(Interaction, client_id=client_id)
    assert interaction.personal_min is not None and interaction.personal_min >= 3
    facts = container.client_facts
    facts.facts()
    assert facts.stale_ids(None, now()) == []

    done = container.reanalysis.reanalyse(aid)
    assert done.labeller_before is None and done.labeller == labeller_version()
    assert done.personal_share_before == pytest.approx(old.result["metrics"]["personal_share"])
    assert done.personal_share == 0.0 and done.labels_changed >= 4
    after = container.conversation.get(aid)
    # Exactly what the current labeller plus the user's correction give: text, speakers,
    # times unchanged, the correction still on utterance 2.
    assert after == corrected
    assert after.result["utterances"][1]["label"] == "other"
    assert [c.utterance for c in after.corrections] == [2]
    (interaction,) = container.workspace.list(Interaction, client_id=client_id)
    assert interaction.personal_min == 0
    (point,) = container.conversation.trend(client_id)
    assert point.personal_share == 0.0
    # The analysis row's update made the client's stored facts stale (database triggers).
    assert facts.stale_ids(None, now()) == [client_id]
    # Resetting the correction gives the current labeller's own label back.
    container.corrections.relabel(aid, {2: None})
    assert (
        container.conversation.get(aid).result["utterances"][1]["label"]
        == fresh.result["utterances"][1]["label"]
    )


def test_reanalyse_all_skips_current_meetings_unless_forced(container: Container) -> None:
    rail = _client(container, "Nordic Rail")
    bikes = _client(container, "Oslo Bikes")
    first = _store(container, rail)
    second = _store(container, bikes, LATER, "later.txt")
    _as_if_older(container, first)
    _as_if_older(container, second)
    seen: list[tuple[int, int]] = []
    done = container.reanalysis.reanalyse_all(
        "Oslo Bikes", progress=lambda n, total: seen.append((n, total))
    )
    assert [(x.analysis_id, x.skipped) for x in done] == [(second, False)]
    assert seen == [(1, 1)]
    done = container.reanalysis.reanalyse_all()
    assert [(x.analysis_id, x.skipped) for x in done] == [(first, False), (second, True)]
    assert done[1].personal_share == done[1].personal_share_before
    forced = container.reanalysis.reanalyse_all(force=True)
    assert [x.skipped for x in forced] == [False, False]
    assert [x.labels_changed for x in forced] == [0, 0]
    with pytest.raises(NotFoundError):
        container.reanalysis.reanalyse(second + 100)


def test_a_correction_teaches_the_labeller_of_the_workspace(container: Container) -> None:
    rail = _client(container, "Nordic Rail")
    first = _store(container, rail)
    container.corrections.relabel(first, {4: "personal"})
    later = container.conversation.analyse(
        LATER.encode(), "later.txt", client=rail, me="Anna", on=date(2026, 11, 30)
    )
    taught = later.utterances[1]
    assert (taught.label, taught.confidence, taught.learned) == ("personal", 1.0, True)
    assert not any(u.learned for i, u in enumerate(later.utterances) if i != 1)
    # Without a client too, and stored with the flag.
    plain = container.conversation.analyse(LATER.encode(), "later.txt", me="Anna")
    assert plain.utterances[1].learned
    aid = container.conversation.save(later, LATER.encode(), "later.txt", rail).analysis_id
    assert container.conversation.get(aid).result["utterances"][1]["learned"] is True

    # The latest correction of a text wins; resetting it undoes the lesson.
    container.corrections.relabel(aid, {2: "other"})
    again = container.conversation.analyse(LATER.encode(), "x.txt", me="Anna")
    assert (again.utterances[1].label, again.utterances[1].learned) == ("other", True)
    container.corrections.relabel(aid, {2: None})
    container.corrections.relabel(first, {4: None})
    untaught = container.conversation.analyse(LATER.encode(), "x.txt", me="Anna")
    assert not untaught.utterances[1].learned
    assert untaught.utterances[1].label == "business"


def test_reanalysis_takes_lessons_from_other_meetings_only(container: Container) -> None:
    rail = _client(container, "Nordic Rail")
    first = _store(container, rail)
    second = _store(container, rail, LATER, "later.txt")
    container.corrections.relabel(first, {4: "personal"})
    done = container.reanalysis.reanalyse(second)
    assert done.labels_changed == 1
    taught = container.conversation.get(second).result["utterances"][1]
    assert (taught["label"], taught["learned"]) == ("personal", True)
    # The meeting's own correction stays a correction, with the labeller's label beside it.
    container.reanalysis.reanalyse(first)
    (fix,) = container.conversation.get(first).corrections
    assert fix.model_label == "business"
    assert not container.conversation.get(first).result["utterances"][3]["learned"]
