"""Copying between ORM rows and domain dataclasses, by field name."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def to_domain(row: Any, cls: type[T]) -> T:
    """Build the dataclass ``cls`` from the same-named attributes of ``row``."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})  # type: ignore[arg-type]


def copy_onto(obj: Any, row: Any, *, skip: tuple[str, ...] = ("id",)) -> Any:
    """Copy the dataclass ``obj``'s fields onto ``row`` (all but ``skip``); return ``row``."""
    for f in fields(obj):
        if f.name not in skip:
            setattr(row, f.name, getattr(obj, f.name))
    return row
