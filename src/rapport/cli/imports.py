"""``rapport import``: read CSV, vCard, iCalendar or workspace JSON files into the workspace.

Every import is all or nothing: any problem prints one ``error: FILE:LINE: ...`` line per
problem, exits 1 and writes nothing. ``--dry-run`` shows what would change.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from typer.core import TyperGroup

from rapport.cli import text
from rapport.cli.context import console, container, err_console, print_json
from rapport.cli.text import _
from rapport.errors import ImportProblem, InvalidInputError
from rapport.importers import registry as importers
from rapport.importers.registry import Importer
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.importers.plan import Plan, Skipped
    from rapport.services.imports import ImportOptions

DRY_RUN_HELP = "Show what would change; write nothing."

PROGRESS_FROM = 500
"""Show a progress bar when writing at least this many records."""


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(N_("{path}: no such file"), path=path) from None
    except IsADirectoryError:
        raise InvalidInputError(N_("{path}: is a folder, not a file"), path=path) from None
    except PermissionError:
        raise InvalidInputError(N_("{path}: permission denied"), path=path) from None


def _run(
    ctx: typer.Context,
    fmt: str,
    path: Path,
    *,
    dry_run: bool,
    as_json: bool,
    options: ImportOptions | None = None,
) -> None:
    data = _read(path)
    service = container(ctx).imports
    with Progress(
        TextColumn(_("writing")),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=as_json or not err_console.is_terminal,
    ) as bar:
        task = bar.add_task("import", total=None, visible=False)

        def progress(done: int, total: int) -> None:
            if total >= PROGRESS_FROM:
                bar.update(task, completed=done, total=total, visible=True)

        try:
            plan = service.run(
                fmt, data, str(path), dry_run=dry_run, options=options, progress=progress
            )
        except ImportProblem as exc:
            if as_json:
                print_json({"source": str(path), "format": fmt, "problems": exc.problems})
            raise
    _show(plan, dry_run=dry_run, as_json=as_json)


def _show(plan: Plan, *, dry_run: bool, as_json: bool) -> None:
    if as_json:
        print_json(plan.report(dry_run=dry_run))
        return
    out = console()
    counts = {_rows_key(entity): n for entity, n in plan.counts().items()}
    summary = text.counts(counts) if counts else _("nothing")
    out.print(
        (_("would create {rows}") if dry_run else _("created {rows}")).format(rows=summary),
        highlight=False,
    )
    present = sum(1 for s in plan.skip if s.reason == "already present")
    if plan.skip:
        skipped_line = (
            _("skipped {count} ({present} already present)") if present else _("skipped {count}")
        )
        out.print(skipped_line.format(count=len(plan.skip), present=present), highlight=False)
    if dry_run:
        _show_created(out, plan)
    shown = [s for s in plan.skip if dry_run or s.reason != "already present"]
    _show_skipped(out, shown)
    for message in plan.notes:
        _note(message)
    if dry_run:
        _note(_("dry run: nothing was written"))


LIST_UP_TO = 12
"""Up to this many planned rows (or skips) are listed one per line; more are summed up."""
NAMED = 3
"""How many groups (calendar series, clients) a summary line names."""


def _show_created(out: Any, plan: Plan) -> None:
    """The rows a dry run would create: each one for a short plan, else one line per kind
    and client with the count (``--json`` lists every row)."""
    if len(plan.create) <= LIST_UP_TO:
        for item in plan.create:
            out.print(
                f"  + {item.entity}: {item.label}  ({item.where})", highlight=False, markup=False
            )
        return
    groups: dict[tuple[str, str], list[str]] = {}
    for item in plan.create:
        groups.setdefault((item.entity, item.client_name or ""), []).append(item.label)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for (entity, client), labels in ordered[:LIST_UP_TO]:
        what = client or ", ".join(labels[:NAMED]) + (" …" if len(labels) > NAMED else "")
        out.print(f"  + {len(labels)} × {entity}: {what}", highlight=False, markup=False)
    _more(out, len(ordered) - LIST_UP_TO)


def _show_skipped(out: Any, skipped: list[Skipped]) -> None:
    """What was skipped and why: one line per reason (with the count and the first few
    series or rows it hit), so a calendar series skipped 152 times is one line."""
    groups: dict[tuple[str, str], list[Skipped]] = {}
    for item in skipped:
        groups.setdefault((item.entity, item.reason), []).append(item)
    ordered = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    for (entity, reason), items in ordered[:LIST_UP_TO]:
        if len(items) == 1:
            one = items[0]
            out.print(
                f"  - {entity}: {one.label}: {reason}  ({one.where})", highlight=False, markup=False
            )
            continue
        named: dict[str, int] = {}
        for item in items:
            name = item.group or item.label
            named[name] = named.get(name, 0) + 1
        most = sorted(named.items(), key=lambda kv: -kv[1])
        listed = ", ".join(
            f"{name} ×{count}" if count > 1 else name for name, count in most[:NAMED]
        )
        if len(most) > NAMED:
            listed += " …"
        out.print(f"  - {len(items)} × {entity}: {reason}: {listed}", highlight=False, markup=False)
    _more(out, len(ordered) - LIST_UP_TO)


def _more(out: Any, count: int) -> None:
    if count > 0:
        out.print(
            "  " + _("… and {count} more (--json lists every one)").format(count=count),
            highlight=False,
            markup=False,
        )


def _note(message: str) -> None:
    label = _("note:")
    err_console.print(
        f"[yellow]{label}[/yellow] {escape(message)}", highlight=False, soft_wrap=True
    )


def _rows_key(entity: str) -> str:
    """A plan's entity name (``client``, ``trust_snapshot``, ``conversation_analysis``) as
    its key in :data:`rapport.cli.text.ROWS` (``clients``, ``trust_snapshots``, ...)."""
    plural = entity[:-2] + "es" if entity.endswith("is") else entity + "s"
    for key in (entity, plural):
        if key in text.ROWS:
            return key
    return entity


def _param(name: str, annotation: Any, info: Any, default: Any = None) -> inspect.Parameter:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    if info is None:
        return inspect.Parameter(name, kind, annotation=annotation)
    required = name == "path"
    return inspect.Parameter(
        name,
        kind,
        annotation=Annotated[annotation, info],
        **({} if required else {"default": default}),
    )


OPTIONS: dict[str, list[inspect.Parameter]] = {
    "what": [
        _param(
            "what",
            str | None,
            typer.Option(
                "--what",
                help="clients, contacts, interactions or revenue (default: from the header).",
            ),
        )
    ],
    "client": [
        _param("client", str | None, typer.Option("--client", help="Name or id of a client."))
    ],
    "window": [
        _param(
            "from_",
            str | None,
            typer.Option("--from", help="Window start (default: 365 days ago)."),
        ),
        _param("to", str | None, typer.Option("--to", help="Window end (default: in 90 days).")),
    ],
}
"""Each importer option (rapport.importers.registry.OPTIONS) as the command's options."""


def _day(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    from rapport.domain.when import parse_when

    try:
        return parse_when(text, "UTC").at
    except InvalidInputError as exc:
        raise InvalidInputError(N_("{option}: {error}"), option=option, error=exc.text) from None


def _window(from_: str | None, to: str | None) -> tuple[datetime, datetime]:
    from rapport.clock import now
    from rapport.importers.ical import default_window

    start, end = default_window(now().date())
    window = (_day(from_, "--from") or start, _day(to, "--to") or end)
    if window[1] <= window[0]:
        raise InvalidInputError(N_("--to must be after --from"))
    return window


def command(importer: Importer) -> Callable[..., None]:
    """``rapport import <name>``: FILE, the entry's options, --dry-run and --json."""

    def run(ctx: typer.Context, path: Path, dry_run: bool, as_json: bool, **values: Any) -> None:
        options: dict[str, Any] = {}
        if "what" in importer.options:
            options["what"] = values["what"]
        if "client" in importer.options:
            options["client"] = values["client"]
        if "window" in importer.options:
            options["window"] = _window(values["from_"], values["to"])
        _run(
            ctx,
            importer.name,
            path,
            dry_run=dry_run,
            as_json=as_json,
            options=_options(**options) if options else None,
        )

    params = [
        _param("ctx", typer.Context, None),
        _param("path", Path, typer.Argument(metavar="FILE", help="The file to read.")),
        *(p for name in importer.options for p in OPTIONS[name]),
        _param("dry_run", bool, typer.Option("--dry-run", help=DRY_RUN_HELP), False),
        _param("as_json", bool, typer.Option("--json", help="Print the report as JSON."), False),
    ]
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__doc__ = importer.help
    run.__name__ = f"import_{importer.name}"
    return run


class ImportGroup(TyperGroup):
    """``rapport import``: one command per registered importer, built when asked for (an
    importer registered after start-up has its command too)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(importers.names())

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        importer = importers.get(cmd_name)
        if importer is None:
            return None
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(importer.name)(command(importer))
        return typer.main.get_command(single)


def _options(**values: Any) -> ImportOptions:
    from rapport.services.imports import ImportOptions

    return ImportOptions(**values)


app = typer.Typer(
    cls=ImportGroup,
    help="Import clients, contacts, meetings or a whole workspace from a file.",
    no_args_is_help=True,
)
