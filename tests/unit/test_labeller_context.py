"""Style-neutral features, topic concepts and the context model behind the labeller."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.language.labeller import LABELS, StreamState, shared_labeller
from rapport.language.sequence import Switching, smooth
from rapport.language.style import neutralise
from rapport.language.topics import (
    CONCEPTS,
    LexiconError,
    read_lexicon,
    read_lexicons,
    shared_lexicon,
)
from tests.conftest import ROOT


def test_pronouns_fillers_and_punctuation_carry_no_signal() -> None:
    assert neutralise("I load some stuff, um, and then I filter it!") == (
        "load some stuff and then filter it"
    )
    # the chit-chat corpora's tokenised spelling reads like everyone else's
    assert neutralise("i 'm just taking a break !") == neutralise("I'm just taking a break.")
    assert neutralise("Jeg sender tilbudet") == "sender tilbudet"
    assert "我" not in neutralise("我周末带娃") and "周末带娃" in neutralise("我周末带娃")
    assert "私" not in neutralise("私は資料を作ります")


def test_a_backchannel_alone_keeps_its_words() -> None:
    assert neutralise("Mm-hmm.") == "mm hmm"
    assert neutralise("You?") == "you"


def test_topic_words_stay() -> None:
    for text, kept in [
        ("My wife and the kids went skiing", "wife and the kids went skiing"),
        ("Vi har levert fakturaen", "har levert fakturaen"),
    ]:
        assert kept in neutralise(text)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_neutral_text_is_clean_for_any_input(text: str) -> None:
    out = neutralise(text)
    assert out == out.strip() and "  " not in out
    assert out == neutralise(out)  # idempotent: neutral text stays as it is


def test_every_language_has_a_lexicon_naming_both_sides() -> None:
    lexicon = shared_lexicon()
    for text, concept in [
        ("the kids are sick", "P_CHILDREN"),
        ("ungene har vinterferie", "P_CHILDREN"),
        ("cuối tuần này em về quê", "P_WEEKEND"),
        ("子供が熱を出して", "P_CHILDREN"),
        ("周末带孩子去公园", "P_WEEKEND"),
        ("the invoice is overdue", "W_MONEY"),
        ("fakturaen er sendt", "W_MONEY"),
        ("báo giá gửi khách hàng", "W_CLIENT"),
        ("請求書を送りました", "W_MONEY"),
        ("发票已经开了", "W_MONEY"),
    ]:
        found = {CONCEPTS[i] for i in lexicon.concepts(neutralise(text))}
        assert concept in found, (text, found)


def test_a_bad_lexicon_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "xx.tsv"
    path.write_text("# comment\nP_FAMILY\tmother\nNOT_A_CONCEPT\tthing\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"xx\.tsv:3:"):
        read_lexicon([path])


STEADY = Switching(0.05, 0.1)
BUSINESS = (0.9, 0.05, 0.05)
WEAK_PERSONAL = (0.4, 0.55, 0.05)
STRONG_PERSONAL = (0.02, 0.96, 0.02)
YEAH = (0.1, 0.1, 0.8)


def labels(rows: list[tuple[float, float, float]]) -> list[str]:
    out, _ = smooth(rows, STEADY)
    return [LABELS[max(range(3), key=row.__getitem__)] for row in out]


def test_a_lone_weak_cue_inside_business_stays_business() -> None:
    assert labels([BUSINESS] * 4 + [WEAK_PERSONAL] + [BUSINESS] * 4)[4] == "business"


def test_a_backchannel_inside_business_stays_other_and_does_not_turn_personal() -> None:
    got = labels([BUSINESS] * 3 + [YEAH] + [BUSINESS] * 3)
    assert got == ["business"] * 3 + ["other"] + ["business"] * 3


def test_a_clear_personal_remark_survives_and_a_stretch_holds() -> None:
    got = labels([BUSINESS] * 4 + [STRONG_PERSONAL, WEAK_PERSONAL, YEAH, STRONG_PERSONAL])
    assert got[4:] == ["personal", "personal", "other", "personal"]


probability_rows = st.lists(
    st.tuples(*[st.floats(0.001, 1.0)] * 3).map(lambda t: tuple(x / sum(t) for x in t)),
    min_size=1,
    max_size=40,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(probability_rows, st.floats(0.01, 0.5), st.floats(0.01, 0.5))
def test_smoothing_keeps_probabilities_and_the_other_share(
    rows: list[tuple[float, float, float]], to_personal: float, to_business: float
) -> None:
    out, carry = smooth(rows, Switching(to_personal, to_business))
    assert len(out) == len(rows)
    assert all(math.isclose(sum(row), 1.0) for row in out)
    # context moves the topic, never "other"
    assert all(math.isclose(o[2], r[2]) for o, r in zip(out, rows, strict=True))
    assert math.isclose(sum(carry), 1.0)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(probability_rows, st.integers(1, 39))
def test_a_stream_in_pieces_ends_in_the_same_belief(
    rows: list[tuple[float, float, float]], cut: int
) -> None:
    cut = min(cut, len(rows))
    whole = smooth(rows, STEADY)[1]
    first = smooth(rows[:cut], STEADY)[1]
    pieces = smooth(rows[cut:], STEADY, first)[1] if cut < len(rows) else first
    assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(pieces, whole, strict=True))


FIRST_PERSON_WORK = [
    "I load the data",
    "this is the code that I can run",
    "I organize my code",
    "so I pushed the fix last night, should be fine now",
    "honestly I'm not sure about my numbers in this sheet",
    "jeg har sendt tilbudet til kunden i går",
    "em gửi báo giá cho anh rồi nhé",
    "私のほうで見積もりを修正しておきます",
    "我这边把数据清洗的脚本跑完了",
]
SMALL_TALK = [
    "how was your weekend with the kids?",
    "my daughter started school this week",
    "vi var på hytta i helgen",
    "tết này chị có về quê không?",
    "週末は家族で温泉に行ってきました",
    "你周末带孩子去哪儿玩了？",
]


@pytest.mark.parametrize("text", FIRST_PERSON_WORK)
def test_first_person_work_talk_is_business(text: str) -> None:
    assert shared_labeller().label(text).label == "business"


@pytest.mark.parametrize("text", SMALL_TALK)
def test_small_talk_is_personal(text: str) -> None:
    assert shared_labeller().label(text).label == "personal"


def test_a_walk_through_with_one_aside_comes_out_mostly_business() -> None:
    meeting = [
        "okay can everyone see my screen",
        "yeah",
        "so this is the code that I can run",
        "first I load some stuff from the csv",
        "I load some stuff",
        "and then I organize my code into these three functions",
        "mm",
        "I filter out the empty rows here",
        "oh by the way how was your holiday in Spain",
        "it was lovely, the kids loved the beach",
        "nice",
        "anyway so here I merge the two tables",
        "and this plot shows the weekly numbers",
        "any questions about the script so far",
    ]
    got, _ = shared_labeller().label_sequence(meeting)
    labels_ = [g.label for g in got]
    assert labels_[8] == labels_[9] == "personal"
    assert labels_.count("personal") == 2
    assert all(labels_[i] == "business" for i in (2, 3, 4, 5, 7, 11, 12, 13))


def _held_out_sentences() -> list[tuple[str, str]]:
    rows = []
    for path in sorted((ROOT / "bench" / "labeller_eval" / "worktalk").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                label, text = line.split("\t")
                rows.append((label, text))
    return rows


def test_a_shuffled_list_is_labelled_as_well_as_each_line_alone() -> None:
    """`rapport classify` does not know whether its lines are one conversation: on a
    list of unrelated sentences its context must not cost accuracy."""
    rows = _held_out_sentences()
    random.Random(4).shuffle(rows)
    texts = [text for _, text in rows]
    labeller = shared_labeller()
    alone = sum(
        g.label == label for (label, _), g in zip(rows, labeller.label_many(texts), strict=True)
    )
    state = StreamState()
    streamed = [
        x
        for at in range(0, len(texts), 50)
        for x in labeller.label_stream(texts[at : at + 50], state)
    ]
    in_stream = sum(g.label == label for (label, _), g in zip(rows, streamed, strict=True))
    assert in_stream >= alone - len(rows) * 0.01, (in_stream, alone)


def test_a_conversation_in_a_stream_gains_from_context() -> None:
    meetings = sorted((ROOT / "bench" / "labeller_eval" / "meetings").glob("*/*.tsv"))
    rows = [
        line.split("\t")[1:]
        for path in meetings
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    texts = [text for _, text in rows]
    labeller = shared_labeller()
    alone = sum(
        g.label == label for (label, _), g in zip(rows, labeller.label_many(texts), strict=True)
    )
    state = StreamState()
    streamed = labeller.label_stream(texts, state)
    assert sum(g.label == label for (label, _), g in zip(rows, streamed, strict=True)) > alone


def test_a_missing_lexicon_is_an_error_not_a_quietly_worse_model(tmp_path: Path) -> None:
    (tmp_path / "en.tsv").write_text("P_FAMILY\tmother\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="topic lexicon missing"):
        read_lexicons(tmp_path)


def test_the_labellers_data_files_are_in_the_package() -> None:
    """A regular install (not editable) carries only what package-data names: every data
    file the labeller reads at run time must match one of its patterns."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["*"]
    language = ROOT / "src" / "rapport" / "language"
    data = [p for p in language.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert any(p.parent.name == "topic_lexicon" for p in data)
    unpacked = [p for p in data if not any(fnmatch.fnmatch(p.name, pat) for pat in patterns)]
    assert not unpacked, f"add their pattern to package-data in pyproject.toml: {unpacked}"
