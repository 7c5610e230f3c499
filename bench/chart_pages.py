"""First paint and chart-drawn time of the chart pages (issue 13), in headless Chromium.

Method (bench/README.md, "Chart pages"): a fresh SQLite workspace filled with
``rapport demo --seed 7``, a logged-in session, Rapport served by uvicorn on loopback; each
page is loaded ``--runs`` times in a new browser context (empty cache) over loopback and
over an emulated 10 Mbit/s link (Chrome DevTools network emulation: 1.25 MB/s down, 20 ms
latency). Measured in the page: ``first-contentful-paint`` (the Paint Timing API) and
"charts drawn": the time (from navigation start) when every ``[data-chart]`` element holds
a drawn ``.main-svg`` (or an ``svg`` the server drew). Also the bytes transferred.

    .venv/bin/python bench/chart_pages.py [--runs 5] [--json FILE] [--phone]

With ``--phone`` it measures instead, on a 390 x 844 phone screen, the height of the header
and of the whole page for Today, the client list and the client page.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LINKS = {
    "loopback": None,
    "10 Mbit/s": {"latency": 20, "downloadThroughput": 1_250_000, "uploadThroughput": 1_250_000},
}

DONE = """() => {
  const charts = [...document.querySelectorAll('[data-chart]')];
  if (charts.length && charts.every(c => c.querySelector('.main-svg, svg'))) {
    window.__chartsDrawn = window.__chartsDrawn || performance.now();
    return true;
  }
  return document.readyState === 'complete' && !charts.length;
}"""
FCP = """() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"""
BYTES = """() => performance.getEntriesByType('resource')
  .concat(performance.getEntriesByType('navigation'))
  .reduce((n, e) => n + (e.transferSize || 0), 0)"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(workdir: Path) -> tuple[str, str, Any, Any]:
    import uvicorn
    from tests.conftest import logged_in_cookie

    from rapport.bootstrap import build
    from rapport.config import Settings
    from rapport.services.demo import DemoService
    from rapport.storage import database
    from rapport.web.app import create_app

    url = f"sqlite:///{workdir / 'bench.db'}"
    engine = database.create_engine(url)
    database.upgrade(engine)
    engine.dispose()
    container = build(Settings(database_url=url, data_dir=workdir / "data"))
    DemoService(container.db).fill(7, datetime.now(UTC), lambda done, total: None)
    cookie = logged_in_cookie(container)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(container), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", cookie, server, container


def measure(
    browser: Any, base: str, path: str, cookie: str, link: dict[str, Any] | None
) -> dict[str, float]:
    url = base + path
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "rapport_session", "value": cookie, "url": base}])
    page = context.new_page()
    if link:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **link})
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_function(DONE, polling=10, timeout=120_000)
    page.wait_for_function(
        "() => performance.getEntriesByName('first-contentful-paint').length", polling=50
    )
    fcp = page.evaluate(FCP)
    drawn = page.evaluate("() => window.__chartsDrawn || 0")
    transferred = page.evaluate(BYTES)
    context.close()
    return {"first_paint_ms": fcp, "charts_drawn_ms": drawn, "bytes": transferred}


def phone_heights(url: str, cookie: str, pages: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path in pages.items():
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            context.add_cookies([{"name": "rapport_session", "value": cookie, "url": url}])
            page = context.new_page()
            page.goto(url + path, wait_until="load")
            page.wait_for_timeout(500)
            header = page.evaluate(
                "() => document.querySelector('.site-header').getBoundingClientRect().height"
            )
            height = page.evaluate("() => document.documentElement.scrollHeight")
            print(f"{name:12} phone: header {header:4.0f} px, page {height:6.0f} px", flush=True)
            context.close()
        pages_list = {"client list": "/clients"}
        for name, path in pages_list.items():
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
            context.add_cookies([{"name": "rapport_session", "value": cookie, "url": url}])
            page = context.new_page()
            page.goto(url + path, wait_until="load")
            height = page.evaluate("() => document.documentElement.scrollHeight")
            print(f"{name:12} phone: page {height:6.0f} px", flush=True)
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--phone", action="store_true", help="measure page heights on a phone")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from rapport.services.demo import DemoService  # noqa: F401  (fail early)

    workdir = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    url, cookie, server, container = serve(workdir)
    from sqlalchemy import text

    with container.db.transaction() as s:
        client_id = s.execute(text("SELECT min(id) FROM clients")).scalar_one()
    pages = {"client page": f"/clients/{client_id}", "portfolio": "/portfolio", "today": "/today"}
    results: list[dict[str, Any]] = []
    if args.phone:
        phone_heights(url, cookie, pages)
        server.should_exit = True
        container.close()
        return
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, path in pages.items():
                for link_name, link in LINKS.items():
                    measure(browser, url, path, cookie, link)  # warm the server
                    runs = [measure(browser, url, path, cookie, link) for _ in range(args.runs)]
                    row = {
                        "page": name,
                        "path": path,
                        "link": link_name,
                        "first_paint_ms": statistics.median(r["first_paint_ms"] for r in runs),
                        "charts_drawn_ms": statistics.median(r["charts_drawn_ms"] for r in runs),
                        "kB": round(statistics.median(r["bytes"] for r in runs) / 1000),
                    }
                    results.append(row)
                    print(
                        f"{name:12} {link_name:10} first paint {row['first_paint_ms']:7.0f} ms"
                        f"  charts drawn {row['charts_drawn_ms']:7.0f} ms  {row['kB']:6} kB",
                        flush=True,
                    )
            browser.close()
    finally:
        server.should_exit = True
        container.close()
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
