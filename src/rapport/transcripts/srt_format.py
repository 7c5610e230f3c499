"""SRT subtitles (the ``srt`` package), with ``Name: text`` cues where a speaker is named."""

from __future__ import annotations

import re

import srt

from rapport.domain.conversation import Utterance
from rapport.texts import N_
from rapport.transcripts.common import join_lines, problem
from rapport.transcripts.speakers import SpeakerLabels

_START = re.compile(r"^\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")


def looks_like_srt(text: str) -> bool:
    return _START.match(text) is not None


def parse(text: str, name: str) -> list[Utterance]:
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        at = exc.expected_start + len(exc.unmatched_content) - len(exc.unmatched_content.lstrip())
        line = text.count("\n", 0, at) + 1
        bad = text[at:].split("\n", 2)
        shown = " / ".join(part.strip() for part in bad[:2])[:60]
        raise problem(name, line, N_("not a valid SRT cue: {cue}"), cue=repr(shown)) from None
    out: list[Utterance] = []
    texts = [join_lines(re.sub(r"</?[^>]+>", "", cue.content)) for cue in subtitles]
    labels = SpeakerLabels.of(texts)
    offsets = [m.start() for m in re.finditer(r"(?m)^\d+\s*\n\s*\d", text)]
    for index, cue in enumerate(subtitles):
        at = text.count("\n", 0, offsets[index]) + 1 if index < len(offsets) else 0
        start = cue.start.total_seconds()
        end = cue.end.total_seconds()
        if end < start:
            raise problem(name, at, N_("cue ends before it starts"))
        speaker, body = labels.split(texts[index])
        out.append(Utterance(speaker, body, start, end, line=at or None))
    return out
