"""Security headers on every answer, no-store on private ones, and templates a strict
Content Security Policy can serve (docs/security.md, "Headers and limits")."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.web.app import create_app
from tests.conftest import ROOT, logged_in_cookie

EVERYWHERE = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
TEMPLATE_DIRS = [
    ROOT / "src" / "rapport" / "web" / "templates",
    ROOT / "src" / "rapport" / "security" / "templates",
]


def assert_secure(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in EVERYWHERE.items():
        assert headers[name] == value, (response, name)
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_api_and_public_answers_carry_the_headers(container: Container) -> None:
    cookie = logged_in_cookie(container)
    with TestClient(create_app(container), follow_redirects=False) as browser:
        for path in ("/login", "/healthz", "/static/css/rapport.css", "/today"):
            assert_secure(browser.get(path))
        browser.cookies.set("rapport_session", cookie)
        for path in ("/today", "/clients", "/api/me", "/api/clients", "/no-such-page"):
            answer = browser.get(path)
            assert_secure(answer)
            assert answer.headers["cache-control"] == "no-store", path
        assert "csrf_token" in browser.get("/api/me").json()
        # Public and shared files may be cached; the bundled chart library keeps its caching.
        assert "no-store" not in browser.get("/static/css/rapport.css").headers.get(
            "cache-control", ""
        )
        assert browser.get("/vendor/plotly.min.js").headers["cache-control"].startswith("public")


def _templates() -> list[Path]:
    return sorted(p for d in TEMPLATE_DIRS if d.exists() for p in d.rglob("*.html"))


def test_no_template_has_inline_script_handlers_or_style_attributes() -> None:
    """The policy allows neither; a template that used them would break in the browser."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    style_attr = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (
            ("script", inline_script),
            ("handler", handler),
            ("style", style_attr),
        ):
            found += [
                f"{path.relative_to(ROOT)}: {name}: {m.group(0)[:60]}"
                for m in pattern.finditer(text)
            ]
        assert "javascript:" not in text, path
    assert _templates() and not found, found
