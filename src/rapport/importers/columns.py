"""The CSV column spec, shared by the CSV importer and the CSV export.

Each table has required and optional columns; the header names them (any order, case and
surrounding spaces ignored). docs/import-export.md documents the same spec.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


CLIENTS = TableSpec(
    "clients",
    required=("name",),
    optional=(
        "kind",
        "language",
        "timezone",
        "origin",
        "referred_by",
        "cadence_days",
        "personal_budget",
        "monthly_meeting_hours_cap",
        "tier_override",
        "email",
        "owner_colleague",
        "notes",
    ),
)

INTERACTIONS = TableSpec(
    "interactions",
    required=("client", "start"),
    optional=(
        "kind",
        "duration_min",
        "business_min",
        "personal_min",
        "summary",
        "drain",
        "client_rating",
        "feedback_asked",
        "point_of_view_shared",
        "decisions",
        "source",
        "external_id",
    ),
)

REVENUE = TableSpec(
    "revenue",
    required=("client", "date", "amount"),
    optional=("currency", "kind", "note", "external_id"),
)

CONTACTS = TableSpec(
    "contacts",
    required=("client", "name"),
    optional=("email", "phone", "title", "notes", "external_id"),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (CLIENTS, CONTACTS, INTERACTIONS, REVENUE)}

ALIASES: dict[str, str] = {
    "tier": "tier_override",
    "meeting_hours_cap": "monthly_meeting_hours_cap",
    "started_at": "start",
    "on": "date",
}
"""Other header names accepted for a column."""


def detect(header: list[str]) -> TableSpec | None:
    """Which table a header describes, or None when it fits none."""
    names = set(header)
    if "name" in names and "client" not in names:
        return CLIENTS
    if {"client", "name"} <= names:
        return CONTACTS
    if {"client", "amount"} <= names:
        return REVENUE
    if {"client", "start"} <= names:
        return INTERACTIONS
    return None
