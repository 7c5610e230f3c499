"""What syncs and write-backs report, as stored in ``last_result`` and a saved agenda's
``calendar`` and as ``rapport sync --json`` prints it: typed JSON documents whose optional
keys (an error's template and parameters) appear only when there is an error."""

from __future__ import annotations

from typing_extensions import TypedDict  # pydantic reads it as a response model

from rapport.texts import Text


class SyncErrorJson(TypedDict, total=False):
    """A sync's translatable error as its English template and parameters, so the reader's
    surface renders it in the reader's language (absent when the sync had no error)."""

    error_template: str
    error_params: dict[str, str]


def error_json(error_text: Text | None) -> SyncErrorJson:
    """The template and parameters of a sync's translatable error (nothing when none)."""
    if error_text is None:
        return {}
    return {
        "error_template": error_text.template,
        "error_params": {k: str(v) for k, v in error_text.params.items()},
    }


class AgendaWriteJson(SyncErrorJson):
    """What writing a saved agenda into its meeting's event did, as the saved agenda's
    ``calendar`` shows it: the calendar's number, the event's UID, whether it was written,
    and the error (with its template and parameters) when it was not."""

    calendar: int
    event: str
    written: bool
    error: str | None
