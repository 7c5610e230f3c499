"""Structured fuzzing of the CSV importer: real headers, odd cell values."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.errors import ImportProblem
from rapport.importers.columns import TABLES
from rapport.importers.csv_tables import read_csv
from tests.unit.importer_helpers import known

CELLS = [
    "Sakura KK",
    "sakura kk",
    "Fjordlys AS",
    "2026-01-05",
    "2026-01-05 10:00+09:00",
    "9999-01-01",
    "1e999",
    "-1",
    "0",
    "NaN",
    "sNaN",
    "1" * 5000,
    "yes",
    "A",
    "video",
    "",
    "x@y",
    "ja",
    "Mars/X",
    "Europe/Oslo",
    "referral",
    "0.5",
    "12.345",
    "EUR",
    "eu",
    '"',
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_odd_cells_only_give_clean_problems(data: st.DataObject) -> None:
    spec = TABLES[data.draw(st.sampled_from(sorted(TABLES)))]
    columns = data.draw(
        st.lists(st.sampled_from(spec.columns), min_size=1, max_size=8, unique=True)
    )
    lines = [",".join(columns)]
    for _ in range(data.draw(st.integers(0, 4))):
        cells = [
            data.draw(st.one_of(st.sampled_from(CELLS), st.text(max_size=5))).replace(",", "")
            for _ in columns
        ]
        lines.append(",".join(cells))
    what = data.draw(st.sampled_from([None, spec.name]))
    try:
        plan = read_csv(
            "\n".join(lines).encode("utf-8", "surrogatepass"), "f.csv", known(), what=what
        )
    except ImportProblem as exc:
        assert exc.problems
        return
    assert all(p.startswith("f.csv:") for p in plan.problems)
