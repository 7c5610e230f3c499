"""``rapport projects``: projects and the engagement checklist.

The checklist is the same for every client, friend or stranger: scope written, estimate
given, agreement signed, schedule set, payment terms set, signed off.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from rapport.cli.context import container
from rapport.cli.inputs import (
    ClientFilter,
    ClientOption,
    JsonFlag,
    done,
    find_client,
    records,
    show,
    store,
)
from rapport.cli.text import _, term
from rapport.domain.model import CHECKLIST_STEPS, Project, ProjectStatus

app = typer.Typer(help="Projects and their engagement checklist.", no_args_is_help=True)

Step = StrEnum("Step", {s: s for s in CHECKLIST_STEPS})  # type: ignore[misc]


@app.command("add")
def add(
    ctx: typer.Context,
    name: str,
    client: ClientOption,
    status: Annotated[ProjectStatus, typer.Option(help="Where the project stands.")] = (
        ProjectStatus.ACTIVE
    ),
    done_steps: Annotated[
        list[Step] | None,
        typer.Option(
            "--done",
            metavar="STEP",
            help="A checklist step already done (repeat): scope_written, estimate_given, "
            "agreement_signed, schedule_set, payment_terms_set or signed_off.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a project; --done STEP (repeatable) ticks checklist steps."""
    owner_id = find_client(ctx, client)[1]
    project = Project(client_id=owner_id, name=name, status=status)
    for step in done_steps or []:
        setattr(project, step.value, True)
    project = store(ctx, project)
    done(
        _("added project {name} (id {id})").format(name=project.name, id=project.id),
        project,
        as_json=as_json,
    )


@app.command("check")
def check(
    ctx: typer.Context,
    project_id: Annotated[int, typer.Argument(metavar="ID", help="Project id.")],
    step: Annotated[Step, typer.Argument(metavar="STEP", help="Checklist step.")],
    undo: Annotated[bool, typer.Option("--undo", help="Mark the step as not done.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Tick (or with --undo, untick) one checklist step of a project."""
    project = container(ctx).workspace.update(Project, project_id, {step.value: not undo})
    message = (
        _("project {id}: {step} not done") if undo else _("project {id}: {step} done")
    ).format(id=project_id, step=step.value)
    done(message, project, as_json=as_json)


@app.command("list")
def list_projects(
    ctx: typer.Context, client: ClientFilter = None, as_json: JsonFlag = False
) -> None:
    """List projects with the checklist steps still missing."""
    items, names = records(ctx, Project, client)
    show(
        items,
        (_("id"), _("client"), _("name"), _("status"), _("missing steps")),
        (
            (
                p.id,
                names.get(p.client_id),
                p.name,
                term("project_status", p.status),
                _(", ").join(term("checklist_step", step) for step in p.missing_steps()),
            )
            for p in items
        ),
        as_json=as_json,
    )
