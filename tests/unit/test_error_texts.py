"""User errors carry an English template and its parameters: the message stays English (logs,
the API's ``detail``), and the command line renders it in the chosen language."""

from __future__ import annotations

import pytest

from rapport.cli import text
from rapport.domain import validation
from rapport.domain.assessment import check_answers
from rapport.domain.model import Client, Workspace
from rapport.errors import ImportProblem, InvalidInputError, NotFoundError, Problem
from rapport.i18n import render
from rapport.importers.csv_tables import read_csv
from rapport.importers.plan import Known
from rapport.texts import Text


@pytest.fixture(autouse=True)
def _english_afterwards() -> object:
    yield
    text.use(None)


def test_message_is_english_and_localized_follows_the_language() -> None:
    error = NotFoundError(
        "no client named {name} (did you mean {suggestion}?)", name="Sakra", suggestion="Sakura"
    )
    assert error.message == str(error) == "no client named Sakra (did you mean Sakura?)"
    text.use("ja")
    assert text.error_lines(error) == ["Sakra という名前の顧客はいません（Sakura のことですか？）"]
    text.use("nb")
    assert text.error_lines(error) == ["ingen kunde heter Sakra (mente du Sakura?)"]


def test_a_plain_string_error_stays_english_in_every_language() -> None:
    text.use("vi")
    assert text.error_lines(InvalidInputError("something {odd} happened")) == [
        "something {odd} happened"
    ]


def test_validation_errors_are_translated_with_their_values() -> None:
    with pytest.raises(InvalidInputError) as err:
        validation.check_timezone("Mars/Base")
    assert err.value.message == "unknown time zone 'Mars/Base' (use an IANA name like Europe/Oslo)"
    text.use("zh-Hans")
    assert text.error_lines(err.value) == [
        "未知时区 'Mars/Base'（请使用 IANA 名称，例如 Asia/Shanghai）"
    ]


def test_assessment_errors_are_translated_part_by_part() -> None:
    with pytest.raises(InvalidInputError) as err:
        check_answers({"nope": 3})
    assert err.value.message.startswith("unknown item id(s): nope; missing answers for: ")
    text.use("nb")
    (line,) = text.error_lines(err.value)
    assert line.startswith("ukjente spørsmåls-id-er: nope; mangler svar på: ")


def test_import_problems_keep_file_and_line_and_translate_the_message() -> None:
    known = Known(Workspace(clients=[Client(id=1, name="Sakura KK")]))
    data = b"client,name\nSakra KK,Aiko\n"
    plan = read_csv(data, "in.csv", known)
    assert plan.problems == ["in.csv:2: no client named Sakra KK (did you mean Sakura KK?)"]
    text.use("vi")
    lines = text.error_lines(ImportProblem(plan.details))
    assert lines == ["in.csv:2: không có khách hàng nào tên Sakra KK (ý bạn là Sakura KK?)"]


def test_nested_texts_render_in_the_same_language() -> None:
    inner = Text("not a date: {text} (use YYYY-MM-DD)", {"text": "'soon'"})
    problem = Problem("--from", Text("{field}: {error}", {"field": "x", "error": inner}))
    assert problem.english == "--from: x: not a date: 'soon' (use YYYY-MM-DD)"
    ja = render(problem.text, "ja", "cli")
    assert ja == "--from: x：日付ではありません：'soon'（YYYY-MM-DD の形式で指定してください）"


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="unknown language 'xx'"):
        text.use("xx")


def test_row_counts_use_each_language_plural_forms() -> None:
    text.use("en")
    assert text.counts({"clients": 1, "revenue": 3}) == "1 client, 3 revenue entries"
    text.use("nb")
    assert text.counts({"clients": 1, "contacts": 2}) == "1 kunde, 2 kontaktpersoner"
    text.use("ja")
    assert text.counts({"clients": 2, "notes": 0}, skip_zero=True) == "顧客 2 件"


def test_transcript_problems_are_translated_with_their_line() -> None:
    from rapport.transcripts import read_transcript

    with pytest.raises(ImportProblem) as err:
        read_transcript(b"[00:01:00] A: one\n[00:00:30] B: two\n", "t.txt")
    assert err.value.problems == ["t.txt:2: time goes backwards"]
    text.use("zh-Hans")
    assert text.error_lines(err.value) == ["t.txt:2: 时间倒退了"]
