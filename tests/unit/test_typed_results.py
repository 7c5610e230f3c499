"""Result dataclasses of the services and the API models derived from them (issue 16)."""

from __future__ import annotations

import dataclasses

import pytest

from rapport.jsonable import plain
from rapport.services.assessment import AssessmentItem, TakeResult
from rapport.services.client_facts import StoredDetail
from rapport.services.hours import HoursToday
from rapport.services.portfolio import PortfolioReport
from rapport.web.api.results import model_of

RESULTS = [PortfolioReport, HoursToday, StoredDetail, AssessmentItem, TakeResult]


@pytest.mark.parametrize("cls", RESULTS, ids=lambda c: c.__name__)
def test_results_are_frozen_dataclasses(cls: type) -> None:
    assert dataclasses.is_dataclass(cls)
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", RESULTS, ids=lambda c: c.__name__)
def test_api_model_has_the_json_keys_of_the_dataclass(cls: type) -> None:
    model = model_of(cls)
    keys = [f.alias or name for name, f in model.model_fields.items()]
    assert keys == [f.name.removesuffix("_") for f in dataclasses.fields(cls)]


def test_plain_keeps_field_order_and_keyword_keys() -> None:
    @dataclasses.dataclass(frozen=True)
    class Edge:
        from_: str
        to: str
        weights: tuple[float, ...]

    assert plain(Edge("a", "b", (1.0, 2.5))) == {"from": "a", "to": "b", "weights": [1.0, 2.5]}
    assert list(plain(Edge("a", "b", ()))) == ["from", "to", "weights"]
