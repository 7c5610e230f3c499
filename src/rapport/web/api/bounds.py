"""The bounds of every number and date the API accepts, as annotated types.

The limits are the domain's own (rapport.domain.validation), stated here so that the API's
schema shows them and a bad value is answered 422 naming the field before anything runs.
Dates carry ``formatMinimum`` / ``formatMaximum`` in the OpenAPI document (JSON Schema has
no standard keyword for the range of a date). tests/unit/test_api_bounds.py walks the
OpenAPI document and fails on any number or date without bounds.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from fastapi import Form, Path, Query
from pydantic import AwareDatetime, Field

from rapport.domain.validation import (
    AMOUNT_MAX,
    CADENCE_DAYS_MAX,
    EARLIEST,
    FIRST_DAY,
    HOURS_CAP_MAX,
    ID_MAX,
    LAST_DAY,
    LATEST,
    MINUTES_MAX,
)

_MOMENT_RANGE = {
    "formatMinimum": EARLIEST.isoformat(),
    "formatMaximum": (LATEST - timedelta(seconds=1)).isoformat(),
}
_DAY_RANGE = {"formatMinimum": FIRST_DAY.isoformat(), "formatMaximum": LAST_DAY.isoformat()}

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
"""A record id in a body."""
PathId = Annotated[int, Path(ge=1, le=ID_MAX)]
"""A record id in the path."""
QueryId = Annotated[int | None, Query(ge=1, le=ID_MAX)]
"""An optional record id as a query parameter."""
Moment = Annotated[datetime, Field(ge=EARLIEST, lt=LATEST, json_schema_extra=_MOMENT_RANGE)]
"""A moment from 1900 up to 2200 (without a zone: the client's, or UTC)."""
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY, json_schema_extra=_DAY_RANGE)]
QueryDay = Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY, json_schema_extra=_DAY_RANGE)]
QueryMoment = Annotated[
    datetime | None, Query(ge=EARLIEST, lt=LATEST, json_schema_extra=_MOMENT_RANGE)
]
Minutes = Annotated[int, Field(ge=0, le=MINUTES_MAX)]
"""Minutes of one interaction (a week at most)."""
SlotMinutes = Annotated[int, Field(ge=1, le=24 * 60)]
"""The length of a planned meeting (a day at most)."""
CadenceDays = Annotated[int, Field(ge=1, le=CADENCE_DAYS_MAX)]
HoursCap = Annotated[float, Field(ge=0, le=HOURS_CAP_MAX, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Amount = Annotated[
    Decimal,
    Field(ge=-AMOUNT_MAX, le=AMOUNT_MAX, max_digits=14, decimal_places=2, allow_inf_nan=False),
]
AwareMoment = Annotated[
    AwareDatetime, Field(ge=EARLIEST, lt=LATEST, json_schema_extra=_MOMENT_RANGE)
]
"""A moment from 1900 up to 2200 that must say its time zone."""
FormId = Annotated[int | None, Form(ge=1, le=ID_MAX)]
FormDay = Annotated[date | None, Form(ge=FIRST_DAY, le=LAST_DAY, json_schema_extra=_DAY_RANGE)]
RequiredQueryId = Annotated[int, Query(ge=1, le=ID_MAX)]
