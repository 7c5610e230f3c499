"""Signals that the conversation analysis hands to the trust estimate.

The transcript side fills these from analysed meetings of one client; the trust side reads
them for self-orientation and intimacy. Neither imports the other: this module is the
interface between them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConversationSignals:
    """Averages over the analysed meetings of one client (most recent first, a window)."""

    meetings: int
    """How many analysed meetings these figures come from (0 = no evidence)."""
    my_talk_share: float
    """Share of talk (time or words) that was mine, 0..1."""
    self_reference_rate: float
    """I/me/my words as a share of I/me/my + you/your words in my speech, 0..1."""
    longest_monologue_share: float
    """My longest uninterrupted stretch as a share of the meeting, 0..1."""
    my_question_share: float
    """Share of all questions that I asked, 0..1."""
    personal_share: float
    """Share of the meeting spent on personal talk, 0..1."""
    drifts_per_meeting: float
    """Personal drifts that interrupted business, per meeting."""
