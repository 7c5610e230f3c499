"""Meeting metrics from labelled utterances: pure functions over dataclasses.

Every amount is measured on one *basis*: ``time`` (seconds, when every utterance has a
start and an end) or ``words`` (otherwise). On the words basis each Han, kana or Hangul
character counts as one word, so Japanese and Chinese, written without spaces, are
comparable with the other languages. See docs/conversation.md for the definitions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapport.domain.names import name_words

UNKNOWN_SPEAKER = "(unknown)"
"""How a cue without a speaker is counted in per-speaker figures."""
ME = "me"
THEM = "them"
QUIET_STRETCH_S = 300.0
"""A side silent for longer than this (seconds) in a video meeting is reported."""
DRIFT_MIN_UTTERANCES = 2
DRIFT_MIN_SECONDS = 30.0
DRIFT_MIN_WORDS = 40
"""A personal run in the middle of business is a drift when it has at least
``DRIFT_MIN_UTTERANCES`` personal utterances or lasts at least the minimum amount; a lone
short remark still counts towards the personal share, but not as a drift."""

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Utterance:
    """One cue or line of a transcript, after labelling."""

    speaker: str | None
    text: str
    start: float | None = None
    """Seconds from the start of the recording."""
    end: float | None = None
    language: str = "und"
    label: str = "other"
    """business, personal or other."""
    confidence: float = 0.0
    line: int | None = None
    """Line in the source file where the utterance starts."""
    learned: bool = False
    """The label is the user's from a correction of the same text in another meeting
    (:func:`rapport.domain.corrections.learn`), not the labeller's."""


@dataclass(frozen=True, slots=True)
class Monologue:
    speaker: str
    start: float
    amount: float


@dataclass(frozen=True, slots=True)
class Drift:
    """Personal talk that interrupted business: business came before and after it."""

    start: float
    amount: float
    started_by: str
    utterances: int


@dataclass(frozen=True, slots=True)
class QuietStretch:
    start: float
    amount: float
    side: str
    """The side that did not speak (``me`` or ``them``)."""


@dataclass(frozen=True, slots=True)
class Metrics:
    basis: str
    total: float
    personal_share: float
    business_share: float
    other_share: float
    opening_personal: float
    closing_personal: float
    drifts: tuple[Drift, ...]
    talk_share: dict[str, float]
    side_share: dict[str, float]
    longest_monologue: Monologue | None
    longest_monologue_by_side: dict[str, Monologue]
    quiet_stretches: tuple[QuietStretch, ...]
    questions: dict[str, int]
    questions_by_side: dict[str, int]
    self_reference: dict[str, float]
    pronouns: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per speaker: (self-references, references to the other person)."""


def word_count(text: str) -> int:
    """Words in ``text``; each Han, kana or Hangul character counts as one word."""
    cjk = len(_CJK.findall(text))
    rest = _CJK.sub(" ", text)
    return cjk + len(_WORD.findall(rest))


def basis_of(utterances: Sequence[Utterance]) -> str:
    timed = all(u.start is not None and u.end is not None and u.end >= u.start for u in utterances)
    if utterances and timed and any(u.end != u.start for u in utterances):
        return "time"
    return "words"


def amount_of(u: Utterance, basis: str) -> float:
    if basis == "time" and u.start is not None and u.end is not None:
        return max(0.0, u.end - u.start)
    return float(word_count(u.text))


def speaker_key(u: Utterance) -> str:
    return u.speaker if u.speaker is not None else UNKNOWN_SPEAKER


def _share(part: float, total: float) -> float:
    return min(1.0, max(0.0, part / total)) if total > 0 else 0.0


def _positions(
    utterances: Sequence[Utterance], amounts: Sequence[float], basis: str
) -> list[float]:
    """Where each utterance starts: seconds on the time basis, words before it otherwise."""
    if basis == "time":
        return [u.start or 0.0 for u in utterances]
    out: list[float] = []
    running = 0.0
    for amount in amounts:
        out.append(running)
        running += amount
    return out


def _personal_runs(utterances: Sequence[Utterance]) -> list[list[int]]:
    """Maximal runs of personal utterances; 'other' utterances neither break nor join them."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, u in enumerate(utterances):
        if u.label == "personal":
            current.append(i)
        elif u.label == "business" and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def compute(
    utterances: Sequence[Utterance],
    side_of: Callable[[str], str],
    *,
    video: bool = False,
    is_question: Callable[[Utterance], int],
    pronouns: Callable[[Utterance], tuple[int, int]],
) -> Metrics:
    """All metrics of one meeting.

    ``side_of`` maps a speaker key to ``me`` or ``them``; ``is_question`` counts the
    questions in an utterance; ``pronouns`` counts its self- and other-references (the
    language-specific rules live in ``rapport.language``).
    """
    basis = basis_of(utterances)
    amounts = [amount_of(u, basis) for u in utterances]
    positions = _positions(utterances, amounts, basis)
    total = sum(amounts)

    by_label: dict[str, float] = defaultdict(float)
    by_speaker: dict[str, float] = defaultdict(float)
    by_side: dict[str, float] = {ME: 0.0, THEM: 0.0}
    for u, amount in zip(utterances, amounts, strict=True):
        by_label[u.label] += amount
        by_speaker[speaker_key(u)] += amount
        by_side[side_of(speaker_key(u))] += amount

    business_at = [i for i, u in enumerate(utterances) if u.label == "business"]
    opening = closing = 0.0
    drifts: list[Drift] = []
    for run in _personal_runs(utterances):
        run_amount = sum(amounts[i] for i in run)
        if not business_at or run[-1] < business_at[0]:
            opening += run_amount
        elif run[0] > business_at[-1]:
            closing += run_amount
        else:
            big = run_amount >= (DRIFT_MIN_SECONDS if basis == "time" else DRIFT_MIN_WORDS)
            if len(run) >= DRIFT_MIN_UTTERANCES or big:
                first = utterances[run[0]]
                drifts.append(Drift(positions[run[0]], run_amount, speaker_key(first), len(run)))

    monologues = _monologues(utterances, amounts, positions, basis)
    longest = max(monologues, key=lambda m: m.amount, default=None)
    longest_by_side: dict[str, Monologue] = {}
    for m in monologues:
        side = side_of(m.speaker)
        if side not in longest_by_side or m.amount > longest_by_side[side].amount:
            longest_by_side[side] = m

    questions: dict[str, int] = defaultdict(int)
    questions_by_side = {ME: 0, THEM: 0}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for u in utterances:
        key = speaker_key(u)
        asked = is_question(u)
        questions[key] += asked
        questions_by_side[side_of(key)] += asked
        mine, yours = pronouns(u)
        counts[key][0] += mine
        counts[key][1] += yours
    speakers = list(by_speaker)
    return Metrics(
        basis=basis,
        total=total,
        personal_share=_share(by_label["personal"], total),
        business_share=_share(by_label["business"], total),
        other_share=_share(by_label["other"], total),
        opening_personal=opening,
        closing_personal=closing,
        drifts=tuple(drifts),
        talk_share={s: _share(by_speaker[s], total) for s in speakers},
        side_share={side: _share(v, total) for side, v in by_side.items()},
        longest_monologue=longest,
        longest_monologue_by_side=longest_by_side,
        quiet_stretches=quiet_stretches(utterances, side_of) if video and basis == "time" else (),
        questions={s: questions[s] for s in speakers},
        questions_by_side=questions_by_side,
        self_reference={s: _share(c[0], c[0] + c[1]) for s, c in counts.items() if sum(c) > 0},
        pronouns={s: (c[0], c[1]) for s, c in counts.items()},
    )


def _monologues(
    utterances: Sequence[Utterance],
    amounts: Sequence[float],
    positions: Sequence[float],
    basis: str,
) -> list[Monologue]:
    """Maximal runs of consecutive utterances by one speaker.

    On the time basis a run lasts from its first start to its last end; on the words basis
    it is the sum of its words.
    """
    out: list[Monologue] = []
    i = 0
    while i < len(utterances):
        key = speaker_key(utterances[i])
        j = i
        while j + 1 < len(utterances) and speaker_key(utterances[j + 1]) == key:
            j += 1
        if basis == "time":
            first, last = utterances[i], utterances[j]
            end = max((u.end or 0.0) for u in utterances[i : j + 1])
            amount = max(0.0, end - (first.start or 0.0)) if last.end is not None else 0.0
        else:
            amount = sum(amounts[i : j + 1])
        out.append(Monologue(key, positions[i], amount))
        i = j + 1
    return out


def quiet_stretches(
    utterances: Sequence[Utterance], side_of: Callable[[str], str], limit: float = QUIET_STRETCH_S
) -> tuple[QuietStretch, ...]:
    """Stretches longer than ``limit`` seconds in which one side did not speak at all."""
    if not utterances:
        return ()
    begin = min(u.start or 0.0 for u in utterances)
    finish = max(u.end or 0.0 for u in utterances)
    out: list[QuietStretch] = []
    for side in (ME, THEM):
        spans = sorted(
            (u.start or 0.0, u.end or 0.0) for u in utterances if side_of(speaker_key(u)) == side
        )
        cursor = begin
        for start, end in [*spans, (finish, finish)]:
            if start - cursor > limit:
                out.append(QuietStretch(cursor, start - cursor, side))
            cursor = max(cursor, end)
    return tuple(sorted(out, key=lambda q: q.start))


@dataclass(frozen=True, slots=True)
class SpokenPromise:
    """Something I said I would do, with the due date where one was said."""

    speaker: str
    text: str
    due: date | None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """One analysed meeting: who spoke, what each utterance was, the metrics, my promises."""

    format: str
    meeting_date: date
    me: str
    video: bool
    speakers: tuple[str, ...]
    roles: dict[str, str]
    """Speaker -> ``me``, ``contact`` (one of the client's contacts) or ``other``."""
    utterances: tuple[Utterance, ...]
    metrics: Metrics
    promises: tuple[SpokenPromise, ...]
    labeller: str | None = None
    """Which labeller model gave the labels (None: one from before this was recorded)."""

    def side_of(self, speaker: str) -> str:
        return ME if self.roles.get(speaker) == ME else THEM


def same_person(a: str, b: str) -> bool:
    """``Anna`` is ``Anna Berg`` and ``anna berg``: equal names, or one is the other's
    first name. Titles and the order of "LAST, First" do not matter: ``Jane`` is
    ``Dr. Jane Smith`` and ``SMITH, Jane`` (:func:`rapport.domain.names.name_words`)."""
    x, y = name_words(a), name_words(b)
    if not x or not y:
        return False
    return x == y or (len(x) == 1 and x[0] == y[0]) or (len(y) == 1 and y[0] == x[0])


def roles_of(speakers: Sequence[str], me: str, contacts: Sequence[str]) -> dict[str, str]:
    roles: dict[str, str] = {}
    for s in speakers:
        if same_person(s, me):
            roles[s] = ME
        elif any(same_person(s, c) for c in contacts):
            roles[s] = "contact"
        else:
            roles[s] = "other"
    return roles
