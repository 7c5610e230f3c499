"""Corrections teach the labeller of a workspace: exact text (after normalising) only, the
latest correction wins, and the JSON keeps the ``learned`` flag and the labeller version."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rapport.domain.conversation import Utterance
from rapport.domain.corrections import LABELS, learn, normalise, taught
from rapport.jsonable import plain
from rapport.services.analysis import analyse, from_json, labeller_version, to_json

texts = st.text(max_size=30)


def said(text: str, label: str = "business") -> Utterance:
    return Utterance("Me", text, label=label, confidence=0.7)


def test_same_text_in_any_case_width_or_spacing_takes_the_users_label() -> None:
    lessons = taught([("The contract says March.", "personal")])
    out = learn(
        [
            said("the  CONTRACT says march."),
            said("The contract says March!"),
            said("ｔｈｅ contract says march."),
        ],
        lessons,
    )
    assert [(u.label, u.confidence, u.learned) for u in out] == [
        ("personal", 1.0, True),
        ("business", 0.7, False),  # not the same text: no fuzzy matching
        ("personal", 1.0, True),
    ]


def test_the_latest_correction_of_a_text_wins() -> None:
    assert taught([("Okay.", "personal"), ("okay.", "other")]) == {"okay.": "other"}
    assert taught([("   ", "personal")]) == {}


@given(st.lists(st.tuples(texts, st.sampled_from(LABELS))), st.lists(texts))
def test_learning_changes_exactly_the_taught_texts(
    corrections: list[tuple[str, str]], spoken: list[str]
) -> None:
    lessons = taught(corrections)
    before = [said(t) for t in spoken]
    after = learn(before, lessons)
    assert len(after) == len(before)
    for u, v in zip(before, after, strict=True):
        key = normalise(u.text)
        if key in lessons:
            assert (v.label, v.confidence, v.learned) == (lessons[key], 1.0, True)
        else:
            assert v == u
        assert (v.text, v.speaker, v.start) == (u.text, u.speaker, u.start)


def test_json_keeps_the_learned_flag_and_the_labeller() -> None:
    data = b"Me: Where are we with the invoice?\nKari: The contract says March.\n"
    analysis = analyse(
        data,
        "m.txt",
        me="Me",
        on=date(2026, 1, 5),
        lessons={"the contract says march.": "personal"},
    )
    result = plain(to_json(analysis))
    assert result["labeller"] == labeller_version() and len(labeller_version()) == 12
    assert [u["learned"] for u in result["utterances"]] == [False, True]
    assert plain(to_json(from_json(result))) == result
    old = {
        **result,
        "utterances": [
            {k: v for k, v in u.items() if k != "learned"} for u in result["utterances"]
        ],
    }
    del old["labeller"]
    assert from_json(old).labeller is None
    assert not any(u.learned for u in from_json(old).utterances)
