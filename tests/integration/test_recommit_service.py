"""Apologise and re-commit against both databases: one transaction, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rapport.bootstrap import Container
from rapport.domain import commitments as ledger
from rapport.domain.model import Commitment, CommitmentStatus
from rapport.errors import ConflictError, InvalidInputError
from tests import intel_data

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_recommit_marks_missed_and_adds_the_new_promise(container: Container) -> None:
    ids = intel_data.build(container.workspace, NOW)
    before = container.workspace.get(Commitment, ids["silent"])
    missed, again, notice = container.reliability.recommit(
        ids["silent"], at=NOW, new_due=NOW + timedelta(days=3)
    )
    stored_old = container.workspace.get(Commitment, ids["silent"])
    assert stored_old.status is CommitmentStatus.MISSED and stored_old.announced_at == NOW
    assert stored_old.due_at == before.due_at
    assert again.id is not None
    stored_new = container.workspace.get(Commitment, again.id)
    assert stored_new.status is CommitmentStatus.OPEN
    assert stored_new.due_at == NOW + timedelta(days=3) and stored_new.text == before.text
    assert ledger.replaced_id(stored_new) == ids["silent"]
    assert notice.client == "Acme" and not notice.before_due
    assert missed == stored_old
    # the audit log has both writes
    entries = [(e.action, e.entity, str(e.entity_id)) for e in container.audit.entries(limit=20)]
    assert ("update", "commitment", str(ids["silent"])) in entries
    assert ("create", "commitment", str(again.id)) in entries
    # nothing twice: the missed promise is settled now
    with pytest.raises(InvalidInputError, match="is missed"):
        container.reliability.recommit(ids["silent"], at=NOW, new_due=NOW + timedelta(days=4))


def test_refusals_write_nothing(container: Container) -> None:
    ids = intel_data.build(container.workspace, NOW)
    count = len(container.workspace.list(Commitment))
    with pytest.raises(InvalidInputError, match="not due yet"):
        container.reliability.recommit(ids["at_risk"], at=NOW, new_due=NOW + timedelta(days=9))
    with pytest.raises(InvalidInputError, match="must be after the apology"):
        container.reliability.recommit(ids["silent"], at=NOW, new_due=NOW - timedelta(hours=1))
    assert len(container.workspace.list(Commitment)) == count
    assert container.workspace.get(Commitment, ids["silent"]).status is CommitmentStatus.OPEN


def test_a_failed_insert_rolls_back_the_miss(container: Container) -> None:
    """Both writes or neither: when the new promise cannot be stored (its link clashes),
    the old one stays open."""
    ids = intel_data.build(container.workspace, NOW)
    acme = container.workspace.get(Commitment, ids["silent"]).client_id
    container.workspace.add(
        Commitment(
            client_id=acme,
            text="clash",
            made_at=NOW,
            due_at=NOW + timedelta(days=1),
            source=ledger.RECOMMIT_SOURCE,
            external_id=ledger.recommit_link(ids["silent"]),
        )
    )
    with pytest.raises(ConflictError):
        container.reliability.recommit(ids["silent"], at=NOW, new_due=NOW + timedelta(days=3))
    assert container.workspace.get(Commitment, ids["silent"]).status is CommitmentStatus.OPEN
