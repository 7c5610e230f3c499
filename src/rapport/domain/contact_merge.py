"""The conflict rule of contact sync (CardDAV, docs/integrations.md "Conflicts"): a
field-level three-way merge of a contact against the version both sides last agreed on.

- a field changed on one side only takes that side's value;
- a field changed on both sides to the same value is no conflict;
- a field changed on both sides to different values takes the **server's** value (the
  address book is where people edit contacts on their phones) and is reported as a
  :class:`FieldConflict`, with the value Rapport had, so nothing is lost silently;
- with no agreed version (a card and a contact linked for the first time), every field that
  differs counts as changed on both sides.

Pure: no I/O, no framework.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FIELDS = ("name", "email", "phone", "title", "notes")
"""The contact fields that sync: the card's FN, first EMAIL, first TEL, TITLE and NOTE."""
SERVER = "server"
RAPPORT = "rapport"

Values = Mapping[str, str | None]


@dataclass(frozen=True)
class FieldConflict:
    field: str
    rapport: str | None
    """The value Rapport had (lost unless ``kept`` is ``rapport``)."""
    server: str | None
    kept: str
    """Which side's value the merge kept: ``server`` or ``rapport``."""


@dataclass(frozen=True)
class Merged:
    values: dict[str, str | None]
    conflicts: tuple[FieldConflict, ...] = ()


def normalise(values: Values) -> dict[str, str | None]:
    """The synced fields only; an empty or blank value is None (a card without NOTE and a
    contact with empty notes agree)."""
    out: dict[str, str | None] = {}
    for name in FIELDS:
        value = values.get(name)
        out[name] = value.strip() if isinstance(value, str) and value.strip() else None
    return out


def merge(base: Values | None, rapport: Values, server: Values, *, winner: str = SERVER) -> Merged:
    """The merged contact of the last agreed ``base`` (None: none), Rapport's current
    ``rapport`` and the server's current ``server`` values."""
    if winner not in (SERVER, RAPPORT):
        raise ValueError(f"winner must be {SERVER!r} or {RAPPORT!r}")
    ours, theirs = normalise(rapport), normalise(server)
    agreed = normalise(base) if base is not None else None
    values: dict[str, str | None] = {}
    conflicts: list[FieldConflict] = []
    for name in FIELDS:
        mine, other = ours[name], theirs[name]
        if mine == other:
            values[name] = mine
            continue
        if agreed is not None and mine == agreed[name]:
            values[name] = other  # changed on the server only
            continue
        if agreed is not None and other == agreed[name]:
            values[name] = mine  # changed in Rapport only
            continue
        kept = other if winner == SERVER else mine
        values[name] = kept
        conflicts.append(FieldConflict(name, mine, other, winner))
    return Merged(values, tuple(conflicts))
