"""The Integrations page (owners): the calendars and mailboxes Rapport syncs with their
last result and error, forms to add them, "Sync now", the promises found in sent mail
(accept or dismiss each), and the address of the ICS feed; and the feed itself,
``GET /feed/TOKEN.ics``, answered without a login to whoever has the secret address.

Its texts are in the ``sync`` translation domain (``sync_text`` in the template)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rapport.errors import InvalidInputError, NotFoundError, RapportError
from rapport.i18n import gettext
from rapport.i18n import render as render_text
from rapport.texts import N_, Text
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
    N_("Mailboxes"),
    N_(
        "Rapport reads these mailboxes' folders at the same times: each thread with a known "
        "contact becomes an e-mail interaction. Bodies are not kept unless you choose so."
    ),
    N_("No mailboxes yet."),
    N_("Mailbox"),
    N_("Folders"),
    N_("Messages"),
    N_("Promises found in sent mail"),
    N_("Promise"),
    N_("Due"),
    N_("Accept"),
    N_("Dismiss"),
    N_("Add a mailbox"),
    N_("IMAP server"),
    N_("Port (optional)"),
    N_("Security"),
    N_("User name"),
    N_("Password"),
    N_("Folders to read (comma-separated; default INBOX)"),
    N_("Sent folder (its promises are offered as commitments)"),
    N_("Keep message bodies"),
    N_("Mailbox added."),
    N_("None (a server on this machine only)"),
    N_("Write saved agendas into this calendar's events"),
    N_("Agendas"),
    N_("Save"),
    N_("Calendars of this account"),
    N_("Choose the calendars to sync."),
    N_("Add the chosen calendars"),
    N_("already added"),
    N_("Unmatched organisers"),
    N_(
        "People on synced events that match no contact or client. Make one a client (the "
        "events then become its meetings) or leave them off this list."
    ),
    N_("E-mail"),
    N_("Name"),
    N_("Last seen"),
    N_("Make client"),
    N_("Ignore"),
    N_("Client made; its meetings were matched."),
    N_("Left off the list."),
    N_("Choose at least one calendar."),
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
DONE = {
    "added": "Calendar added.",
    "made": "Client made; its meetings were matched.",
    "ignored": "Left off the list.",
}


def in_language(lang: str, msgid: str) -> str:
    """A message of the ``sync`` domain in ``lang``."""
    return gettext(DOMAIN, lang, msgid)


def _error_text(lang: str, result: dict[str, Any] | None) -> str | None:
    if not result or not result.get("error"):
        return None
    template = result.get("error_template")
    if not template:
        return str(result["error"])
    return render_text(Text(str(template), dict(result.get("error_params") or {})), lang, DOMAIN)


def _page(
    request: Request,
    container: ContainerDep,
    *,
    error: str | None = None,
    done: str | None = None,
    new_secret: str | None = None,
    status_code: int = 200,
    chooser: dict[str, Any] | None = None,
) -> Response:
    from rapport.services.events import KINDS

    lang = current_language(request)
    sources = container.calendar_sync.sources()
    key = request.query_params.get("done", "")
    if done is None and key in DONE:
        done = in_language(lang, DONE[key])
    rows = [
        {"info": s, "error": _error_text(lang, s.last_result or {"error": s.last_error})}
        for s in sources
    ]
    mailboxes = [
        {"info": m, "error": _error_text(lang, m.last_result or {"error": m.last_error})}
        for m in container.mail_sync.mailboxes()
    ]
    books = [
        {"info": b, "error": _error_text(lang, b.last_result or {"error": b.last_error})}
        for b in container.contact_sync.books()
    ]
    base = str(request.base_url).rstrip("/")
    return render(
        request,
        "integrations.html",
        {
            "rows": rows,
            "mailboxes": mailboxes,
            "offers": container.mail_sync.offers(),
            "books": books,
            "minutes": container.settings.sync_interval_minutes,
            "feed_url": container.feed.url(base),
            "mail_server": container.mail.server(),
            "error": error,
            "done": done,
            "webhooks": container.webhooks.all_webhooks(),
            "event_kinds": KINDS,
            "new_secret": new_secret,
            "chooser": chooser,
            "unmatched": container.calendar_review.unmatched(),
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
    write_agendas: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Add a calendar; an account address (CalDAV, not itself a calendar) shows its
    calendars to choose from instead."""
    sync = container.calendar_sync
    user, secret = username.strip() or None, password or None
    try:
        if sync.is_account(url, username=user, password=secret):
            found = sync.discover(url, username=user, password=secret)
            from rapport.crypto import secret_box

            have = {i.url for i in sync.sources()}
            chooser = {
                "url": url.strip(),
                "username": user or "",
                # the password travels encrypted with the server key, never in clear
                "sealed": secret_box.seal(container.settings, secret) if secret else "",
                "client": client.strip(),
                "write_agendas": bool(write_agendas),
                "found": [{"name": f.name, "url": f.url, "added": f.url in have} for f in found],
            }
            return _page(request, container, chooser=chooser)
        sync.add(
            url,
            username=user,
            password=secret,
            client=client.strip() or None,
            write_agendas=bool(write_agendas),
        )
    except RapportError as exc:
        return refused(request, container, exc, answered=(400, 422))
    return RedirectResponse("/integrations?done=added", status_code=303)


def refused(
    request: Request,
    container: ContainerDep,
    exc: RapportError,
    answered: tuple[int, ...] = (422,),
) -> Response:
    """The page again, answering 422 with the error of a form a service refused (in the
    reader's language) when its status is one of ``answered``; any other error goes on to
    the app's handlers."""
    if exc.status_code not in answered:
        raise exc
    message = render_text(exc.text, current_language(request), DOMAIN)
    return _page(request, container, error=message, status_code=422)


@router.post("/integrations/calendars/choose")
async def choose_calendars(request: Request, container: ContainerDep) -> Response:
    """Add the calendars ticked in the chooser."""
    form = await request.form()
    sync = container.calendar_sync
    sync.sources()  # owners only
    chosen = [str(v)[:2000] for v in form.getlist("calendars")][:200]
    sealed = str(form.get("sealed") or "")[:4000]
    user = str(form.get("username") or "").strip()[:200] or None
    client = str(form.get("client") or "").strip()[:200] or None
    try:
        if not chosen:
            raise InvalidInputError(N_("Choose at least one calendar."))
        password = None
        if sealed:
            from rapport.crypto import secret_box

            password = secret_box.unseal(container.settings, sealed)
        have = {i.url for i in sync.sources()}
        for url in chosen:
            if url not in have:
                sync.add(
                    url,
                    kind="caldav",
                    username=user,
                    password=password,
                    client=client,
                    write_agendas=bool(form.get("write_agendas")),
                )
    except RapportError as exc:
        return refused(request, container, exc, answered=(400, 422))
    return RedirectResponse("/integrations?done=added", status_code=303)


@router.post("/integrations/calendars/{calendar_id}/agendas")
def set_write_agendas(
    request: Request,
    container: ContainerDep,
    calendar_id: PathId,
    write_agendas: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Whether saved agendas are written into this calendar's events (the checkbox)."""
    try:
        container.calendar_sync.set_write_agendas(calendar_id, bool(write_agendas))
    except RapportError as exc:
        return refused(request, container, exc)
    return RedirectResponse("/integrations", status_code=303)


@router.post("/integrations/unmatched/client")
def unmatched_client(
    request: Request,
    container: ContainerDep,
    email: Annotated[str, Form(max_length=320)],
    name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Make a client of an unmatched organiser; their events match at once."""
    container.calendar_review.make_client(
        email,
        name=name.strip() or None,
        workspace=container.workspace,
        language=container.settings.language,
        timezone=container.settings.timezone,
    )
    return RedirectResponse("/integrations?done=made", status_code=303)


@router.post("/integrations/unmatched/ignore")
def unmatched_ignore(
    request: Request,
    container: ContainerDep,
    email: Annotated[str, Form(max_length=320)],
) -> Response:
    container.calendar_review.ignore(email)
    return RedirectResponse("/integrations?done=ignored", status_code=303)


@router.post("/integrations/webhooks")
def add_webhook(
    request: Request,
    container: ContainerDep,
    url: Annotated[str, Form(max_length=2000)],
    events: Annotated[list[str] | None, Form(max_length=40)] = None,
) -> Response:
    """Add a webhook; the answer is the page with its secret, shown this once."""
    try:
        created = container.webhooks.add(url, events or [])
    except RapportError as exc:
        return refused(request, container, exc)
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
    results = container.sync_sources.sync_all()
    lang = current_language(request)
    done = in_language(
        lang, "Synced: {created} created, {updated} updated, {removed} removed."
    ).format(
        created=sum(r.created for r in results),
        updated=sum(r.updated for r in results),
        removed=sum(r.removed for r in results),
    )
    return _page(request, container, done=done)


@router.post("/integrations/mailboxes")
def add_mailbox(
    request: Request,
    container: ContainerDep,
    host: Annotated[str, Form(max_length=255)],
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    port: Annotated[int | None, Form(ge=1, le=65535)] = None,
    security: Annotated[str, Form(max_length=16)] = "tls",
    folders: Annotated[str, Form(max_length=2000)] = "",
    sent_folder: Annotated[str, Form(max_length=500)] = "",
    store_bodies: Annotated[bool, Form()] = False,
) -> Response:
    try:
        container.mail_sync.add(
            host,
            username=username,
            password=password or None,
            port=port,
            security=security,
            folders=[f for f in folders.split(",") if f.strip()],
            sent_folder=sent_folder or None,
            store_bodies=store_bodies,
        )
    except RapportError as exc:
        return refused(request, container, exc)
    return RedirectResponse("/integrations?mailbox=1", status_code=303)


@router.post("/integrations/promises/{promise_id}/accept")
def accept_promise(container: ContainerDep, promise_id: PathId) -> Response:
    """Add a promise found in sent mail to the ledger."""
    container.mail_sync.accept(promise_id)
    return RedirectResponse("/integrations#promises", status_code=303)


@router.post("/integrations/promises/{promise_id}/dismiss")
def dismiss_promise(container: ContainerDep, promise_id: PathId) -> Response:
    container.mail_sync.dismiss(promise_id)
    return RedirectResponse("/integrations#promises", status_code=303)


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
    actor = container.feed.actor_for(token, container.accounts)
    if actor is None:
        raise NotFoundError("no such feed")
    scoped = container.for_actor(actor)
    language = container.settings.language
    if lang:
        try:
            language = check_language(lang)
        except RapportError:
            language = container.settings.language
    body = calendar(scoped.workspace, scoped.client_facts, scoped.settings.timezone, language)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )
