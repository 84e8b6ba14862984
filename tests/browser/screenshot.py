"""Take the README's screenshot: the app on the seed corpus, in Debian's Chromium, with no internet.

Run::

    .venv/bin/python -m tests.browser.screenshot docs/screenshot.png

It builds a store of the seeds in a temporary directory, starts the app on it
(:class:`tests.browser.conftest.AppServer`), opens it in Chromium with every request outside the
app refused (:class:`tests.browser.conftest.OfflinePage`, as in the browser tests, so basemap tiles
stay blank), waits until the map has drawn its markers and saves the top of the page
(1400 x 1000 pixels).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from geo.corpus import read_articles
from geo.store import Store

from .conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    INCIDENT_IDS_JS,
    REPO,
    AppServer,
    OfflinePage,
)

#: How long to let the map settle after its markers appear (fit to bounds, icon font, clusters).
SETTLE_MS = 2500


def build_seed_store(directory: Path) -> Path:
    """An SQLite store of the seed articles only; returns its path."""
    db = directory / "incidents.sqlite"
    with Store(db) as store:
        store.ingest(read_articles(REPO / "seeds"))
    return db


def take(path: Path, chromium: str = CHROMIUM) -> tuple[int, list[str]]:
    """Save the screenshot to ``path``; returns the number of incident markers and the refused URLs."""
    from playwright.sync_api import sync_playwright

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="geo-screenshot-") as tmp:
        server = AppServer(build_seed_store(Path(tmp)))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                page = OfflinePage(browser, server.url)
                page.page.goto(server.url)
                frame = page.map_frame()
                markers = len(frame.evaluate(INCIDENT_IDS_JS))
                page.page.wait_for_timeout(SETTLE_MS)
                page.page.screenshot(path=str(path), full_page=False)
                browser.close()
        finally:
            server.stop()
    return markers, page.blocked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshot of the app on the seed corpus (offline Chromium).")
    parser.add_argument("path", type=Path, nargs="?", default=REPO / "docs" / "screenshot.png")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    markers, blocked = take(args.path)
    tiles = sum(u.startswith("https://tile.openstreetmap.org/") for u in blocked)
    print(f"{args.path}: {markers} incident markers on the map; {tiles} basemap tiles and "
          f"{len(blocked) - tiles} other requests refused (offline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
