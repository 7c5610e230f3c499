"""Whatever bytes a user feeds an importer, the only error is a clean ImportProblem."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.domain.model import Client, Contact, Workspace
from rapport.errors import ImportProblem
from rapport.importers.csv_tables import read_csv
from rapport.importers.ical import read_ics
from rapport.importers.plan import Known, Plan
from rapport.importers.vcard import read_vcard
from rapport.importers.workspace_json import read_json

KNOWN = Known(
    Workspace(
        clients=[Client(name="Sakura KK", timezone="Asia/Tokyo", id=1)],
        contacts=[Contact(client_id=1, name="Taro", email="taro@sakura.example.jp", id=1)],
    )
)
WINDOW = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))

Reader = Callable[[bytes], Plan]
READERS: dict[str, Reader] = {
    "csv": lambda data: read_csv(data, "f.csv", KNOWN),
    "vcard": lambda data: read_vcard(data, "f.vcf", KNOWN),
    "ics": lambda data: read_ics(data, "f.ics", KNOWN, window=WINDOW, client="Sakura KK"),
    "json": lambda data: read_json(data, "f.json", KNOWN),
}

# Text that looks a little like each format, so the parsers get past their first line.
SEEDS = {
    "csv": [
        "name,kind,language\n",
        "client,start,kind\nSakura KK,",
        "client,date,amount\n",
        "client,name,email\n",
    ],
    "vcard": ["BEGIN:VCARD\nVERSION:3.0\n", "BEGIN:VCARD\nFN:", "END:VCARD\n"],
    "ics": ["BEGIN:VCALENDAR\nBEGIN:VEVENT\n", "DTSTART:2020", "RRULE:FREQ=", "END:VEVENT\n"],
    "json": ['{"format": "rapport-workspace", "version": 1, "clients": [', "{", "]"],
}
LINES = {
    "csv": st.sampled_from(["Sakura KK", "2026-01-01", "video", "12", ",", ";", '"', "\r\n"]),
    "vcard": st.sampled_from(["ORG:", "EMAIL:", "UID:", "TEL:", "N:;;", "\n ", ":", ";"]),
    "ics": st.sampled_from(
        [
            "DTEND:",
            "TZID=",
            "EXDATE:",
            "RECURRENCE-ID:",
            "ATTENDEE:mailto:",
            "X-WR-TIMEZONE:",
            "Z",
            "T",
            "\n",
        ]
    ),
    "json": st.sampled_from(['{"id": 1', '"name": ', "null", "[", "}", ",", '"x"']),
}


def _check(reader: Reader, data: bytes) -> None:
    try:
        plan = reader(data)
    except ImportProblem as exc:
        assert exc.problems
        return
    assert all(isinstance(p, str) and p for p in plan.problems)


@pytest.mark.parametrize("fmt", sorted(READERS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_random_bytes_only_give_clean_problems(fmt: str, data: bytes) -> None:
    _check(READERS[fmt], data)


@pytest.mark.parametrize("fmt", sorted(READERS))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_format_like_text_only_gives_clean_problems(fmt: str, data: st.DataObject) -> None:
    parts = data.draw(
        st.lists(
            st.one_of(st.sampled_from(SEEDS[fmt]), LINES[fmt], st.text(max_size=12)),
            max_size=25,
        )
    )
    _check(READERS[fmt], "".join(parts).encode("utf-8", "surrogatepass"))
