"""An analyst's clicks in a real Chromium with no internet: a marker, a table row, the timeline, an upload.

Every click is a real mouse click (Playwright's, at the element's place on screen), so a marker
hidden under a base, a cluster that does not open or a table row drawn elsewhere fails the test.
The events clicked are chosen from the seed corpus by what they are (placed, alone at their
coordinates, two at one place...), not by name, so the tests follow the pipeline's output.

"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pandas as pd
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from geo.filters import apply_filters, events_frame, nearest_bases
from geo.gazetteer import Gazetteer
from geo.mapview import REGION_BOX, drawn
from geo.taxonomy import BY_NAME
from geo.viewstate import ViewState

from .conftest import (
    INCIDENT_IDS_JS,
    VISIBLE_INCIDENTS_JS,
    OfflinePage,
    click_dataframe_row,
    settle,
    start_seeded_app,
)

#: A wire report with markup and a Jinja expression in its headline and text, and one real event.
WIRE = ("Drone strike near Qamishli {{ 7*7 }}\n"
        "Published: 2024-03-12\n"
        "QAMISHLI, Syria (Wire) - Turkish drones struck a car near Qamishli on Sunday, killing two SDF fighters.\n"
        "A monitor's statement, posted as <img src=x onerror=alert(1)> with the template text {{ 7*7 }}, "
        "gave no names.\n")

#: Rows of the events table a test may click: the grid shows about ten without scrolling.
VISIBLE_ROWS = 9


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app on a store of the seed articles; the upload test adds one article to it (it runs last)."""
    server, events = start_seeded_app(tmp_path_factory.mktemp("interaction") / "incidents.sqlite")
    yield server, events
    server.stop()


@pytest.fixture(scope="module")
def bases():
    return [p for p in Gazetteer.default().places if p.operator]


# -- choosing events ------------------------------------------------------------------------------------------------
def _title(event: dict) -> str:
    """The marker's title, and the heading of the Details panel: event type label and place."""
    return f"{BY_NAME[event['event_type']].label} \u2014 {event['place']}"


def _clickable(events: list[dict], bases) -> list[dict]:
    """Drawn events in the region, alone at their coordinates and not on top of a base, in table order."""
    coords = Counter((e["lat"], e["lon"]) for e in events if drawn(e))
    (south, west), (north, east) = REGION_BOX
    return [e for e in events if drawn(e) and coords[(e["lat"], e["lon"])] == 1
            and south <= e["lat"] <= north and west <= e["lon"] <= east
            and all(abs(e["lat"] - b.lat) + abs(e["lon"] - b.lon) > 0.02 for b in bases)]


def _row_text(event: dict) -> str:
    """The start of the event's row in the table's accessible text (its cells run together)."""
    label = BY_NAME[event["event_type"]].label  # the table shows the type's label, as the map does
    return f"{event['date']}{event['date_precision']}{label}{', '.join(event['actors'])}"


# -- the page ---------------------------------------------------------------------------------------------------------
def _open(browser, server, path: str = "/"):
    page = OfflinePage(browser, server.url)
    page.dialogs = []
    page.page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.page.goto(server.url + path)
    return page, page.map_frame()


def _details(page):
    return page.page.locator("[data-testid='stColumn']").filter(has=page.page.get_by_role("heading", name="Details"))


def _events_grid(page):
    column = page.page.locator("[data-testid='stColumn']").filter(has=page.page.get_by_role("heading", name="Events"))
    grid = column.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    return grid


def _caption(page):
    return page.page.get_by_text(re.compile(r"^\d+ of \d+ events from \d+ articles"))


def _link(page) -> str:
    return page.page.get_by_label("Link to this view (copy and share)").input_value()


def _iframe(page):
    iframe = page.page.locator("iframe[title*='streamlit_folium']")
    iframe.scroll_into_view_if_needed()
    return iframe


def _click_marker(page, frame, event: dict, zoom: int = 12) -> None:
    """Centre the map on an event at ``zoom`` (clusters of distinct places open from zoom 11), then click its marker."""
    frame.evaluate("([lat, lon, z]) => map_div.setView([lat, lon], z, {animate: false})",
                   [event["lat"], event["lon"], zoom])
    _iframe(page)
    page.page.wait_for_timeout(300)
    visible = {m["title"]: m for m in frame.evaluate(VISIBLE_INCIDENTS_JS)}
    assert visible.get(_title(event), {}).get("clickable"), f"{_title(event)} is not clickable: {visible}"
    frame.get_by_title(_title(event), exact=True).click(timeout=5000)


# -- item 2: a marker click fills the Details panel ------------------------------------------------------------------
def test_clicking_a_marker_shows_its_record_sources_article_and_nearest_bases(app, browser, bases):
    server, events = app
    event = _clickable(events, bases)[0]
    page, frame = _open(browser, server)
    _click_marker(page, frame, event)
    details = _details(page)
    expect(details).to_contain_text(_title(event), timeout=15000)
    text = details.inner_text()
    for source in event["sources"]:
        assert source["quote"][:60] in text, "a source sentence is not shown"
        assert source["headline"][:40] in text
    # The full record: a table of fields (the grid's accessible twin holds its text).
    fields = details.locator("[data-testid='stDataFrame']").first.locator("tbody [role='row']")
    expect(fields.first).to_contain_text(event["date"])
    record = "\n".join(fields.all_inner_texts())
    for value in (event["date"], event["date_precision"], ", ".join(event["actors"]),
                  f"{event['lat']}, {event['lon']}", event["admin1"], str(event["confidence"])):
        assert value in record, f"{value!r} missing from the record: {record!r}"
    # The article, in its expander.
    details.get_by_text("Read the article").first.click()
    expect(details.locator("[data-testid='stCode']").first).to_contain_text(event["sources"][0]["quote"][:40])
    # The nearest base of each other actor, nearest first, none of the event's own actors.
    expected = nearest_bases(event["lat"], event["lon"], bases, exclude=event["actors"])
    grid = details.locator("[data-testid='stDataFrame']").last
    expect(grid.locator("tbody [role='row']").first).to_contain_text(expected[0]["operator"])
    rows = grid.locator("tbody [role='row']").all_inner_texts()
    assert len(rows) == len(expected) > 0
    for row, want in zip(rows, expected):
        assert want["operator"] in row and want["base"] in row and f"{want['km']:g}" in row
    page.page.close()


def test_clicking_the_second_of_two_events_at_one_place_shows_that_event(app, browser, bases):
    server, events = app
    shared = [e for e in events if drawn(e) and sum((o["lat"], o["lon"]) == (e["lat"], e["lon"]) for o in events) == 2
              and all(abs(e["lat"] - b.lat) + abs(e["lon"] - b.lon) > 0.2 for b in bases)]
    pairs = [(a, b) for i, a in enumerate(shared) for b in shared[i + 1:]
             if (a["lat"], a["lon"]) == (b["lat"], b["lon"]) and _title(a) != _title(b)]
    if not pairs:
        pytest.skip("no two events with different titles share a place away from bases in the seeds")
    _, second = pairs[0]
    page, frame = _open(browser, server)
    frame.evaluate("([lat, lon]) => map_div.setView([lat, lon], 9, {animate: false})", [second["lat"], second["lon"]])
    iframe = _iframe(page).bounding_box()
    page.page.wait_for_timeout(300)
    # The two share a cluster at every zoom: a click on it zooms in as far as it can and spreads
    # them out (spiderfies), so that each can be clicked.
    cluster = frame.evaluate("""(id) => {
        let centre = null;
        map_div.eachLayer(layer => {
            if (layer instanceof L.MarkerClusterGroup) {
                layer.getLayers().forEach(m => {
                    if (m.options.eventId === id) {
                        const icon = layer.getVisibleParent(m)._icon, r = icon.getBoundingClientRect();
                        centre = [r.x + r.width / 2, r.y + r.height / 2];
                        centre.push(icon.contains(document.elementFromPoint(centre[0], centre[1])));
                    }
                });
            }
        });
        return centre;
    }""", second["event_id"])
    assert cluster[2], "something is drawn over the cluster"
    page.page.mouse.click(iframe["x"] + cluster[0], iframe["y"] + cluster[1])
    page.page.wait_for_timeout(800)
    frame.get_by_title(_title(second), exact=True).click(timeout=5000)
    details = _details(page)
    expect(details).to_contain_text(f"\u2014 {second['place']}", timeout=15000)
    settle(page.page)
    assert _title(second) in details.inner_text()
    page.page.close()


# -- item 3: a table row fills the Details panel ------------------------------------------------------------------
def test_selecting_a_table_row_shows_that_event(app, browser, bases):
    server, events = app
    event = [e for e in _clickable(events, bases) if events.index(e) < VISIBLE_ROWS][-1]
    page, _ = _open(browser, server)
    click_dataframe_row(page.page, _events_grid(page), _row_text(event))
    details = _details(page)
    expect(details).to_contain_text(_title(event), timeout=15000)
    assert event["sources"][0]["quote"][:60] in details.inner_text()
    page.page.close()


def test_the_selection_follows_the_last_click_and_survives_filtering(app, browser, bases):
    server, events = app
    candidates = [e for e in _clickable(events, bases) if events.index(e) < VISIBLE_ROWS]
    row, marker = candidates[-1], candidates[0]
    # A search that leaves fewer rows than the selected row's number, without the marker's event.
    frame_ = events_frame(events)
    searches = [(place, apply_filters(frame_, ViewState(q=place.lower())))
                for place in dict.fromkeys(e["place"] for e in events if e["place"] not in (row["place"], marker["place"]))]
    place, found = next((p, f) for p, f in searches
                        if 0 < len(f) <= events.index(row) and not {row["event_id"], marker["event_id"]} & set(f["event_id"]))
    page, frame = _open(browser, server)
    click_dataframe_row(page.page, _events_grid(page), _row_text(row))
    expect(_details(page)).to_contain_text(_title(row), timeout=15000)
    settle(page.page)
    # The link names the event shown.
    assert f"sel={row['event_id']}" in _link(page)
    # A marker clicked afterwards is what Details shows.
    _click_marker(page, frame, marker)
    settle(page.page)
    assert _title(marker) in _details(page).inner_text()
    # Fewer rows than the selected row's number: the page keeps working, and Details never shows an
    # event nobody picked.
    search = page.page.get_by_label("Search quotes, places, headlines")
    search.fill(place.lower())
    search.press("Enter")
    expect(_caption(page)).to_contain_text(f"{len(found)} of ", timeout=15000)
    settle(page.page)
    assert page.page.locator("[data-testid='stException']").count() == 0
    assert not any(_title(e) in _details(page).inner_text() for e in events if e["event_id"] != marker["event_id"])
    page.page.close()


# -- item 5: the timeline brush sets the date filter ------------------------------------------------------------------
def _busiest_quarter(events) -> tuple[str, str]:
    """The calendar quarter with the most distinct weeks of events: its first and last day."""
    dates = pd.to_datetime(pd.Series([e["date"] for e in events if e["date"]]))
    weeks = pd.DataFrame({"quarter": dates.dt.to_period("Q"), "week": dates.dt.to_period("W")})
    quarter = weeks.groupby("quarter")["week"].nunique().idxmax()
    return str(quarter.start_time.date()), str(quarter.end_time.date())


def _timeline_bars(page) -> list[dict]:
    """The timeline's bars, one per week and group: position on the page and the week's Monday."""
    chart = page.page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    page.page.wait_for_timeout(500)
    bars = chart.evaluate("""e => [...e.querySelectorAll('g.mark-rect path[aria-label]')].map(p => {
        const r = p.getBoundingClientRect();
        return {x: r.x, y: r.y, w: r.width, h: r.height, label: p.getAttribute('aria-label')};
    })""")
    for bar in bars:
        bar["week"] = dt.datetime.strptime(re.match(r"Week: (\w+ \d+, \d+);", bar["label"]).group(1), "%b %d, %Y").date()
    return sorted(bars, key=lambda b: b["x"])


def _brush(page, x1: float, x2: float, y: float) -> None:
    page.page.mouse.move(x1, y)
    page.page.mouse.down()
    page.page.mouse.move((x1 + x2) / 2, y, steps=4)
    page.page.mouse.move(x2, y, steps=4)
    page.page.mouse.up()


def _timeline_of_busiest_quarter(browser, server, events):
    """The app opened on the busiest quarter: the page, its link, the timeline's bars (left to right)
    and how many pixels a day is."""
    start, end = _busiest_quarter(events)
    page, _ = _open(browser, server, f"/?from={start}&to={end}")
    before = _link(page)
    bars = _timeline_bars(page)
    first, last = bars[0], bars[-1]
    return page, before, bars, (last["x"] - first["x"]) / (last["week"] - first["week"]).days


def _brushed(page, before: str) -> tuple[dt.date, dt.date]:
    """Wait for the brush to change the link; the link's from and to dates."""
    expect(page.page.get_by_label("Link to this view (copy and share)")).not_to_have_value(before, timeout=15000)
    settle(page.page)
    link = _link(page)
    return (dt.date.fromisoformat(re.search(r"from=([\d-]+)", link).group(1)),
            dt.date.fromisoformat(re.search(r"to=([\d-]+)", link).group(1)))


def test_brushing_the_timeline_sets_the_date_filter_to_that_span(app, browser):
    server, events = app
    page, before, bars, per_day = _timeline_of_busiest_quarter(browser, server, events)
    weeks = sorted({b["week"] for b in bars})
    assert len(weeks) >= 3, "the busiest quarter should have three weeks of events"
    first = bars[0]
    # From the first bar (the axis starts at its Monday) to a day after the Monday of the
    # second-to-last week.
    target = next(b for b in bars if b["week"] == weeks[-2])
    _brush(page, first["x"] + 1, target["x"] + per_day, target["y"] + target["h"] / 2)
    got_start, got_end = _brushed(page, before)
    # The filter takes whole weeks, as the bars stand for weeks: from the first bar's Monday to the
    # Sunday of the week the brush ends in.
    assert got_start == first["week"] - dt.timedelta(days=first["week"].weekday()), (got_start, first["week"])
    assert got_end == target["week"] - dt.timedelta(days=target["week"].weekday()) + dt.timedelta(days=6), (
        got_end, target["week"])
    # The sidebar, the caption and the map all show that span.
    sidebar = page.page.locator("[data-testid='stSidebar'] [data-testid='stDateInput']").all_inner_texts()
    assert [re.sub(r"\s+", "", t.split("\n", 1)[1]) for t in sidebar] == [str(got_start), str(got_end)]
    expected = apply_filters(events_frame(events), ViewState(start=str(got_start), end=str(got_end)))
    expect(_caption(page)).to_contain_text(f"{len(expected)} of {len(events)} events")
    assert set(page.map_frame().evaluate(INCIDENT_IDS_JS)) == {
        e["event_id"] for e in events if drawn(e) and e["event_id"] in set(expected["event_id"])}
    page.page.close()


def test_brushing_across_a_bar_keeps_that_weeks_events(app, browser):
    server, events = app
    page, before, bars, per_day = _timeline_of_busiest_quarter(browser, server, events)

    def week_of(bar):
        return [e for e in events if e["date"] and bar["week"] <= dt.date.fromisoformat(e["date"])
                < bar["week"] + dt.timedelta(days=7)]

    # A bar after the first whose week has an event after its Monday.
    bar = next((b for b in bars[1:] if any(e["date"] != str(b["week"]) for e in week_of(b))), None)
    if bar is None:
        pytest.skip("every event of the busiest quarter falls on a Monday")
    _brush(page, bar["x"] - per_day / 2, bar["x"] + bar["w"] + per_day / 2, bar["y"] + bar["h"] / 2)
    got_start, got_end = _brushed(page, before)
    assert all(got_start <= dt.date.fromisoformat(e["date"]) <= got_end for e in week_of(bar)), (got_start, got_end)
    page.page.close()


def _click_in_map(page, selector: str) -> None:
    """Click an element of the map. With the position kept in the link, each move remounts the map
    (a new iframe) once the position reaches the script: a click on the frame being replaced is retried."""
    for attempt in range(5):
        try:
            page.map_frame().locator(selector).click(timeout=5000)
            return
        except PlaywrightError:
            if attempt == 4:
                raise
            page.page.wait_for_timeout(500)


# -- the map position in the link ----------------------------------------------------------------------------------
def test_keeping_the_map_position_ticked_mid_session_follows_zoom_and_survives_a_layer_change(app, browser):
    server, _ = app
    page, frame = _open(browser, server)
    settle(page.page)
    fitted = frame.evaluate("() => map_div.getZoom()")
    page.page.locator("[data-testid='stSidebar']").get_by_text("Keep map position in the link").click()
    settle(page.page)
    # The map stays where it was (the fitted view), and that is what the link now says.
    frame = page.map_frame()
    expect(page.page.get_by_label("Link to this view (copy and share)")).to_have_value(
        re.compile(rf"zoom={fitted}(&|$)"), timeout=15000)
    for _ in range(2):  # real clicks on the map's + button
        _click_in_map(page, ".leaflet-control-zoom-in")
        page.page.wait_for_timeout(800)
        settle(page.page)
    frame = page.map_frame()
    expect(page.page.get_by_label("Link to this view (copy and share)")).to_have_value(
        re.compile(rf"zoom={fitted + 2}(&|$)"), timeout=15000)
    centre = frame.evaluate("() => [map_div.getCenter().lat, map_div.getCenter().lng]")
    # A layer change rebuilds the map: it must reopen where the user was, not at the fitted view.
    page.page.locator("[data-testid='stSidebar']").get_by_role("button", name="Remove Military bases").click()
    settle(page.page)
    expect(page.page.get_by_label("Link to this view (copy and share)")).to_have_value(
        re.compile(r"layers=incidents%2Cuncertainty&lat=.*&zoom=" + str(fitted + 2)), timeout=15000)
    frame = page.map_frame()
    page.page.wait_for_timeout(500)
    assert frame.evaluate("() => map_div.getZoom()") == fitted + 2
    after = frame.evaluate("() => [map_div.getCenter().lat, map_div.getCenter().lng]")
    assert abs(after[0] - centre[0]) + abs(after[1] - centre[1]) < 0.05, (centre, after)
    page.page.close()


# -- item 7: an uploaded article is added and its text stays text ------------------------------------------------------
def test_uploaded_article_is_added_and_its_markup_shows_as_text(app, browser):
    server, events = app
    page, frame = _open(browser, server)
    articles = int(re.search(r"from (\d+) articles", _caption(page).inner_text()).group(1))
    page.page.get_by_text("Add articles", exact=True).click()
    page.page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
        files=[{"name": "wire.txt", "mimeType": "text/plain", "buffer": WIRE.encode()}])
    page.page.get_by_role("button", name="Extract and add").click()
    expect(_caption(page)).to_contain_text(f"{len(events) + 1} of {len(events) + 1} events from {articles + 1} articles",
                                           timeout=30000)
    settle(page.page)
    # In the table (one more row) and on the map.
    assert _events_grid(page).locator("table[role='grid']").get_attribute("aria-rowcount") == str(len(events) + 2)
    frame = page.map_frame()
    new = {"event_type": "drone_strike", "place": "Qamishli"}
    at = frame.evaluate("""(title) => {
        let at = null;
        map_div.eachLayer(layer => {
            if (layer instanceof L.MarkerClusterGroup) {
                layer.getLayers().forEach(m => { if (m.options.title === title) at = [m.getLatLng().lat, m.getLatLng().lng]; });
            }
        });
        return at;
    }""", _title(new))
    assert at, "the new event is not on the map"
    new["lat"], new["lon"] = at
    _click_marker(page, frame, new)
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Turkish drones struck a car near Qamishli")
    assert "{{ 7*7 }}" in popup.inner_text() and "49" not in popup.inner_text()
    assert "Turkey" in popup.inner_text() and "2 killed" in popup.inner_text()
    # Details: the headline and the article as written.
    details = _details(page)
    expect(details).to_contain_text(_title(new), timeout=15000)
    details.get_by_text("Read the article").click()
    article = details.locator("[data-testid='stCode']")
    expect(article).to_contain_text("<img src=x onerror=alert(1)>")
    assert "{{ 7*7 }}, gave no names" in article.inner_text()
    text = details.inner_text()
    assert "Drone strike near Qamishli {{ 7*7 }}" in text and "49" not in text
    page.page.wait_for_timeout(500)
    assert page.page.locator("img[src='x']").count() == 0 and frame.locator("img[src='x']").count() == 0
    assert page.dialogs == []
    page.page.close()
