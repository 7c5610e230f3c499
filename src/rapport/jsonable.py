"""One way to turn domain objects into JSON-ready data, shared by the CLI, API and exports."""

from __future__ import annotations

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
