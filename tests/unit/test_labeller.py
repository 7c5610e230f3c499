"""The shipped labeller on the team's hand-written examples (a sanity floor, not a score).

The examples held apart from training (every fourth, by a hash of the text) are the
generalisation check; the figures are in bench/README.md and docs/conversation.md.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from rapport.language.labeller import LABELS, shared_labeller

SEEDS = Path(__file__).resolve().parents[2] / "src" / "rapport" / "language" / "seed_examples"


def examples(lang: str, held_apart: bool) -> list[tuple[str, str]]:
    out = []
    for line in (SEEDS / f"{lang}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        if (zlib.crc32(text.encode()) % 4 == 0) == held_apart:
            out.append((label, text))
    return out


@pytest.mark.parametrize("lang", ["en", "ja", "zh-Hans", "vi", "nb"])
def test_held_apart_examples_are_mostly_right(lang: str) -> None:
    labeller = shared_labeller()
    held = examples(lang, held_apart=True)
    assert len(held) >= 30
    right = sum(labeller.label(text).label == label for label, text in held)
    assert right / len(held) >= 0.6, f"{lang}: {right}/{len(held)}"


def test_output_is_a_known_label_with_a_probability() -> None:
    labelled = shared_labeller().label("Could you send the invoice?")
    assert labelled.label in LABELS
    assert 1 / 3 <= labelled.confidence <= 1


def test_empty_text_is_other() -> None:
    assert shared_labeller().label("   ").label == "other"


def test_clear_cases_in_every_language() -> None:
    labeller = shared_labeller()
    assert labeller.label("The invoice for phase two is overdue.").label == "business"
    assert labeller.label("How was your holiday with the kids?").label == "personal"
    assert labeller.label("Thank you, bye!").label == "other"
    assert labeller.label("请问项目进度怎么样？").label == "business"
    assert labeller.label("周末你去哪儿玩了？").label == "personal"
