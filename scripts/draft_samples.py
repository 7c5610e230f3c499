"""Render one sample of every draft kind per language into docs/native-review/drafts-LANG.md
(rendered texts only, for a native reviewer who sees nothing else).

    python scripts/draft_samples.py
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rapport.domain import addressing
from rapport.domain.model import LANGUAGES
from rapport.drafts import KINDS, BriefingInput, DraftInput, Promise, render, render_briefing
from rapport.drafts.letters import Writer, spoken_name
from rapport.services.drafting import promised_again

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
WRITER_ZONE = "Europe/Oslo"
"""The writer (Ann Example, Example AS) works in Oslo: times name the client's zone when it
shows another time."""
PEOPLE = {
    "en": ("Priya Bennett", "Brightwell Legal", "Europe/London", "Prepare the revised estimate"),
    "nb": ("Marte Lie", "Fjordlys AS", "Europe/Oslo", "Sende oppdatert prosjektplan"),
    "ja": ("田中 太郎", "株式会社さくら", "Asia/Tokyo", "お見積書（改訂版）"),
    "vi": ("Vũ Minh Anh", "Công ty Hoa Sen", "Asia/Ho_Chi_Minh", "Báo cáo tiến độ tháng 11"),
    "zh-Hans": ("张敏", "上海明远科技", "Asia/Shanghai", "项目报告初稿"),
}
COLLEAGUE = {
    "en": "Ola Nordmann",
    "nb": "Ola Nordmann",
    "ja": "鈴木",
    "vi": "Trần Thu Hà",
    "zh-Hans": "李明",
}
TOPIC = {
    "en": "the licence question",
    "nb": "lisensspørsmålet",
    "ja": "ライセンスに関するご質問",
    "vi": "vấn đề bản quyền phần mềm",
    "zh-Hans": "软件授权问题",
}


def local(zone: str, day: date, hour: int) -> datetime:
    """A time of day in the client's own zone (a London meeting at 10:00 London time)."""
    return datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(zone))


def meeting(zone: str) -> datetime:
    """The meeting every sample is about: Tuesday 15 December, 10:00 in the client's zone."""
    return local(zone, date(2026, 12, 15), 10)


def sample(lang: str, *, overdue: bool = False) -> DraftInput:
    person, client, zone, promise = PEOPLE[lang]
    due = NOW - timedelta(days=2) if overdue else NOW + timedelta(days=3)
    return DraftInput(
        client_name=client,
        contact_name=person,
        timezone=zone,
        start=meeting(zone),
        minutes=60,
        new_date=promised_again(due, NOW, zone),
        next_date=local(zone, date(2026, 12, 22), 10),
        slots=[local(zone, date(2026, 12, 16), 10), local(zone, date(2026, 12, 17), 14)],
        promise=Promise(promise, due),
        colleague=COLLEAGUE[lang],
        reply_by=date(2026, 12, 8),
        topic=TOPIC[lang],
        company=True,
        address=addressing.default(person, lang, company=True),
        writer=Writer(name="Ann Example", title="", company="Example AS"),
        writer_timezone=WRITER_ZONE,
        now=NOW,
    )


def document(lang: str) -> str:
    parts = [f"# Draft samples: {lang}\n"]
    for kind in KINDS:
        variants = [("", False)]
        if kind == "early_notice":
            variants = [(" (not yet due)", False), (" (overdue)", True)]
        if kind in ("redirect", "wrap_up"):
            variants = [(" (one client)", False), (" (group)", True)]
        for label, flag in variants:
            data = sample(lang, overdue=flag and kind == "early_notice")
            if kind == "shorten":
                data.minutes = 30  # the hour booked, half of it proposed
            data.group = flag and kind != "early_notice"
            parts.append(f"## {kind}{label}\n\n```text\n{render(kind, lang, data).text()}```\n")
    person, client, zone, promise = PEOPLE[lang]
    briefing = render_briefing(
        lang,
        BriefingInput(
            client_name=client,
            tier="A",
            revenue_share=0.18,
            client_language=lang,
            timezone=zone,
            contact_name=person,
            start=meeting(zone),
            minutes=60,
            purpose="",
            agenda=[],
            promises=[Promise(promise, NOW + timedelta(days=3))],
            answers="",
            answer_by=date(2026, 12, 16),
            writer_timezone=WRITER_ZONE,
            colleague=COLLEAGUE[lang],
            contact_address=spoken_name(lang, addressing.default(person, lang, company=True)),
        ),
    )
    parts.append(f"## delegate briefing (for the colleague)\n\n```text\n{briefing}```\n")
    return "\n".join(parts)


def main() -> None:
    out = ROOT / "docs" / "native-review"
    out.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        (out / f"drafts-{lang}.md").write_text(document(lang), encoding="utf-8")


if __name__ == "__main__":
    main()
