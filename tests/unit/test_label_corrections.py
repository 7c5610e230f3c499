"""Corrections applied after the labeller: where they land, and that undoing them gives
back exactly what the labeller said (and so the same metrics)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rapport.domain import conversation as conv
from rapport.domain.conversation import Utterance
from rapport.domain.corrections import LABELS, Correction, apply, normalise, revert
from rapport.jsonable import plain
from rapport.services.analysis import analyse, from_json, to_json


def metrics(utterances: tuple[Utterance, ...] | list[Utterance]) -> conv.Metrics:
    return conv.compute(
        utterances,
        lambda s: conv.ME if s == "Me" else conv.THEM,
        is_question=lambda u: u.text.count("?"),
        pronouns=lambda u: (u.text.count("I"), u.text.count("you")),
    )


def said(text: str, label: str = "business", speaker: str = "Me") -> Utterance:
    return Utterance(speaker, text, label=label, confidence=0.7)


MEETING = [
    said("Hello!", "other"),
    said("How was the cabin?", "personal", "Kari"),
    said("The invoice is late."),
    said("I will send it on Friday."),
    said("Thanks, bye.", "other", "Kari"),
]


def test_a_correction_lands_on_its_utterance_with_full_confidence() -> None:
    done = apply(MEETING, [Correction(3, "the  invoice is LATE.", "personal")])
    assert [u.label for u in done.utterances] == [
        "other",
        "personal",
        "personal",
        "business",
        "other",
    ]
    assert done.utterances[2].confidence == 1.0
    (placed,) = done.placed
    assert (placed.number, placed.model_label, placed.model_confidence) == (3, "business", 0.7)
    assert revert(done.utterances, done.placed) == tuple(MEETING)


def test_a_correction_follows_its_utterance_or_is_left_out() -> None:
    moved = [said("Sorry, one more thing.", "business", "Kari"), *MEETING]  # all shift by one
    fix = Correction(3, "The invoice is late.", "personal")
    gone = Correction(1, "Something nobody says here.", "personal")
    done = apply(moved, [fix, gone])
    assert [p.number for p in done.placed] == [4]
    assert done.utterances[3].label == "personal"
    assert done.left_out == (gone,)
    # Two corrections of the same text take the two utterances nearest to them.
    twice = [said("ok"), said("ok"), said("ok")]
    done = apply(twice, [Correction(3, "ok", "other"), Correction(3, "OK", "personal")])
    assert sorted(p.number for p in done.placed) == [2, 3]


def test_normalise_ignores_case_width_and_spacing() -> None:
    assert normalise("  Ｈｅｌｌｏ\tWORLD ") == normalise("hello world")
    assert normalise("はい") != normalise("いいえ")


TEXTS = ["Hello!", "How was the cabin?", "The invoice is late.", "I send it. Do you?", "ok"]
utterance = st.builds(
    Utterance,
    speaker=st.sampled_from(["Me", "Kari", None]),
    text=st.sampled_from(TEXTS),
    label=st.sampled_from(LABELS),
    confidence=st.floats(0, 1),
)
meetings = st.lists(utterance, min_size=1, max_size=12)


@st.composite
def corrected_meetings(draw: st.DrawFn) -> tuple[list[Utterance], list[Correction]]:
    utterances = draw(meetings)
    numbers = draw(st.sets(st.integers(1, len(utterances)), max_size=len(utterances)))
    fixes = [Correction(n, utterances[n - 1].text, draw(st.sampled_from(LABELS))) for n in numbers]
    return utterances, fixes


@given(corrected_meetings())
def test_correcting_then_resetting_gives_back_the_original_metrics(
    case: tuple[list[Utterance], list[Correction]],
) -> None:
    utterances, fixes = case
    done = apply(utterances, fixes)
    assert len(done.placed) == len(fixes) and not done.left_out
    for p in done.placed:
        assert done.utterances[p.number - 1].label == p.correction.label
    back = revert(done.utterances, done.placed)
    assert back == tuple(utterances)
    assert metrics(back) == metrics(utterances)


@given(corrected_meetings(), st.lists(st.sampled_from(LABELS), min_size=12, max_size=12))
def test_corrections_survive_a_new_labelling_of_the_same_utterances(
    case: tuple[list[Utterance], list[Correction]], relabelled: list[str]
) -> None:
    utterances, fixes = case
    again = [replace(u, label=relabelled[i]) for i, u in enumerate(utterances)]
    first, second = apply(utterances, fixes), apply(again, fixes)
    for p in first.placed:
        assert second.utterances[p.number - 1].label == p.correction.label
    assert [p.number for p in second.placed] == [p.number for p in first.placed]


def test_a_stored_analysis_is_measured_again_to_the_same_figures() -> None:
    text = (
        "[00:00:00] Anna: Hi Kari!\n"
        "[00:00:10] Kari: How was your weekend? Did you go skiing?\n"
        "[00:01:00] Anna: Yes, we went skiing with the kids, it was lovely.\n"
        "[00:02:00] Kari: Where are we with the invoice for phase two?\n"
        "[00:03:00] Anna: I'll send you the invoice by Friday.\n"
        "[00:05:00] Kari: Thanks, bye.\n"
    )
    analysis = analyse(text.encode(), "m.txt", me="Anna", video=True, on=date(2026, 11, 23))
    assert to_json(from_json(plain(to_json(analysis)))) == to_json(analysis)
