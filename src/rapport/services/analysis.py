"""Transcript -> analysed meeting: parse, detect languages, label, measure, find promises.

No database here: :func:`analyse` is what `rapport analyze` runs without ``--save``, and
what the conversation service stores.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

from rapport.domain import conversation as conv
from rapport.domain import corrections as fix
from rapport.domain.conversation import Analysis, SpokenPromise, Utterance
from rapport.language import lexicon
from rapport.language.detect import UNDETERMINED, detect
from rapport.language.labeller import MODEL_PATH, WEIGHTS_NAME, Labelled, shared_labeller
from rapport.language.promises import find_promise
from rapport.services.analysis_budget import UNLIMITED, Budget
from rapport.services.analysis_results import (
    AnalysisJson,
    DriftJson,
    MetricsJson,
    MonologueJson,
    PersonalPosition,
    PromiseJson,
    Pronouns,
    QuietJson,
    UtteranceJson,
)
from rapport.transcripts import read_transcript

SHORT = 3
"""Utterances of at most this many words borrow the speaker's usual language."""
PERSONAL_PROMISE_CUTOFF = 0.8
"""A promise in an utterance labelled personal with at least this confidence is skipped."""
_LATIN = frozenset({"en", "nb", "nn", "da", "sv", "de", "nl", "fr", "es"})
CHUNK = 1000
"""Utterances detected and labelled between two checks of the analysis budget."""
VERSION_CHARS = 12
"""Hex digits of the model files' SHA-256 that name a labeller version."""


@cache
def labeller_version() -> str:
    """The shipped labeller's version: the start of the SHA-256 of its model files (the
    JSON, then the weights). Stored with each analysis (``labeller``) so that meetings
    labelled by an older model can be found and analysed again."""
    digest = hashlib.sha256(MODEL_PATH.read_bytes())
    digest.update(MODEL_PATH.with_name(WEIGHTS_NAME).read_bytes())
    return digest.hexdigest()[:VERSION_CHARS]


def label_utterances(
    utterances: Sequence[Utterance], default_language: str = "en", budget: Budget = UNLIMITED
) -> list[Utterance]:
    """Language and label for each utterance.

    Labels come from the labeller with the meeting as context (``label_sequence``: the
    utterances in order, so a lone weak cue does not flip a label inside a stretch).

    Utterances too short to tell the language of ("ok", "42") take the speaker's most
    common language in this meeting (counted over their utterances of more than
    ``SHORT`` words), else the meeting's, else ``default_language``. A short utterance in
    Latin letters that the detector puts in another language than the speaker's usual one
    ("Thanks, bye" read as Norwegian) takes the speaker's usual language as well.

    Works in chunks of ``CHUNK`` utterances, asking ``budget`` between them (detection
    reports progress 0.1-0.5, labelling 0.5-0.8).
    """
    labeller = shared_labeller()
    total = max(len(utterances), 1)
    found: list[str] = []
    for at in range(0, len(utterances), CHUNK):
        found += [detect(u.text) for u in utterances[at : at + CHUNK]]
        budget.step(0.1 + 0.4 * len(found) / total)
    by_speaker: dict[str | None, Counter[str]] = defaultdict(Counter)
    overall: Counter[str] = Counter()
    for u, lang in zip(utterances, found, strict=True):
        if lang != UNDETERMINED and len(u.text.split()) > SHORT:
            by_speaker[u.speaker][lang] += 1
            overall[lang] += 1
    meeting_language = overall.most_common(1)[0][0] if overall else default_language
    out: list[Utterance] = []
    labels: list[Labelled] = []
    topic = None
    for at in range(0, len(utterances), CHUNK):
        chunk, topic = labeller.label_sequence([u.text for u in utterances[at : at + CHUNK]], topic)
        labels += chunk
        budget.step(0.5 + 0.3 * len(labels) / total)
    for u, lang, labelled in zip(utterances, found, labels, strict=True):
        own = by_speaker.get(u.speaker)
        usual = own.most_common(1)[0][0] if own else meeting_language
        if lang == UNDETERMINED or (
            lang in _LATIN and usual in _LATIN and len(u.text.split()) <= SHORT
        ):
            lang = usual
        out.append(replace(u, language=lang, label=labelled.label, confidence=labelled.confidence))
    return out


def analyse(
    data: bytes,
    name: str,
    *,
    me: str,
    contacts: Sequence[str] = (),
    video: bool = False,
    on: date,
    fmt: str | None = None,
    default_language: str = "en",
    budget: Budget = UNLIMITED,
    lessons: Mapping[str, str] | None = None,
) -> Analysis:
    """Analyse a transcript file's bytes. ``on`` is the meeting date (for due dates).
    ``budget`` may stop it between steps (time limit, cancellation) and hears progress.
    ``lessons`` (normalised text -> label, :func:`rapport.domain.corrections.taught`) are
    the workspace's corrections: an utterance with such a text takes the user's label."""
    transcript = read_transcript(data, name, fmt)
    budget.step(0.1)
    utterances = label_utterances(transcript.utterances, default_language, budget)
    if lessons:
        utterances = list(fix.learn(utterances, lessons))
    speakers = tuple(dict.fromkeys(u.speaker for u in utterances if u.speaker is not None))
    roles = conv.roles_of(speakers, me, contacts)
    return measure(
        utterances,
        fmt=transcript.format,
        me=me,
        roles=roles,
        video=video,
        on=on,
        budget=budget,
        labeller=labeller_version(),
    )


def measure(
    utterances: Sequence[Utterance],
    *,
    fmt: str,
    me: str,
    roles: dict[str, str],
    video: bool,
    on: date,
    budget: Budget = UNLIMITED,
    labeller: str | None = None,
) -> Analysis:
    """The metrics and my promises of labelled utterances (after the labeller, and again
    after the user corrected labels). ``labeller`` names the model that gave the labels."""
    speakers = tuple(dict.fromkeys(u.speaker for u in utterances if u.speaker is not None))

    def side_of(speaker: str) -> str:
        return conv.ME if roles.get(speaker) == conv.ME else conv.THEM

    def pronouns(u: Utterance) -> tuple[int, int]:
        refs = lexicon.references(u.text, u.language)
        return refs.mine, refs.yours

    metrics = conv.compute(
        utterances,
        side_of,
        video=video,
        is_question=lambda u: lexicon.questions(u.text, u.language),
        pronouns=pronouns,
    )
    budget.step(0.9)
    promises: list[SpokenPromise] = []
    for index, u in enumerate(utterances):
        if index % CHUNK == CHUNK - 1:
            budget.step(0.9 + 0.1 * index / len(utterances))
        if u.speaker is None or roles.get(u.speaker) != conv.ME:
            continue
        if u.label == "personal" and u.confidence >= PERSONAL_PROMISE_CUTOFF:
            continue  # "I'll take the kids to the zoo tomorrow" is not a work promise
        found = find_promise(u.text, u.language, on)
        if found is not None:
            promises.append(SpokenPromise(u.speaker, u.text, found.due, u.line))
    budget.step(1.0)
    return Analysis(
        format=fmt,
        meeting_date=on,
        me=me,
        video=video,
        speakers=speakers,
        roles=roles,
        utterances=tuple(utterances),
        metrics=metrics,
        promises=tuple(promises),
        labeller=labeller,
    )


def from_json(result: dict[str, Any]) -> Analysis:
    """A stored analysis (the JSON of :func:`to_json`) measured again from its utterances
    as stored: labels, languages and roles are taken as they are."""
    utterances = [
        Utterance(
            speaker=u["speaker"],
            text=u["text"],
            start=u["start"],
            end=u["end"],
            language=u["language"],
            label=u["label"],
            confidence=u["confidence"],
            line=u["line"],
            learned=bool(u.get("learned", False)),
        )
        for u in result["utterances"]
    ]
    return measure(
        utterances,
        fmt=result["format"],
        me=result["me"],
        roles=dict(result["roles"]),
        video=result["video"],
        on=date.fromisoformat(result["meeting_date"]),
        labeller=result.get("labeller"),
    )


def _num(value: float) -> float:
    return round(value, 3)


def to_json(analysis: Analysis) -> AnalysisJson:
    """The stable shape of `rapport analyze --json` and the API (docs/conversation.md);
    ``plain()`` of it is what a stored analysis keeps."""
    m = analysis.metrics

    def monologue(x: conv.Monologue | None) -> MonologueJson | None:
        if x is None:
            return None
        return MonologueJson(x.speaker, _num(x.amount), _num(x.start))

    return AnalysisJson(
        basis=m.basis,
        format=analysis.format,
        meeting_date=analysis.meeting_date.isoformat(),
        me=analysis.me,
        video=analysis.video,
        speakers=tuple(analysis.speakers),
        roles=analysis.roles,
        labeller=analysis.labeller,
        utterances=tuple(
            UtteranceJson(
                speaker=u.speaker,
                start=u.start,
                end=u.end,
                text=u.text,
                language=u.language,
                label=u.label,
                confidence=u.confidence,
                line=u.line,
                learned=u.learned,
            )
            for u in analysis.utterances
        ),
        metrics=MetricsJson(
            total=_num(m.total),
            personal_share=_num(m.personal_share),
            business_share=_num(m.business_share),
            other_share=_num(m.other_share),
            personal_position=PersonalPosition(
                opening=_num(m.opening_personal),
                closing=_num(m.closing_personal),
                drifts=_num(sum(d.amount for d in m.drifts)),
            ),
            talk_share={k: _num(v) for k, v in m.talk_share.items()},
            talk_share_by_side={k: _num(v) for k, v in m.side_share.items()},
            longest_monologue=monologue(m.longest_monologue),
            longest_monologue_by_side={
                k: monologue(v) for k, v in m.longest_monologue_by_side.items()
            },
            drifts=tuple(
                DriftJson(
                    start=_num(d.start),
                    amount=_num(d.amount),
                    started_by=d.started_by,
                    utterances=d.utterances,
                )
                for d in m.drifts
            ),
            questions=m.questions,
            questions_by_side=m.questions_by_side,
            self_reference={k: _num(v) for k, v in m.self_reference.items()},
            pronouns={k: Pronouns(a, b) for k, (a, b) in m.pronouns.items()},
            quiet_stretches=tuple(
                QuietJson(start=_num(q.start), amount=_num(q.amount), side=q.side)
                for q in m.quiet_stretches
            ),
        ),
        promises=tuple(
            PromiseJson(
                speaker=p.speaker,
                text=p.text,
                due=p.due.isoformat() if p.due else None,
                line=p.line,
            )
            for p in analysis.promises
        ),
    )
