"""Whole meetings in five languages through `rapport analyze`: mostly business where the
meeting was about the work, small talk found where it really was.

The meetings are the team's held-out transcripts in ``bench/labeller_eval/meetings``
(never trained on), written out as Zoom-style WebVTT: numbered cues with
"Speaker Name: text", each cue as long as its words take to say. The floors are loose
(the measured figures are in bench/README.md); they catch a labeller that calls a work
meeting personal again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.test_conversation_cli import rapport

pytestmark = pytest.mark.slow  # 24 full meeting analyses (about 40 s)

MEETINGS = ROOT / "bench" / "labeller_eval" / "meetings"
CJK = ("ja", "zh-Hans")


def read(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            speaker, label, text = line.split("\t")
            rows.append((speaker, label, text))
    return rows


def seconds(text: str, lang: str) -> float:
    return max(1.0, len(text) / 6 if lang in CJK else len(text.split()) / 2.5)


def as_zoom_vtt(rows: list[tuple[str, str, str]], lang: str) -> tuple[str, float]:
    """The VTT, and the labelled personal share of its time."""

    def clock(t: float) -> str:
        return f"{int(t // 3600):02d}:{int(t % 3600 // 60):02d}:{t % 60:06.3f}"

    lines = ["WEBVTT", ""]
    t = personal = 0.0
    for number, (speaker, label, text) in enumerate(rows, 1):
        length = seconds(text, lang)
        lines += [str(number), f"{clock(t)} --> {clock(t + length)}", f"{speaker}: {text}", ""]
        t += length
        personal += length if label == "personal" else 0.0
    return "\n".join(lines), personal / t


CASES = sorted(MEETINGS.glob("*/*.tsv"))


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_personal_share_is_near_the_labelled_share(path: Path, tmp_path: Path) -> None:
    lang = path.parent.name
    rows = read(path)
    vtt, labelled = as_zoom_vtt(rows, lang)
    file = tmp_path / "zoom.vtt"
    file.write_text(vtt, encoding="utf-8")
    result = rapport("analyze", str(file), "--me", rows[0][0], "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    share = data["metrics"]["personal_share"]
    assert abs(share - labelled) <= 0.2, f"{path.name}: {share:.2f} vs labelled {labelled:.2f}"
    speakers = {speaker for speaker, _, _ in rows}
    assert set(data["speakers"]) == speakers  # "Name: text" parsed, no name left in the text
    assert all(
        not u["text"].startswith(tuple(f"{s}:" for s in speakers)) for u in data["utterances"]
    )
    if labelled < 0.15:
        assert share < 0.25, f"a work meeting came out {share:.0%} personal"
        assert len(data["metrics"]["drifts"]) <= 2
