"""A real Streamlit server and a real Chromium (Debian's, driven by Playwright) for browser tests.

The browser may talk to the app and nothing else: every other request (CDNs,
map tiles) is aborted and recorded, so a test can check that the map draws
with no internet.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("GEO_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``streamlit run app.py`` on a free loopback port with its own SQLite file."""

    def __init__(self, db: Path):
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        env = {**os.environ, "GEO_DB": str(db), "GEO_ONLINE_GEOCODER": "0"}
        self.log = open(db.with_suffix(".log"), "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.5)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"the app did not start; see {self.log.name}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


class OfflinePage:
    """A page whose requests outside the app are aborted and listed in ``blocked``."""

    def __init__(self, browser, app_url: str):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.blocked: list[str] = []
        self.app_url = app_url
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.app_url) or url.startswith(self.app_url.replace("localhost", "127.0.0.1")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def map_frame(self, timeout_s: float = 60):
        """The streamlit-folium iframe once its Leaflet map has drawn markers."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                if "streamlit_folium" in frame.url:
                    try:
                        if frame.evaluate("() => typeof map_div !== 'undefined' && "
                                          "document.querySelectorAll('.leaflet-marker-icon, .marker-cluster').length > 0"):
                            return frame
                    except Exception:  # the frame is being replaced by a rerun
                        pass
            self.page.wait_for_timeout(500)  # not time.sleep: the route handler must keep running
        raise AssertionError("no Leaflet map with markers appeared")


#: Every incident marker the map holds, clustered or not: their event ids.
INCIDENT_IDS_JS = """() => {
    const ids = [];
    map_div.eachLayer(layer => {
        if (layer instanceof L.MarkerClusterGroup) {
            layer.getLayers().forEach(m => { if (m.options.incident) ids.push(m.options.eventId); });
        }
    });
    return ids;
}"""


#: The incident markers drawn on screen (not inside a cluster): event id, title, centre in the iframe's
#: coordinates, and whether a click there would hit the marker itself (a base drawn on top would not).
VISIBLE_INCIDENTS_JS = """() => {
    const out = [];
    map_div.eachLayer(layer => {
        if (layer instanceof L.MarkerClusterGroup) {
            layer.getLayers().forEach(m => {
                if (!m._icon) { return; }
                const r = m._icon.getBoundingClientRect();
                const x = r.x + r.width / 2, y = r.y + r.height / 2;
                const hit = document.elementFromPoint(x, y);
                out.push({id: m.options.eventId, title: m.options.title, x: x, y: y,
                          clickable: !!hit && m._icon.contains(hit)});
            });
        }
    });
    return out;
}"""


def settle(page, quiet_ms: int = 500, timeout_ms: int = 15000) -> None:
    """Wait until a Streamlit rerun has finished: no element marked stale for ``quiet_ms``.

    Streamlit marks the elements of a running script ``data-stale``; a rerun on the seed corpus takes
    a few hundred milliseconds. Waits with ``page.wait_for_timeout`` so the route handler keeps running.
    """
    page.wait_for_timeout(200)
    quiet, waited = 0, 0
    while quiet < quiet_ms and waited < timeout_ms:
        page.wait_for_timeout(100)
        waited += 100
        quiet = quiet + 100 if page.locator("[data-stale='true']").count() == 0 else 0


def click_dataframe_row(page, grid, text: str) -> None:
    """Tick the selection box of the first row of an ``st.dataframe`` whose text contains ``text``.

    The grid is drawn on a canvas; its accessible twin (a hidden ``<table role=grid>``) gives the row's
    index, and rows are 35 px high under a 35 px header (Streamlit's defaults). The row must be in the
    grid's visible part. Raises if the grid did not mark that row selected afterwards.
    """
    rows = grid.locator("tbody [role='row']")
    texts = rows.all_inner_texts()
    index = next(i for i, row in enumerate(texts) if text in row)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 35 * index + 17)
    deadline = 50
    while rows.nth(index).get_attribute("aria-selected") != "true" and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert rows.nth(index).get_attribute("aria-selected") == "true", f"row {index} ({text!r}) was not selected"


def start_seeded_app(db) -> tuple[AppServer, list[dict]]:
    """The app on a fresh store of the seed articles at ``db``, and that store's events."""
    from geo.corpus import read_articles
    from geo.store import Store

    with Store(db) as store:
        store.ingest(read_articles(REPO / "seeds"))
        events = store.events()
    return AppServer(db), events
