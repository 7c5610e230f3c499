"""Transcript analysis off the event loop: a small thread pool, a time limit, and
cancellation when the client goes away; and a size limit checked before the body is read.

An analysis is CPU-bound for seconds. Run on the event loop (as ``async`` routes did), it
stalled every other request; now :func:`analyse_off_loop` hands it to one of
``ANALYSIS_THREADS`` threads and, while it runs, checks every ``POLL_S`` whether the
client disconnected (then the analysis stops at its next step).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rapport.config import Settings
from rapport.services.analysis_budget import Budget, max_bytes

T = TypeVar("T")

ANALYSIS_THREADS = 2
"""Analyses at once per server process; more uploads wait their turn (their time limit
counts from when they start)."""
POLL_S = 0.25
_pool = ThreadPoolExecutor(max_workers=ANALYSIS_THREADS, thread_name_prefix="rapport-analysis")

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
"""A progress token: chosen by the page's script, sent with the upload form."""
_progress: dict[tuple[int | None, str], float] = {}
"""How far each running page upload got (0..1), by account and progress token; in this
server process only (a poll answered by another process sees no progress)."""


def _key(request: Request, token: str) -> tuple[int | None, str] | None:
    if not TOKEN.fullmatch(token):
        return None
    actor = request.scope.get("rapport.actor")
    return (getattr(actor, "user_id", None), token)


def progress_of(request: Request, token: str) -> float | None:
    """How far the upload sent with ``token`` by this account got; None when unknown
    (not started yet, finished, or another account's)."""
    key = _key(request, token)
    return _progress.get(key) if key is not None else None


async def analyse_off_loop(
    request: Request, settings: Settings, work: Callable[[Budget], T], token: str = ""
) -> T:
    """Run ``work(budget)`` on the analysis pool; cancel its budget if the client leaves.
    With a progress ``token``, :func:`progress_of` answers how far it got meanwhile."""
    started = asyncio.Event()
    loop = asyncio.get_running_loop()
    budget_box: list[Budget] = []
    key = _key(request, token)

    def report(fraction: float) -> None:
        if key is not None:
            _progress[key] = max(0.0, min(1.0, fraction))

    def run() -> T:
        budget = Budget(settings.analysis_time_limit_s, progress=report)
        budget_box.append(budget)
        report(0.0)
        loop.call_soon_threadsafe(started.set)
        return work(budget)

    future = asyncio.wrap_future(_pool.submit(run))
    try:
        while True:
            done, _pending = await asyncio.wait({future}, timeout=POLL_S)
            if done:
                return future.result()
            if await request.is_disconnected():
                if budget_box:
                    budget_box[0].cancel()
                else:
                    future.cancel()  # still waiting for a thread: never starts
                return await future
    finally:
        if key is not None:
            _progress.pop(key, None)


UPLOAD_PATHS = {"/api/transcripts": 1.0, "/api/jobs/analyze": 1.0, "/transcripts": 4 / 3}
"""Transcript upload routes and how much larger than the file their body may be (the
page's second step sends the file back base64-encoded)."""
FORM_SLACK = 64 * 1024
"""Room for the multipart framing and the other form fields."""


class TranscriptSizeLimit:
    """ASGI middleware: a POST to a transcript upload route whose body is over the
    ``transcript_max_mb`` setting answers 413 before the body is read: at once from its
    ``Content-Length``, or as soon as a streamed body passes the limit."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        factor = UPLOAD_PATHS.get(scope.get("path", "")) if scope["type"] == "http" else None
        if factor is None or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        limit = int(max_bytes(self.settings.transcript_max_mb) * factor) + FORM_SLACK
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send)
            return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                seen += len(message.get("body", b""))
                if seen > limit:
                    refused = True
                    await self._refuse(send)
                    return {"type": "http.disconnect"}  # the app stops reading
            return message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, unless_refused)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, send: Send) -> None:
        limit = f"{self.settings.transcript_max_mb:g}"
        body = (
            b'{"detail":"the transcript is larger than '
            + limit.encode()
            + b' MB (the transcript_max_mb setting)"}'
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
