"""Which of the five languages a page is shown in.

In order: ``?lang=`` in the address, the ``rapport_lang`` cookie the language picker saves,
the browser's ``Accept-Language`` header, then the user's own language from the settings.
"""

from __future__ import annotations

from babel.core import negotiate_locale
from fastapi import Request

from rapport.domain.model import LANGUAGES

COOKIE = "rapport_lang"

_PRIMARY = {"en": "en", "ja": "ja", "vi": "vi", "zh": "zh-Hans", "nb": "nb", "no": "nb", "nn": "nb"}


def canonical(tag: str | None) -> str | None:
    """One of our language tags for a BCP 47 tag (``zh-CN`` → ``zh-Hans``,
    ``no`` → ``nb``), or None when we do not speak it."""
    if not tag:
        return None
    lowered = tag.strip().lower().replace("_", "-")
    for lang in LANGUAGES:
        if lowered == lang.lower():
            return lang
    primary = lowered.split("-", 1)[0]
    if primary == "zh" and any(part in ("hant", "tw", "hk", "mo") for part in lowered.split("-")):
        # Traditional Chinese readers still read Simplified better than our other four.
        return "zh-Hans"
    return _PRIMARY.get(primary)


_SPOKEN = sorted({*(lang.lower() for lang in LANGUAGES), *_PRIMARY})
"""Every tag Babel's negotiation may pick for us; :func:`canonical` maps it to ours."""


def negotiate(header: str | None) -> str | None:
    """The best of our languages for an ``Accept-Language`` header (quality values
    honoured, ties in header order; a zero quality or ``*`` asks for nothing), or None.

    The header's tags in order of preference go to Babel's ``negotiate_locale``, which
    takes the first one we speak, exactly or by its primary language (``en-GB`` → ``en``).
    """
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = _quality(params)
        if tag.strip() and tag.strip() != "*" and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    preferred = [tag for _q, _pos, tag in sorted(ranked)]
    return canonical(negotiate_locale(preferred, _SPOKEN, sep="-", aliases={}))


def _quality(params: str) -> float:
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def requested(request: Request) -> str | None:
    """The language asked for in the address (``?lang=``), if it is one of ours."""
    return canonical(request.query_params.get("lang"))


def page_language(request: Request, default: str = "en") -> str:
    return (
        requested(request)
        or canonical(request.cookies.get(COOKIE))
        or negotiate(request.headers.get("accept-language"))
        or canonical(default)
        or "en"
    )
