"""The web side of accounts: who is asking (bearer token or session cookie), CSRF checks,
and the login, first-run (/setup) and logout pages.

:class:`AccessMiddleware` runs before every route. It lets public paths through, answers
401 (JSON) for /api without credentials and redirects pages to /login (or /setup on first
run). Requests made with a session cookie that change something must carry the session's
CSRF token (header ``X-CSRF-Token`` or form field ``csrf_token``); the middleware adds that
field to every ``<form method="post">`` of the HTML pages it serves, and a
``<meta name="csrf-token">`` for scripts. Bearer-token calls are exempt (a browser never
sends them on its own). The actor it finds is put in the request scope; the container
dependency builds services limited to that actor (rapport.policy.access).
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rapport.bootstrap import Container
from rapport.errors import ConflictError, NotFoundError, RapportError
from rapport.i18n import render as render_text
from rapport.i18n import translations
from rapport.policy.roles import Role
from rapport.services.accounts import LOCAL_USER, WebLogin
from rapport.texts import N_
from rapport.web import csrf
from rapport.web.csrf import CSRF_FIELD
from rapport.web.deps import ACTOR_KEY, get_container

COOKIE = "rapport_session"
CSRF_KEY = "rapport.csrf"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PUBLIC = (
    "/login",
    "/setup",
    "/healthz",
    "/static/",
    "/favicon",
    "/openapi.json",
    "/docs",
    "/redoc",
    "/feed/",  # the ICS feed: its secret token is the key (rapport.web.integrations)
    "/book/",  # booking pages: the client's secret token is the key (rapport.web.booking)
)
FORM_TAG = re.compile(rb"<form\b[^>]*\bmethod=[\"']?post[\"']?[^>]*>", re.IGNORECASE)


def _public(path: str) -> bool:
    return any(path == p or path.startswith(p if p.endswith("/") else p + "/") for p in PUBLIC)


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            header: str = value.decode("latin-1")
            scheme, _, token = header.partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


class AccessMiddleware:
    def __init__(self, app: ASGIApp, container: Container) -> None:
        self.app = app
        self.container = container

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _public(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = _bearer(scope)
        login: WebLogin | None = None
        if token is not None:
            actor = await run_in_threadpool(self.container.accounts.actor_for_token, token)
        else:
            cookie = request.cookies.get(COOKIE)
            login = (
                await run_in_threadpool(self.container.accounts.session, cookie) if cookie else None
            )
            actor = login.actor if login else None
        if actor is None:
            response = await self._refuse(request)
            await response(scope, receive, send)
            return
        writing = scope["method"] not in SAFE_METHODS
        if not actor.may_write and writing and scope["path"].startswith("/api/"):
            # A second guard beside the services' own checks: read-only accounts only read.
            refused = JSONResponse({"detail": "read-only account"}, status_code=403)
            await refused(scope, receive, send)
            return
        if login is not None and scope["method"] not in SAFE_METHODS:
            checked = await csrf.check(scope, receive, login.csrf_token)
            if not checked.ok:
                answer = JSONResponse(
                    {"detail": "missing or wrong CSRF token (reload the page and try again)"},
                    status_code=403,
                )
                await answer(scope, receive, send)
                return
            receive = checked.receive
        scope[ACTOR_KEY] = actor
        if login is not None:
            scope[CSRF_KEY] = login.csrf_token
        if login is not None:
            send = _with_csrf_fields(send, login.csrf_token)
        await self.app(scope, receive, send)

    async def _refuse(self, request: Request) -> Response:
        path = request.url.path
        if path == "/api" or path.startswith("/api/"):
            return JSONResponse(
                {"detail": "not authenticated: log in or send Authorization: Bearer TOKEN"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        if self.container.settings.mode == "single" and not await run_in_threadpool(
            self.container.accounts.has_password
        ):
            return RedirectResponse("/setup", status_code=303)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def _with_csrf_fields(send: Send, csrf: str) -> Send:
    """Add the CSRF token to every POST form (and a meta tag) of HTML responses."""
    field = f'<input type="hidden" name="{CSRF_FIELD}" value="{csrf}">'.encode()
    meta = f'<meta name="csrf-token" content="{csrf}">'.encode()
    start: MutableMapping[str, Any] | None = None
    chunks: list[bytes] = []

    async def wrapped(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers", []))
            if headers.get(b"content-type", b"").startswith(b"text/html"):
                start = message
                return
            await send(message)
            return
        if start is None or message["type"] != "http.response.body":
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        html = FORM_TAG.sub(lambda m: m.group(0) + field, b"".join(chunks))
        html = re.sub(rb"<head>", b"<head>" + meta, html, count=1, flags=re.IGNORECASE)
        new_headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
        new_headers.append((b"content-length", str(len(html)).encode()))
        await send({**start, "headers": new_headers})
        await send({"type": "http.response.body", "body": html, "more_body": False})

    return wrapped


# --- pages -------------------------------------------------------------------------------
@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates" / "auth"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )


def _lang(request: Request, container: Container) -> str:
    """The pages' language choice (?lang=, its cookie, Accept-Language, the setting)."""
    from rapport.web.pages.rendering import current_language

    return current_language(request)


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def _page(request: Request, container: Container, status: int = 200, **values: Any) -> Response:
    lang = _lang(request, container)
    t = translations("auth", lang)
    env = _environment()
    env.install_gettext_translations(t, newstyle=True)  # type: ignore[attr-defined]
    _ = t.gettext
    setup = values.get("setup", False)
    from rapport import __version__
    from rapport.domain.model import LANGUAGES
    from rapport.i18n import LANGUAGE_NAMES
    from rapport.i18n import gettext as translate

    context = {
        "lang": lang,
        "version": __version__,
        "path": request.url.path,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        # The pages' own words for the language picker (the web domain).
        "language_label": translate("web", lang, "Page language"),
        "change_label": translate("web", lang, "Change"),
        "title": _("Set your password") if setup else _("Log in to Rapport"),
        "intro": _("Rapport keeps your clients private: choose a password for this workspace.")
        if setup
        else None,
        "button": _("Save and continue") if setup else _("Log in"),
        "action": "/setup" if setup else "/login",
        "ask_name": container.settings.mode == "team",
        "form": True,
        "username": "",
        "next": "/",
        "error": None,
        **values,
    }
    for key in ("error",):
        if context[key]:
            context[key] = _(context[key])
    html = env.get_template("auth.html").render(**context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


MESSAGES = {
    "wrong": N_("Wrong name or password."),  # team mode: a name field and a password
    "wrong_password": N_("Wrong password."),  # single-user mode: only a password
    "paused": N_("Too many failed attempts. Please wait a while and try again."),
    "mismatch": N_("The two passwords differ."),
    "short": N_("Please choose a password of at least 8 characters."),
    "logout": N_("Log out"),  # the button in the pages' header (web/templates/base.html)
}
# The owners' audit page (web/templates/audit.html).
AUDIT_PAGE = (
    N_("Audit log"),
    N_("Who changed what and when, newest first."),
    N_("When"),
    N_("Who"),
    N_("Action"),
    N_("Record"),
    N_("Client"),
    N_("Changes"),
    N_("Since"),
    N_("Until"),
    N_("Any kind"),
    N_("Filter"),
    N_("Clear"),
    N_("Newer"),
    N_("Older"),
    N_("No entries match."),
    N_("Times are in %(zone)s."),
    N_("%(count)s entries match."),
    N_("All fields"),
)
AUDIT_ACTIONS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "login": N_("Logged in"),
    "login-failed": N_("Login refused"),
    "login-paused": N_("Login paused"),
    "logout": N_("Logged out"),
    "import": N_("Imported"),
    "restore": N_("Restored from a backup"),
    "demo": N_("Filled with demo data"),
}
AUDIT_ENTITIES = {
    "client": N_("Client"),
    "contact": N_("Contact"),
    "interaction": N_("Meeting or message"),
    "note": N_("Note"),
    "project": N_("Project"),
    "commitment": N_("Promise"),
    "revenue": N_("Revenue"),
    "transcript": N_("Analysed transcript"),
    "label-correction": N_("Label correction"),
    "agenda": N_("Saved agenda"),
    "triage-decision": N_("Triage decision"),
    "boundary-reset": N_("Boundary reset"),
    "assessment": N_("Self-assessment"),
    "share": N_("Sharing"),
    "ownership": N_("Ownership"),
    "user": N_("Account"),
    "token": N_("API token"),
    "login": N_("Login"),
    "workspace": N_("Workspace (bulk)"),
}
"""Display names of actions and kinds of records (others are shown as they are stored)."""
AUDIT_PAGE_SIZE = 100


# The owners' accounts page (web/templates/users.html).
ROLE_NAMES = {
    "owner": N_("Owner"),
    "member": N_("Member"),
    "read-only": N_("Read-only"),
}
USERS_PAGE = (
    N_("Accounts"),
    N_(
        "Change a role, switch an account off or remove it. A disabled account cannot log in "
        "and its API tokens are refused until it is enabled again. The last owner always "
        "stays an owner."
    ),
    N_("Saved."),
    N_("User name"),
    N_("Role"),
    N_("State"),
    N_("Change"),
    N_("Disabled"),
    N_("Active"),
    N_("Role of %(name)s"),
    N_("Set role"),
    N_("Enable"),
    N_("Disable"),
    N_("Remove %(name)s"),
)
ACCOUNT_ERRORS = {
    409: N_("The last owner cannot be removed, disabled or made a member or read-only."),
    404: N_("There is no such account any more."),
    422: N_("Choose owner, member or read-only."),
}


def _secure(request: Request, container: Container) -> bool:
    setting = container.settings.session_cookie_secure
    return setting if setting is not None else request.url.scheme == "https"


def _logged_in(request: Request, container: Container, login: WebLogin, target: str) -> Response:
    response = RedirectResponse(_safe_next(target), status_code=303)
    response.set_cookie(
        COOKIE,
        login.cookie,
        max_age=container.settings.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=_secure(request, container),
        path="/",
    )
    return response


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def routes(container: Container) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/login")
    def login_page(request: Request, next: str = "/") -> Response:
        if container.settings.mode == "single" and not container.accounts.has_password():
            return RedirectResponse("/setup", status_code=303)
        return _page(request, container, next=_safe_next(next))

    @router.post("/login")
    def login(
        request: Request,
        password: str = Form(""),
        username: str = Form(""),
        next: str = Form("/"),
    ) -> Response:
        name = username if container.settings.mode == "team" else LOCAL_USER
        try:
            login = container.accounts.login(name, password, _address(request))
        except RapportError as exc:
            if exc.status_code == 429:
                key = "paused"
            else:
                key = "wrong" if container.settings.mode == "team" else "wrong_password"
            return _page(
                request,
                container,
                status=exc.status_code,
                error=MESSAGES[key],
                username=username,
                next=_safe_next(next),
            )
        return _logged_in(request, container, login, next)

    @router.get("/setup")
    def setup_page(request: Request) -> Response:
        if container.settings.mode != "single" or container.accounts.has_password():
            return RedirectResponse("/login", status_code=303)
        return _page(request, container, setup=True)

    @router.post("/setup")
    def setup(request: Request, password: str = Form(""), confirm: str = Form("")) -> Response:
        if container.settings.mode != "single" or container.accounts.has_password():
            # A password exists: setting it again needs the old one (`rapport password set`).
            return RedirectResponse("/login", status_code=303)
        if password != confirm:
            return _page(request, container, status=422, setup=True, error=MESSAGES["mismatch"])
        if len(password) < 8:
            return _page(request, container, status=422, setup=True, error=MESSAGES["short"])
        container.accounts.set_password(LOCAL_USER, password)
        login = container.accounts.login(LOCAL_USER, password, _address(request))
        return _logged_in(request, container, login, "/")

    @router.get("/audit")
    def audit_page(
        request: Request,
        client: str = "",
        actor: str = "",
        entity: str = "",
        since: str = "",
        until: str = "",
        offset: int = 0,
    ) -> Response:
        """The audit log for owners (others get the 403 page), filtered, a page at a time."""
        from rapport.services.audit import known_entities
        from rapport.web.pages.rendering import current_language, render

        scoped = get_container(request)
        service = scoped.audit
        form = {"client": client, "actor": actor, "entity": entity, "since": since, "until": until}
        values: dict[str, object] = {
            "form": form,
            "kinds": known_entities(),
            "entity_names": AUDIT_ENTITIES,
            "action_names": AUDIT_ACTIONS,
            "entries": [],
            "client_names": {},
            "total": 0,
            "offset": max(0, offset),
            "page_size": AUDIT_PAGE_SIZE,
            "error": None,
        }
        try:
            where = service.filter(zone=scoped.settings.timezone, **form)
        except RapportError as exc:
            if exc.status_code == 403:
                raise
            lang = current_language(request)
            values["error"] = render_text(exc.text, lang, "cli")
            return render(request, "audit.html", values, status_code=422)
        entries = service.entries(limit=AUDIT_PAGE_SIZE, offset=max(0, offset), where=where)
        values["entries"] = entries
        values["client_names"] = service.client_names(entries)
        values["total"] = service.count(where)
        return render(request, "audit.html", values)

    @router.get("/users")
    def users_page(request: Request, done: bool = False, error: int = 0) -> Response:
        """The accounts of a team, for owners (others get the 403 page)."""
        from rapport.web.pages.rendering import render

        users = get_container(request).accounts.list_users()
        return render(
            request,
            "users.html",
            {
                "users": users,
                "role_names": ROLE_NAMES,
                "done": done,
                "error": ACCOUNT_ERRORS.get(error),
            },
        )

    @router.post("/users/{name}/{change}")
    def change_user(request: Request, name: str, change: str, role: str = Form("")) -> Response:
        """Set a role, disable, enable or remove an account (owners only); back to the
        accounts page with what happened."""

        if change not in ("role", "disable", "enable", "remove"):
            raise NotFoundError(f"no change called {change}")
        if change == "role" and role not in ROLE_NAMES:
            return RedirectResponse("/users?error=422", status_code=303)
        accounts = get_container(request).accounts
        try:
            if change == "role":
                accounts.set_role(name, Role(role))
            elif change == "remove":
                accounts.remove_user(name)
            else:
                accounts.set_disabled(name, change == "disable")
        except (ConflictError, NotFoundError) as exc:
            return RedirectResponse(f"/users?error={exc.status_code}", status_code=303)
        return RedirectResponse("/users?done=1", status_code=303)

    @router.post("/logout")
    def logout(request: Request) -> Response:
        cookie = request.cookies.get(COOKIE)
        if cookie:
            container.accounts.logout(cookie)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
        return response

    return router


def install(app: FastAPI, container: Container) -> None:
    """Add the login pages and the access middleware to ``app``."""
    app.include_router(routes(container))
    app.add_middleware(AccessMiddleware, container=container)
