"""A small workspace for the relationship-intelligence tests, built through the service."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Interaction,
    InteractionKind,
    Origin,
    Project,
    ProjectStatus,
    RevenueEntry,
)
from rapport.services.workspace import WorkspaceService


def build(ws: WorkspaceService, now: datetime | None = None) -> dict[str, int]:
    """Acme (cold, big, a silent miss), Fjord (friend) -> Gamma -> Delta (referrals), and
    Echo (cold, never contacted). Returns name -> id plus the ids of notable commitments."""
    now = now or datetime.now(UTC)
    days = lambda n: now - timedelta(days=n)  # noqa: E731
    acme = ws.add_client(
        Client(name="Acme", cadence_days=14, personal_budget=0.1, created_at=days(400))
    )
    fjord = ws.add_client(
        Client(name="Fjord", origin=Origin.FRIEND, language="nb", created_at=days(300))
    )
    assert fjord.id is not None and acme.id is not None
    gamma = ws.add_client(
        Client(
            name="Gamma",
            origin=Origin.REFERRAL,
            referred_by_client_id=fjord.id,
            created_at=days(200),
        )
    )
    assert gamma.id is not None
    delta = ws.add_client(
        Client(
            name="Delta",
            origin=Origin.REFERRAL,
            referred_by_client_id=gamma.id,
            created_at=days(100),
        )
    )
    echo = ws.add_client(Client(name="Echo", cadence_days=30, created_at=days(90)))
    ids = {c.name: c.id for c in (acme, fjord, gamma, delta, echo) if c.id is not None}
    for client, amount in ((acme, 6000), (fjord, 2000), (gamma, 1000), (delta, 500), (echo, 500)):
        assert client.id is not None
        ws.add(RevenueEntry(client_id=client.id, on=days(20).date(), amount=Decimal(amount)))
    ws.add(RevenueEntry(client_id=acme.id, on=date(2020, 1, 1), amount=Decimal(100000)))
    for n, gap in enumerate((60, 45, 31, 17, 3)):
        ws.add(
            Interaction(
                client_id=acme.id,
                kind=InteractionKind.VIDEO if n % 2 else InteractionKind.EMAIL,
                started_at=days(gap),
                duration_min=60,
                business_min=54,
                personal_min=6,
                feedback_asked=n == 4,
                point_of_view_shared=n >= 3,
                client_rating=4 if n == 4 else None,
            )
        )
    ws.add(
        Interaction(
            client_id=fjord.id,
            kind=InteractionKind.IN_PERSON,
            started_at=days(50),
            duration_min=90,
            business_min=30,
            personal_min=60,
        )
    )
    for k in range(4):
        ws.add(
            Commitment(
                client_id=acme.id,
                text=f"Send report {k + 1}",
                made_at=days(80),
                due_at=days(70 - 10 * k),
                status=CommitmentStatus.DONE,
                done_at=days(71 - 10 * k),
                rework=k == 0,
            )
        )
    silent = ws.add(
        Commitment(client_id=acme.id, text="Send the budget", made_at=days(20), due_at=days(5))
    )
    at_risk = ws.add(
        Commitment(
            client_id=acme.id,
            text="Share the draft plan",
            made_at=days(3),
            due_at=now + timedelta(days=2),
        )
    )
    later = ws.add(
        Commitment(
            client_id=fjord.id,
            text="Deliver the logo",
            made_at=days(10),
            due_at=now + timedelta(days=10),
        )
    )
    ws.add(
        Project(client_id=fjord.id, name="Logo", status=ProjectStatus.ACTIVE, scope_written=True)
    )
    ws.add(
        Project(
            client_id=acme.id,
            name="Audit",
            status=ProjectStatus.DONE,
            scope_written=True,
            estimate_given=True,
            agreement_signed=True,
            schedule_set=True,
            payment_terms_set=True,
            signed_off=True,
        )
    )
    assert silent.id and at_risk.id and later.id
    ids.update({"silent": silent.id, "at_risk": at_risk.id, "later": later.id})
    return ids
