"""Registers the data-keeping commands (contacts, interactions, commitments, revenue,
projects, notes, backup and restore, demo) on the root app in one place."""

from __future__ import annotations

import typer

from rapport.cli import backup as backup_cmd
from rapport.cli import commitments, contacts, demo, interactions, notes, projects, revenue


def register(app: typer.Typer) -> None:
    app.add_typer(contacts.app, name="contacts")
    app.add_typer(interactions.app, name="interactions")
    app.add_typer(commitments.app, name="commitment")
    app.add_typer(revenue.app, name="revenue")
    app.add_typer(projects.app, name="projects")
    app.add_typer(notes.app, name="notes")
    app.command("demo")(demo.demo)
    app.command("backup")(backup_cmd.backup)
    app.command("restore")(backup_cmd.restore)
