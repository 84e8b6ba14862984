"""The app in a real Chromium with no internet: markers, shared links, article text in popups."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.corpus import parse_file, read_articles
from geo.filters import apply_filters, events_frame, records_of
from geo.gazetteer import Gazetteer
from geo.mapview import drawn
from geo.store import Store
from geo.viewstate import ViewState

from .conftest import INCIDENT_IDS_JS, REPO, AppServer, OfflinePage

HOSTILE = ("Israeli jets struck the Mezzeh airbase near Damascus on Monday, a war monitor said "
           "<img src=x onerror=\"window.__xss=1\"> and <script>window.__xss=2</script> in its statement.")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app on a store holding the seeds and one article with markup in its text."""
    db = tmp_path_factory.mktemp("app") / "incidents.sqlite"
    with Store(db) as store:
        store.ingest(read_articles(REPO / "seeds"))
        store.ingest(parse_file(Path("hostile.txt"), text="Jets strike Mezzeh\n\n" + HOSTILE))
        events = store.events()
    server = AppServer(db)
    yield server, events
    server.stop()


def _expected_ids(events, query: dict) -> set[str]:
    state, notices = ViewState.from_query(query)
    assert not notices
    bases = [p for p in Gazetteer.default().places if p.operator]
    frame = apply_filters(events_frame(events), state, bases)
    return {r["event_id"] for r in records_of(frame) if drawn(r)}


def test_map_draws_every_placed_incident_without_internet(app, browser):
    server, events = app
    page = OfflinePage(browser, server.url)
    page.page.goto(server.url)
    frame = page.map_frame()
    ids = frame.evaluate(INCIDENT_IDS_JS)
    placed = {e["event_id"] for e in events if drawn(e)}
    assert any(not drawn(e) for e in events), "the seeds hold country-level events: they must not be drawn"
    assert len(ids) == len(set(ids)), "an event drawn twice"
    assert set(ids) == placed
    # Only basemap tiles may be missing: no script or stylesheet came from outside the app.
    assert [u for u in page.blocked if not u.startswith("https://tile.openstreetmap.org/")] == []
    assert frame.evaluate("() => typeof L.MarkerClusterGroup === 'function'")
    if os.environ.get("GEO_SCREENSHOT"):
        page.page.screenshot(path=os.environ["GEO_SCREENSHOT"], full_page=False)
    page.page.close()


@pytest.mark.parametrize("query", [
    {"actors": "Russia,United States", "from": "2020-01-01", "to": "2020-12-31"},
    {"types": "talks", "regions": "Russia"},
    {"regions": "Hasakah", "layers": "incidents"},
])
def test_shared_link_shows_exactly_the_filtered_markers(app, browser, query):
    server, events = app
    expected = _expected_ids(events, query)
    assert expected, "the query should select something"
    page = OfflinePage(browser, server.url)
    page.page.goto(server.url + "/?" + "&".join(f"{k}={v}" for k, v in query.items()))
    frame = page.map_frame()
    assert set(frame.evaluate(INCIDENT_IDS_JS)) == expected
    link = page.page.get_by_label("Link to this view (copy and share)").input_value()
    for key in query:
        assert f"{key}=" in link
    page.page.close()


def test_article_markup_shows_as_text_and_never_runs(app, browser):
    server, events = app
    hostile = next(e for e in events if "onerror" in (e["quote"] or ""))
    page = OfflinePage(browser, server.url)
    page.page.goto(server.url + "/?q=mezzeh")
    frame = page.map_frame()
    text = frame.evaluate("""(eventId) => {
        let found = null;
        map_div.eachLayer(layer => {
            if (layer instanceof L.MarkerClusterGroup) {
                layer.getLayers().forEach(m => { if (m.options.eventId === eventId) found = m; });
            }
        });
        layer = null;
        const cluster = found.__parent && found.__parent._group;
        if (cluster) { cluster.zoomToShowLayer(found, () => {}); }
        found.openPopup();
        return found.getPopup().getElement() ? found.getPopup().getElement().innerText : found.getPopup().getContent().innerText;
    }""", hostile["event_id"])
    assert '<img src=x onerror="window.__xss=1">' in text
    assert "<script>window.__xss=2</script>" in text
    page.page.wait_for_timeout(500)
    assert frame.evaluate("() => window.__xss") is None
    assert page.page.evaluate("() => window.__xss") is None
    assert frame.evaluate("() => document.querySelectorAll('.geo-popup img, .geo-popup script').length") == 0
    page.page.close()


def test_bases_lie_under_every_incident_marker_and_cluster_bubble(app, browser):
    server, _ = app
    page = OfflinePage(browser, server.url)
    page.page.goto(server.url)
    frame = page.map_frame()
    stacking = frame.evaluate("""() => {
        const bases = [], incidents = [];
        map_div.eachLayer(layer => {
            if (layer.options && layer.options.base && layer._icon) bases.push(Number(layer._icon.style.zIndex));
            if (layer instanceof L.MarkerClusterGroup)
                layer._featureGroup.eachLayer(m => { if (m._icon) incidents.push(Number(m._icon.style.zIndex)); });
        });
        return {bases, incidents};
    }""")
    assert stacking["bases"] and stacking["incidents"], "the default view shows bases and incidents"
    assert max(stacking["bases"]) < min(stacking["incidents"])
    page.page.close()
