"""Plain text: ``Name: text`` lines, optionally after a timestamp, and the text exports of
meeting tools.

Timestamps may come first on a line as ``[00:01:02]``, ``(00:01:02)``, ``00:01:02`` or
``01:02``, with or without brackets. ``Anna (00:01:02): text`` and Otter-style header
lines (``Anna  0:03`` with the text below) are read too, and so are:

* a timestamp alone on its line (Google Meet writes one every few minutes): the next
  utterance starts then;
* a name alone on its line with the text below it (``Anna Berg`` or ``Anna Berg:``): when
  the name is among a Google Meet transcript's attendees, ends with a colon, or such name
  lines (at least two names, each at least twice) make up a third of the file;
* a Google Meet document's header (title, ``Attendees``, the list of names,
  ``Transcript``, the note that it was computer generated) is skipped, and so is its
  closing ``Meeting ended after 00:45:12`` line;
* Zoom's saved meeting chat, ``10:02:11 From Anna Berg to Everyone: text`` (the text on
  the same line or the lines below): chat messages have a start but no end, so the
  meeting is measured in words; times count from the first message;
* Zoom's saved live transcript, ``[Anna Berg] 10:02:11`` with the text below it (times
  count from the first line).

A line without a name continues the utterance above it (a multi-line utterance); after a
blank line, or at the top, it is an utterance without a speaker. Each timed utterance ends
where the next one starts; the last ends at its own start (so it adds nothing on the time
basis), and the basis becomes ``words`` unless every line has a time. Speaker labels
follow :mod:`rapport.transcripts.speakers`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from rapport.domain.conversation import Utterance
from rapport.texts import N_
from rapport.transcripts.common import problem
from rapport.transcripts.speakers import SpeakerLabels, is_name_line

_STAMP = re.compile(
    r"^\s*[\[(]?(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{2})(?:[.,]\d{1,3})?[\])]?\s*[-–—]?\s*"
)
_BARE_STAMP = re.compile(
    r"^[\[(]?(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{2})(?:[.,]\d{1,3})?[\])]?$"
)
_STAMP_AFTER_NAME = re.compile(
    r"^(?P<name>[^\W\d_][^:：\n\[(]{0,49}?)\s*(?:"
    r"(?P<bare>(?:\d{1,2}:)?\d{1,2}:\d{2})\s*$|"
    r"[\[(](?P<stamp>(?:\d{1,2}:)?\d{1,2}:\d{2})[\])]\s*[:：]\s*(?P<text>.*)$)"
)
"""``Anna (00:01:02): text``, or a header line ``Anna  0:03`` with the text on the lines
below it (as Otter.ai writes its text export)."""
_ZOOM_CHAT = re.compile(
    r"^(?P<time>\d{1,2}:\d{2}:\d{2})\s+From\s+(?P<name>\S.{0,79}?)"
    r"(?:\s+to\s+\S.{0,79}?)?\s*:\s*(?P<text>.*)$"
)
_LIVE_HEADER = re.compile(
    r"^\[(?P<name>[^\W\d_][^\[\]]{0,79})\]\s+(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2})\s*(?P<text>.*)$"
)
_REACTION = re.compile(r"^Reacted to \".*\" with \S+$")
_MEET_END = re.compile(r"^(?:meeting|transcription) ended after \d", re.IGNORECASE)
_ATTENDEES = frozenset(
    {"attendees", "participants", "deltakere", "参加者", "参与者", "与会者", "người tham dự"}
)
_HEAD_LINES = 6
"""A Google Meet ``Attendees`` line comes within the first few lines."""
_NAME_LINES_SHARE = 1 / 3
DAY = 86400.0


def _seconds(h: str | None, m: str, s: str) -> float:
    return float(int(h or 0) * 3600 + int(m) * 60 + int(s))


def _time(h: str | None, m: str, s: str, shown: str, name: str, line: int) -> float:
    """Seconds of ``[h:]m:ss``; a minute or second above 59 is a problem at the line."""
    if int(s) > 59 or (h is not None and int(m) > 59):
        raise problem(name, line, N_("not a valid time: {time}"), time=repr(shown))
    return _seconds(h, m, s)


def _clock_time(text: str, name: str, line: int) -> float:
    *hours, m, s = text.split(":")
    return _time(hours[0] if hours else None, m, s, text, name, line)


@dataclass
class _Clock:
    """Wall-clock times (Zoom chat) as seconds from the first one; past midnight the
    clock goes on counting."""

    origin: float | None = None
    last: float = 0.0
    days: int = 0

    def at(self, seconds: float) -> float:
        if self.origin is None:
            self.origin = seconds
        elif seconds < self.last - DAY / 2:
            self.days += 1
        self.last = seconds
        return seconds - self.origin + self.days * DAY


def _meet_header(lines: list[str]) -> tuple[int, tuple[str, ...]]:
    """How many lines a Google Meet document header takes, and the attendees it names."""
    seen = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > _HEAD_LINES:
            break
        if line.casefold().rstrip(":：") not in _ATTENDEES:
            continue
        j = next((k for k in range(i + 1, len(lines)) if lines[k].strip()), len(lines))
        if j == len(lines):
            break
        names = tuple(n.strip() for n in re.split(r"[,、，;]", lines[j]) if n.strip())
        for k in range(j + 1, len(lines)):
            text = lines[k].strip()
            if _BARE_STAMP.match(text) or any(
                text == n or text.startswith((f"{n}:", f"{n}：")) for n in names
            ):
                return k, names
        return j + 1, names
    return 0, ()


def _name_lines(lines: list[str], attendees: tuple[str, ...]) -> frozenset[str]:
    """Names that stand alone on a line as a header for the text below them."""
    filled = [line.strip() for line in lines if line.strip()]
    counts = Counter(line for line in filled if is_name_line(line))
    repeated = {n for n, c in counts.items() if c > 1}
    names = set(attendees)
    if len(repeated) > 1 and sum(counts[n] for n in repeated) >= _NAME_LINES_SHARE * len(filled):
        names |= repeated
    return frozenset(names)


def _without_stamp(line: str) -> str:
    stamp = _STAMP.match(line)
    return line[stamp.end() :] if stamp else line


def parse(text: str, name: str) -> list[Utterance]:
    lines = text.split("\n")
    skip, attendees = _meet_header(lines)
    labels = SpeakerLabels.of(_without_stamp(line.strip()) for line in lines[skip:])
    name_lines = _name_lines(lines[skip:], attendees)
    clock = _Clock()
    chat = False
    out: list[Utterance] = []
    after_blank = True
    waiting = False  # the last utterance is a header whose text is still to come
    pending: float | None = None  # from a timestamp alone on its line
    sections: set[int] = set()  # lines of utterances timed only by such a timestamp
    headers: dict[int, str] = {}  # name lines, kept as text if no text comes below them
    for number, raw in enumerate(lines[skip:], start=skip + 1):
        line = raw.strip()
        if not line:
            after_blank = True
            continue
        if _MEET_END.match(line):
            continue
        if bare := _BARE_STAMP.match(line):
            pending = _time(bare["h"], bare["m"], bare["s"], line, name, number)
            after_blank, waiting = True, False
            continue
        if found := _ZOOM_CHAT.match(line) or _LIVE_HEADER.match(line):
            chat = chat or found.re is _ZOOM_CHAT
            at = clock.at(_clock_time(found["time"], name, number))
            body = found["text"].strip()
            out.append(Utterance(found["name"].strip(), body, at, line=number))
            waiting, after_blank = not body, False
            continue
        if waiting:  # the text under a header is never split for a speaker
            last = out[-1]
            out[-1] = replace(last, text=f"{last.text} {line}".strip())
            waiting = after_blank = False
            continue
        start: float | None = None
        stamp = _STAMP.match(line)
        if stamp and stamp.end() < len(line):
            shown = line[: stamp.end()].strip()
            start = _time(stamp["h"], stamp["m"], stamp["s"], shown, name, number)
            line = line[stamp.end() :]
        elif (after := _STAMP_AFTER_NAME.match(line)) and labels.is_speaker(after["name"].strip()):
            start = _clock_time(after["bare"] or after["stamp"], name, number)
            body = (after["text"] or "").strip()
            out.append(Utterance(after["name"].strip(), body, start, line=number))
            waiting, after_blank = not body, False
            continue
        if start is None and pending is not None:
            start, pending = pending, None
            sections.add(number)
        header = line if line in name_lines else labels.header(line)
        if header is not None:
            headers[number] = line
            out.append(Utterance(header, "", start, line=number))
            waiting, after_blank = True, False
            continue
        speaker, body = labels.split(line)
        if speaker is None and start is None and not after_blank and out:
            last = out[-1]
            out[-1] = replace(last, text=f"{last.text} {body}".strip())
        else:
            out.append(Utterance(speaker, body, start, None, line=number))
        after_blank = False
    out = [
        Utterance(None, headers[u.line], u.start, line=u.line)
        if not u.text and u.line in headers
        else u
        for u in out
        if not _REACTION.match(u.text)
    ]
    closed = _close_times(out, name)
    if chat:
        return [replace(u, end=None) for u in closed]
    if any(u.start is None for u in closed):  # a stamp every few minutes: no ends to tell
        return [replace(u, end=None) if u.line in sections else u for u in closed]
    return closed


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
