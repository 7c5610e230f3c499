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
    # "and 2 more" promises at risk (zh-Hans writes it without an ellipsis: 另有 2 项)
    assert "…" in text or "另有 2 项" in text
    if lang == "en":
        assert "Promises at risk" in text and "Meetings today" in text
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
        payload = reminder_payload(reminder, lang, zone)
        assert "Acme" in payload["title"]
        assert payload["subject"].endswith(payload["title"])
        if lang != "en":
            assert not payload["subject"].startswith("Reminder")
            assert "Promise due" not in payload["title"] and "Meeting at" not in payload["title"]
