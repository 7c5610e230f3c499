"""Meeting-tool JSON whose shape is documented.

* Rapport's own: a list of ``{"speaker", "start", "end", "text"}``; times in seconds
  (numbers) or ``"HH:MM:SS.mmm"`` strings. ``{"utterances": [...]}`` with the same items
  is accepted too (also the shape of ``rapport analyze --json``).
* Whisper / WhisperX: ``{"segments": [{"start", "end", "text", "speaker"?}]}``, seconds.
* AssemblyAI: ``{"utterances": [{"speaker", "start", "end", "text"}], "audio_duration"?}``
  with times in **milliseconds** (integers), told apart by the ``"audio_duration"`` or
  ``"words"`` keys AssemblyAI writes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rapport.domain.conversation import Utterance
from rapport.texts import N_
from rapport.transcripts.common import problem, problem_at

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")


def looks_like_json(text: str) -> bool:
    return text.startswith(("{", "[")) and text.rstrip().endswith(("}", "]"))


def _time(value: Any, scale: float, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise problem_at(where, N_("a time must be a number of seconds or HH:MM:SS"))
    if isinstance(value, int | float):
        if value < 0:
            raise problem_at(where, N_("a time cannot be negative"))
        return float(value) * scale
    if isinstance(value, str) and (m := _CLOCK.match(value.strip())):
        fraction = int((m[4] or "0").ljust(3, "0")) / 1000
        return int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3]) + fraction
    raise problem_at(where, N_("{value} is not a time (seconds or HH:MM:SS)"), value=repr(value))


def parse(text: str, name: str) -> list[Utterance]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise problem(name, exc.lineno, N_("invalid JSON: {reason}"), reason=exc.msg) from None
    scale = 1.0
    if isinstance(data, dict):
        if isinstance(data.get("segments"), list):
            items = data["segments"]
        elif isinstance(data.get("utterances"), list):
            items = data["utterances"]
            if "audio_duration" in data or any(isinstance(i, dict) and "words" in i for i in items):
                scale = 0.001
        else:
            raise problem_at(
                name,
                N_("JSON without a list of segments or utterances (see docs/conversation.md)"),
            )
    elif isinstance(data, list):
        items = data
    else:
        raise problem_at(name, N_("JSON must be a list of utterances or an object"))
    out: list[Utterance] = []
    for index, item in enumerate(items, start=1):
        where = f"{name}: item {index}"
        if not isinstance(item, dict):
            raise problem_at(where, N_("expected an object with speaker, start, end, text"))
        body = item.get("text", item.get("transcript"))
        if not isinstance(body, str):
            raise problem_at(where, N_("missing text"))
        speaker = item.get("speaker")
        start = _time(item.get("start"), scale, where)
        end = _time(item.get("end"), scale, where)
        if start is not None and end is not None and end < start:
            raise problem_at(where, N_("ends before it starts"))
        out.append(
            Utterance(
                None if speaker is None else (str(speaker).strip() or None),
                " ".join(body.split()),
                start,
                end,
            )
        )
    return out
