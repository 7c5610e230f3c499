"""The workspace as CSV tables in the column spec the CSV importer reads."""

from __future__ import annotations

import csv
import io
from datetime import UTC
from decimal import Decimal
from enum import Enum
from typing import Any

from rapport.domain.model import Workspace
from rapport.importers.columns import CLIENTS, CONTACTS, INTERACTIONS, REVENUE, TableSpec
from rapport.importers.csv_cells import neutralise


def _cell(value: Any) -> str:
    """One cell; text that a spreadsheet would evaluate is neutralised (csv_cells)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return neutralise(str(value.value))
    if isinstance(value, int | float | Decimal):
        return str(value)  # a number, negative ones included, is never a formula
    return neutralise(str(value))


def _write(spec: TableSpec, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(spec.columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in spec.columns])
    return out.getvalue()


def csv_tables(ws: Workspace) -> dict[str, str]:
    """File name -> CSV text for clients, contacts, interactions and revenue."""
    names = {c.id: c.name for c in ws.clients}
    clients = []
    for c in ws.clients:
        row: dict[str, Any] = {col: getattr(c, col, None) for col in CLIENTS.columns}
        row["referred_by"] = names.get(c.referred_by_client_id)
        clients.append(row)
    contacts = []
    for p in ws.contacts:
        row = {col: getattr(p, col, None) for col in CONTACTS.columns}
        row["client"] = names.get(p.client_id)
        contacts.append(row)
    interactions = []
    for i in sorted(ws.interactions, key=lambda i: (i.started_at, i.id or 0)):
        row = {col: getattr(i, col, None) for col in INTERACTIONS.columns}
        row["client"] = names.get(i.client_id)
        row["start"] = i.started_at.astimezone(UTC).isoformat()
        interactions.append(row)
    revenue = []
    for r in sorted(ws.revenue, key=lambda r: (r.on, r.id or 0)):
        row = {col: getattr(r, col, None) for col in REVENUE.columns}
        row["client"] = names.get(r.client_id)
        row["date"] = r.on.isoformat()
        revenue.append(row)
    return {
        "clients.csv": _write(CLIENTS, clients),
        "contacts.csv": _write(CONTACTS, contacts),
        "interactions.csv": _write(INTERACTIONS, interactions),
        "revenue.csv": _write(REVENUE, revenue),
    }
