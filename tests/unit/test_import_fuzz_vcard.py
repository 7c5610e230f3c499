"""Structured fuzzing of the vCard importer: real property names, odd values."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.errors import ImportProblem
from rapport.importers.vcard import read_vcard
from tests.unit.importer_helpers import known

NAMES = ["FN", "N", "ORG", "EMAIL", "TEL", "TITLE", "UID", "NOTE", "ADR", "item1.EMAIL", "PHOTO"]
PARAMS = ["", ";TYPE=WORK", ";CHARSET=UTF-8", ";ENCODING=QUOTED-PRINTABLE", ";ENCODING=b"]
VALUES = ["Ola", "a@b.no", ";;", "Fjordlys AS;Sales", "=C3=85se", "tel:+47", "", "\\n", "a,b"]


@st.composite
def cards(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        lines += ["BEGIN:VCARD", "VERSION:" + draw(st.sampled_from(["2.1", "3.0", "4.0", "x"]))]
        for name in draw(st.lists(st.sampled_from(NAMES), max_size=8)):
            value = draw(st.one_of(st.sampled_from(VALUES), st.text(max_size=8)))
            param = draw(st.sampled_from(PARAMS))
            lines.append(f"{name}{param}:{value}".replace("\r", "").replace("\n", ""))
        lines.append("END:VCARD")
    return "\r\n".join(lines).encode("utf-8", "surrogatepass")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=cards(), client=st.sampled_from([None, "Sakura KK"]))
def test_odd_card_properties_only_give_clean_problems(data: bytes, client: str | None) -> None:
    try:
        plan = read_vcard(data, "f.vcf", known(), client=client)
    except ImportProblem as exc:
        assert exc.problems
        return
    for item in plan.create:
        assert item.label
