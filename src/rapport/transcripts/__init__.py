"""Meeting transcripts in: WebVTT, SRT, SBV, plain text and meeting-tool JSON -> utterances.

:func:`read_transcript` decodes the bytes (UTF-8 with or without BOM, UTF-16 with BOM),
detects the format and parses it. A malformed file raises one
:class:`~rapport.errors.ImportProblem` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapport.domain.conversation import Utterance
from rapport.texts import N_
from rapport.transcripts import json_format, sbv_format, srt_format, text_format, vtt_format
from rapport.transcripts.common import problem, problem_at

FORMATS = ("vtt", "srt", "sbv", "txt", "json")


@dataclass(frozen=True, slots=True)
class Transcript:
    format: str
    utterances: list[Utterance]


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise problem(
                name, 1, N_("not valid UTF-16 text ({reason})"), reason=exc.reason
            ) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise problem(name, line, N_("not UTF-8 text")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(text: str) -> str:
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith(("{", "[")) and json_format.looks_like_json(head):
        return "json"
    if srt_format.looks_like_srt(head):
        return "srt"
    if sbv_format.looks_like_sbv(head):
        return "sbv"
    return "txt"


def read_transcript(data: bytes, name: str = "transcript", fmt: str | None = None) -> Transcript:
    """Parse a transcript file's bytes; ``fmt`` forces a format (``vtt``, ``srt``, ...)."""
    text = decode(data, name)
    if fmt is not None and fmt not in FORMATS:
        raise problem_at(
            name,
            N_("unknown format {format} (use one of {formats})"),
            format=repr(fmt),
            formats=", ".join(FORMATS),
        )
    chosen = fmt or detect_format(text)
    parser = {
        "vtt": vtt_format.parse,
        "srt": srt_format.parse,
        "sbv": sbv_format.parse,
        "txt": text_format.parse,
        "json": json_format.parse,
    }[chosen]
    utterances = [u for u in parser(text, name) if u.text.strip()]
    if not utterances:
        raise problem_at(name, N_("no utterances found (read as {format})"), format=chosen)
    if all(u.start is not None for u in utterances):
        utterances.sort(key=lambda u: u.start or 0.0)  # overlapping cues: by start time
    return Transcript(chosen, utterances)
