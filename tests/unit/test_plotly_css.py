"""static/css/plotly.css holds every rule the bundled plotly.js would insert into a page
itself (the Content Security Policy blocks that); regenerate it with
``python scripts/plotly_css.py`` after a plotly upgrade."""

from __future__ import annotations

from rapport.web.pages.assets import plotly_js_path
from rapport.web.pages.plotly_styles import bundled_style_ids, rules, stylesheet
from tests.conftest import ROOT


def test_the_stylesheet_matches_the_bundled_plotly() -> None:
    found = rules(plotly_js_path().read_text(encoding="utf-8"))
    assert ".js-plotly-plot .plotly .main-svg" in found
    assert len(found) > 30
    assert bundled_style_ids()  # the maplibre sheet it would insert unless its id is on the page
    shipped = ROOT / "src" / "rapport" / "web" / "static" / "css" / "plotly.css"
    assert shipped.read_text(encoding="utf-8") == stylesheet()
