"""No raw identifier and no English sentence reaches a non-English screen of the command
line (issue 12): on the demo workspace, every list and show command's text output in each
of the five languages shows decisions, reasons, trust components, agenda kinds, statuses,
roles, audit actions and yes/no by their display names, and days as whole days.

What the user typed (client names, promise texts, summaries, notes ...) is taken out of
the output first: it is shown as written, in whatever language it was written in."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from rapport.domain.labels import ALL_VALUES
from rapport.domain.model import LANGUAGES
from rapport.i18n import template_path
from tests.conftest import RunCli

FREE_TEXT = {"name", "notes", "email", "phone", "title", "summary", "decisions", "text"} | {
    "to_whom",
    "note",
    "owner_colleague",
    "timezone",
}
"""Fields of the workspace export that hold what the user wrote."""

TRANSCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "transcripts" / "google_meet.txt"
ENGLISH_DOMAINS = ("cli", "trust", "meetings", "terms", "conversation", "drafts")

SPELLED_WITH_MARKS = {i for i in ALL_VALUES if "_" in i or "-" in i} | {"True", "False"}
"""Identifiers no English label spells the same way (``self_orientation``, ``login-failed``)."""


def _tokens(values: set[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


LOANWORDS = {"nb": {"video", "person", "agenda"}, "vi": {"video", "email"}}
"""Identifiers that are also the language's own word (nb «video», «agenda»; vi «email»)."""
RAW = {
    lang: _tokens(
        set(ALL_VALUES) - LOANWORDS.get(lang, set()) if lang != "en" else SPELLED_WITH_MARKS
    )
    for lang in LANGUAGES
}
FRACTIONAL_DAYS = re.compile(r"\d[.,]\d+ ?(?:days?|日|ngày|天|dager?)")


def _english_fragments() -> list[str]:
    """Literal pieces of the English messages (between placeholders) long enough to be a
    phrase: three words or more."""
    pieces: set[str] = set()
    for domain in ENGLISH_DOMAINS:
        with template_path(domain).open("rb") as fh:
            for message in read_po(fh):
                for msgid in [message.id] if isinstance(message.id, str) else message.id:
                    for piece in re.split(r"\{\w+\}|%\(\w+\)s", msgid or ""):
                        piece = piece.strip(" .:;,()\n")
                        if piece.count(" ") >= 2 and len(piece) >= 14:
                            pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


def _free_text(export: dict[str, Any]) -> re.Pattern[str]:
    texts: set[str] = set()
    for rows in export.values():
        if not isinstance(rows, list):
            continue
        for row in rows:
            for key, value in row.items():
                if key in FREE_TEXT and isinstance(value, str) and value.strip():
                    texts.update({value, *value.splitlines()})
    texts.discard("")
    return re.compile("|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)))


def _problems(lang: str, command: str, output: str, free: re.Pattern[str]) -> list[str]:
    cleaned = free.sub("¤", output)
    found = [f"{command}: raw {m.group(0)!r}" for m in RAW[lang].finditer(cleaned)]
    found += [
        f"{command}: fractional days {m.group(0)!r}" for m in FRACTIONAL_DAYS.finditer(cleaned)
    ]
    if lang != "en":
        found += [f"{command}: English {p!r}" for p in ENGLISH if p in cleaned]
    return found


ENGLISH = _english_fragments()


def test_no_raw_identifier_or_english_on_any_screen(cli: RunCli, tmp_path: Path) -> None:
    assert cli("demo").returncode == 0
    export_path = tmp_path / "workspace.json"
    assert cli("export", "json", str(export_path)).returncode == 0
    export = json.loads(export_path.read_text(encoding="utf-8"))
    free = _free_text(export)
    answers = tmp_path / "answers.json"
    items = json.loads(cli("assess", "--items", "--json").stdout)
    answers.write_text(json.dumps({item["id"]: 4 for item in items}))
    assert cli("assess", "--answers", str(answers)).returncode == 0

    clients = export["clients"]
    start = (datetime.now(UTC) + timedelta(days=9)).strftime("%Y-%m-%dT10:00")
    problems: list[str] = []
    for lang in LANGUAGES:
        _client_id, client = next((c["id"], c["name"]) for c in clients if c["language"] == lang)
        requests = []
        for n, (reason, fmt, minutes, agenda) in enumerate(
            [
                ("overload", "in_person", 60, [("Status", 15)]),
                ("none", "video", 90, [("Budget", 20), ("Plan", 10)]),
                ("illness", "video", 60, [("Budget", 30)]),
                ("conflict", "call", 30, [("Update", 10)]),
            ]
        ):
            request = tmp_path / f"request-{lang}-{n}.json"
            request.write_text(
                json.dumps(
                    {
                        "client": client,
                        "start": start,
                        "duration_min": minutes,
                        "format": fmt,
                        "travel_min": 40 if fmt == "in_person" else 0,
                        "reason": reason,
                        "agenda": [{"item": i, "minutes": m} for i, m in agenda],
                        "essential": n != 2,
                        "colleague": "Alex Morgan" if n == 2 else None,
                    }
                ),
                encoding="utf-8",
            )
            requests.append(request)
        slot = ["--slot", "30", "--lang", lang]
        commands: list[list[str]] = [
            *(["triage", "--request", str(r), "--lang", lang] for r in requests),
            ["triage", "--history", "--lang", lang],
            ["agenda", "--client", client, "-i", "Budget:20", "-i", "Plan:15", "--video", *slot],
            ["agenda", "--client", client, "-i", "Budget:20", "--slot", "90", "--lang", lang],
            ["assess", "--items", "--lang", lang],
            ["assess", "--history", "--lang", lang],
            ["today", "--lang", lang],
            ["trust", "--lang", lang],
            ["trust", client, "--lang", lang],
            ["portfolio", "--lang", lang],
            ["clients", "list"],
            ["clients", "show", client],
            ["contacts", "list"],
            ["interactions", "list", "--limit", "200"],
            ["commitment", "list"],
            ["revenue", "list"],
            ["projects", "list"],
            ["notes", "list"],
            ["agenda", "list"],
            ["audit"],
            ["analyze", str(TRANSCRIPT), "--client", client, "--me", "Anna Berg"],
            ["transcripts", "trend", client],
            ["commitment", "add", "--client", client, "--text", "Send the plan", "--due", "+5d"],
            ["commitment", "announce", "last", "--new-due", "+10d"],
        ]
        for command in commands:
            result = cli("--lang", lang, *command)
            assert result.returncode == 0, (lang, command, result.stderr)
            problems += _problems(
                lang, f"[{lang}] {' '.join(command)}", result.stdout + result.stderr, free
            )
    assert not problems, "\n".join(sorted(set(problems)))


def test_json_keeps_the_identifiers(cli: RunCli, tmp_path: Path) -> None:
    assert cli("demo").returncode == 0
    english = json.loads(cli("assess", "--items", "--json").stdout)
    japanese = json.loads(cli("--lang", "ja", "assess", "--items", "--json").stdout)
    assert english == japanese
    assert {item["component"] for item in english} == {
        "credibility", "reliability", "intimacy", "self_orientation",
    }  # fmt: skip
    assert {type(item["reverse"]) for item in english} == {bool}
