"""The style rules plotly.js inserts into a page by itself, read from the plotly.min.js
Rapport serves, as a stylesheet (the Content Security Policy allows no inline styles;
scripts/plotly_css.py writes static/css/plotly.css from this).

plotly.js also carries a bundled stylesheet (maplibre's, for maps, which Rapport does not
draw) that it inserts unless an element with its id is already on the page: the pages
with charts put an empty ``<meta>`` with each such id in their head
(:func:`bundled_style_ids`, the macro ``plotly_assets`` in macros.html).
"""

from __future__ import annotations

import re
from functools import cache

from rapport.web.pages.assets import plotly_js_path

_RULES = re.compile(r'\{"X,X div":.*?\};for\(', re.DOTALL)
_PAIR = re.compile(r'"([^"]+)":("[^"]*"|\'[^\']*\')')


def rules(script: str) -> dict[str, str]:
    """Selector -> declarations, as plotly.js would insert them."""
    found = _RULES.search(script)
    if found is None:
        raise ValueError("plotly.min.js has no style-rule table where it used to")
    out = {}
    for key, value in _PAIR.findall(found.group(0)):
        selector = key.replace(",", " ,") if key.startswith(",") else key
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        out[selector] = value[1:-1]
    return out


_BUNDLED = re.compile(
    r'getElementById\("([0-9a-f]{16,})"\)\)\{var \w+=document\.createElement\("style"\)'
)


def bundled_ids(script: str) -> tuple[str, ...]:
    return tuple(_BUNDLED.findall(script))


@cache
def bundled_style_ids() -> tuple[str, ...]:
    """The ids of the stylesheets bundled in the plotly.min.js Rapport serves."""
    return bundled_ids(plotly_js_path().read_text(encoding="utf-8"))


def version(script: str) -> str:
    found = re.search(r"plotly\.js v([\d.]+)", script[:500])
    return found.group(1) if found else "unknown"


def stylesheet() -> str:
    script = plotly_js_path().read_text(encoding="utf-8")
    lines = [
        f"/* The rules plotly.js v{version(script)} would insert itself (written by",
        "   scripts/plotly_css.py; Rapport's Content Security Policy allows no inline styles). */",
    ]
    lines += [f"{selector} {{ {body} }}" for selector, body in rules(script).items()]
    return "\n".join(lines) + "\n"
