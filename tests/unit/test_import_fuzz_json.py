"""Structured fuzzing of the workspace JSON reader: a real export with odd values."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.domain.model import (
    Client,
    Commitment,
    Contact,
    Interaction,
    InteractionKind,
    Note,
    Project,
    RevenueEntry,
    Workspace,
)
from rapport.errors import ImportProblem
from rapport.importers.workspace_json import ENTITIES, RECORD_TABLES, dump_workspace, read_json
from tests.unit.importer_helpers import known

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
BASE = dump_workspace(
    Workspace(
        clients=[Client(name="Ny AS", id=10, created_at=AT, referred_by_client_id=1)],
        contacts=[Contact(client_id=10, name="Ola", email="ola@ny.example", id=10)],
        projects=[Project(client_id=10, name="Web", id=10)],
        interactions=[Interaction(client_id=10, kind=InteractionKind.CALL, started_at=AT, id=10)],
        commitments=[Commitment(client_id=10, text="Send", due_at=AT, made_at=AT, id=10)],
        revenue=[RevenueEntry(client_id=10, on=date(2026, 1, 31), amount=Decimal("5"), id=10)],
        notes=[Note(client_id=10, text="x", created_at=AT, id=10)],
    ),
    AT,
    {
        "trust_snapshots": [
            {
                "id": 1,
                "client_id": 10,
                "month": "2026-01",
                "taken_at": AT,
                "trust": 5.5,
                "credibility": 6.0,
                "reliability": 5.0,
                "intimacy": 4.0,
                "self_orientation": 5.0,
            }
        ],
        "boundary_resets": [{"id": 1, "client_id": 10, "said_at": AT}],
        "conversation_analyses": [
            {
                "id": 1,
                "client_id": 10,
                "interaction_id": 10,
                "started_at": AT,
                "analysed_at": AT,
                "source_name": "m.vtt",
                "digest": "ab" * 32,
                "format": "vtt",
                "basis": "time",
                "video": True,
                "total": 600.0,
                "personal_share": 0.1,
                "my_talk_share": 0.5,
                "self_reference_rate": None,
                "longest_monologue_share": 0.2,
                "my_question_share": 0.3,
                "drifts": 1,
                "result": {"metrics": {"total": 600.0}, "utterances": []},
            }
        ],
    },
)
KEYS = [k for k, _c, _e in ENTITIES] + list(RECORD_TABLES) + ["version", "format"]
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=10),
    st.sampled_from(["2026-01-05", "2026-13-01T00:00:00Z", "1e999", "NaN", "-1", "A"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_odd_values_in_an_export_only_give_clean_problems(data: st.DataObject) -> None:
    doc: dict[str, Any] = json.loads(json.dumps(BASE))
    for _ in range(data.draw(st.integers(1, 4))):
        key = data.draw(st.sampled_from(KEYS))
        if key in ("version", "format"):
            doc[key] = data.draw(ODD)
            continue
        if not isinstance(doc[key], list) or not doc[key] or not isinstance(doc[key][0], dict):
            continue
        item = doc[key][0]
        field = data.draw(st.sampled_from(sorted(item)))
        if data.draw(st.booleans()):
            item[field] = data.draw(ODD)
        else:
            doc[key] = data.draw(ODD) if data.draw(st.booleans()) else doc[key] * 2
    try:
        raw = json.dumps(doc, allow_nan=True).encode()
        plan = read_json(raw, "f.json", known())
    except ImportProblem as exc:
        assert exc.problems
        return
    for item in plan.create:
        assert (item.obj.values["id"] if hasattr(item.obj, "values") else item.obj.id) is not None


def test_the_unchanged_export_plans_every_row() -> None:
    plan = read_json(json.dumps(BASE).encode(), "f.json", known())
    assert plan.problems == []
    assert plan.counts()["trust_snapshot"] == plan.counts()["conversation_analysis"] == 1
