"""Self-orientation: attention on me rather than on the client, from analysed
conversations, feedback asked for and the self-assessment (docs/trust.md
"Self-orientation"; lower is better)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rapport.domain.model import (
    Interaction,
)
from rapport.domain.signals import ConversationSignals
from rapport.domain.trust.components.reliability import recent_interactions
from rapport.domain.trust.evidence import (
    ComponentEstimate,
    clamp,
    evidence,
    evidence_confidence,
)
from rapport.texts import N_, ngettext

# Self-orientation
TALK_WEIGHT = 0.35
SELF_REFERENCE_WEIGHT = 0.25
MONOLOGUE_WEIGHT = 0.2
QUESTIONS_WEIGHT = 0.2
SELF_MIDDLE = 5.5
FEEDBACK_ATTENTION_POINTS = 1.0
SELF_ASSESSMENT_PULL = 0.25
"""The self-assessment is about you in general, not this client, and one take of 24
answers is weak evidence: a quarter of its distance from the middle counts (it was half
until issue 13, when one take moved a client from 3.50 to 5.63)."""

E_SIGNALS = ngettext(
    "Measured in {count} analysed meeting", "Measured in {count} analysed meetings", "count"
)
E_TALK = N_("My share of talk time: {share}%")
E_SELF_REFERENCE = N_("Talking about myself (I/me against you): {share}%")
E_MONOLOGUE = N_("Longest monologue: {share}% of a meeting")
E_QUESTIONS = N_("Questions I asked: {share}% of all questions")
E_NO_SIGNALS = N_("No analysed conversations yet: a rough estimate with low confidence")
E_SELF_ASSESSMENT = N_("Your latest self-assessment: self-orientation {score} of 10")
E_FEEDBACK_ATTENTION = N_(
    "Feedback asked for in {count} of {total} interactions (asking shows attention on the client)"
)


def signal_parts(s: ConversationSignals) -> dict[str, float]:
    """Each signal as 0 (attention on the client) .. 1 (attention on me)."""
    return {
        "talk": clamp((s.my_talk_share - 0.4) / 0.4),
        "self_reference": clamp((s.self_reference_rate - 0.3) / 0.4),
        "monologue": clamp((s.longest_monologue_share - 0.1) / 0.3),
        "questions": clamp((0.5 - s.my_question_share) / 0.5),
    }


def self_orientation(
    signals: ConversationSignals | None,
    interactions: Sequence[Interaction],
    now: datetime,
    self_assessed: float | None = None,
) -> ComponentEstimate:
    """From analysed conversations when there are any: 1 + 9 x (35% talk share over 40%,
    25% self-reference over 30%, 20% longest monologue over 10%, 20% few questions).
    Otherwise 5.5 moved a quarter of the way to the latest self-assessment, minus up to 0.5
    for asking for feedback often, plus up to 0.5 for never asking; confidence 0.2 (0.1 without a
    self-assessment)."""
    if signals is not None and signals.meetings > 0:
        parts = signal_parts(signals)
        weights = {
            "talk": TALK_WEIGHT,
            "self_reference": SELF_REFERENCE_WEIGHT,
            "monologue": MONOLOGUE_WEIGHT,
            "questions": QUESTIONS_WEIGHT,
        }
        raw = sum(weights[k] * parts[k] for k in parts)

        def effect(k: str) -> float:
            return 9 * weights[k] * (parts[k] - 0.5)

        found = (
            evidence(E_SIGNALS, 0.0, count=signals.meetings),
            evidence(E_TALK, effect("talk"), share=round(100 * signals.my_talk_share)),
            evidence(
                E_SELF_REFERENCE,
                effect("self_reference"),
                share=round(100 * signals.self_reference_rate),
            ),
            evidence(
                E_MONOLOGUE,
                effect("monologue"),
                share=round(100 * signals.longest_monologue_share),
            ),
            evidence(
                E_QUESTIONS, effect("questions"), share=round(100 * signals.my_question_share)
            ),
        )
        return ComponentEstimate(
            round(1 + 9 * raw, 2), evidence_confidence(signals.meetings, 3.0), found
        )
    found_list = [evidence(E_NO_SIGNALS, 0.0)]
    base = SELF_MIDDLE
    if self_assessed is not None:
        own = clamp(self_assessed, 1.0, 10.0)
        base = SELF_MIDDLE + SELF_ASSESSMENT_PULL * (own - SELF_MIDDLE)
        found_list.append(evidence(E_SELF_ASSESSMENT, base - SELF_MIDDLE, score=round(own, 1)))
    recent = recent_interactions(interactions, now)
    adjust = 0.0
    if recent:
        asked = sum(1 for i in recent if i.feedback_asked)
        share = asked / len(recent)
        adjust = -2 * FEEDBACK_ATTENTION_POINTS * (min(share, 0.5) - 0.25)
        found_list.append(evidence(E_FEEDBACK_ATTENTION, adjust, count=asked, total=len(recent)))
    score = clamp(base + adjust, 1.0, 10.0)
    confidence = 0.2 if self_assessed is not None else 0.1
    return ComponentEstimate(round(score, 2), confidence, tuple(found_list))
