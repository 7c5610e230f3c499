"""Talking to a CardDAV address book (RFC 6352) over plain HTTP: list what changed since the
last sync token (sync-collection, RFC 6578; PROPFIND with ETags when the token is unknown
or the server has none), read cards (addressbook-multiget), and write them back (PUT with
If-Match / If-None-Match, DELETE with If-Match).

Every failure is one :class:`~rapport.services.calendar_fetch.SyncFailure` whose message
says what went wrong in words.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin
from xml.etree import ElementTree

from rapport.services.calendar_fetch import (
    L_AUTH,
    L_HTTP,
    L_UNREACHABLE,
    SyncFailure,
    _first_line,
    _short_reason,
    href_of,
)
from rapport.texts import N_

TIMEOUT_S = 120
MULTIGET_CHUNK = 200
MAX_BYTES = 50 * 1024 * 1024
DAV = "{DAV:}"
CARD = "{urn:ietf:params:xml:ns:carddav}"

L_FORBIDDEN = N_("the server denied access to this address book (HTTP {status})")
L_NOT_FOUND = N_("no address book at this address (HTTP 404)")
L_NOT_BOOK = N_("the address is not a CardDAV address book: {reason}")
L_CHANGED = N_("card {href} changed on the server during the sync (HTTP 412); run the sync again")


@dataclass
class CardListing:
    """What the address book holds now, as far as this run needs to know."""

    etags: dict[str, str]
    """href -> ETag of the cards that are new or may have changed (full: every card)."""
    deleted: set[str] = field(default_factory=set)
    full: bool = True
    """True: ``etags`` lists every card, so a stored one not listed was deleted."""
    token: str | None = None


class CardDAV:
    """One address-book collection on one server, with its credentials."""

    def __init__(self, url: str, username: str | None, password: str | None) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.path = href_of(self.url)
        self.auth = None
        if username:
            pair = f"{username}:{password or ''}".encode()
            self.auth = "Basic " + base64.b64encode(pair).decode("ascii")

    # --- HTTP ------------------------------------------------------------------------------
    def _request(
        self,
        method: str,
        url: str,
        body: str | None = None,
        headers: dict[str, str] | None = None,
        *,
        allow: tuple[int, ...] = (),
    ) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(
            url,
            data=body.encode() if body is not None else None,
            method=method,
            headers={"User-Agent": "Rapport contact sync", **(headers or {})},
        )
        if self.auth:
            request.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
                data = answer.read(MAX_BYTES + 1)
                return answer.status, data, {k.lower(): v for k, v in answer.headers.items()}
        except urllib.error.HTTPError as exc:
            if exc.code in allow:
                return exc.code, exc.read(), {k.lower(): v for k, v in exc.headers.items()}
            if exc.code == 401:
                raise SyncFailure(L_AUTH, status=401) from None
            if exc.code == 403:
                raise SyncFailure(L_FORBIDDEN, status=403) from None
            if exc.code == 404:
                raise SyncFailure(L_NOT_FOUND) from None
            raise SyncFailure(L_HTTP, status=exc.code, reason=exc.reason) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SyncFailure(L_UNREACHABLE, reason=_short_reason(exc)) from None

    def _xml(self, data: bytes) -> ElementTree.Element:
        if len(data) > MAX_BYTES:
            raise SyncFailure(L_NOT_BOOK, reason="the answer is too large")
        try:
            return ElementTree.fromstring(data)
        except ElementTree.ParseError as exc:
            raise SyncFailure(L_NOT_BOOK, reason=_first_line(exc)) from None

    def address(self, href: str) -> str:
        return urljoin(self.url, quote(href))

    # --- reading ---------------------------------------------------------------------------
    def check(self) -> None:
        """That the address is an address-book collection (PROPFIND depth 0)."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:">'
            "<D:prop><D:resourcetype/></D:prop></D:propfind>"
        )
        _status, data, _ = self._request(
            "PROPFIND", self.url, body, {"Depth": "0", "Content-Type": "application/xml"}
        )
        root = self._xml(data)
        if root.find(f".//{DAV}resourcetype/{CARD}addressbook") is None:
            raise SyncFailure(L_NOT_BOOK, reason="no addressbook resource type")

    def listing(self, token: str | None) -> CardListing:
        self.check()
        if token:
            found = self._sync_report(token)
            if found is not None:
                return found
        found = self._sync_report("")
        return found if found is not None else self._propfind_all()

    def _sync_report(self, token: str) -> CardListing | None:
        """A sync-collection REPORT; None when the token is refused or the server has no
        sync-collection (the caller lists everything instead)."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:">'
            f"<D:sync-token>{_escape(token)}</D:sync-token><D:sync-level>1</D:sync-level>"
            "<D:prop><D:getetag/></D:prop></D:sync-collection>"
        )
        status, data, _ = self._request(
            "REPORT",
            self.url,
            body,
            {"Content-Type": "application/xml"},
            allow=(400, 403, 405, 409, 412, 501),
        )
        if status >= 400:
            return None
        root = self._xml(data)
        listing = CardListing(etags={}, full=not token)
        for href, etag in self._responses(root):
            if etag is None:
                listing.deleted.add(href)
            else:
                listing.etags[href] = etag
        token_el = root.find(f"{DAV}sync-token")
        listing.token = (token_el.text or "").strip() or None if token_el is not None else None
        return listing

    def _propfind_all(self) -> CardListing:
        body = (
            '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:">'
            "<D:prop><D:getetag/></D:prop></D:propfind>"
        )
        _status, data, _ = self._request(
            "PROPFIND", self.url, body, {"Depth": "1", "Content-Type": "application/xml"}
        )
        listing = CardListing(etags={}, full=True)
        for href, etag in self._responses(self._xml(data)):
            listing.etags[href] = etag or "unknown"
        return listing

    def _responses(self, root: ElementTree.Element) -> list[tuple[str, str | None]]:
        """(href, ETag or None when the response says it is gone) of each card."""
        out: list[tuple[str, str | None]] = []
        for response in root.findall(f"{DAV}response"):
            href_el = response.find(f"{DAV}href")
            if href_el is None or not href_el.text:
                continue
            href = href_of(href_el.text.strip())
            if href.rstrip("/") == self.path.rstrip("/") or href.endswith("/"):
                continue  # the collection itself
            etag_el = response.find(f".//{DAV}getetag")
            status_el = response.find(f"{DAV}status")
            gone = status_el is not None and " 404" in (status_el.text or "")
            etag = (etag_el.text or "").strip() if etag_el is not None else ""
            out.append((href, None if gone or not etag else etag))
        return out

    def fetch(self, hrefs: list[str]) -> dict[str, tuple[str, str | None]]:
        """href -> (card text, ETag) by addressbook-multiget, MULTIGET_CHUNK at a time."""
        found: dict[str, tuple[str, str | None]] = {}
        for start in range(0, len(hrefs), MULTIGET_CHUNK):
            chunk = hrefs[start : start + MULTIGET_CHUNK]
            body = (
                '<?xml version="1.0" encoding="utf-8"?><C:addressbook-multiget xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/>'
                "</D:prop>"
                + "".join(f"<D:href>{_escape(quote(h))}</D:href>" for h in chunk)
                + "</C:addressbook-multiget>"
            )
            _status, data, _ = self._request(
                "REPORT", self.url, body, {"Depth": "1", "Content-Type": "application/xml"}
            )
            for response in self._xml(data).findall(f"{DAV}response"):
                href_el = response.find(f"{DAV}href")
                text_el = response.find(f".//{CARD}address-data")
                if href_el is None or not href_el.text or text_el is None or not text_el.text:
                    continue
                etag_el = response.find(f".//{DAV}getetag")
                etag = (etag_el.text or "").strip() if etag_el is not None else None
                found[href_of(href_el.text.strip())] = (text_el.text, etag or None)
        return found

    # --- writing ---------------------------------------------------------------------------
    def put(self, href: str, text: str, etag: str | None) -> str | None:
        """Write a card: over the version ``etag`` (If-Match), or a new one (If-None-Match:
        *). Answers the new ETag (None if the server does not say)."""
        headers = {"Content-Type": "text/vcard; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        else:
            headers["If-None-Match"] = "*"
        status, _data, answer = self._request(
            "PUT", self.address(href), text, headers, allow=(412,)
        )
        if status == 412:
            raise SyncFailure(L_CHANGED, href=href.rsplit("/", 1)[-1])
        return answer.get("etag")

    def delete(self, href: str, etag: str | None) -> None:
        headers = {"If-Match": etag} if etag else {}
        status, _data, _ = self._request(
            "DELETE", self.address(href), None, headers, allow=(404, 412)
        )
        if status == 412:
            raise SyncFailure(L_CHANGED, href=href.rsplit("/", 1)[-1])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def card_href(collection_path: str, uid: str) -> str:
    """Where a new card with ``uid`` goes in the collection."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in uid)
    return collection_path.rstrip("/") + "/" + safe + ".vcf"
