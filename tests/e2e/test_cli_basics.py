from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rapport import __version__
from tests.conftest import RunCli


def test_version_from_the_console_entry_point(cli_process: Callable[..., Any]) -> None:
    result = cli_process("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"rapport {__version__}"


def test_add_then_list_clients_as_json(cli: RunCli) -> None:
    added = cli(
        "clients",
        "add",
        "Hanoi Coffee",
        "--language",
        "vi",
        "--timezone",
        "Asia/Ho_Chi_Minh",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(cli("clients", "list", "--json").stdout)
    assert [(c["name"], c["language"]) for c in listed] == [("Hanoi Coffee", "vi")]


def test_unknown_client_is_one_clear_line_and_non_zero(
    cli: RunCli, cli_process: Callable[..., Any]
) -> None:
    cli("clients", "add", "Hanoi Coffee")
    result = cli_process("clients", "show", "Hanoi Cofee")
    assert result.returncode == 1
    assert (
        result.stderr.strip() == "error: no client named Hanoi Cofee (did you mean Hanoi Coffee?)"
    )
    assert "Traceback" not in result.stderr
