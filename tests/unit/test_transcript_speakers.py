"""Who is speaking: speaker labels with titles, "LAST, First", voice spans, and the
exports of Microsoft Teams, Zoom and Google Meet (tests/fixtures/transcripts/, written
after the tools' documented formats; see tests/fixtures/LICENSE.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain.conversation import same_person
from rapport.errors import ImportProblem
from rapport.transcripts import read_transcript
from rapport.transcripts.speakers import SpeakerLabels, split_speaker
from rapport.transcripts.text_format import parse as parse_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "transcripts"


def read(name: str) -> list[tuple[str | None, str, float | None, float | None]]:
    t = read_transcript((FIXTURES / name).read_bytes(), name)
    return [(u.speaker, u.text, u.start, u.end) for u in t.utterances]


def test_teams_vtt_with_cue_ids_and_voice_spans() -> None:
    assert read("teams.vtt") == [
        ("Anna Berg", "Good morning, Kari. Can you see my screen?", 1.52, 4.88),
        ("Anna Berg", "It's the launch plan.", 4.88, 6.12),
        ("NORDMANN, Kari", "Yes, I can. Note: the deadline moved to Friday.", 6.9, 11.24),
        (
            "Dr. Lars Holm",
            "Agenda: three items. First the print budget, then the supplier.",
            11.8,
            16.03,
        ),
        ("Anna Berg", "Let's meet again at 10:30 tomorrow.", 16.5, 19.76),
    ]


def test_zoom_cloud_recording_vtt_with_titles_and_last_first() -> None:
    rows = read("zoom.vtt")
    assert [(s, t) for s, t, _a, _b in rows] == [
        ("Dr. Jane Smith", "Good morning, everyone. Can you all hear me?"),
        ("Mr. Nguyen Van A", "Yes, loud and clear."),
        ("Dr. Jane Smith", "so here's the plan: we walk through the script first, then questions."),
        ("Prof. Tanaka", "Sounds good. Note: I have to leave at 10:45."),
        ("SMITH, Jane", "The notebook is at https://example.com/plan if you want to follow along."),
        (None, "Agenda: data loading, then the model."),
    ]
    assert rows[0][2:] == (2.31, 5.12)


def test_srt_with_titles_and_a_heading_that_is_no_speaker() -> None:
    assert [(s, t) for s, t, _a, _b in read("titles.srt")] == [
        ("Prof. Tanaka", "Shall we begin?"),
        ("SMITH, Jane", "Yes. Note: the deadline moved."),
        (None, "Agenda: three items."),
        ("Ms. Kari Nordmann", "The call is at 10:30, the link is https://example.com/call."),
    ]


def test_youtube_sbv_captions() -> None:
    t = read_transcript((FIXTURES / "youtube.sbv").read_bytes(), "youtube.sbv")
    assert t.format == "sbv"
    assert [(u.speaker, u.text, u.start, u.end, u.line) for u in t.utterances] == [
        ("Anna Berg", "Welcome to the quarterly review.", 1.0, 5.0, 1),
        ("Prof. Tanaka", "Thank you. Agenda: results first, then the plan.", 5.0, 9.5, 4),
        (None, "and a few questions at the end.", 9.5, 12.0, 8),
    ]


def test_broken_sbv_names_the_line() -> None:
    data = b"0:00:01.000,0:00:02.000\nHi\n\n0:00:0x.000,0:00:03.000\nYo\n"
    with pytest.raises(ImportProblem, match=r"^c\.sbv:4: expected a caption timing"):
        read_transcript(data, "c.sbv", "sbv")


def test_zoom_saved_chat_counts_from_the_first_message_and_drops_reactions() -> None:
    assert read("zoom_chat.txt") == [
        ("Anna Berg", "Good morning! The agenda is in the shared doc.", 0.0, None),
        ("Kari Nordmann", "Morning :)", 29.0, None),
        ("Kari Nordmann", "Can you share the link again?", 54.0, None),
        ("Anna Berg", "https://example.com/plan", 61.0, None),
        ("Lars Holm", "Note: I have to leave at 10:45.", 111.0, None),
    ]


def test_zoom_old_one_line_chat_goes_on_past_midnight() -> None:
    assert read("zoom_chat_old.txt") == [
        ("Anna Berg", "Good evening, is everyone here?", 0.0, None),
        ("Kari Nordmann", "Yes. Agenda: the budget.", 38.0, None),
        ("Anna Berg", "Happy new year, by the way!", 80.0, None),
    ]


def test_zoom_cloud_recording_chat_with_tabs() -> None:
    assert read("zoom_cloud_chat.txt") == [
        ("Anna Berg", "Good morning, I put the slides in the chat.", 72.0, 160.0),
        ("Kari Nordmann", "Thanks! Note: page 4 has the old numbers.", 160.0, 160.0),
    ]


def test_zoom_saved_live_transcript_with_bracketed_names() -> None:
    assert read("zoom_live_transcript.txt") == [
        ("Anna Berg", "Good morning, everyone. Shall we start with the budget?", 0.0, 8.0),
        ("Kari Nordmann", "Yes. Note: the print costs went up by ten percent.", 8.0, 20.0),
        ("Anna Berg", "Then let's meet again at 10:30 tomorrow.", 20.0, 20.0),
    ]


def test_google_meet_transcript_skips_its_header_and_reads_section_times() -> None:
    assert read("google_meet.txt") == [
        ("Anna Berg", "Good morning everyone, shall we start?", 0.0, None),
        ("Kari Nordmann", "Yes. Agenda: three items today.", None, None),
        ("Anna Berg", "First the launch budget.", None, None),
        (
            "Lars Holm",
            "The print costs went up by ten percent, so I asked two more suppliers.",
            312.0,
            None,
        ),
        ("Anna Berg", "Good. Let's decide by Friday.", None, None),
    ]


def test_google_meet_names_on_their_own_lines() -> None:
    assert [(s, t) for s, t, _a, _b in read("google_meet_names.txt")] == [
        ("Anna Berg", "Good morning, shall we go through the plan?"),
        ("Kari Nordmann", "Yes. Note: the deadline moved to Friday. It was Wednesday before."),
        ("Anna Berg", "Then we need the supplier decision by Wednesday."),
    ]


def test_names_on_their_own_lines_without_a_header() -> None:
    text = "Anna Berg\nHello there.\nKari Nordmann\nHi!\nAnna Berg\nShall we?\nKari Nordmann\nYes."
    assert [(u.speaker, u.text) for u in read_transcript(text.encode()).utterances] == [
        ("Anna Berg", "Hello there."),
        ("Kari Nordmann", "Hi!"),
        ("Anna Berg", "Shall we?"),
        ("Kari Nordmann", "Yes."),
    ]


def test_a_few_capitalised_lines_are_not_taken_for_names() -> None:
    lines = ["Brilliant", "we can start now", "Lovely", "that works for me"] * 2 + ["ok then"] * 5
    text = "\n".join(lines)
    assert all(u.speaker is None for u in read_transcript(text.encode()).utterances)


def test_a_name_with_a_colon_alone_on_its_line_heads_the_text_below() -> None:
    text = "Dr. Jane Smith:\nso here's the plan.\n\nKari:\n\nSounds good.\n"
    assert [(u.speaker, u.text) for u in read_transcript(text.encode()).utterances] == [
        ("Dr. Jane Smith", "so here's the plan."),
        ("Kari", "Sounds good."),
    ]


def test_voice_spans_with_classes_and_without_closing_tag() -> None:
    data = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v.loud.first Dr. Jane Smith>Hello there\n\n"
        b"00:00:03.000 --> 00:00:05.000\n<v Kari>Hi</v> <v.quiet Bob>Hey\n"
    )
    assert [(u.speaker, u.text) for u in read_transcript(data).utterances] == [
        ("Dr. Jane Smith", "Hello there"),
        ("Kari", "Hi"),
        ("Bob", "Hey"),
    ]


@pytest.mark.parametrize(
    ("line", "speaker", "text"),
    [
        ("Dr. Jane Smith: so here's the plan", "Dr. Jane Smith", "so here's the plan"),
        ("Mr. Nguyen Van A: chào anh", "Mr. Nguyen Van A", "chào anh"),
        ("Prof. Tanaka: はい", "Prof. Tanaka", "はい"),
        ("SMITH, Jane: hello", "SMITH, Jane", "hello"),
        ("John F. Kennedy: ask not", "John F. Kennedy", "ask not"),
        ("Jan van der Berg: hei", "Jan van der Berg", "hei"),
        ("Anna Berg (she/her): hi", "Anna Berg (she/her)", "hi"),
        ("Speaker 1: hi", "Speaker 1", "hi"),
        ("SPEAKER_00: hi", "SPEAKER_00", "hi"),
        ("田中さん：よろしくお願いします", "田中さん", "よろしくお願いします"),
        ("张经理：好的", "张经理", "好的"),
        ("Chị Lan: em chào chị", "Chị Lan", "em chào chị"),
        ("Kari Nordmann: Note: the deadline moved", "Kari Nordmann", "Note: the deadline moved"),
    ],
)
def test_speaker_labels(line: str, speaker: str, text: str) -> None:
    assert split_speaker(line) == (speaker, text)


@pytest.mark.parametrize(
    "line",
    [
        "Note: the deadline moved",
        "Agenda: three items",
        "NOTE: bring the contract",
        "Re: the invoice",
        "Meet at 10:30 tomorrow",
        "10:30 works for me",
        "See https://example.com/plan",
        "https://example.com/plan",
        "The plan: do it",
        "Well, here's the thing: it's late",
        "Ok. So: next",
        "I think: yes",
        "Merk: fristen er flyttet",
        "Lưu ý: mai họp lúc 9 giờ",
        "注意：明天开会",
        "我觉得问题是：太贵了",
        "Anna:",
        "Next steps: send the plan",
    ],
)
def test_sentences_with_a_colon_are_not_speakers(line: str) -> None:
    assert split_speaker(line) == (None, line.strip())


def test_a_lower_case_label_is_a_speaker_when_it_starts_several_lines() -> None:
    text = "jdoe: hi all\n\nanna_k: hello\n\njdoe: shall we start\n\nmailto: someone\n"
    rows = [(u.speaker, u.text) for u in read_transcript(text.encode()).utterances]
    assert rows == [
        ("jdoe", "hi all"),
        (None, "anna_k: hello"),
        ("jdoe", "shall we start"),
        (None, "mailto: someone"),
    ]
    assert SpeakerLabels().split("jdoe: hi all") == (None, "jdoe: hi all")


def test_a_clock_time_in_a_sentence_is_no_otter_header() -> None:
    text = "Anna: when shall we meet?\nCall me at 10:30\n"
    assert [(u.speaker, u.text) for u in read_transcript(text.encode()).utterances] == [
        ("Anna", "when shall we meet? Call me at 10:30")
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Jane", "Dr. Jane Smith", True),
        ("Jane Smith", "SMITH, Jane", True),
        ("jane smith", "Prof. Jane Smith", True),
        ("Jane", "SMITH, Jane", True),
        ("Anna Berg", "Anna Berg (she/her)", True),
        ("Me", "Dr. Jane Smith", False),
        ("Smith", "Dr. Jane Smith", False),
        ("Nguyen Van A", "Mr. Nguyen Van A", True),
    ],
)
def test_the_same_person_whatever_the_title_or_order(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


# -- properties -------------------------------------------------------------------------

_PIECES = [
    "Anna", "Berg", "Dr.", "SMITH,", "Jane", "Note", "the", "plan", "so", "here's", "ok",
    "Agenda", "jdoe", "田中", "よろしく", "is", "at", "https", "//example.com", "Kari", "van",
]  # fmt: skip
_SEPARATORS = [" ", ": ", ":", "：", " : ", "  "]
_lines = st.lists(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), min_size=1, max_size=7
    ).map(lambda parts: "".join(p + s for p, s in parts).rstrip()),
    min_size=1,
    max_size=12,
)
_SQUEEZE = re.compile(r"[\s:：]+")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_split_never_loses_text_and_never_leaves_an_empty_utterance(text: str) -> None:
    speaker, body = split_speaker(text)
    if speaker is None:
        assert body == text.strip()
        return
    assert body and body == body.strip()
    assert text.strip().startswith(speaker) and text.strip().endswith(body)
    between = text.strip()[len(speaker) : len(text.strip()) - len(body)]
    assert between.strip() in (":", "：")


@settings(max_examples=300, deadline=None)
@given(_lines, st.lists(st.booleans(), max_size=12))
def test_reading_text_never_loses_words(lines: list[str], blanks: list[bool]) -> None:
    gaps = blanks + [False] * len(lines)
    spaced = [
        line + ("\n" if gap else "") for line, gap in zip(lines, gaps[: len(lines)], strict=True)
    ]
    text = "\n".join(spaced)
    utterances = parse_text(text, "p.txt")
    assert all(u.text.strip() for u in utterances)
    said = "".join(f"{u.speaker or ''}{u.text}" for u in utterances)
    assert _SQUEEZE.sub("", said) == _SQUEEZE.sub("", text)
