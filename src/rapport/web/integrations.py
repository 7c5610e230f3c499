"""The Integrations page (owners): the calendars Rapport syncs with their last result and
error, a form to add one, "Sync now", and the address of the ICS feed; and the feed itself,
``GET /feed/TOKEN.ics``, answered without a login to whoever has the secret address.

Its texts are in the ``sync`` translation domain (``sync_text`` in the template)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rapport.errors import N_, NotFoundError, RapportError, Text
from rapport.i18n import gettext
from rapport.web.api.bounds import PathId
from rapport.web.deps import ContainerDep
from rapport.web.pages.rendering import current_language, render

router = APIRouter(include_in_schema=False)
feed_router = APIRouter(include_in_schema=False)
DOMAIN = "sync"

TEXTS = (
    N_("Integrations"),
    N_("Calendars"),
    N_(
        "Rapport reads these calendars every {minutes} minutes while the server runs "
        "(and when you press Sync now): meetings become interactions, future ones count "
        "as booked hours."
    ),
    N_("Background sync is off (sync_interval_minutes is 0)."),
    N_("No calendars yet."),
    N_("Calendar"),
    N_("Kind"),
    N_("Client"),
    N_("Last sync"),
    N_("Events"),
    N_("Unmatched"),
    N_("Result"),
    N_("ok"),
    N_("never"),
    N_("Sync now"),
    N_("Add a calendar"),
    N_("Address (CalDAV collection or .ics)"),
    N_("User name (optional)"),
    N_("Password (optional)"),
    N_("Client for unmatched events (optional)"),
    N_("Add"),
    N_("Feed of promises and touch-points"),
    N_(
        "Subscribe to this secret address in any calendar app to see promises' due dates "
        "and touch-points coming due. Anyone with the address can read it: keep it private."
    ),
    N_("Make a new address"),
    N_("Synced: {created} created, {updated} updated, {removed} removed."),
    N_("Calendar added."),
    N_("Webhooks"),
    N_(
        "Rapport POSTs signed events to these addresses: new interactions, promises made or "
        "changed, triage decisions and bookings (docs/webhooks.md)."
    ),
    N_("No webhooks yet."),
    N_("Add a webhook"),
    N_("Address (http or https)"),
    N_("Event kinds (none ticked: all)"),
    N_("Send a test"),
    N_("Remove"),
    N_("Webhook added. Its signing secret, shown only this once:"),
    N_("Test event queued."),
    N_("Webhook removed."),
)


def in_language(lang: str, msgid: str) -> str:
    """A message of the ``sync`` domain in ``lang``."""
    return gettext(DOMAIN, lang, msgid)


def _error_text(lang: str, result: dict[str, Any] | None) -> str | None:
    if not result or not result.get("error"):
        return None
    template = result.get("error_template")
    if not template:
        return str(result["error"])
    return Text(str(template), dict(result.get("error_params") or {})).render(
        lambda msgid: in_language(lang, msgid)
    )


def _page(
    request: Request,
    container: ContainerDep,
    *,
    error: str | None = None,
    done: str | None = None,
    new_secret: str | None = None,
    status_code: int = 200,
) -> Response:
    from rapport.services.events import KINDS

    lang = current_language(request)
    sources = container.calendar_sync.sources()
    rows = [
        {"info": s, "error": _error_text(lang, s.last_result or {"error": s.last_error})}
        for s in sources
    ]
    base = str(request.base_url).rstrip("/")
    return render(
        request,
        "integrations.html",
        {
            "rows": rows,
            "minutes": container.settings.sync_interval_minutes,
            "feed_url": container.feed.url(base),
            "error": error,
            "done": done,
            "webhooks": container.webhooks.all_webhooks(),
            "event_kinds": KINDS,
            "new_secret": new_secret,
        },
        status_code=status_code,
    )


@router.get("/integrations")
def integrations(request: Request, container: ContainerDep) -> Response:
    """Calendars and their last sync, for owners (others get the 403 page)."""
    container.calendar_sync.sources()  # owners only: 403 before anything is made
    return _page(request, container)


@router.post("/integrations/calendars")
def add_calendar(
    request: Request,
    container: ContainerDep,
    url: Annotated[str, Form(max_length=2000)],
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    client: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    lang = current_language(request)
    try:
        container.calendar_sync.add(
            url,
            username=username.strip() or None,
            password=password or None,
            client=client.strip() or None,
        )
    except RapportError as exc:
        if exc.status_code != 422:
            raise
        message = exc.text.render(lambda msgid: in_language(lang, msgid))
        return _page(request, container, error=message, status_code=422)
    return RedirectResponse("/integrations?added=1", status_code=303)


@router.post("/integrations/webhooks")
def add_webhook(
    request: Request,
    container: ContainerDep,
    url: Annotated[str, Form(max_length=2000)],
    events: Annotated[list[str] | None, Form(max_length=40)] = None,
) -> Response:
    """Add a webhook; the answer is the page with its secret, shown this once."""
    lang = current_language(request)
    try:
        created = container.webhooks.add(url, events or [])
    except RapportError as exc:
        if exc.status_code != 422:
            raise
        message = exc.text.render(lambda msgid: in_language(lang, msgid))
        return _page(request, container, error=message, status_code=422)
    return _page(request, container, new_secret=created.secret)


@router.post("/integrations/webhooks/{webhook_id}/test")
def test_webhook(webhook_id: PathId, container: ContainerDep) -> Response:
    container.webhooks.test(webhook_id)
    return RedirectResponse("/integrations?pinged=1#webhooks-title", status_code=303)


@router.post("/integrations/webhooks/{webhook_id}/remove")
def remove_webhook(webhook_id: PathId, container: ContainerDep) -> Response:
    container.webhooks.remove(webhook_id)
    return RedirectResponse("/integrations?unhooked=1#webhooks-title", status_code=303)


@router.post("/integrations/sync")
def sync_now(request: Request, container: ContainerDep) -> Response:
    results = container.calendar_sync.sync_all()
    lang = current_language(request)
    done = in_language(
        lang, "Synced: {created} created, {updated} updated, {removed} removed."
    ).format(
        created=sum(r.created for r in results),
        updated=sum(r.updated for r in results),
        removed=sum(r.removed for r in results),
    )
    return _page(request, container, done=done)


@router.post("/integrations/feed/reset")
def reset_feed(request: Request, container: ContainerDep) -> Response:
    container.calendar_sync.sources()  # owners only
    container.feed.token(reset=True)
    return RedirectResponse("/integrations", status_code=303)


@feed_router.get("/feed/{token}.ics")
def feed(request: Request, token: str, lang: str | None = None) -> Response:
    """The ICS feed of the account whose secret token is in the address (no login); any
    other token: 404."""
    from rapport.domain.validation import check_language
    from rapport.services.feed import calendar

    container = request.app.state.container
    actor = container.feed.actor_for(token, container)
    if actor is None:
        raise NotFoundError("no such feed")
    scoped = container.for_actor(actor)
    language = container.settings.language
    if lang:
        try:
            language = check_language(lang)
        except RapportError:
            language = container.settings.language
    body = calendar(scoped, language)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )
