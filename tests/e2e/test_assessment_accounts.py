"""Self-assessment takes are each account's own (docs/trust.md, docs/security.md): over
HTTP and in the service, in single-user and team mode, and whose take feeds a client's
self-orientation. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.domain import assessment
from rapport.policy.access import LOCAL, Actor, Role
from rapport.services.assessment import AssessmentService
from tests.conftest import make_account

THREES = {i.id: 3 for i in assessment.ITEMS}
SELFISH = {**THREES, "s1": 1, "s2": 1, "s3": 1}  # another self-orientation score
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _actor(container: Container, name: str) -> Actor:
    with container.db.reading() as s:
        user_id, role = s.execute(
            sa.text("SELECT id, role FROM users WHERE name = :n"), {"n": name}
        ).one()
    return Actor(name, Role(role), user_id)


def test_a_member_never_reads_another_members_takes(
    container: Container, api: TestClient, api_as: Callable[[str, str], TestClient]
) -> None:
    mia = api_as("mia", "member")
    max_ = api_as("max", "member")
    taken = mia.post("/api/assessment", json={"answers": THREES})
    assert taken.status_code == 201, taken.text
    take = taken.json()["id"]
    assert [t["id"] for t in mia.get("/api/assessment/history").json()] == [take]
    assert max_.get("/api/assessment/history").json() == []
    assert max_.get(f"/assessment/{take}").status_code == 404
    assert "Your trust profile" not in max_.get("/assessment?lang=en").text
    # The service decides it, whoever calls it (the request's container is one way in).
    as_max = container.for_actor(_actor(container, "max")).assessment
    assert as_max.history() == []
    as_mia = container.for_actor(_actor(container, "mia")).assessment
    assert [t.id for t in as_mia.history()] == [take]
    # His own take starts his own history: no change against hers.
    his = max_.post("/api/assessment", json={"answers": SELFISH}).json()
    assert his["change"] is None
    assert [t["id"] for t in max_.get("/api/assessment/history").json()] == [his["id"]]
    # Single-user mode: the owner account is the one user and reads every take.
    assert sorted(t["id"] for t in api.get("/api/assessment/history").json()) == sorted(
        [take, his["id"]]
    )


def test_the_service_keeps_takes_per_account_in_team_mode(container: Container) -> None:
    for name, role in (("ann", "owner"), ("mia", "member"), ("max", "member")):
        make_account(container, name, role)

    def service(actor: Actor) -> AssessmentService:
        return AssessmentService(container.db, actor, single_user=False)

    mia, max_, ann = (_actor(container, n) for n in ("mia", "max", "ann"))
    first = service(mia).take(THREES, at=AT)
    second = service(mia).take(SELFISH, at=AT + timedelta(days=1))
    cli = service(LOCAL).take(THREES, at=AT + timedelta(days=2))
    assert second.previous == first.score  # the change since her own last take
    assert [t.id for t in service(mia).history()] == [first.id, second.id]
    assert service(max_).history() == []
    assert service(ann).history() == []  # an owner account too reads only its own
    assert [t.id for t in service(LOCAL).history()] == [cli.id]  # the command line's
    # Single-user mode: the command line and the owner account are the same person.
    everyone = AssessmentService(container.db, LOCAL, single_user=True).history()
    assert [t.id for t in everyone] == [first.id, second.id, cli.id]


def test_a_clients_self_orientation_is_its_owners_latest_take(container: Container) -> None:
    make_account(container, "mia", "member")
    make_account(container, "max", "member")
    mia, max_ = _actor(container, "mia"), _actor(container, "max")
    hers = container.for_actor(mia).workspace
    from rapport.domain.model import Client

    mine = hers.add_client(Client(name="Mia's client")).id
    nobodys = container.workspace.add_client(Client(name="From the command line")).id
    assert mine is not None and nobodys is not None
    team = AssessmentService(container.db, LOCAL, single_user=False)
    assert team.self_orientation_by_client([mine, nobodys]) == {}
    AssessmentService(container.db, mia, single_user=False).take(THREES, at=AT)
    AssessmentService(container.db, max_, single_user=False).take(
        SELFISH, at=AT + timedelta(days=1)
    )
    three = assessment.score(THREES).components
    selfish = assessment.score(SELFISH).components
    from rapport.domain.trust import Component

    so = Component.SELF_ORIENTATION
    assert three[so] != selfish[so]
    # Max's newer take does not count for Mia's client; nobody's client has no take yet.
    assert team.self_orientation_by_client([mine, nobodys]) == {mine: three[so]}
    AssessmentService(container.db, LOCAL, single_user=False).take(SELFISH, at=AT)
    assert team.self_orientation_by_client([mine, nobodys]) == {
        mine: three[so],
        nobodys: selfish[so],
    }
    # Single-user mode: one person, the latest take of all for every client.
    single = AssessmentService(container.db, LOCAL, single_user=True)
    assert single.self_orientation_by_client([mine, nobodys]) == {
        mine: selfish[so],
        nobodys: selfish[so],
    }


def test_the_export_carries_takes_without_their_account(
    api: TestClient, api_as: Callable[[str, str], TestClient]
) -> None:
    api_as("mia", "member").post("/api/assessment", json={"answers": THREES})
    takes = api.get("/api/export.json").json()["assessments"]
    assert len(takes) == 1 and "user_id" not in takes[0]
    assert takes[0]["answers"] == THREES
