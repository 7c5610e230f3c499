"""Language detection, questions, self-reference and promises in all five languages."""

from __future__ import annotations

from datetime import date

import pytest

from rapport.language.detect import detect
from rapport.language.lexicon import questions, references
from rapport.language.promises import due_date, find_promise, is_promise

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Where are we with the migration to the new server?", "en"),
        ("プロジェクトの進捗はいかがでしょうか。", "ja"),
        ("项目现在进展到哪一步了？", "zh-Hans"),
        ("Dự án hiện đang đến giai đoạn nào rồi?", "vi"),
        ("Hvor står vi med flyttingen til den nye serveren?", "nb"),
        ("Kan du sende meg fakturaen?", "nb"),
    ],
)
def test_language_of_an_utterance(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_language_that_cannot_be_told_takes_the_fallback() -> None:
    assert detect("42 / 17", fallback="nb") == "nb"


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("Can you send it? Thanks.", "en", 1),
        ("Did you see the game", "en", 1),
        ("I sent it yesterday.", "en", 0),
        ("資料はもうご覧になりましたか", "ja", 1),
        ("明日お送りします。", "ja", 0),
        ("你看过报告吗", "zh-Hans", 1),
        ("我明天发给你。", "zh-Hans", 0),
        ("Anh đã nhận được hóa đơn chưa", "vi", 1),
        ("Em gửi rồi ạ.", "vi", 0),
        ("Det gikk fint, ikke sant", "nb", 1),
        ("Hvordan gikk helgen", "nb", 1),
        ("Jeg sender det i morgen.", "nb", 0),
        ("What's next? And who pays？", "en", 2),
    ],
)
def test_questions(text: str, lang: str, count: int) -> None:
    assert questions(text, lang) == count


@pytest.mark.parametrize(
    ("text", "lang", "mine", "yours"),
    [
        ("I'll send you my notes, and you can tell me.", "en", 3, 2),
        ("私は御社の件で田中さんに伺います。", "ja", 1, 2),
        ("我们会给你发，我来负责。", "zh-Hans", 1, 1),
        ("Tôi sẽ gửi anh báo giá, chị xem giúp tôi.", "vi", 2, 2),
        ("Jeg sender deg det, og dere får min rapport.", "nb", 2, 2),
    ],
)
def test_self_and_other_references(text: str, lang: str, mine: int, yours: int) -> None:
    refs = references(text, lang)
    assert (refs.mine, refs.yours) == (mine, yours)


@pytest.mark.parametrize(
    ("text", "lang", "due"),
    [
        ("I'll send the draft by Friday.", "en", date(2026, 11, 27)),
        ("明日までにお送りします", "ja", date(2026, 11, 24)),
        ("我周五前发给你", "zh-Hans", date(2026, 11, 27)),
        ("Tôi sẽ gửi trước thứ Sáu", "vi", date(2026, 11, 27)),
        ("Jeg sender det innen fredag", "nb", date(2026, 11, 27)),
        ("I will prepare the estimate next week.", "en", date(2026, 12, 4)),
        ("来週の金曜日までに見積書を送ります", "ja", date(2026, 12, 4)),
        ("我会在12月5日前提交报告", "zh-Hans", date(2026, 12, 5)),
        ("Em sẽ gửi báo giá vào ngày mai", "vi", date(2026, 11, 24)),
        ("Vi leverer 5. desember", "nb", date(2026, 12, 5)),
        ("We'll deliver on 2026-12-15.", "en", date(2026, 12, 15)),
        ("Let me check with the vendor.", "en", None),
    ],
)
def test_promises_with_due_dates(text: str, lang: str, due: date | None) -> None:
    found = find_promise(text, lang, MONDAY)
    assert found is not None
    assert found.due == due


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I'll be right back.", "en"),
        ("How was your weekend?", "en"),
        ("週末はいかがでしたか。", "ja"),
        ("你周末过得怎么样？", "zh-Hans"),
        ("Cuối tuần của anh thế nào?", "vi"),
        ("Hvordan var helgen?", "nb"),
    ],
)
def test_not_promises(text: str, lang: str) -> None:
    assert not is_promise(text, lang)


def test_a_weekday_said_on_that_weekday_means_next_week() -> None:
    assert due_date("by Monday", "en", MONDAY) == date(2026, 11, 30)


def test_end_of_month_and_in_n_days() -> None:
    assert due_date("by the end of the month", "en", MONDAY) == date(2026, 11, 30)
    assert due_date("in 3 days", "en", MONDAY) == date(2026, 11, 26)
    assert due_date("3日以内に", "ja", MONDAY) == date(2026, 11, 26)
