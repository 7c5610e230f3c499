"""The command line speaks the user's language: ``--lang`` on the root command, else
RAPPORT_LANGUAGE, else English. JSON output is the same in every language."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import RunCli


def test_unknown_client_in_japanese_with_did_you_mean(cli: RunCli) -> None:
    cli("clients", "add", "Sakura KK")
    result = cli("--lang", "ja", "clients", "show", "Sakura KX")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "エラー: Sakura KX という名前の顧客はいません（Sakura KK のことですか？）"
    )


def test_success_line_in_norwegian_from_the_setting(cli: RunCli) -> None:
    result = cli("clients", "add", "Fjord AS", env={"RAPPORT_LANGUAGE": "nb"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "la til kunden Fjord AS (id 1)"
    # --lang wins over the setting
    result = cli("--lang", "en", "clients", "add", "Bergen AS", env={"RAPPORT_LANGUAGE": "nb"})
    assert result.stdout.strip() == "added client Bergen AS (id 2)"


def test_time_zone_note_table_and_json_by_language(cli: RunCli) -> None:
    cli("clients", "add", "Hanoi Coffee", "--timezone", "Asia/Ho_Chi_Minh")
    added = cli(
        "--lang", "zh-Hans", "commitment", "add", "--client", "Hanoi Coffee",
        "--text", "Send the quote", "--due", "2026-12-01",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "已按 Asia/Ho_Chi_Minh 时区读取 2026-12-01 17:00" in added.stderr
    assert "对 Hanoi Coffee 的承诺 1，截止 2026-12-01 10:00 UTC" in added.stdout
    table = cli("--lang", "vi", "commitment", "list")
    assert "hạn (UTC)" in table.stdout and "Send the quote" in table.stdout
    english = json.loads(cli("commitment", "list", "--json").stdout)
    assert json.loads(cli("--lang", "ja", "commitment", "list", "--json").stdout) == english
    assert english[0]["status"] == "open"


def test_import_problems_keep_file_and_line(cli: RunCli, tmp_path: Path) -> None:
    cli("clients", "add", "Sakura KK")
    path = tmp_path / "contacts.csv"
    path.write_text("client,name,email\nSakra KK,Aiko,aiko@example.jp\nSakura KK,Ken,nope\n")
    result = cli("--lang", "nb", "import", "csv", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"feil: {path}:2: ingen kunde heter Sakra KK (mente du Sakura KK?)",
        f"feil: {path}:3: ikke en e-postadresse: 'nope'",
    ]


def test_a_command_own_lang_wins_for_that_command(cli: RunCli) -> None:
    japanese = cli("--lang", "ja", "assess", "--items")
    assert "Component" not in japanese.stdout
    english = cli("--lang", "ja", "assess", "--items", "--lang", "en")
    assert "Component" in english.stdout


def test_an_unknown_language_is_one_english_line(cli: RunCli) -> None:
    result = cli("--lang", "xx", "clients", "list")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: unknown language 'xx': use one of en, ja, vi, zh-Hans, nb"
    )
