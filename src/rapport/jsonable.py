"""One way to turn domain objects into JSON-ready data, shared by the CLI, API and exports."""

from __future__ import annotations

import dataclasses
from enum import Enum
from functools import cache
from typing import Any

from pydantic import TypeAdapter


@cache
def _adapter(cls: Any) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


def dump(obj: Any) -> Any:
    """JSON-ready data for a dataclass (or a list of them): enums as values, datetimes as ISO
    8601, money (Decimal) as a decimal string."""
    if isinstance(obj, list):
        return [dump(item) for item in obj]
    adapter: TypeAdapter[Any] = _adapter(type(obj))  # type: ignore[arg-type]
    return adapter.dump_python(obj, mode="json")


def load(cls: type[Any], data: Any) -> Any:
    """Validate JSON-ready data into the dataclass ``cls`` (raises pydantic.ValidationError)."""
    adapter: TypeAdapter[Any] = _adapter(cls)  # type: ignore[arg-type]
    return adapter.validate_python(data)


def plain(obj: Any) -> Any:
    """A result dataclass as the plain JSON data the surfaces show: nested dataclasses as
    dicts in field order, tuples as lists, enums as values; a field named with a trailing
    underscore because its key is a Python keyword (``from_``) keeps the key (``from``)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name.removesuffix("_"): plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)
        }
    if isinstance(obj, (list, tuple)):
        return [plain(item) for item in obj]
    if isinstance(obj, dict):
        return {key: plain(value) for key, value in obj.items()}
    if isinstance(obj, Enum):
        return obj.value
    return obj
