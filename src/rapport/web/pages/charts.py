"""Chart specifications (plotly JSON: data + layout) for the pages, with translated labels.

Drawn in the browser by the plotly.js that Rapport serves itself (see rapport.js).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rapport.web.pages.labels import TRUST_ORDER, trust_component

ACCENT = "#1f5f5b"
SELF = "#b45309"
BUSINESS = "#2f6ea8"
PERSONAL = "#d98a1c"
MUTED = "#9aa5ae"


def trust_bars(
    components: Mapping[str, Mapping[str, Any]], _: Callable[[str], str]
) -> dict[str, Any]:
    """Horizontal bars 0..10 for the four components; self-orientation (lower is better)
    in its own colour."""
    names = [_(trust_component[k]) for k in TRUST_ORDER]
    scores = [components[k]["score"] for k in TRUST_ORDER]
    colours = [ACCENT, ACCENT, ACCENT, SELF]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": names,
                "x": scores,
                "marker": {"color": colours},
                "text": [f"{s:.1f}" for s in scores],
                "textposition": "outside",
                "hovertemplate": "%{y}: %{x:.1f}<extra></extra>",
            }
        ],
        "layout": {
            "xaxis": {"range": [0, 10.8], "dtick": 2, "gridcolor": "#e6eaed"},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "margin": {"l": 8, "r": 16, "t": 8, "b": 32},
            "height": 220,
            "showlegend": False,
        },
    }


def trust_radar(
    components: Mapping[str, Mapping[str, Any]], _: Callable[[str], str]
) -> dict[str, Any]:
    """The same four scores on a radar; self-orientation drawn as 10 − S so that outward
    is better everywhere."""
    names = [_(trust_component[k]) for k in TRUST_ORDER]
    values = [
        (10 - components[k]["score"]) if k == "self_orientation" else components[k]["score"]
        for k in TRUST_ORDER
    ]
    return {
        "data": [
            {
                "type": "scatterpolar",
                "r": [*values, values[0]],
                "theta": [*names, names[0]],
                "fill": "toself",
                "line": {"color": ACCENT},
                "fillcolor": "rgba(31,95,91,0.25)",
                "hovertemplate": "%{theta}: %{r:.1f}<extra></extra>",
            }
        ],
        "layout": {
            "polar": {"radialaxis": {"range": [0, 10], "dtick": 2}},
            "margin": {"l": 48, "r": 48, "t": 24, "b": 24},
            "height": 260,
            "showlegend": False,
        },
    }


def line(
    x: Sequence[Any],
    y: Sequence[float],
    *,
    y_title: str = "",
    y_range: Sequence[float] | None = None,
) -> dict[str, Any]:
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": list(x),
                "y": list(y),
                "line": {"color": ACCENT},
            }
        ],
        "layout": {
            "yaxis": {"title": {"text": y_title}, "range": list(y_range) if y_range else None},
            "height": 240,
            "showlegend": False,
        },
    }
