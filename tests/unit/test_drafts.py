"""Every draft kind renders in every language: no missing translation, no English left in a
non-English draft, no unfilled placeholder; .eml export."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, date, datetime
from functools import cache

import pytest
from babel.messages.pofile import read_po

from rapport.domain.model import LANGUAGES
from rapport.drafts import (
    KINDS,
    BriefingInput,
    DraftError,
    DraftInput,
    Promise,
    render,
    render_briefing,
    to_eml,
)
from rapport.i18n import template_path, translations


def sample(group: bool = False) -> DraftInput:
    return DraftInput(
        client_name="Sakura KK",
        contact_name="Tanaka",
        to_email="tanaka@sakura.example",
        me="Anna",
        timezone="Asia/Tokyo",
        start=datetime(2026, 12, 1, 5, 0, tzinfo=UTC),
        minutes=30,
        new_date=datetime(2026, 12, 9, 8, 0, tzinfo=UTC),
        promise=Promise("Q4", datetime(2026, 12, 2, 8, 0, tzinfo=UTC)),
        colleague="Ola",
        reason="Q4",
        group=group,
        reply_by=date(2026, 12, 3),
    )


@cache
def strict_gettext(lang: str):  # type: ignore[no-untyped-def]
    catalog = translations("drafts", lang)

    def gettext(message: str) -> str:
        if lang != "en" and message not in catalog._catalog:  # type: ignore[attr-defined]
            raise AssertionError(f"no {lang} translation for {message!r}")
        return catalog.gettext(message)

    return gettext


@cache
def english_sentences() -> list[str]:
    """Fragments of every English msgid long enough to be recognisable as English text."""
    with template_path("drafts").open("rb") as fh:
        template = read_po(fh)
    fragments: list[str] = []
    for message in template:
        if not message.id:
            continue
        for part in re.split(r"%\([a-z_]+\)s", str(message.id)):
            part = part.strip(" ,.:;()")
            if len(part) >= 8 and re.search(r"[a-z]{3}", part):
                fragments.append(part)
    return fragments


def minimal(kind: str) -> DraftInput:
    """Only what the service always supplies: names, zone, and the values a kind cannot
    do without (the service fills defaults for them)."""
    full = sample()
    return DraftInput(
        client_name="Sakura KK",
        me="Anna",
        timezone="Asia/Tokyo",
        reply_by=full.reply_by,
        minutes=full.minutes if kind == "boundary_reset" else None,
        promise=full.promise if kind == "early_notice" else None,
        new_date=full.new_date if kind == "early_notice" else None,
    )


UNFILLED = re.compile(r"%\(|\{\{|\{%|\{[a-z_]+\}|\bNone\b|\bundefined\b")
VARIANTS = [(kind, variant) for kind in KINDS for variant in ("full", "group", "minimal")]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("kind", "variant"), VARIANTS)
def test_every_kind_renders_in_every_language(kind: str, variant: str, lang: str) -> None:
    data = minimal(kind) if variant == "minimal" else sample(group=variant == "group")
    draft = render(kind, lang, data, gettext=strict_gettext(lang))
    assert draft.subject and draft.body.strip()
    text = draft.text()
    assert not UNFILLED.search(text), f"unfilled placeholder in {kind}/{lang}: {text}"
    if lang != "en":
        leftovers = [f for f in english_sentences() if f in text]
        assert not leftovers, f"English left in {kind}/{lang}: {leftovers}"
    if kind not in ("boundary_reset", "redirect", "wrap_up"):
        assert ("Sakura KK" if variant == "minimal" else "Tanaka") in draft.body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_briefing_renders_in_every_language(lang: str) -> None:
    data = BriefingInput(
        client_name="Sakura KK",
        tier="A",
        revenue_share=0.42,
        client_language="ja",
        timezone="Asia/Tokyo",
        contact_name="Tanaka",
        start=datetime(2026, 12, 1, 5, 0, tzinfo=UTC),
        minutes=60,
        purpose="Q4",
        agenda=[("Q4", 20)],
        promises=[Promise("Q4", datetime(2026, 12, 2, 8, 0, tzinfo=UTC))],
        answers="",
        answer_by=date(2026, 12, 2),
    )
    text = render_briefing(lang, data, gettext=strict_gettext(lang))
    assert "Sakura KK" in text and "42%" in text
    assert not UNFILLED.search(text)
    if lang != "en":
        assert not [f for f in english_sentences() if f in text]


def test_dates_and_durations_are_localised_in_the_clients_zone() -> None:
    ja = render("shorten", "ja", sample())
    assert "2026年12月1日火曜日 14:00" in ja.body  # 05:00 UTC is 14:00 in Tokyo
    assert "30分" in ja.body
    nb = render("shorten", "nb", sample())
    assert "tirsdag 1. desember 2026 14:00" in nb.body and "30 minutter" in nb.body


def test_japanese_drafts_use_business_keigo() -> None:
    body = render("check_in", "ja", sample()).body
    assert "Tanaka様" in body
    assert "お世話になっております" in body
    assert "よろしくお願い申し上げます" in body


def test_a_draft_that_needs_a_value_says_which_option() -> None:
    data = sample()
    data.promise = None
    with pytest.raises(DraftError, match="--commitment"):
        render("early_notice", "en", data)
    with pytest.raises(DraftError, match="unknown draft kind"):
        render("nonsense", "en", sample())


def test_eml_has_utf8_headers_and_body_and_the_clients_address() -> None:
    draft = render("feedback", "ja", sample())
    raw = to_eml(draft, sender_name="Anna Berg", sender_email="anna@example.com")
    assert raw.isascii() is False or b"=?utf-8?" in raw
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == draft.subject
    assert message["To"].addresses[0].addr_spec == "tanaka@sakura.example"
    assert message["From"].addresses[0].display_name == "Anna Berg"
    assert message.get_content().replace("\r\n", "\n").strip() == draft.body.strip()
    subject_line = next(line for line in raw.splitlines() if line.startswith(b"Subject:"))
    assert subject_line.isascii()  # encoded per RFC 2047


def test_the_cli_lists_every_draft_kind() -> None:
    from rapport.cli.meetings import KINDS as CLI_KINDS

    assert CLI_KINDS.split(", ") == list(KINDS)


def test_japanese_letters_name_the_company_above_the_contact() -> None:
    body = render("check_in", "ja", sample()).body
    assert body.startswith("Sakura KK\nTanaka様\n")
    assert render("check_in", "en", sample()).body.startswith("Dear Tanaka,")
