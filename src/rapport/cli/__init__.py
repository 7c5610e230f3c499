"""The ``rapport`` command line (Typer + Rich)."""

from rapport.cli.app import app, main

__all__ = ["app", "main"]
