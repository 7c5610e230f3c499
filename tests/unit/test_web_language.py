"""Choosing the page language from what the browser says."""

from __future__ import annotations

import pytest

from rapport.web.pages.language import canonical, negotiate


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ja", "ja"),
        ("JA-jp", "ja"),
        ("zh-CN", "zh-Hans"),
        ("zh-Hans-SG", "zh-Hans"),
        ("zh-TW", "zh-Hans"),
        ("no", "nb"),
        ("nn-NO", "nb"),
        ("nb", "nb"),
        ("vi-VN", "vi"),
        ("en-GB", "en"),
        ("fr", None),
        ("", None),
    ],
)
def test_canonical_language(tag: str, expected: str | None) -> None:
    assert canonical(tag) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ja-JP,ja;q=0.9,en;q=0.8", "ja"),
        ("fr-FR, fr;q=0.9, vi;q=0.4, en;q=0.3", "vi"),
        ("en;q=0.2, nb;q=0.9", "nb"),
        ("de, fr", None),
        ("*", None),
        ("ja;q=0, en", "en"),
        ("zh;q=abc, vi", "vi"),
        (None, None),
    ],
)
def test_negotiate_accept_language(header: str | None, expected: str | None) -> None:
    assert negotiate(header) == expected
