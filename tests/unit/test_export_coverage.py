"""Every table is in the workspace export or deliberately left out, and the docs say which."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rapport.importers.workspace_json import (
    ENTITIES,
    ENTITY_TABLES,
    EXCLUDED,
    RECORD_TABLES,
    record_tables,
    uncovered,
)
from rapport.services.workspace import ROWS
from rapport.storage.schema import Base

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import-export.md"


def test_every_table_is_exported_or_excluded_on_purpose() -> None:
    missing = uncovered(Base.metadata)
    assert not missing, (
        f"tables not covered by the workspace export: {missing}. Add each to RECORD_TABLES "
        "in rapport/importers/workspace_json.py (and give it rows in fill_other_tables() in "
        "tests/integration/test_imports.py), or to EXCLUDED with the reason, and say so in "
        "docs/import-export.md"
    )
    assert not set(RECORD_TABLES) & set(EXCLUDED)


def test_a_new_table_is_reported_until_it_is_covered() -> None:
    class Scratch(DeclarativeBase):
        metadata = sa.MetaData()

    class WidgetRow(Scratch):
        __tablename__ = "widgets"
        id: Mapped[int] = mapped_column(primary_key=True)

    for table in Base.metadata.sorted_tables:
        table.to_metadata(Scratch.metadata)
    assert uncovered(Scratch.metadata) == ["widgets"]


def test_every_exported_table_has_a_record_shape() -> None:
    assert {spec.name for spec in record_tables()} == set(RECORD_TABLES) & set(Base.metadata.tables)
    assert set(RECORD_TABLES) <= set(Base.metadata.tables)
    for key, cls, _entity in ENTITIES:
        assert ENTITY_TABLES[key] is ROWS[cls]


def test_the_docs_name_every_exported_and_every_excluded_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in [*RECORD_TABLES, *EXCLUDED]:
        assert f"`{name}`" in text, f"docs/import-export.md does not mention `{name}`"
