"""The classify loop behind `rapport classify`, in process."""

from __future__ import annotations

import io
import json

from rapport.language.pipe import run


def test_one_record_per_input_line_in_order() -> None:
    out = io.StringIO()
    run(io.BytesIO("Hvordan var helgen?\r\n\r\n请把发票发给我。\n42\n".encode()), out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["text"] for r in records] == ["Hvordan var helgen?", "", "请把发票发给我。", "42"]
    assert [r["language"] for r in records] == ["nb", "und", "zh-Hans", "zh-Hans"]
    assert records[1] == {"text": "", "label": "other", "language": "und", "confidence": 1.0}


def test_no_input_gives_no_output() -> None:
    out = io.StringIO()
    run(io.BytesIO(b""), out)
    assert out.getvalue() == ""
