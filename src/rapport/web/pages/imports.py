"""Importing a file from the browser (CSV, vCard, iCalendar, workspace JSON): preview what
would change, then import — all or nothing, as `rapport import` does."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from rapport.errors import ImportProblem, InvalidInputError, NotFoundError
from rapport.importers import registry as importers
from rapport.services.imports import ImportOptions
from rapport.texts import N_
from rapport.web.deps import ContainerDep
from rapport.web.pages import labels
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import current_language, render, ui_text

router = APIRouter(include_in_schema=False)

MAX_BYTES = 50 * 1024 * 1024


def _formats() -> list[tuple[str, str]]:
    """The kinds of file offered: every registered importer, by its label."""
    return [(i.name, i.label or i.name) for i in importers.importers()]


TABLES = [
    ("", N_("Read it from the header")),
    ("clients", N_("Clients")),
    ("interactions", N_("Interactions")),
    ("revenue", N_("Revenue")),
]


def _page(
    request: Request,
    container: ContainerDep,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    report: dict[str, object] | None = None,
    problems: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    clients = [(c.name, c.name) for c in container.workspace.list_clients()]
    return render(
        request,
        "import.html",
        {
            "section": "import",
            "values": values,
            "errors": errors,
            "options": {"format": _formats(), "what": TABLES, "client": clients},
            "accept": importers.accept(),
            "report": report,
            "labels": labels,
            "problems": problems or [],
        },
        status_code=status_code,
    )


@router.get("/import")
def import_form(request: Request, container: ContainerDep) -> Response:
    return _page(request, container, {"format": "csv"}, {})


@router.post("/import")
async def import_file(request: Request, container: ContainerDep) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    raw = await request.form()
    upload = raw.get("file")
    form = FormReader({k: v for k, v in raw.items() if k != "file"}, lang)
    fmt = form.choice("format", list(importers.names()))
    what = form.choice("what", [w for w, _label in TABLES], default="") or None
    client = form.optional_text("client", max_length=200)
    dry_run = form.values.get("action") != "import"
    data = b""
    name = "upload"
    if not isinstance(upload, UploadFile) or not upload.filename:
        form.fail("file", _("Choose a file to import."))
    else:
        name = upload.filename
        data = await upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            form.fail("file", _("The file is larger than 50 MB."))
    if not form.ok:
        return _page(request, container, form.values, form.errors, status_code=422)
    try:
        plan = container.imports.run(
            fmt, data, name, dry_run=dry_run, options=ImportOptions(what=what, client=client)
        )
    except ImportProblem as exc:
        return _page(request, container, form.values, {}, problems=exc.problems, status_code=422)
    except (InvalidInputError, NotFoundError) as exc:
        return _page(request, container, form.values, {}, problems=[exc.message], status_code=422)
    return _page(request, container, form.values, {}, report=plan.report(dry_run=dry_run))
