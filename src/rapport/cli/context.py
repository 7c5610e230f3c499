"""What every command shares: the wired container, and output helpers."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from rapport.bootstrap import Container

err_console = Console(stderr=True)


@dataclass
class CliState:
    db_url: str | None = None
    _container: Container | None = field(default=None, init=False)

    def container(self) -> Container:
        if self._container is None:
            # the application loads here, for the commands that need it (not for --help)
            from rapport.bootstrap import build
            from rapport.config import load_settings

            self._container = build(load_settings(database_url=self.db_url))
        return self._container

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
            self._container = None


def container(ctx: typer.Context) -> Container:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj.container()


def console() -> Console:
    return Console(soft_wrap=True)


def print_json(data: Any) -> None:
    """Write stable JSON to stdout (dataclasses are dumped the way the API dumps them)."""
    sys.stdout.write(
        json.dumps(dump(data) if not _is_plain(data) else data, ensure_ascii=False, indent=2)
    )
    sys.stdout.write("\n")


def dump(data: Any) -> Any:
    """JSON-ready data, as :func:`rapport.jsonable.dump` makes it (pydantic loads on use)."""
    from rapport.jsonable import dump as dump_data

    return dump_data(data)


def _is_plain(data: Any) -> bool:
    if isinstance(data, dict | str | int | float | bool) or data is None:
        return True
    if isinstance(data, list):
        return all(_is_plain(item) for item in data)
    return False


def note(message: str) -> None:
    """A remark for the user on stderr (keeps stdout clean for JSON)."""
    from rich.markup import escape

    from rapport.cli.text import _

    label = _("note:")
    # soft_wrap: a command quoted in the note stays on one line (and can be copied) when
    # stderr is not a terminal; escape: brackets in the text are text, not Rich markup.
    err_console.print(f"[yellow]{label}[/yellow] {escape(message)}", soft_wrap=True)
