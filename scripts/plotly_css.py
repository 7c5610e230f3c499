"""Write src/rapport/web/static/css/plotly.css: the style rules plotly.js would otherwise
insert into the page itself, which Rapport's Content Security Policy does not allow.

plotly.js skips inserting them when the page has an element with the id
``plotly.js-style-global`` and the class ``no-inline-styles``; the pages with charts link
this file under that id. Run it after upgrading plotly (tests/unit/test_plotly_css.py
fails until then): ``python scripts/plotly_css.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapport.web.pages.plotly_styles import stylesheet  # noqa: E402

TARGET = ROOT / "src" / "rapport" / "web" / "static" / "css" / "plotly.css"

if __name__ == "__main__":
    TARGET.write_text(stylesheet(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
