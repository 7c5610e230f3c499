"""WebVTT: voice tags (``<v Name>``, as Teams writes) and ``Name: text`` cues (Zoom).

webvtt-py parses the cues. It skips a cue whose timing line is broken without a word, so
the block structure is checked first, to point at the broken line.
"""

from __future__ import annotations

import io
import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from rapport.domain.conversation import Utterance
from rapport.errors import N_
from rapport.transcripts.common import join_lines, problem
from rapport.transcripts.speakers import SpeakerLabels

_TIMING = re.compile(r"^(?:\d+:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d+:)?\d{2}:\d{2}\.\d{3}(?:\s+.*)?$")
_ARROW = re.compile(r"-->|->|\d:\d\d")
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*\s+([^>]*)>")
_TAG = re.compile(r"</?[^>]+>")


def _check_blocks(text: str, name: str) -> None:
    lines = text.split("\n")
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
        if not _TIMING.match(lines[timing_at].strip()):
            raise problem(
                name,
                timing_at + 1,
                N_("expected a cue timing like 00:00:01.000 --> 00:00:04.000, found {found}"),
                found=repr(lines[timing_at].strip()[:60]),
            )
        i = timing_at + 1
        while i < len(lines) and lines[i].strip():
            i += 1


def _timing_lines(text: str) -> list[int]:
    """Line numbers of the cue timing lines, in order."""
    return [number for number, line in enumerate(text.split("\n"), start=1) if "-->" in line]


def parse(text: str, name: str) -> list[Utterance]:
    _check_blocks(text, name)
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise problem(name, 1, N_("not a valid WebVTT file ({reason})"), reason=exc) from None
    out: list[Utterance] = []
    timing_lines = _timing_lines(text)
    labels = SpeakerLabels.of(join_lines(_TAG.sub("", cue.raw_text)) for cue in captions)
    for index, cue in enumerate(captions):
        start = cue.start_time.in_milliseconds() / 1000
        end = cue.end_time.in_milliseconds() / 1000
        line = timing_lines[index] if index < len(timing_lines) else 1
        if end < start:
            raise problem(name, line, N_("cue ends before it starts"))
        raw = cue.raw_text
        voices = list(_VOICE.finditer(raw))
        if voices:
            for k, voice in enumerate(voices):
                stop = voices[k + 1].start() if k + 1 < len(voices) else len(raw)
                body = join_lines(_TAG.sub("", raw[voice.end() : stop]))
                out.append(Utterance(voice[1].strip() or None, body, start, end, line=line))
            continue
        speaker, body = labels.split(join_lines(_TAG.sub("", raw)))
        out.append(Utterance(speaker, body, start, end, line=line))
    return out
