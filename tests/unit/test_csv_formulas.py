"""CSV exports never hand a spreadsheet a formula, and read back exactly (OWASP CSV
injection; docs/import-export.md)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rapport.domain.model import (
    Client,
    Contact,
    Interaction,
    InteractionKind,
    RevenueEntry,
    RevenueKind,
    Workspace,
)
from rapport.importers.csv_cells import TRIGGERS, neutralise, restore
from rapport.importers.csv_export import csv_tables
from rapport.importers.csv_tables import read_csv
from rapport.importers.plan import Known

ATTACKS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.example","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
]


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def workspace() -> Workspace:
    clients = [
        Client(name=n, language="en", timezone="UTC", id=i) for i, n in enumerate(ATTACKS, 1)
    ]
    return Workspace(
        clients=clients,
        contacts=[
            Contact(client_id=1, name="=1+1", phone="+47 22 33 44 55", title="@boss", id=1),
        ],
        interactions=[
            Interaction(
                client_id=2,
                kind=InteractionKind.CALL,
                started_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
                summary="=IMPORTXML(A1)",
                id=1,
            )
        ],
        revenue=[
            RevenueEntry(
                client_id=3,
                on=datetime(2026, 1, 5, tzinfo=UTC).date(),
                amount=Decimal("-120.50"),
                kind=RevenueKind.PROJECT,
                id=1,
            )
        ],
    )


def test_every_text_cell_that_starts_a_formula_is_quoted() -> None:
    tables = csv_tables(workspace())
    for name, text in tables.items():
        for row in cells(text)[1:]:
            for cell in row:
                if cell and cell[0] in TRIGGERS:
                    # Only numbers may start with "-" (a negative amount is no formula).
                    assert name == "revenue.csv" and Decimal(cell) < 0, (name, cell)
    clients = cells(tables["clients.csv"])
    assert [r[0] for r in clients[1:]] == ["'" + a for a in ATTACKS]
    contact = dict(
        zip(cells(tables["contacts.csv"])[0], cells(tables["contacts.csv"])[1], strict=True)
    )
    assert (contact["name"], contact["phone"], contact["title"]) == (
        "'=1+1",
        "'+47 22 33 44 55",
        "'@boss",
    )
    assert "'=IMPORTXML(A1)" in tables["interactions.csv"]
    assert ",-120.50," in tables["revenue.csv"]


def test_the_importer_reads_the_export_back_unchanged() -> None:
    tables = csv_tables(workspace())
    plan = read_csv(tables["clients.csv"].encode(), "clients.csv", Known(Workspace()))
    assert plan.problems == []
    assert [item.obj.name for item in plan.create] == ATTACKS


@given(st.text())
def test_neutralise_then_restore_is_the_identity(text: str) -> None:
    cell = neutralise(text)
    assert not cell or cell[0] not in TRIGGERS
    assert restore(cell) == text


@given(st.text())
def test_restore_leaves_ordinary_cells_alone(text: str) -> None:
    if not text.startswith("'"):
        assert restore(text) == text
