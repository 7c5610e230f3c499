"""Response models for the API derived from the services' result dataclasses, so
``/openapi.json`` shows the exact shape a route returns.

A route returns ``rapport.jsonable.plain(result)`` (the same data the CLI's ``--json``
prints) and declares ``response_model=model_of(ResultClass)``: one pydantic model per
dataclass, built from its fields (tuples become lists, nested dataclasses nested models; a
field named ``from_`` has the key ``from``)."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model


@cache
def model_of(cls: type[Any]) -> type[BaseModel]:
    """The pydantic model matching the result dataclass ``cls`` (cached: one per class)."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        annotation = _annotation(hints[f.name])
        key = f.name.removesuffix("_")
        fields[f.name] = (annotation, Field(alias=key) if key != f.name else ...)
    model: type[BaseModel] = create_model(
        cls.__name__,
        __config__=ConfigDict(extra="forbid"),
        __doc__=cls.__doc__,
        **fields,
    )
    return model


def _annotation(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        # A domain record (a Commitment inside a result) is the same schema the record
        # routes show, under its own name; results get a model of their own.
        return hint if hint.__module__.startswith("rapport.domain.") else model_of(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return list[_annotation(args[0])]  # type: ignore[misc]
        return tuple[tuple(_annotation(a) for a in args)]  # type: ignore[misc]
    if origin is list:
        return list[_annotation(args[0])]  # type: ignore[misc]
    if origin is dict:
        return dict[_annotation(args[0]), _annotation(args[1])]  # type: ignore[misc]
    if origin in (typing.Union, types.UnionType):
        converted = tuple(_annotation(a) for a in args)
        return typing.Union[converted]  # noqa: UP007
    return hint
