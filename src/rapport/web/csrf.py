"""The CSRF check of requests made with a session cookie, without buffering uploads.

The token comes from the header ``X-CSRF-Token`` or the form field ``csrf_token``. Plain
forms (``application/x-www-form-urlencoded``) are small — the body limit keeps them under
``RAPPORT_MAX_BODY_KB`` — and are read whole and replayed. Multipart uploads are parsed as
they stream in only until the ``csrf_token`` field has been read: the pages put that field
first in every form, so the check holds at most :data:`SCAN_LIMIT` bytes and the rest of
the upload streams straight on to the route. A token placed after that much of an upload is
not looked for (send it in the header instead).
"""

from __future__ import annotations

from dataclasses import dataclass

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request
from starlette.types import Message, Receive, Scope

from rapport.crypto.tokens import same

CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SCAN_LIMIT = 64 * 1024
"""Bytes of a multipart body read while looking for the token field."""
_TOKEN_MAX = 256


@dataclass(frozen=True)
class Checked:
    ok: bool
    receive: Receive
    """The request's body as the app should read it (what was read, then the rest)."""


async def check(scope: Scope, receive: Receive, expected: str) -> Checked:
    request = Request(scope)
    given = request.headers.get(CSRF_HEADER)
    if given is not None:
        return Checked(same(given, expected), receive)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        body = await _read_all(receive)
        form = await Request(scope, _replay([body], receive, ended=True)).form()
        value = form.get(CSRF_FIELD)
        await form.close()
        ok = isinstance(value, str) and same(value, expected)
        return Checked(ok, _replay([body], receive, ended=True))
    if content_type.startswith("multipart/form-data"):
        _, options = parse_options_header(content_type)
        boundary = options.get(b"boundary")
        if boundary:
            return await _scan_multipart(boundary, receive, expected)
    return Checked(False, receive)


async def _read_all(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return b"".join(chunks)


class _TokenField:
    """Collects the value of the ``csrf_token`` part of a multipart stream."""

    def __init__(self, boundary: bytes) -> None:
        self.value: str | None = None
        self._name: bytes | None = None
        self._field = b""
        self._header = b""
        self._data = b""
        self.parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": self._on_field,
                "on_header_value": self._on_value,
                "on_header_end": self._header_end,
                "on_part_data": self._on_data,
                "on_part_end": self._end,
            },
        )

    def _begin(self) -> None:
        self._name, self._data = None, b""

    def _on_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _on_value(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def _header_end(self) -> None:
        if self._field.lower() == b"content-disposition":
            _, options = parse_options_header(self._header)
            self._name = options.get(b"name")
        self._field, self._header = b"", b""

    def _on_data(self, data: bytes, start: int, end: int) -> None:
        if self._name == CSRF_FIELD.encode() and len(self._data) <= _TOKEN_MAX:
            self._data += data[start:end]

    def _end(self) -> None:
        if self._name == CSRF_FIELD.encode() and self.value is None:
            self.value = self._data.decode("latin-1")


async def _scan_multipart(boundary: bytes, receive: Receive, expected: str) -> Checked:
    field = _TokenField(boundary)
    read: list[bytes] = []
    size = 0
    ended = False
    while field.value is None and size <= SCAN_LIMIT and not ended:
        message = await receive()
        if message["type"] != "http.request":
            return Checked(False, receive)
        chunk = message.get("body", b"")
        read.append(chunk)
        size += len(chunk)
        ended = not message.get("more_body", False)
        try:
            field.parser.write(chunk)
        except Exception:  # a malformed body carries no token
            return Checked(False, receive)
    ok = field.value is not None and same(field.value, expected)
    return Checked(ok, _replay(read, receive, ended=ended))


def _replay(read: list[bytes], rest: Receive, *, ended: bool) -> Receive:
    """The bytes already read as one message, then the rest of the stream."""
    pending = True

    async def receive() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": b"".join(read), "more_body": not ended}
        return await rest()

    return receive
