"""Every text of the digest and the reminders exists in all five languages: a digest with
every section filled, rendered as plain text and HTML in each language, has no English
left outside the user's own data, and no placeholder left unfilled."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from rapport.domain.digest import (
    AgendaLine,
    Digest,
    MeetingLine,
    PromiseLine,
    Reminder,
    TouchLine,
    TrustLine,
)
from rapport.domain.model import LANGUAGES
from rapport.i18n import LOCALE_DIR
from rapport.services.mail_render import reminder_payload, render_digest

AT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
FULL = dict(
    at_risk=(PromiseLine(1, 1, "Acme", "Send the estimate", AT.replace(hour=14), 0, False),),
    overdue=(PromiseLine(2, 1, "Acme", "Share the notes", AT.replace(day=8), 2, True, True),),
    touchpoints=(TouchLine(1, "Acme", AT, 14, AT.replace(month=1), 40),),
    meetings=(
        MeetingLine(
            1,
            "Acme",
            AT.replace(hour=10),
            45,
            "Design review",
            interaction_id=3,
            agenda_id=4,
            agenda=(AgendaLine("Mock-ups", 20),),
            agenda_total_min=25,
        ),
    ),
    slipping=(TrustLine(1, "Acme", 1.5, ("reason text",)),),
    counts={"at_risk": 3, "overdue": 1, "touchpoints_due": 1, "meetings": 1, "slipping": 1},
)
DATA = ("Acme", "Send the estimate", "Share the notes", "Design review", "Mock-ups", "reason text")


def _english_phrases() -> list[str]:
    """The mail domain's msgids as plain words (placeholders cut out)."""
    with (LOCALE_DIR / "mail.pot").open("rb") as fh:
        ids = [m.id for m in read_po(fh) if m.id and isinstance(m.id, str)]
    phrases = []
    for msgid in ids:
        for part in re.split(r"%\(\w+\)s|\{\w+\}", msgid):
            part = part.strip(" :.,()…-")
            if len(part) >= 12:
                phrases.append(part)
    return phrases


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_digest_is_written_in_each_language(lang: str) -> None:
    digest = Digest(day=date(2026, 3, 10), language=lang, time_zone="UTC", **FULL)  # type: ignore[arg-type]
    subject, text, html = render_digest(digest, "Kim", "http://rapport.test")
    for rendered in (subject, text, html):
        assert "%(" not in rendered and "{date}" not in rendered
    for value in DATA:
        assert value in text
    # "and 2 more" promises at risk (zh-Hans: 另有 2 项, ja: ほか2件, without an ellipsis)
    assert "…" in text or "另有 2 项" in text or "ほか" in text
    if lang == "en":
        assert "Promises at risk" in text and "Today's meetings" in text
        return
    cleaned = text
    for value in DATA:
        cleaned = cleaned.replace(value, "")
    left = [p for p in _english_phrases() if p in cleaned or p in html]
    assert left == [], f"English left in the {lang} digest: {left}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reminders_are_written_in_each_language(lang: str) -> None:
    zone = ZoneInfo("UTC")
    promise = Reminder("promise", "p", AT, 1, "Acme", "Send the estimate")
    meeting = Reminder(
        "meeting", "m", AT, 1, "Acme", "Design review", (AgendaLine("Mock-ups", 20),)
    )
    for reminder in (promise, meeting):
        payload = reminder_payload(reminder, lang, zone, AT.date())
        assert "Acme" in payload["title"]
        assert "Acme" in payload["subject"]
        if reminder.kind == "promise":
            assert "Send the estimate" in payload["subject"]
        # one colon at most: no "Reminder: Promise due 09:00: …" chain
        assert payload["subject"].count(":") + payload["subject"].count("：") <= 2
        if lang != "en":
            assert not payload["subject"].startswith("Reminder")
            assert "Promise due" not in payload["title"] and "Meeting at" not in payload["title"]


TODAY_WORD = {"en": "today at", "ja": "本日", "vi": "hôm nay", "zh-Hans": "今天", "nb": "i dag"}
YESTERDAY_WORD = {
    "en": "yesterday at",
    "ja": "昨日",
    "vi": "hôm qua",
    "zh-Hans": "昨天",
    "nb": "i går",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_due_time_names_its_day(lang: str) -> None:
    """A promise due today reads "due today at 14:00", never a bare "due 14:00"; yesterday's
    says so; older ones give the date."""
    digest = Digest(day=date(2026, 3, 10), language=lang, time_zone="UTC", **FULL)  # type: ignore[arg-type]
    _subject, text, _html = render_digest(digest, "Kim", "http://rapport.test")
    assert TODAY_WORD[lang] in text
    promise = Reminder("promise", "p", AT, 1, "Acme", "Send the estimate")
    payload = reminder_payload(promise, lang, ZoneInfo("UTC"), AT.date())
    assert TODAY_WORD[lang] in payload["subject"] and TODAY_WORD[lang] in payload["title"]
    late = reminder_payload(promise, lang, ZoneInfo("UTC"), date(2026, 3, 11))
    assert YESTERDAY_WORD[lang] in late["subject"]
    older = reminder_payload(promise, lang, ZoneInfo("UTC"), date(2026, 3, 20))
    assert TODAY_WORD[lang] not in older["subject"] and "10" in older["subject"]


DIGEST_DATES = {
    # the overdue promise (8 March, 09:00), the touchpoint (10 January), the trust score 1.5
    "en": ("Sunday 8 March at 09:00", "10 January", "1.5"),
    "ja": ("3月8日（日）9:00", "1月10日", "1.5"),
    "vi": ("09:00, Chủ nhật, ngày 08/03/2026", "10/01/2026", "1,5"),
    "zh-Hans": ("3月8日（周日）09:00", "1月10日", "1.5"),
    "nb": ("søndag 8. mars kl. 09.00", "10. januar", "1,5"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_times_and_decimals_follow_the_language(lang: str) -> None:
    """Day-month order and a 24-hour clock in English (never 3/8/26, 9:00 AM), kl. 09.00 in
    Norwegian, dd/mm/yyyy in Vietnamese, a decimal comma in nb and vi."""
    digest = Digest(day=date(2026, 3, 10), language=lang, time_zone="UTC", **FULL)  # type: ignore[arg-type]
    _subject, text, html = render_digest(digest, "Kim", "http://rapport.test")
    for expected in DIGEST_DATES[lang]:
        assert expected in text, (expected, text)
    assert DIGEST_DATES[lang][2] in html  # the trust score
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2}\b", text)  # no US short date
    assert " AM" not in text and " PM" not in text
    if lang == "nb":
        assert "kl. 10.00" in text  # the meeting's time
