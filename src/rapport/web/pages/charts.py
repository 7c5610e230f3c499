"""Chart specifications (plotly JSON: data + layout) for the pages, with translated labels.

Drawn in the browser by the plotly.js that Rapport serves itself (see rapport.js).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from rapport.texts import N_
from rapport.web.pages.labels import TRUST_ORDER, trust_component

ACCENT = "#1f5f5b"
SELF = "#b45309"
BUSINESS = "#2f6ea8"
PERSONAL = "#d98a1c"
MUTED = "#9aa5ae"
SELF_LOWER_IS_BETTER = N_("self-orientation (lower is better)")


def trust_bars(
    components: Mapping[str, Mapping[str, Any]], _: Callable[[str], str]
) -> dict[str, Any]:
    """Horizontal bars 0..10 for the four components; self-orientation (lower is better,
    said in its label) in its own colour."""
    names = [
        _(SELF_LOWER_IS_BETTER) if k == "self_orientation" else _(trust_component[k])
        for k in TRUST_ORDER
    ]
    # Rounded as the page's numbers are (half to even), so bars and text agree.
    scores = [one_decimal(components[k]["score"]) for k in TRUST_ORDER]
    colours = [ACCENT, ACCENT, ACCENT, SELF]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": names,
                "x": scores,
                "marker": {"color": colours},
                "texttemplate": "%{x:.1f}",  # the page's decimal mark (layout.separators)
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


def one_decimal(value: float) -> float:
    """``value`` rounded to one decimal half to even, as Babel rounds the page's numbers."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def trust_radar(
    components: Mapping[str, Mapping[str, Any]], _: Callable[[str], str]
) -> dict[str, Any]:
    """The same four scores on a radar, drawn by the server as SVG (no chart library).

    Self-orientation is drawn exactly as in the bars, its score 1..10 from the centre, and
    its axis says "lower is better" (issue 13: the radar used to draw 10 - S under the same
    name)."""
    size, centre, radius = 300, 150, 100
    out: dict[str, Any] = {"size": size, "margin": 130, "rings": [], "axes": []}
    for ring in (2, 4, 6, 8, 10):
        out["rings"].append({"r": radius * ring / 10, "label": str(ring)})
    points = []
    # Top, right, bottom, left: credibility, reliability, intimacy, self-orientation.
    directions = [(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]
    for key, (dx, dy) in zip(TRUST_ORDER, directions, strict=True):
        score = float(components[key]["score"])
        points.append(
            f"{centre + dx * radius * score / 10:.1f},{centre + dy * radius * score / 10:.1f}"
        )
        name = _(SELF_LOWER_IS_BETTER) if key == "self_orientation" else _(trust_component[key])
        # A long label in two lines at its opening bracket ("self-orientation" /
        # "(lower is better) 5.9", the score added by the template), so that it fits
        # beside the chart in every language.
        cut = min((i for i in (name.find(" ("), name.find("（")) if i > 0), default=-1)
        lines = [name[:cut].strip(), name[cut:].strip()] if cut > 0 else [name]
        out["axes"].append(
            {
                "lines": lines,
                "x2": centre + dx * radius,
                "y2": centre + dy * radius,
                "lx": centre + dx * (radius + 12),
                "ly": centre + dy * (radius + 12) + (4 if dy == 0 else (0 if dy < 0 else 12)),
                "anchor": "middle" if dx == 0 else ("start" if dx > 0 else "end"),
                "label": name,
                "score": score,
            }
        )
    out["points"] = " ".join(points)
    out["centre"] = centre
    return out


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
            "yaxis": {
                "title": {"text": y_title},
                "range": list(y_range) if y_range else None,
                "tickformat": ".0%" if y_range and y_range[1] <= 1 else None,
            },
            "height": 240,
            "showlegend": False,
        },
    }


def history_labels(times: Sequence[datetime], tz: tzinfo) -> list[str]:
    """One distinct x label per take, oldest first: its day, with the time of day where a
    day has several takes (and a counter for takes in the same minute). The axis is a
    category axis, so any number of takes per day gets its own point (issue 13: two takes
    on one day made one vertical line with ticks at 23:59:59.9995)."""
    local = [t.astimezone(tz) for t in times]
    per_day = Counter(t.date() for t in local)
    labels = [
        t.strftime("%Y-%m-%d %H:%M") if per_day[t.date()] > 1 else t.date().isoformat()
        for t in local
    ]
    seen: Counter[str] = Counter()
    unique = []
    for label in labels:
        seen[label] += 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return unique


def take_history(
    times: Sequence[datetime], scores: Sequence[float], tz: tzinfo, *, y_title: str
) -> dict[str, Any]:
    """The self-assessment's score (0..10) by take, one point per take."""
    spec = line(history_labels(times, tz), scores, y_title=y_title, y_range=[0, 10])
    spec["layout"]["xaxis"] = {"type": "category", "automargin": True}
    return spec


def pareto(
    names: Sequence[str],
    revenue: Sequence[float],
    cumulative: Sequence[float],
    tiers: Sequence[str],
    *,
    revenue_title: str,
    share_title: str,
) -> dict[str, Any]:
    """Revenue per client as bars (largest first, coloured by tier) with the cumulative share
    as a line on a second axis, and the 80% mark."""
    colours = {"A": ACCENT, "B": "#6aa9a2", "C": "#c3ccd3"}
    return {
        "data": [
            {
                "type": "bar",
                "x": list(names),
                "y": list(revenue),
                "name": revenue_title,
                "marker": {"color": [colours.get(t, MUTED) for t in tiers]},
                "hovertemplate": "%{x}: %{y:,.0f}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": list(names),
                "y": list(cumulative),
                "yaxis": "y2",
                "name": share_title,
                "line": {"color": SELF},
                "hovertemplate": "%{x}: %{y:.0%}<extra></extra>",
            },
        ],
        "layout": {
            "height": 380,
            "xaxis": {"tickangle": -45, "automargin": True},
            "yaxis": {"title": {"text": revenue_title}, "gridcolor": "#e6eaed"},
            "yaxis2": {
                "overlaying": "y",
                "side": "right",
                "range": [0, 1.05],
                "tickformat": ".0%",
                "dtick": 0.2,
                "title": {"text": share_title},
            },
            "shapes": [
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "yref": "y2",
                    "y0": 0.8,
                    "y1": 0.8,
                    "line": {"dash": "dot", "color": MUTED},
                }
            ],
            "legend": {"orientation": "h", "y": 1.12},
            "margin": {"l": 64, "r": 64, "t": 24, "b": 24},
        },
    }


def referral_flow(edges: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Who referred whom, one bar per referral ("A → B"): its length is the referred
    client's revenue plus everything it brought in turn. Bars, not a Sankey diagram, so the
    page needs only plotly.js's basic bundle (bar, pie, scatter)."""
    ordered = sorted(edges, key=lambda e: -float(e["attributed_revenue"]))
    labels = [f"{e['from']} → {e['to']}" for e in ordered]
    values = [float(e["attributed_revenue"]) for e in ordered]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": values,
                "marker": {"color": ACCENT},
                "hovertemplate": "%{y}: %{x:,.0f}<extra></extra>",
            }
        ],
        "layout": {
            "height": max(200, 60 + 26 * len(labels)),
            "yaxis": {"autorange": "reversed", "automargin": True},
            "margin": {"l": 8, "r": 16, "t": 8, "b": 32},
            "showlegend": False,
        },
    }


def donut(labels: Sequence[str], values: Sequence[float]) -> dict[str, Any]:
    return {
        "data": [
            {
                "type": "pie",
                "hole": 0.55,
                "labels": list(labels),
                "values": list(values),
                "sort": False,
                "marker": {"colors": [PERSONAL, ACCENT, "#c3ccd3"]},
                "textinfo": "percent",
                "hovertemplate": "%{label}: %{percent}<extra></extra>",
            }
        ],
        "layout": {
            "height": 260,
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "legend": {"orientation": "h"},
        },
    }


LABEL_COLOURS = {"business": BUSINESS, "personal": PERSONAL, "other": "#9aa5ae"}


def speaking_timeline(
    utterances: Sequence[Mapping[str, Any]],
    drifts: Sequence[Mapping[str, Any]],
    names: Mapping[str, str],
    *,
    x_title: str,
    by_time: bool,
) -> dict[str, Any]:
    """Who spoke when: one row per speaker, one bar per utterance coloured by its label;
    drifts into personal talk shaded. Without timestamps the axis counts utterances."""
    traces: dict[str, dict[str, Any]] = {}
    for position, u in enumerate(utterances):
        start = u["start"] if by_time and u["start"] is not None else position
        end = u["end"] if by_time and u["end"] is not None else position + 1
        label = u["label"]
        trace = traces.setdefault(
            label,
            {
                "type": "bar",
                "orientation": "h",
                "name": names.get(label, label),
                "y": [],
                "x": [],
                "base": [],
                "text": [],
                "textposition": "none",
                "marker": {"color": LABEL_COLOURS.get(label, MUTED)},
                "hovertemplate": "%{y}: %{text}<extra></extra>",
            },
        )
        trace["y"].append(u["speaker"])
        trace["x"].append(max(end - start, 0.5 if by_time else 1))
        trace["base"].append(start)
        trace["text"].append(str(u["text"])[:120])
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": d["start"],
            "x1": d["start"] + d["amount"],
            "y0": 0,
            "y1": 1,
            "fillcolor": "rgba(217,138,28,0.18)",
            "line": {"width": 0},
            "layer": "below",
        }
        for d in (drifts if by_time else ())
    ]
    speakers = list(dict.fromkeys(u["speaker"] for u in utterances))
    return {
        "data": [traces[k] for k in ("business", "personal", "other") if k in traces],
        "layout": {
            "barmode": "overlay",
            "height": 120 + 40 * len(speakers),
            "xaxis": {"title": {"text": x_title}, "gridcolor": "#e6eaed"},
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": speakers[::-1],
                "automargin": True,
            },
            "shapes": shapes,
            "legend": {"orientation": "h", "y": 1.15},
            "margin": {"l": 8, "r": 16, "t": 32, "b": 48},
        },
    }


def share_bars(shares: Mapping[str, float], colours: Sequence[str] | None = None) -> dict[str, Any]:
    """One horizontal stacked bar of shares (0..1), e.g. talk time per speaker."""
    palette = list(colours or [ACCENT, "#6aa9a2", SELF, "#c3ccd3", BUSINESS, PERSONAL])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": [""],
                "x": [value],
                "marker": {"color": palette[i % len(palette)]},
                "hovertemplate": f"{name}: %{{x:.0%}}<extra></extra>",
            }
            for i, (name, value) in enumerate(shares.items())
        ],
        "layout": {
            "barmode": "stack",
            "height": 130,
            "xaxis": {"range": [0, 1], "tickformat": ".0%"},
            "yaxis": {"visible": False},
            "legend": {"orientation": "h", "y": 1.4},
            "margin": {"l": 8, "r": 16, "t": 32, "b": 32},
        },
    }
