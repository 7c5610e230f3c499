"""SubViewer captions (``.sbv``, as YouTube writes them): blocks of a timing line
``0:00:01.000,0:00:05.000`` and the caption lines, with ``Name: text`` where a speaker
is named."""

from __future__ import annotations

import re

from rapport.domain.conversation import Utterance
from rapport.texts import N_
from rapport.transcripts.common import join_lines, problem
from rapport.transcripts.speakers import SpeakerLabels

_TIME = r"(\d{1,2}):(\d{2}):(\d{2})\.(\d{3})"
_TIMING = re.compile(rf"^{_TIME},{_TIME}$")


def looks_like_sbv(text: str) -> bool:
    return _TIMING.match(text.split("\n", 1)[0].strip()) is not None


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse(text: str, name: str) -> list[Utterance]:
    blocks: list[tuple[int, float, float, str]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        timing = _TIMING.match(lines[i].strip())
        if timing is None:
            raise problem(
                name,
                i + 1,
                N_("expected a caption timing like 0:00:01.000,0:00:04.000, found {found}"),
                found=repr(lines[i].strip()[:60]),
            )
        g = timing.groups()
        start, end = _seconds(*g[:4]), _seconds(*g[4:])
        if end < start:
            raise problem(name, i + 1, N_("cue ends before it starts"))
        first = i + 1
        i = first
        while i < len(lines) and lines[i].strip():
            i += 1
        blocks.append((first, start, end, join_lines("\n".join(lines[first:i]))))
    labels = SpeakerLabels.of(body for *_rest, body in blocks)
    out: list[Utterance] = []
    for line, start, end, body in blocks:
        speaker, said = labels.split(body)
        out.append(Utterance(speaker, said, start, end, line=line))
    return out
