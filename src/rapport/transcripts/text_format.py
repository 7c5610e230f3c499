"""Plain text: ``Name: text`` lines, optionally after a timestamp.

Timestamps may come first on a line as ``[00:01:02]``, ``(00:01:02)``, ``00:01:02`` or
``01:02``, with or without brackets. ``Anna (00:01:02): text`` and Otter-style header
lines (``Anna  0:03`` with the text below) are read too. A line without a name continues
the utterance above it (a multi-line utterance); after a blank line, or at the top, it is
an utterance without a speaker. Each timed utterance ends where the next one starts; the
last ends at its own start (so it adds nothing on the time basis), and the basis becomes
``words`` unless every line has a time.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapport.domain.conversation import Utterance
from rapport.errors import N_
from rapport.transcripts.common import problem, split_speaker

_STAMP = re.compile(
    r"^\s*[\[(]?(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{2})(?:[.,]\d{1,3})?[\])]?\s*[-–—]?\s*"
)
_STAMP_AFTER_NAME = re.compile(
    r"^(?P<name>[^\W\d_][^:：\n\[(]{0,39}?)\s*(?:"
    r"(?P<bare>(?:\d{1,2}:)?\d{1,2}:\d{2})\s*$|"
    r"[\[(](?P<stamp>(?:\d{1,2}:)?\d{1,2}:\d{2})[\])]\s*[:：]\s*(?P<text>.*)$)"
)
"""``Anna (00:01:02): text``, or a header line ``Anna  0:03`` with the text on the lines
below it (as Otter.ai writes its text export)."""


def _seconds(h: str | None, m: str, s: str) -> float:
    return float(int(h or 0) * 3600 + int(m) * 60 + int(s))


def parse(text: str, name: str) -> list[Utterance]:
    out: list[Utterance] = []
    after_blank = True
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            after_blank = True
            continue
        start: float | None = None
        stamp = _STAMP.match(line)
        if stamp and stamp.end() < len(line):
            if int(stamp["s"]) > 59 or (stamp["h"] and int(stamp["m"]) > 59):
                raise problem(
                    name,
                    number,
                    N_("not a valid time: {time}"),
                    time=repr(line[: stamp.end()].strip()),
                )
            start = _seconds(stamp["h"], stamp["m"], stamp["s"])
            line = line[stamp.end() :]
        else:
            after = _STAMP_AFTER_NAME.match(line)
            if after:
                parts = (after["bare"] or after["stamp"]).split(":")
                h, m, s = (None, *parts) if len(parts) == 2 else parts
                start = _seconds(h, m, s)
                out.append(
                    Utterance(after["name"].strip(), after["text"] or "", start, line=number)
                )
                after_blank = False
                continue
        speaker, body = split_speaker(line)
        if speaker is None and start is None and not after_blank and out:
            last = out[-1]
            out[-1] = replace(last, text=f"{last.text} {body}".strip())
        else:
            out.append(Utterance(speaker, body, start, None, line=number))
        after_blank = False
    return _close_times(out, name)


def _close_times(utterances: list[Utterance], name: str) -> list[Utterance]:
    """Each timed utterance ends where the next timed one starts."""
    out: list[Utterance] = []
    for i, u in enumerate(utterances):
        if u.start is None:
            out.append(u)
            continue
        following = next((v.start for v in utterances[i + 1 :] if v.start is not None), None)
        if following is not None and following < u.start:
            line = next(v.line for v in utterances[i + 1 :] if v.start is not None)
            raise problem(name, line or 0, N_("time goes backwards"))
        out.append(replace(u, end=following if following is not None else u.start))
    return out
