"""Transcript import: every format and edge case, and one clear error with the line."""

from __future__ import annotations

import json

import pytest

from rapport.errors import ImportProblem
from rapport.transcripts import detect_format, read_transcript

ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.500
Anna Berg: Good morning, can you hear me?

2
00:00:04.500 --> 00:00:09.000
Kari Nordmann: Yes, loud and clear.
"""

TEAMS_VTT = """WEBVTT

0f1a-1
00:00:00.000 --> 00:00:03.000
<v Anna Berg>Let us look at the invoice.</v>

0f1a-2
00:00:03.000 --> 00:00:05.250
<v Kari Nordmann>Sure, I have it here.</v>
"""


def speakers_and_texts(data: bytes, name: str = "t") -> list[tuple[str | None, str]]:
    return [(u.speaker, u.text) for u in read_transcript(data, name).utterances]


def test_zoom_vtt_takes_speaker_from_name_prefix() -> None:
    t = read_transcript(ZOOM_VTT.encode(), "zoom.vtt")
    assert t.format == "vtt"
    first, second = t.utterances
    assert (first.speaker, first.text, first.start, first.end) == (
        "Anna Berg",
        "Good morning, can you hear me?",
        1.0,
        4.5,
    )
    assert second.speaker == "Kari Nordmann"


def test_teams_vtt_takes_speaker_from_voice_tag() -> None:
    assert speakers_and_texts(TEAMS_VTT.encode()) == [
        ("Anna Berg", "Let us look at the invoice."),
        ("Kari Nordmann", "Sure, I have it here."),
    ]


def test_vtt_with_bom_and_crlf() -> None:
    data = b"\xef\xbb\xbf" + ZOOM_VTT.replace("\n", "\r\n").encode()
    assert speakers_and_texts(data)[1] == ("Kari Nordmann", "Yes, loud and clear.")


def test_vtt_cue_without_speaker_and_multi_line_cue() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nno name on this cue\nand a second line\n"
    assert speakers_and_texts(data) == [(None, "no name on this cue and a second line")]


def test_vtt_two_voices_in_one_cue() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Anna>Hi</v> <v Bob>Hello</v>\n"
    assert speakers_and_texts(data) == [("Anna", "Hi"), ("Bob", "Hello")]


def test_overlapping_cues_are_kept_in_start_order() -> None:
    data = (
        b"WEBVTT\n\n00:00:05.000 --> 00:00:09.000\nBob: second\n\n"
        b"00:00:01.000 --> 00:00:06.000\nAnna: first, overlapping Bob\n"
    )
    t = read_transcript(data, "o.vtt")
    assert [(u.speaker, u.start, u.end) for u in t.utterances] == [
        ("Anna", 1.0, 6.0),
        ("Bob", 5.0, 9.0),
    ]


def test_broken_vtt_timing_names_the_line() -> None:
    data = (
        b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHi\n\n2\n00:00:0x.000 --> 00:00:03.000\nYo\n"
    )
    with pytest.raises(ImportProblem) as err:
        read_transcript(data, "bad.vtt")
    assert err.value.problems == [
        "bad.vtt:8: expected a cue timing like 00:00:01.000 --> 00:00:04.000, "
        "found '00:00:0x.000 --> 00:00:03.000'"
    ]


def test_srt_with_speakers_crlf_and_multi_line() -> None:
    data = (
        b"1\r\n00:00:01,000 --> 00:00:02,500\r\nAnna: Hello\r\nthere\r\n\r\n"
        b"2\r\n00:00:02,500 --> 00:00:04,000\r\nno speaker\r\n"
    )
    t = read_transcript(data, "s.srt")
    assert t.format == "srt"
    assert [(u.speaker, u.text, u.start, u.end) for u in t.utterances] == [
        ("Anna", "Hello there", 1.0, 2.5),
        (None, "no speaker", 2.5, 4.0),
    ]


def test_broken_srt_names_the_line() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:0x,000 --> 00:00:03,000\nYo\n"
    with pytest.raises(ImportProblem, match=r"^s\.srt:5: not a valid SRT cue"):
        read_transcript(data, "s.srt")


def test_plain_text_with_and_without_timestamps() -> None:
    text = "[00:00:01] Anna: Hello\ncontinued here\n00:00:05 Bob: Hi\n\nnobody said this\n"
    t = read_transcript(text.encode(), "t.txt")
    assert t.format == "txt"
    assert [(u.speaker, u.text, u.start, u.end) for u in t.utterances] == [
        ("Anna", "Hello continued here", 1.0, 5.0),
        ("Bob", "Hi", 5.0, 5.0),
        (None, "nobody said this", None, None),
    ]


def test_plain_text_full_width_colon_and_otter_headers() -> None:
    text = "田中：よろしくお願いします\nAnna Berg  0:03\nThanks for having me.\n"
    assert speakers_and_texts(text.encode()) == [
        ("田中", "よろしくお願いします"),
        ("Anna Berg", "Thanks for having me."),
    ]


def test_plain_text_time_going_backwards_names_the_line() -> None:
    with pytest.raises(ImportProblem, match=r"^t\.txt:2: time goes backwards"):
        read_transcript(b"[00:01:00] A: one\n[00:00:30] B: two\n", "t.txt")


def test_text_that_is_not_utf8_names_the_line() -> None:
    with pytest.raises(ImportProblem, match=r"^x\.txt:2: not UTF-8 text"):
        read_transcript(b"Anna: hi\nBob: \xff\xfe oops\n", "x.txt")


def test_utf16_with_bom_is_read() -> None:
    data = "Anna: hei\nBob: hallo\n".encode("utf-16")
    assert speakers_and_texts(data) == [("Anna", "hei"), ("Bob", "hallo")]


def test_json_list_of_utterances() -> None:
    data = json.dumps(
        [
            {"speaker": "Anna", "start": 0, "end": 2.5, "text": "Hi"},
            {"speaker": "Bob", "start": "00:00:02.500", "end": "00:00:04", "text": "Hello"},
        ]
    ).encode()
    t = read_transcript(data, "m.json")
    assert t.format == "json"
    assert [(u.speaker, u.start, u.end) for u in t.utterances] == [
        ("Anna", 0.0, 2.5),
        ("Bob", 2.5, 4.0),
    ]


def test_json_assemblyai_times_are_milliseconds() -> None:
    data = json.dumps(
        {
            "audio_duration": 4,
            "utterances": [{"speaker": "A", "start": 1000, "end": 2500, "text": "hi"}],
        }
    ).encode()
    (u,) = read_transcript(data, "a.json").utterances
    assert (u.start, u.end) == (1.0, 2.5)


def test_json_whisper_segments_without_speaker() -> None:
    data = json.dumps({"segments": [{"start": 0.0, "end": 1.5, "text": " hello "}]}).encode()
    (u,) = read_transcript(data, "w.json").utterances
    assert (u.speaker, u.text, u.end) == (None, "hello", 1.5)


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(ImportProblem, match=r"^m\.json:2: invalid JSON"):
        read_transcript(b'[{"speaker": "A",\n "start": 1,}]', "m.json")


def test_json_item_without_text_is_named() -> None:
    with pytest.raises(ImportProblem, match=r"^m\.json: item 2: missing text$"):
        read_transcript(b'[{"text": "a"}, {"speaker": "B"}]', "m.json")


def test_empty_file_is_one_clear_error() -> None:
    with pytest.raises(ImportProblem, match=r"^e\.txt: no utterances found"):
        read_transcript(b"\n\n", "e.txt")


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        ("WEBVTT\n", "vtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nx\n", "srt"),
        ('[{"text": "x"}]', "json"),
        ("Anna: hi\n", "txt"),
    ],
)
def test_format_is_detected(head: str, fmt: str) -> None:
    assert detect_format(head) == fmt
