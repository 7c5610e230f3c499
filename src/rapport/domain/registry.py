"""A registry of named entries (draft kinds, importers): declared once, looked up by name,
listed in the order registered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


class Registry(Generic[T]):
    def __init__(self, entries: Iterable[T] = ()) -> None:
        self._entries: dict[str, T] = {}
        for entry in entries:
            self.register(entry)

    def register(self, entry: T) -> T:
        """Add ``entry`` (or replace the one of that name); returns it."""
        self._entries[entry.name] = entry
        return entry

    def unregister(self, name: str) -> None:
        """Remove the entry ``name`` (tests that add one take it away again)."""
        self._entries.pop(name, None)

    def entries(self) -> tuple[T, ...]:
        return tuple(self._entries.values())

    def names(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def get(self, name: str) -> T | None:
        return self._entries.get(name)
