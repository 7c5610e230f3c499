"""What every trust component is made of: the four components, the evidence items that
explain a score (each with its effect in points), a component's estimate, and the two
helpers every component uses (docs/trust.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rapport.texts import N_, Param, Text


class Component(StrEnum):
    CREDIBILITY = "credibility"
    RELIABILITY = "reliability"
    INTIMACY = "intimacy"
    SELF_ORIENTATION = "self_orientation"


COMPONENT_NAMES: dict[Component, str] = {
    Component.CREDIBILITY: N_("credibility"),
    Component.RELIABILITY: N_("reliability"),
    Component.INTIMACY: N_("intimacy"),
    Component.SELF_ORIENTATION: N_("self-orientation"),
}

WINDOW_DAYS = 365
"""Interactions older than this are not evidence any more."""


@dataclass(frozen=True, slots=True)
class Evidence:
    message: Text
    effect: float
    """Points this moves the component's score (positive raises it)."""

    @property
    def text(self) -> str:
        return self.message.english


def evidence(key: str, effect: float, **params: Param) -> Evidence:
    return Evidence(Text(key, dict(params)), round(effect, 2))


@dataclass(frozen=True, slots=True)
class ComponentEstimate:
    score: float
    """0..10 (self-orientation 1..10; lower is better there)."""
    confidence: float
    """0..1: how much evidence there is."""
    evidence: tuple[Evidence, ...] = ()


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def evidence_confidence(units: float, half: float) -> float:
    """0 with no evidence, 0.5 at ``half`` units, approaching 1."""
    return round(units / (units + half), 2) if units > 0 else 0.0
