"""How many SQL statements one meeting request's walk runs: triage, the drafted reply and
(for delegate) the colleague's briefing, as `rapport triage` and POST /api/triage run it.

Data recipe: a fresh SQLite workspace with one client (an account owner, a contact, 12 past
meetings, 6 promises made in them, 2 open) and a second client for the revenue standing.
Usage: .venv/bin/python bench/triage_queries.py   (prints JSON: statements per request, and
how many of them read the contacts and the commitments tables)."""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import event

from rapport.bootstrap import Container, build
from rapport.clock import now
from rapport.config import Settings
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Contact,
    Interaction,
    InteractionKind,
    RevenueEntry,
)
from rapport.services.triage import parse_request

START = (now() + timedelta(days=5)).replace(hour=9, minute=0, second=0, microsecond=0)
"""The requested meeting: five days from now; the seeded history lies before it."""
REQUEST: dict[str, Any] = {
    "client": "Fjord AS",
    "start": START.strftime("%Y-%m-%dT%H:%M"),
    "duration_min": 60,
    "format": "video",
    "purpose": "Monthly sync",
    "agenda": [{"item": "Status", "minutes": 15}],
    "reason": "conflict",
}
CASES = {
    "email": REQUEST,
    "delegate (with briefing)": {**REQUEST, "writable": False},
    "shorten": {**REQUEST, "reason": "none"},
    "accept (no draft)": {**REQUEST, "reason": "none", "duration_min": 20},
}


def seed(container: Container) -> None:
    ws = container.workspace
    fjord = ws.add_client(
        Client(
            name="Fjord AS",
            language="nb",
            timezone="Europe/Oslo",
            email="post@fjord.example",
            owner_colleague="Kari Nordmann",
        )
    )
    other = ws.add_client(Client(name="Sakura KK", language="ja", timezone="Asia/Tokyo"))
    assert fjord.id is not None and other.id is not None
    ws.add(Contact(client_id=fjord.id, name="Ingrid Berg", email="ingrid@fjord.example"))
    for client_id, amount in ((fjord.id, "5000"), (other.id, "95000")):
        ws.add(
            RevenueEntry(
                client_id=client_id, on=START.date() - timedelta(days=90), amount=Decimal(amount)
            )
        )
    first = START - timedelta(weeks=13)
    for n in range(12):
        start = first + timedelta(days=7 * n)
        ws.add(
            Interaction(
                client_id=fjord.id,
                kind=InteractionKind.VIDEO,
                started_at=start,
                duration_min=60,
                business_min=45,
                personal_min=10,
                decisions="Go ahead" if n % 2 else "",
            )
        )
        if n % 2:
            ws.add(
                Commitment(
                    client_id=fjord.id,
                    text=f"Send part {n}",
                    made_at=start + timedelta(hours=1),
                    due_at=start + timedelta(days=30),
                    status=CommitmentStatus.OPEN if n > 8 else CommitmentStatus.DONE,
                )
            )


def count(container: Container, body: dict[str, Any]) -> dict[str, Any]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = container.workspace.db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        result = container.triage.decide(parse_request(body))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    tables: Counter[str] = Counter()
    for statement in statements:
        if statement.lstrip().upper().startswith("SELECT"):
            found = re.search(r"\bFROM\s+(\w+)", statement, re.IGNORECASE)
            if found:
                tables[found.group(1)] += 1
    return {
        "decision": result.decision,
        "statements": len(statements),
        "contacts": tables["contacts"],
        "commitments": tables["commitments"],
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}", data_dir=tmp)
        container = build(settings)
        try:
            seed(container)
            out = {name: count(container, body) for name, body in CASES.items()}
        finally:
            container.close()
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
