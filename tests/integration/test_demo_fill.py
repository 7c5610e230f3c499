"""Writing the demo: exactly what the generator built, in one go, only into an empty
workspace."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client
from rapport.errors import ConflictError
from rapport.jsonable import dump
from rapport.services.demo import DemoService, build_demo

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_the_demo_is_stored_exactly_and_only_once(container: Container) -> None:
    service = DemoService(container.db)
    seen: list[tuple[int, int]] = []
    service.fill(5, NOW, lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1]
    stored = dump(container.workspace.snapshot())
    assert stored == dump(build_demo(5, NOW))

    # Ids go on after the demo's on both engines.
    assert container.workspace.add_client(Client(name="A new client")).id == 41
    # The workspace now holds something of the user's: refused, nothing changed.
    touched = dump(container.workspace.snapshot())
    assert not service.untouched_demo()
    with pytest.raises(ConflictError, match="already has 41 clients and is not an untouched"):
        service.fill(6, NOW)
    assert dump(container.workspace.snapshot()) == touched


def test_an_untouched_demo_is_replaced_and_replace_clears_everything(
    container: Container,
) -> None:
    """`make run` leaves an untouched demo: `rapport demo --seed 7` replaces it. With
    --replace any workspace is emptied first; accounts and the audit log stay."""
    service = DemoService(container.db)
    service.fill(5, NOW)
    assert service.untouched_demo()
    service.fill(6, NOW)
    assert dump(container.workspace.snapshot()) == dump(build_demo(6, NOW))
    assert service.untouched_demo()

    container.workspace.add_client(Client(name="Mine"))
    service.fill(7, NOW, replace=True)
    assert dump(container.workspace.snapshot()) == dump(build_demo(7, NOW))
    assert container.audit.entries(limit=1)[0].action == "demo"
