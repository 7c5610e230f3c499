"""WebVTT: voice tags (``<v Name>``, as Teams writes) and ``Name: text`` cues (Zoom).

The cues are read in one pass over the lines (a cue: an optional identifier line, the
timing line, then the text up to a blank line); a broken timing line is reported with its
line number. NOTE, STYLE and REGION blocks are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapport.domain.conversation import Utterance
from rapport.texts import N_
from rapport.transcripts.common import join_lines, problem
from rapport.transcripts.speakers import SpeakerLabels

_STAMP = r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})"
_TIMING = re.compile(rf"^{_STAMP}\s+-->\s+{_STAMP}(?:\s+.*)?$")
_ARROW = re.compile(r"-->|->|\d:\d\d")
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*\s+([^>]*)>")
_TAG = re.compile(r"</?[^>]+>")


@dataclass(frozen=True, slots=True)
class _Cue:
    line: int
    """Line number of the timing line."""
    start: float
    end: float
    raw: str


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)) + int(millis) / 1000


def _cues(text: str, name: str) -> list[_Cue]:
    lines = text.split("\n")
    if not lines[0].lstrip().startswith("WEBVTT"):
        raise problem(name, 1, N_("not a valid WebVTT file ({reason})"), reason="no WEBVTT header")
    cues: list[_Cue] = []
    i = 0
    while i < len(lines) and lines[i].strip():  # header block
        i += 1
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        first = lines[i].strip()
        if first.startswith(("NOTE", "STYLE", "REGION")):
            while i < len(lines) and lines[i].strip():
                i += 1
            continue
        timing_at = i
        has_next = i + 1 < len(lines) and bool(lines[i + 1].strip())
        if not _TIMING.match(first) and has_next and not _ARROW.search(first):
            timing_at = i + 1  # the first line was a cue identifier
        timing = _TIMING.match(lines[timing_at].strip())
        if timing is None:
            raise problem(
                name,
                timing_at + 1,
                N_("expected a cue timing like 00:00:01.000 --> 00:00:04.000, found {found}"),
                found=repr(lines[timing_at].strip()[:60]),
            )
        i = timing_at + 1
        body_from = i
        while i < len(lines) and lines[i].strip():
            i += 1
        start = _seconds(*timing.group(1, 2, 3, 4))
        end = _seconds(*timing.group(5, 6, 7, 8))
        cues.append(_Cue(timing_at + 1, start, end, "\n".join(lines[body_from:i])))
    return cues


def parse(text: str, name: str) -> list[Utterance]:
    cues = _cues(text, name)
    out: list[Utterance] = []
    labels = SpeakerLabels.of(join_lines(_TAG.sub("", cue.raw)) for cue in cues)
    for cue in cues:
        if cue.end < cue.start:
            raise problem(name, cue.line, N_("cue ends before it starts"))
        raw = cue.raw
        voices = list(_VOICE.finditer(raw))
        if voices:
            for k, voice in enumerate(voices):
                stop = voices[k + 1].start() if k + 1 < len(voices) else len(raw)
                body = join_lines(_TAG.sub("", raw[voice.end() : stop]))
                out.append(
                    Utterance(voice[1].strip() or None, body, cue.start, cue.end, line=cue.line)
                )
            continue
        speaker, body = labels.split(join_lines(_TAG.sub("", raw)))
        out.append(Utterance(speaker, body, cue.start, cue.end, line=cue.line))
    return out
